//! The mock binary as a child process on loopback: started on a free port, killed with SIGKILL.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long a start may take on a loaded machine.
const START: Duration = Duration::from_secs(60);

pub struct MockProcess {
    /// `http://127.0.0.1:PORT`.
    pub origin: String,
    child: Child,
}

impl MockProcess {
    /// Starts the mock on `db` with `--port 0` and the extra `args`, and waits for its address.
    pub fn start(db: &Path, args: &[&str]) -> MockProcess {
        let mut child = Command::new(env!("CARGO_BIN_EXE_skatteetaten-mock"))
            .args(["--port", "0", "--db"])
            .arg(db)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the mock starts");
        let stdout = child.stdout.take().expect("stdout");
        // The first line names the address; read it on a thread so a hung start fails the test in time.
        let (send, receive) = mpsc::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            let _ = send.send(lines.next());
            // Keep draining, so the mock never blocks on a full pipe.
            for _ in lines {}
        });
        let line = match receive.recv_timeout(START) {
            Ok(Some(Ok(line))) => line,
            other => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("the mock did not say where it listens: {other:?}");
            }
        };
        let origin = line
            .split_whitespace()
            .find(|word| word.starts_with("http://"))
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_string();
        MockProcess { origin, child }
    }

    /// SIGKILL (what `Child::kill` sends on Unix), and reap it.
    pub fn kill(self) {
        drop(self);
    }

    /// SIGTERM (what `docker stop` and service managers send), and its exit code once it has stopped
    /// (bounded: `None` if it did not stop within the start-up time).
    #[cfg(unix)]
    pub fn terminate(mut self) -> Option<i32> {
        let sent = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(sent.success(), "kill -TERM failed");
        let deadline = Instant::now() + START;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for MockProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs the mock with `args` and waits (bounded) for it to exit: its exit code and stderr; `None` when
/// it was still running after the start-up time (it went on to serve).
pub fn run_to_exit(args: &[&str]) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_skatteetaten-mock"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the mock starts");
    let deadline = Instant::now() + START;
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            let mut stderr = String::new();
            if let Some(mut pipe) = child.stderr.take() {
                let _ = pipe.read_to_string(&mut stderr);
            }
            return (status.code(), stderr);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return (None, "still running: it went on to serve".into());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

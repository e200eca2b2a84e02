//! `cargo xtask conformance`: an independent tester against the mock, as a user's integration would meet
//! it. Starts the mock (`skatteetaten-mock`) on a free loopback port with a fresh database and runs
//! Schemathesis (installed from PyPI, pinned, into a virtual environment of its own under
//! `target/conformance/`) on every API of `specs/` with operations: every check except
//! `positive_data_acceptance`, whose findings are the APIs' business rules (see README, *Conformance*),
//! bounded in examples per operation and in time per API. Exits 1 on any failure.

mod summary;

use std::fs;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use summary::Summary;

/// The Schemathesis release the command installs: a new one may add checks, so it is pinned.
const SCHEMATHESIS: &str = "schemathesis==4.32.5";
/// The check whose findings are documented business rules, not defects (README, *Conformance*).
const EXCLUDED: &str = "positive_data_acceptance";

struct Options {
    max_examples: u32,
    seed: u64,
    timeout: Duration,
    /// Only these spec folders.
    only: Vec<String>,
}

fn parse_args(args: &[&str]) -> Option<Options> {
    let mut options = Options {
        max_examples: 30,
        seed: 4242,
        timeout: Duration::from_secs(300),
        only: Vec::new(),
    };
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match *arg {
            "--max-examples" => options.max_examples = rest.next()?.parse().ok()?,
            "--seed" => options.seed = rest.next()?.parse().ok()?,
            "--timeout" => options.timeout = Duration::from_secs(rest.next()?.parse().ok()?),
            "--api" => options.only.push(rest.next()?.to_string()),
            _ => return None,
        }
    }
    Some(options)
}

/// Runs the command with its arguments (after the word `conformance`); `None` when they do not parse.
pub fn main(root: &Path, args: &[&str]) -> Option<ExitCode> {
    let options = parse_args(args)?;
    Some(match run(root, &options) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    })
}

fn run(root: &Path, options: &Options) -> Result<bool, String> {
    let started = Instant::now();
    let dir = root.join("target/conformance");
    fs::create_dir_all(&dir).map_err(|err| format!("{}: {err}", dir.display()))?;
    let st = install(&dir)?;
    let mock = build_mock(root)?;
    let apis = apis(root, &options.only)?;
    let db = dir.join("mock.sqlite");
    for suffix in ["", "-wal", "-shm"] {
        let _ = fs::remove_file(format!("{}{suffix}", db.display()));
    }
    let port = free_port()?;
    let mut server = Server(
        Command::new(&mock)
            .args(["--port", &port.to_string(), "--db"])
            .arg(&db)
            .arg("--specs")
            .arg(root.join("specs"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|err| format!("{}: {err}", mock.display()))?,
    );
    let index = wait_for_index(port, &mut server.0)?;
    let mut summaries = Vec::new();
    for (folder, module, spec) in &apis {
        let Some(base) = base_path(&index, module) else {
            return Err(format!(
                "the mock does not list the API `{module}` ({folder})"
            ));
        };
        println!("conformance: {folder} at /{base}");
        let reports = dir.join(folder);
        let output = schemathesis(&st, spec, port, base, &reports, options)?;
        let summary = Summary::read(folder, &output.text);
        fs::write(reports.join("output.txt"), &output.text)
            .map_err(|err| format!("{}: {err}", reports.display()))?;
        let summary = match output.timed_out {
            true => summary.timed_out(),
            false => summary,
        };
        summaries.push(summary);
    }
    drop(server);
    let report = summary::table(&summaries, options.max_examples, options.seed);
    println!("\n{report}");
    let path = dir.join("report.txt");
    fs::write(&path, &report).map_err(|err| format!("{}: {err}", path.display()))?;
    println!(
        "conformance: {} APIs in {:.0?}; report in {} (each API's output beside it)",
        summaries.len(),
        started.elapsed(),
        path.display()
    );
    Ok(summaries.iter().all(Summary::passed))
}

/// The mock, stopped when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `st` of the virtual environment, installed there first if missing.
fn install(dir: &Path) -> Result<PathBuf, String> {
    let venv = dir.join("venv");
    let st = venv.join("bin/st");
    if st.exists() {
        return Ok(st);
    }
    println!(
        "conformance: installing {SCHEMATHESIS} into {}",
        venv.display()
    );
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    run_quiet(Command::new(&python).arg("-m").arg("venv").arg(&venv))
        .map_err(|err| format!("{python} -m venv (Python 3.9+ is needed): {err}"))?;
    run_quiet(Command::new(venv.join("bin/pip")).args([
        "install",
        "--quiet",
        "--disable-pip-version-check",
        SCHEMATHESIS,
    ]))
    .map_err(|err| format!("pip install {SCHEMATHESIS}: {err}"))?;
    Ok(st)
}

fn run_quiet(command: &mut Command) -> Result<(), String> {
    let output = command.output().map_err(|err| err.to_string())?;
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

/// Builds the mock and gives its binary.
fn build_mock(root: &Path) -> Result<PathBuf, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "--quiet", "-p", "skatteetaten-mock"])
        .current_dir(root)
        .status()
        .map_err(|err| format!("cargo build: {err}"))?;
    if !status.success() {
        return Err("cargo build -p skatteetaten-mock failed".into());
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    Ok(target.join("debug/skatteetaten-mock"))
}

/// (folder, module, spec file) of every API of `specs/` with operations (or of `only`).
fn apis(root: &Path, only: &[String]) -> Result<Vec<(String, String, PathBuf)>, String> {
    let folders = codegen::load::load_specs(&root.join("specs")).map_err(|err| err.to_string())?;
    let mut out = Vec::new();
    for folder in folders {
        let Some(spec) = &folder.spec else { continue };
        if spec.spec.path_items().next().is_none() {
            continue;
        }
        if !only.is_empty() && !only.contains(&folder.folder) {
            continue;
        }
        let module = codegen::model::names::snake_name(&folder.folder);
        out.push((folder.folder.clone(), module, spec.file.clone()));
    }
    if let Some(missing) = only.iter().find(|o| !out.iter().any(|(f, _, _)| f == *o)) {
        return Err(format!(
            "--api {missing}: no API folder of specs/ with operations"
        ));
    }
    Ok(out)
}

fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|err| err.to_string())?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|err| err.to_string())
}

/// The mock's index (`GET /`), once it answers.
fn wait_for_index(port: u16, child: &mut Child) -> Result<serde_json::Value, String> {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            return Err(format!("the mock exited at start-up ({status})"));
        }
        if let Ok(body) = get(port, "/") {
            if let Ok(index) = serde_json::from_str(&body) {
                return Ok(index);
            }
        }
        if Instant::now() > deadline {
            return Err("the mock did not answer within 60 s".into());
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// The body of `GET path` on the loopback port (HTTP/1.0: the answer ends with the connection).
fn get(port: u16, path: &str) -> std::io::Result<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")?;
    let mut text = String::new();
    stream.read_to_string(&mut text)?;
    Ok(text
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_string())
        .unwrap_or_default())
}

/// The mock's base path of `module` (without the leading `/`).
fn base_path<'a>(index: &'a serde_json::Value, module: &str) -> Option<&'a str> {
    index["apis"]
        .as_array()?
        .iter()
        .find(|api| api["api"] == module)?["basePath"]
        .as_str()
        .map(|p| p.trim_start_matches('/'))
}

struct StOutput {
    text: String,
    timed_out: bool,
}

/// Runs Schemathesis on one API; its output (stdout and stderr), and whether the time ran out.
fn schemathesis(
    st: &Path,
    spec: &Path,
    port: u16,
    base: &str,
    reports: &Path,
    options: &Options,
) -> Result<StOutput, String> {
    fs::create_dir_all(reports).map_err(|err| format!("{}: {err}", reports.display()))?;
    let log = reports.join("st.log");
    let file = fs::File::create(&log).map_err(|err| format!("{}: {err}", log.display()))?;
    let err_file = file.try_clone().map_err(|err| err.to_string())?;
    // Schemathesis keeps its state (`.hypothesis`) in the current directory: the report folder.
    let mut child = Command::new(st)
        .arg("run")
        .arg(spec)
        .args(["--url", &format!("http://127.0.0.1:{port}/{base}")])
        .args(["-H", "Authorization: Bearer conformance-test-token"])
        .args(["--checks", "all", "--exclude-checks", EXCLUDED])
        .args(["--max-examples", &options.max_examples.to_string()])
        .args(["--seed", &options.seed.to_string()])
        .args(["--no-color"])
        .current_dir(reports)
        .env("NO_COLOR", "1")
        .stdout(file)
        .stderr(err_file)
        .spawn()
        .map_err(|err| format!("{}: {err}", st.display()))?;
    let deadline = Instant::now() + options.timeout;
    let timed_out = loop {
        if child.try_wait().map_err(|err| err.to_string())?.is_some() {
            break false;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break true;
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let text = fs::read_to_string(&log).map_err(|err| format!("{}: {err}", log.display()))?;
    Ok(StOutput { text, timed_out })
}

//! The mock's commands as a user runs them, on Unix: the server stops cleanly on SIGTERM (`docker stop`,
//! a service manager), exit code 0 and its SQLite database closed, with no `-wal` or `-shm` file left
//! beside it; `keygen` writes private keys for their owner only; `token` fetches a token for curl.
#![cfg(unix)]

mod mock_process;

use mock_process::MockProcess;

#[test]
fn sigterm_stops_the_mock_and_closes_its_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mock.sqlite");
    let mock = MockProcess::start(&db, &[]);
    // Running, the database is in write-ahead-log mode: its log is there.
    let wal = dir.path().join("mock.sqlite-wal");
    let shm = dir.path().join("mock.sqlite-shm");
    assert!(
        wal.exists() || shm.exists(),
        "no write-ahead log while running"
    );
    assert_eq!(mock.terminate(), Some(0));
    assert!(db.exists());
    assert!(!wal.exists(), "the -wal file was left behind");
    assert!(!shm.exists(), "the -shm file was left behind");
}

/// `keygen` writes the private key readable by its owner only.
#[test]
fn keygen_writes_the_private_key_for_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_skatteetaten-mock"))
        .args(["keygen", "klient"])
        .current_dir(dir.path())
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let mode = |name: &str| {
        std::fs::metadata(dir.path().join(name))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    assert_eq!(mode("klient.pem"), 0o600);
    assert!(std::fs::read_to_string(dir.path().join("klient.pub.pem"))
        .unwrap()
        .contains("PUBLIC KEY"));
}

/// `token` gets a token of the mock's Maskinporten as a client does (a grant signed with the client's key,
/// exchanged at `/token`) and prints it for curl; the mock takes it, and only it.
#[tokio::test]
async fn the_token_command_fetches_a_token_the_mock_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_skatteetaten-mock"))
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    };
    run(&["keygen", "klient"]);
    let public = dir.path().join("klient.pub.pem");
    let registered = format!("min-klient={}", public.display());
    let mock = mock_process::MockProcess::start(
        &dir.path().join("mock.sqlite"),
        &["--maskinporten-client", &registered],
    );
    let private = dir.path().join("klient.pem");
    let token = run(&[
        "token",
        "--url",
        &mock.origin,
        "--client",
        "min-klient",
        "--key",
        private.to_str().unwrap(),
        "--scope",
        "skatteetaten:oppdragutenlandskevirksomheter",
    ]);
    let token = token.trim();
    assert_eq!(token.split('.').count(), 3, "not a JWT: {token}");
    let url = format!(
        "{}/oppdragutenlandskevirksomheter/v1/974761076",
        mock.origin
    );
    let http = reqwest::Client::new();
    let answer = http.get(&url).bearer_auth(token).send().await.unwrap();
    assert_eq!(answer.status(), 200, "{}", answer.text().await.unwrap());
    let refused = http.get(&url).bearer_auth("x").send().await.unwrap();
    assert_eq!(refused.status(), 401);
}

//! The mock as a process on Unix: it stops cleanly on SIGTERM (`docker stop`, a service manager), exit
//! code 0 and its SQLite database closed, with no `-wal` or `-shm` file left beside it; and `keygen`
//! writes private keys for their owner only.
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

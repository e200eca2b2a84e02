//! Settings that can only fail every request are refused at startup, with a message naming them.

mod mock_process;

use mock_process::run_to_exit;

#[test]
fn a_token_key_no_bearer_token_can_match_is_refused() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let db = dir.path().join("mock.sqlite");
    let db = db.to_str().expect("a UTF-8 path");
    for key in ["", "to ord", "nøkkel", "komma,her"] {
        let (code, stderr) = run_to_exit(&["--port", "0", "--db", db, "--token-key", key]);
        assert!(
            code.is_some_and(|c| c != 0),
            "key {key:?}: exit {code:?}, {stderr}"
        );
        assert!(stderr.contains("--token-key"), "key {key:?}: {stderr}");
    }
}

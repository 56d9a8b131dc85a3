//! What vva does on a terminal, under a pseudo-terminal from util-linux `script`: revoke asks,
//! the password prompt does not echo, bulk shows a progress bar instead of a line per row.
//! Skipped (with a note) where `script` is missing.

mod common;

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;
use mock_vault::MockVault;

/// Runs vva on a pseudo-terminal; `input` is typed once the screen shows `wait_for` (and a
/// moment more, so that a no-echo prompt has turned echo off). Returns the exit status and
/// everything the terminal showed.
fn on_tty(mock: &MockVault, env: &[(&str, &str)], args: &[&str], wait_for: Option<&str>, input: &str) -> Option<(i32, String)> {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("note: util-linux `script` is not installed; terminal tests skipped");
        return None;
    }
    let line = std::iter::once(env!("CARGO_BIN_EXE_vva")).chain(args.iter().copied()).map(|a| format!("'{a}'")).collect::<Vec<_>>().join(" ");
    let mut cmd = vva(mock);
    cmd.env("TERM", "xterm").envs(env.iter().copied());
    let mut child = Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .env_clear()
        .envs(cmd.get_envs().filter_map(|(k, v)| v.map(|v| (k.to_owned(), v.to_owned()))))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("script starts");
    let mut stdin = child.stdin.take().expect("stdin");
    let mut stdout = child.stdout.take().expect("stdout");
    let screen = Arc::new(Mutex::new(Vec::new()));
    let reader = {
        let screen = screen.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stdout.read(&mut buf) {
                if n == 0 {
                    break;
                }
                screen.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        })
    };
    if let Some(marker) = wait_for {
        let deadline = Instant::now() + Duration::from_secs(20);
        while !String::from_utf8_lossy(&screen.lock().unwrap()).contains(marker) {
            assert!(Instant::now() < deadline, "{marker:?} never showed");
            std::thread::sleep(Duration::from_millis(10));
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    stdin.write_all(input.as_bytes()).expect("typed");
    let status = child.wait().expect("script ends");
    drop(stdin);
    reader.join().expect("reader");
    let text = String::from_utf8_lossy(&screen.lock().unwrap()).into_owned();
    Some((status.code().unwrap_or(-1), text))
}

#[test]
fn revoke_asks_on_a_terminal() {
    let mock = mock();
    let keep = mock.add_token(12345, "Keep", None).unwrap();
    let Some((status, screen)) = on_tty(&mock, &[], &["token", "revoke", &keep.id], Some("[y/N]"), "n\n") else { return };
    assert_eq!(status, 1, "{screen}");
    assert!(screen.contains(&format!("Revoke token {}? [y/N]", keep.id)), "{screen}");
    assert!(!mock.token(&keep.id).unwrap().revoked);
    let Some((status, screen)) = on_tty(&mock, &[], &["token", "revoke", &keep.id], Some("[y/N]"), "y\n") else { return };
    assert_eq!(status, 0, "{screen}");
    assert!(screen.contains("revoked"), "{screen}");
    assert!(mock.token(&keep.id).unwrap().revoked);
}

#[test]
fn the_password_prompt_does_not_echo() {
    let mock = mock();
    let env = [("VAULT_SESSION_ID", ""), ("VAULT_USERNAME", "admin@myvault.example")];
    let Some((status, screen)) = on_tty(&mock, &env, &["whoami", "--json"], Some("Password for"), "mock-password\n") else { return };
    assert_eq!(status, 0, "{screen}");
    assert!(screen.contains("Password for admin@myvault.example:"), "{screen}");
    assert!(screen.contains("\"credential\": \"login\""), "{screen}");
    assert!(!screen.contains("mock-password"), "the password was echoed: {screen}");
}

#[test]
fn bulk_shows_a_progress_bar_on_a_terminal() {
    let mock = mock();
    let users = add_users(&mock, 3);
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("rows.csv");
    std::fs::write(&csv, users.iter().map(|u| format!("{u},Bar\n")).collect::<String>()).unwrap();
    let out = dir.path().join("out");
    let Some((status, screen)) =
        on_tty(&mock, &[], &["bulk", "rotate", "--csv", csv.to_str().unwrap(), "--out-dir", out.to_str().unwrap()], None, "")
    else {
        return;
    };
    assert_eq!(status, 0, "{screen}");
    assert!(screen.contains("3/3 rows") && screen.contains("burst remaining"), "{screen}");
    assert!(!screen.contains("[1/3]"), "no per-row lines on a terminal: {screen}");
    assert!(screen.contains("3 ok"), "{screen}");
    // Where the terminal cannot draw a bar, a line per row rather than nothing.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let args = ["bulk", "rotate", "--csv", csv.to_str().unwrap(), "--out-dir", out.to_str().unwrap()];
    let Some((status, dumb)) = on_tty(&mock, &[("TERM", "dumb")], &args, None, "") else { return };
    assert_eq!(status, 0, "{dumb}");
    assert!(dumb.contains("[3/3]"), "{dumb}");
    assert_no_secret(&mock, "the terminal", &screen);
}

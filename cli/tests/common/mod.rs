//! Shared by the CLI tests: the mock Vault in this process, and the real `vva` binary run
//! against it with a clean environment (no VAULT_* variable of the developer's leaks in).

#![allow(dead_code)]

use std::borrow::BorrowMut;
use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

use mock_vault::MockVault;
use serde_json::Value;

pub const SESSION: &str = "mock-session-admin-0001";
pub const DNS: &str = "myvault.veevavault.com";

pub fn mock() -> MockVault {
    MockVault::start().expect("mock vault starts")
}

/// `n` extra non-admin users (ids 30000…) in the mock's Vault, for bulk rows.
pub fn add_users(mock: &MockVault, n: u64) -> Vec<u64> {
    mock.with_fixtures(|f| {
        let template = f.users.iter().find(|u| u.id == 12345).expect("admin fixture").clone();
        (0..n)
            .map(|i| {
                let mut user = template.clone();
                user.id = 30000 + i;
                user.username = format!("bulk{i}@myvault.example");
                user.admin = false;
                f.users.push(user);
                30000 + i
            })
            .collect()
    })
}

/// `vva` with only what the tests give it: PATH, HOME, the mock's URL and DNS.
pub fn vva_bare(mock: &MockVault) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vva"));
    cmd.env_clear();
    for keep in ["PATH", "HOME", "TMPDIR", "LANG"] {
        if let Some(v) = std::env::var_os(keep) {
            cmd.env(keep, v);
        }
    }
    cmd.env("VAULT_BASE_URL", mock.url()).env("VAULT_DNS", DNS);
    cmd.stdin(Stdio::null());
    cmd
}

/// `vva` with the mock's fixed admin session in VAULT_SESSION_ID.
pub fn vva(mock: &MockVault) -> Command {
    let mut cmd = vva_bare(mock);
    cmd.env("VAULT_SESSION_ID", SESSION);
    cmd
}

pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}\nstderr: {}", self.stdout, self.stderr))
    }

    pub fn expect(self, status: i32) -> Run {
        assert_eq!(self.status, status, "exit status\nstdout: {}\nstderr: {}", self.stdout, self.stderr);
        self
    }
}

fn finish(out: Output) -> Run {
    Run {
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn run(mut cmd: impl BorrowMut<Command>, args: &[&str]) -> Run {
    finish(cmd.borrow_mut().args(args).output().expect("vva runs"))
}

/// Runs with `input` on stdin.
pub fn run_with_stdin(mut cmd: impl BorrowMut<Command>, args: &[&str], input: &str) -> Run {
    let mut child: Child = cmd.borrow_mut().args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("vva starts");
    child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("stdin written");
    finish(child.wait_with_output().expect("vva ends"))
}

/// Every token value the mock ever minted (revoked ones included).
pub fn minted_values(mock: &MockVault) -> Vec<String> {
    mock.tokens().into_iter().map(|t| t.value).filter(|v| !v.is_empty()).collect()
}

/// Fails if any minted token value appears in `text`.
pub fn assert_no_secret(mock: &MockVault, what: &str, text: &str) {
    for value in minted_values(mock) {
        assert!(!text.contains(&value), "a token value appears in {what}");
    }
    assert!(!text.contains(SESSION) || what == "allowed", "the session id appears in {what}");
}

#[cfg(unix)]
pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).expect("file exists").permissions().mode() & 0o777
}

/// `GET /__mock/stats` over plain HTTP, as any client of the mock binary would read it.
pub fn mock_stats(mock: &MockVault) -> Value {
    use std::io::Read;
    let addr = mock.url().trim_start_matches("http://").to_owned();
    let mut stream = std::net::TcpStream::connect(&addr).expect("mock reachable");
    write!(stream, "GET /__mock/stats HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").expect("request sent");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("answer read");
    let body = answer.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or("");
    serde_json::from_str(body).unwrap_or_else(|e| panic!("stats are not JSON ({e}): {answer}"))
}

/// Every row has exactly one active token with the new name, saved in its file, and its old
/// token revoked.
pub fn assert_rotated(mock: &MockVault, dir: &Path, users: &[u64], name: &str, old: &[String]) {
    for (user, old_id) in users.iter().zip(old) {
        let new: Vec<_> = mock.tokens().into_iter().filter(|t| t.user_id == *user && t.name == name && t.active && !t.revoked).collect();
        assert_eq!(new.len(), 1, "user {user}: {new:?}");
        let file = dir.join("out").join(format!("{user}.token"));
        assert_eq!(std::fs::read_to_string(&file).unwrap(), format!("{}\n", new[0].value), "user {user}'s file");
        #[cfg(unix)]
        assert_eq!(mode(&file), 0o600);
        assert!(mock.token(old_id).unwrap().revoked, "user {user}'s old token");
    }
}


//! The burst limit over real HTTP: `BurstLimitRemaining` counts down, answers past the limit
//! are delayed 500 ms with `X-VaultAPI-ResponseDelay`, `delayed` is counted, and the window
//! ends; also through the binary's `--burst-limit` / `--burst-window` flags.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

fn keep_alive(mock: &MockVault) -> (Answer, Duration) {
    let started = Instant::now();
    let answer = send(mock, "POST", "/api/v26.2/keep-alive", &[("Authorization", ADMIN_SESSION)], "").unwrap();
    assert_eq!(answer.json()["responseStatus"], "SUCCESS");
    (answer, started.elapsed())
}

#[test]
fn remaining_counts_down_then_answers_are_delayed_until_the_window_ends() {
    let mock = MockVault::start().unwrap();
    mock.set_burst_limit(3, 2);
    for expected in ["2", "1", "0"] {
        let (answer, took) = keep_alive(&mock);
        assert_eq!(answer.header("X-VaultAPI-BurstLimit"), Some("3"));
        assert_eq!(answer.header("X-VaultAPI-BurstLimitRemaining"), Some(expected));
        assert_eq!(answer.header("X-VaultAPI-ResponseDelay"), None);
        assert!(took < Duration::from_millis(400), "{took:?}");
    }
    for _ in 0..2 {
        let (answer, took) = keep_alive(&mock);
        assert_eq!(answer.header("X-VaultAPI-BurstLimitRemaining"), Some("0"));
        assert_eq!(answer.header("X-VaultAPI-ResponseDelay"), Some("500"));
        assert!(took >= Duration::from_millis(500), "{took:?}");
    }
    assert_eq!(mock.delayed(), 2);
    let stats = call(&mock, "GET", "/__mock/stats", &[], "");
    assert_eq!(stats["delayed"], 2);

    std::thread::sleep(Duration::from_millis(2100));
    let (answer, took) = keep_alive(&mock);
    assert_eq!(answer.header("X-VaultAPI-BurstLimitRemaining"), Some("2"), "a new window");
    assert!(took < Duration::from_millis(400), "{took:?}");
    assert_eq!(mock.delayed(), 2);
}

#[test]
fn binary_flags_set_the_limit_and_window() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mock-vault"))
        .args(["--port", "0", "--exit-on-stdin-eof", "--burst-limit", "1", "--burst-window", "60"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start mock-vault");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let addr = line.trim().to_owned();
    let get = |path: &str| {
        use std::io::{Read, Write};
        let host = addr.trim_start_matches("http://");
        let mut stream = std::net::TcpStream::connect(host).unwrap();
        write!(stream, "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").unwrap();
        let mut text = String::new();
        stream.read_to_string(&mut text).unwrap();
        text.to_ascii_lowercase()
    };
    let first = get("/api/");
    assert!(first.contains("x-vaultapi-burstlimit: 1\r\n") && first.contains("x-vaultapi-burstlimitremaining: 0\r\n"), "{first}");
    let started = Instant::now();
    let second = get("/api/");
    assert!(second.contains("x-vaultapi-responsedelay: 500\r\n"), "{second}");
    assert!(started.elapsed() >= Duration::from_millis(500));
    assert!(get("/__mock/stats").contains("\"delayed\":1"));
    drop(child.stdin.take());
    assert!(child.wait().unwrap().success());
}

//! The fault modes that last until cleared (`/__mock/faults`), on the wire: a reset is an RST
//! after the request was read, a 503 is answered without handling, a stall holds the answer until
//! cleared (and a reset of the mock drops what it held), and the binary rebinds its port at once.

mod common;

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use common::*;
use mock_vault::Faults;

/// One request on a fresh connection, `Connection: close` not asked; the raw answer or the error.
fn raw(addr: &str, path: &str) -> std::io::Result<String> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    stream.write_all(format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes())?;
    let mut answer = vec![0u8; 4096];
    let n = stream.read(&mut answer)?;
    Ok(String::from_utf8_lossy(&answer[..n]).into_owned())
}

#[test]
fn every_nth_connection_is_reset_after_its_request_and_the_others_close_after_answering() {
    let mock = MockVault::start().expect("mock");
    let addr = mock.url().trim_start_matches("http://").to_owned();
    mock.set_faults(Faults { reset_every: Some(3), ..Faults::default() });
    let mut outcomes = Vec::new();
    for _ in 0..6 {
        outcomes.push(raw(&addr, "/api"));
    }
    for (i, outcome) in outcomes.iter().enumerate() {
        if i % 3 == 2 {
            let err = outcome.as_ref().expect_err("reset");
            assert_eq!(err.kind(), ErrorKind::ConnectionReset, "connection {i}: {err}");
        } else {
            let answer = outcome.as_ref().expect("answer");
            assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
            assert!(answer.contains("Connection: close\r\n"), "{answer}");
        }
    }
    assert_eq!(mock.faults().resets, 2);
    assert_eq!(mock.requests().len(), 6, "reset requests were read (and recorded)");
    // Control routes are never reset; clearing ends the mode and keeps the counters.
    let cleared = send(&mock, "DELETE", "/__mock/faults", &[], "").expect("clear").json();
    assert_eq!(cleared["reset_every"], serde_json::Value::Null);
    assert_eq!(cleared["resets"], 2);
    assert!(raw(&addr, "/api").expect("answer").starts_with("HTTP/1.1 200"));
}

#[test]
fn status_mode_answers_every_api_request_unhandled_and_spares_control_routes() {
    let mock = MockVault::start().expect("mock");
    let posted = send(&mock, "POST", "/__mock/faults", &[], r#"{"status":503}"#).expect("set").json();
    assert_eq!(posted["status"], 503);
    let body = "name__v=x";
    let answer = send(
        &mock,
        "POST",
        "/api/v26.2/objects/users/me/api_access_token__sys",
        &[("Authorization", ADMIN_SESSION), ("Content-Type", "application/x-www-form-urlencoded")],
        body,
    )
    .expect("answer");
    assert_eq!(answer.status, 503);
    assert_eq!(answer.header("retry-after"), Some("1"));
    assert!(mock.tokens().is_empty(), "a 503 handles nothing");
    assert_eq!(send(&mock, "GET", "/__mock/health", &[], "").expect("health").status, 200);
    assert_eq!(mock.faults().status_answers, 1);
    let bad = send(&mock, "POST", "/__mock/faults", &[], r#"{"stal":true}"#).expect("answer");
    assert_eq!(bad.status, 400, "unknown fields are refused");
}

#[test]
fn a_stall_holds_answers_until_cleared_and_a_mock_reset_drops_them() {
    let mock = MockVault::start().expect("mock");
    let addr = mock.url().trim_start_matches("http://").to_owned();
    mock.set_faults(Faults { stall: true, ..Faults::default() });
    let held = std::thread::spawn({
        let addr = addr.clone();
        move || raw(&addr, "/api")
    });
    while mock.faults().stalled < 1 {
        std::thread::sleep(Duration::from_millis(5));
    }
    send(&mock, "DELETE", "/__mock/faults", &[], "").expect("clear");
    assert!(held.join().expect("thread").expect("answer").starts_with("HTTP/1.1 200"), "answered once cleared");

    mock.set_faults(Faults { stall: true, ..Faults::default() });
    let dropped = std::thread::spawn(move || raw(&addr, "/api"));
    while mock.faults().stalled < 2 {
        std::thread::sleep(Duration::from_millis(5));
    }
    send(&mock, "POST", "/__mock/reset", &[], "").expect("reset");
    assert_eq!(dropped.join().expect("thread").expect("closed"), "", "closed without an answer");
}

#[test]
fn the_binary_rebinds_its_port_at_once_after_being_killed() {
    use std::io::BufRead;
    let start = |port: u16| {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_mock-vault"))
            .args(["--port", &port.to_string()])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("line");
        (child, line.trim().to_owned())
    };
    let (mut first, url) = start(0);
    let addr = url.trim_start_matches("http://").to_owned();
    let port: u16 = addr.rsplit(':').next().and_then(|p| p.parse().ok()).expect("port");
    // Connections the killed mock had open (TIME_WAIT on its side) do not block the port.
    assert!(raw(&addr, "/api").expect("answer").starts_with("HTTP/1.1 200"));
    let _held = TcpStream::connect(&addr).expect("held connection");
    first.kill().expect("kill");
    first.wait().expect("wait");
    let (mut second, again) = start(port);
    assert_eq!(again, url, "rebound the same port");
    assert!(raw(&addr, "/api").expect("answer").starts_with("HTTP/1.1 200"));
    let _ = second.kill();
    let _ = second.wait();
}

//! Raw HTTP/1.1 over `std::net::TcpStream` to a mock on loopback: what goes on the wire is
//! exactly what the test wrote.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::TcpStream;

use serde_json::Value;

pub use mock_vault::{ADMIN_SESSION, MockVault};

/// A parsed answer: status, headers (names lower-cased), body text.
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// Sends one request on a fresh connection; `None` if the mock closed it without answering.
pub fn send(mock: &MockVault, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Option<Answer> {
    let addr = mock.url().trim_start_matches("http://").to_owned();
    let mut stream = TcpStream::connect(&addr).expect("connect");
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\n");
    for (n, v) in headers {
        request.push_str(&format!("{n}: {v}\r\n"));
    }
    request.push_str(&format!("Content-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len()));
    stream.write_all(request.as_bytes()).expect("send");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read");
    if raw.is_empty() {
        return None;
    }
    let text = String::from_utf8(raw).expect("utf-8");
    let (head, body) = text.split_once("\r\n\r\n").expect("head");
    let mut lines = head.lines();
    let status = lines.next().and_then(|l| l.split_whitespace().nth(1)).and_then(|s| s.parse().ok()).expect("status");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    Some(Answer { status, headers, body: body.to_owned() })
}

/// `send`, which must get an answer, as JSON.
pub fn call(mock: &MockVault, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Value {
    send(mock, method, path, headers, body).expect("an answer").json()
}

pub fn form(pairs: &[(&str, &str)]) -> String {
    url::form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish()
}

/// Runs VQL as `auth` (a session id or `Bearer …`).
pub fn query(mock: &MockVault, auth: &str, vql: &str) -> Value {
    call(
        mock,
        "POST",
        "/api/v26.2/query",
        &[("Authorization", auth), ("Content-Type", "application/x-www-form-urlencoded")],
        &form(&[("q", vql)]),
    )
}

/// Logs in with the fixtures' password; returns the session id.
pub fn login(mock: &MockVault, username: &str) -> String {
    let answer = call(
        mock,
        "POST",
        "/api/v26.2/auth",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        &form(&[("username", username), ("password", "mock-password")]),
    );
    answer["sessionId"].as_str().unwrap_or_else(|| panic!("login failed: {answer}")).to_owned()
}

pub fn error_type(answer: &Value) -> &str {
    assert_eq!(answer["responseStatus"], "FAILURE", "{answer}");
    answer["errors"][0]["type"].as_str().expect("errors[0].type")
}

/// The `name__v` of every row.
pub fn names(answer: &Value) -> Vec<String> {
    assert_eq!(answer["responseStatus"], "SUCCESS", "{answer}");
    let mut names: Vec<String> =
        answer["data"].as_array().expect("data").iter().map(|r| r["name__v"].as_str().expect("name").to_owned()).collect();
    names.sort();
    names
}

pub const ALL: &str =
    "SELECT id, name__v, user__sys, status__v, expiry_date__sys, last_used_date__sys FROM api_access_token__sys";

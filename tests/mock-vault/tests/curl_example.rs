//! The mock answers Veeva's documented curl example, byte for byte as curl sends it, through the
//! real binary (`mock-vault --port 0`).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

fn exchange(addr: &str, request: &str) -> String {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.write_all(request.as_bytes()).expect("send");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read");
    response
}

fn post(addr: &str, path: &str, headers: &[&str], body: &str) -> String {
    let mut request = format!("POST {path} HTTP/1.1\r\nHost: {addr}\r\nUser-Agent: curl/8.5.0\r\n");
    for h in headers {
        request.push_str(h);
        request.push_str("\r\n");
    }
    request.push_str(&format!("Content-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len()));
    exchange(addr, &request)
}

fn json_body(response: &str) -> serde_json::Value {
    let body = response.split("\r\n\r\n").nth(1).expect("body");
    serde_json::from_str(body).expect("json")
}

#[test]
fn documented_curl_example_with_a_session_the_mock_issued() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mock-vault"))
        .args(["--port", "0", "--exit-on-stdin-eof"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start mock-vault");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("address line");
    let addr = line.trim().strip_prefix("http://").expect("prints http://host:port").to_owned();

    // Log in first: the example's {AUTH_VALUE} is a session id the Vault issued.
    let login = post(
        &addr,
        "/api/v26.2/auth",
        &["Content-Type: application/x-www-form-urlencoded", "Accept: application/json"],
        "username=admin%40myvault.example&password=mock-password&vaultDNS=myvault.veevavault.com",
    );
    let session = json_body(&login)["sessionId"].as_str().expect("sessionId").to_owned();

    // curl -X POST -H "Authorization: {AUTH_VALUE}" -H "Content-Type: application/x-www-form-urlencoded"
    //   -H 'Accept: application/json' -d "name__v=IntegrationKey"
    //   -d "expiry_date__sys=2025-12-31T12:00:00:00.000Z" …/api/v26.2/objects/users/12345/api_access_token__sys
    let auth = format!("Authorization: {session}");
    let answer = post(
        &addr,
        "/api/v26.2/objects/users/12345/api_access_token__sys",
        &[&auth, "Content-Type: application/x-www-form-urlencoded", "Accept: application/json"],
        "name__v=IntegrationKey&expiry_date__sys=2025-12-31T12:00:00:00.000Z",
    );
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let body = json_body(&answer);
    // The example's read-side field name is ignored with a warning (see the mock's README).
    assert_eq!(body["responseStatus"], "WARNING");
    assert_eq!(body["warnings"][0]["type"], "ATTRIBUTE_NOT_SUPPORTED");
    assert!(body["data"]["id"].as_str().is_some_and(|id| id.starts_with("0PI")));
    assert!(body["data"]["token__sys"].as_str().is_some_and(|t| t.starts_with("veeva-vault-")));

    // The example's shape without the odd field is a plain SUCCESS.
    let plain = post(
        &addr,
        "/api/v26.2/objects/users/12345/api_access_token__sys",
        &[&auth, "Content-Type: application/x-www-form-urlencoded", "Accept: application/json"],
        "name__v=IntegrationKey",
    );
    assert_eq!(json_body(&plain)["responseStatus"], "SUCCESS");

    drop(child.stdin.take()); // --exit-on-stdin-eof: the mock goes away with its parent
    let status = child.wait().expect("mock exits");
    assert!(status.success());
}

#[test]
fn failures_are_http_200_with_a_failure_envelope() {
    let mock = mock_vault::MockVault::start().expect("start");
    let addr = mock.url().trim_start_matches("http://").to_owned();
    let answer = post(
        &addr,
        "/api/v26.1/objects/users/me/api_access_token__sys",
        &["Authorization: mock-session-admin-0001", "Content-Type: application/x-www-form-urlencoded"],
        "name__v=x",
    );
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert_eq!(json_body(&answer)["errors"][0]["type"], "METHOD_NOT_SUPPORTED");
    let answer = post(
        &addr,
        "/api/v26.2/objects/users/me/api_access_token__sys",
        &["Authorization: mock-session-admin-0001", "Content-Type: application/x-www-form-urlencoded"],
        "expiry_date__v=2031-01-01",
    );
    assert_eq!(json_body(&answer)["errors"][0]["type"], "PARAMETER_REQUIRED");
}

//! Failure classification against servers that misbehave in one precise way, and the masking
//! and validation rules that keep secrets and bad input out. Each test names the rule it holds.

mod common;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::{Duration, Instant};

use common::*;
use mock_vault::Script;
use veeva_vault_auth::{Client, ErrorKind, Expiry, TokenRequest, TokenTarget};

fn me(name: &str) -> TokenRequest {
    TokenRequest::new(TokenTarget::me(), name)
}

/// Reads one request (head and a Content-Length body) from a blocking stream.
fn read_request(stream: &mut impl Read) -> Vec<u8> {
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let Ok(n) = stream.read(&mut buf) else { return seen };
        if n == 0 {
            return seen;
        }
        seen.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&seen).to_ascii_lowercase();
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text
                .lines()
                .find_map(|l| l.strip_prefix("content-length:").map(|v| v.trim().parse::<usize>().unwrap_or(0)))
                .unwrap_or(0);
            if seen.len() >= end + 4 + length {
                return seen;
            }
        }
    }
}

#[test]
fn a_tls_failure_after_the_request_was_sent_is_transport_with_outcome_unknown() {
    let material = mock_vault::tls_material().expect("TLS material");
    let ca = std::env::temp_dir().join(format!("vva-faults-ca-{}.pem", std::process::id()));
    std::fs::write(&ca, &material.ca_pem).expect("write CA");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let acceptor = material.acceptor.clone();
    // The handshake completes and the request is read; then a corrupt TLS record arrives
    // where the answer should be.
    let server = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        runtime.block_on(async move {
            use tokio::io::{AsyncReadExt, AsyncWriteExt};
            let listener = tokio::net::TcpListener::from_std({
                listener.set_nonblocking(true).expect("nonblocking");
                listener
            })
            .expect("listener");
            let (tcp, _) = listener.accept().await.expect("accept");
            let mut tls = acceptor.accept(tcp).await.expect("handshake");
            let mut buf = vec![0u8; 8192];
            let n = tls.read(&mut buf).await.expect("request");
            assert!(n > 0);
            let (tcp, _) = tls.get_mut();
            tcp.write_all(b"\x17\x03\x03\x00\x20this is not a valid TLS record!!").await.expect("garbage");
            tokio::time::sleep(Duration::from_millis(200)).await;
        });
    });
    let client = Client::builder()
        .vault_dns(VAULT_DNS)
        .base_url(format!("https://localhost:{port}"))
        .ca_file(&ca)
        .session_id("s-123456")
        .build()
        .expect("client");
    let err = block_on(client.generate_access_token(&me("after send"))).unwrap_err();
    let _ = std::fs::remove_file(&ca);
    server.join().expect("server");
    assert_eq!(err.kind(), ErrorKind::Transport, "{err}");
    assert!(err.outcome_unknown(), "the request had been sent: {err}");
}

#[test]
fn a_deadline_that_fires_while_connecting_is_a_timeout_with_a_known_outcome() {
    // Accepts TCP (the kernel does it) but never answers the TLS ClientHello; the total deadline
    // is shorter than the connect timeout.
    let silent = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = silent.local_addr().expect("addr").port();
    let client = Client::builder()
        .vault_dns(VAULT_DNS)
        .base_url(format!("https://127.0.0.1:{port}"))
        .session_id("some-session")
        .timeout(Duration::from_millis(300))
        .build()
        .expect("client");
    let started = Instant::now();
    let err = block_on(client.generate_access_token(&me("x"))).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
    assert!(!err.outcome_unknown(), "nothing can have been sent before the handshake finished: {err}");
    assert!(started.elapsed() < Duration::from_secs(3));
    drop(silent);
}

#[test]
fn a_huge_cap_is_clamped_and_a_huge_content_length_is_neither_trusted_nor_preallocated() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let server = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().expect("accept");
        read_request(&mut stream);
        // 1 TiB announced, a few bytes sent.
        let _ = stream.write_all(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1099511627776\r\n\r\n{\"responseStatus\":\"SUCCESS\"",
        );
    });
    let client = Client::builder()
        .vault_dns(VAULT_DNS)
        .base_url(format!("http://127.0.0.1:{port}"))
        .session_id("s-123456")
        .max_response_bytes(usize::MAX)
        .build()
        .expect("client");
    let err = block_on(client.generate_access_token(&me("huge"))).unwrap_err();
    server.join().expect("server");
    assert_eq!(err.kind(), ErrorKind::Decode, "{err}");
    assert!(err.message().contains("larger than"), "{err}");
    assert!(err.outcome_unknown());
    // And the clamped cap still reads ordinary answers.
    let mock = mock();
    let client = builder(&mock).session_id(mock_vault::ADMIN_SESSION).max_response_bytes(usize::MAX).build().expect("client");
    block_on(client.generate_access_token(&me("normal"))).expect("an ordinary answer under a huge cap");
}

#[test]
fn every_text_from_the_server_is_masked_including_types_statuses_and_short_credentials() {
    let mock = mock();
    let session = mock_vault::ADMIN_SESSION;
    let client = admin_client(&mock);
    mock.push_script(Script {
        body: Some(serde_json::json!({
            "responseStatus": format!("FAILURE-{session}"),
            "errorType": format!("T_{session}"),
            "errors": [{"type": format!("{session}"), "message": "no"}, {"type": "INVALID_DATA", "message": session}],
        })),
        ..Script::default()
    });
    let err = block_on(client.generate_access_token(&me("echo"))).unwrap_err();
    let vault = err.vault().expect("vault failure");
    let renderings = [format!("{err}"), format!("{err:?}"), format!("{vault:?}")];
    for r in &renderings {
        assert!(!r.contains(session), "session id leaked: {r}");
    }
    // Classified on the verbatim types, shown masked.
    assert_eq!(err.kind(), ErrorKind::InvalidRequest, "{err}");

    // A 4-character credential is masked where it stands as a word, and ordinary words survive.
    let short = builder(&mock).session_id("s3cr").build().expect("client");
    mock.push_script(Script {
        body: Some(serde_json::json!({"responseStatus": "FAILURE", "errors": [{"type": "INVALID_SESSION_ID", "message": "session s3cr is not valid"}]})),
        ..Script::default()
    });
    let err = block_on(short.generate_access_token(&me("short"))).unwrap_err();
    assert_eq!(err.vault_errors()[0].message, "session *** is not valid", "{err}");
}

#[test]
fn bad_ids_names_and_expiries_are_rejected_before_sending() {
    let mock = mock();
    let client = admin_client(&mock);
    let requests = [
        TokenRequest::new(TokenTarget::user(" 12345"), "x"),
        TokenRequest::new(TokenTarget::user("12345 "), "x"),
        TokenRequest::new(TokenTarget::user("123\u{200B}45"), "x"),
        TokenRequest::new(TokenTarget::sandbox("qa\u{202E}sandbox"), "x"),
        TokenRequest::new(TokenTarget::me(), "é".repeat(129)),
        TokenRequest::new(TokenTarget::me(), "name\u{2066}hidden"),
    ];
    for request in &requests {
        let err = block_on(client.generate_access_token(request)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidArgument, "{request:?}: {err}");
    }
    // 128 characters (256 bytes) is within Vault's limit.
    block_on(client.generate_access_token(&me(&"é".repeat(128)))).expect("128 characters");
    // An expiry whose UTC value is in year 10000 is an invalid argument, not a panic.
    let err = Expiry::parse("9999-12-31T23:00:00-05:00").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument, "{err}");
    assert_eq!(mock.requests().len(), 1, "only the valid request was sent");
}

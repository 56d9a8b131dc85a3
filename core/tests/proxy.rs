//! Proxies from the environment are honoured: `HTTP_PROXY` forwards plain HTTP, `HTTPS_PROXY`
//! tunnels TLS with CONNECT. Its own test binary with one test, because the environment is
//! process-wide.

mod common;

use common::*;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};

use veeva_vault_auth::{Client, TokenRequest, TokenTarget};

#[test]
fn proxies_from_the_environment_are_used() {
    http_proxy_forwards_plain_http();
    https_proxy_tunnels_tls_with_connect();
}

fn http_proxy_forwards_plain_http() {
    let mock = mock();
    // The mock doubles as the proxy: it accepts absolute-form request targets.
    // SAFETY: this test binary has a single test, so no other thread reads the environment.
    unsafe {
        std::env::set_var("HTTP_PROXY", mock.url());
        std::env::remove_var("NO_PROXY");
        std::env::remove_var("no_proxy");
    }
    // Built after each environment change: the proxy settings are read when a client is built.
    let client_for_remote_host = || {
        Client::builder()
            .vault_dns(VAULT_DNS)
            .base_url("http://vault.proxy-test.invalid")
            .allow_insecure_http(true)
            .session_id(mock_vault::ADMIN_SESSION)
            .build()
            .expect("client")
    };
    let client = client_for_remote_host();
    block_on(client.generate_access_token(&TokenRequest::new(TokenTarget::me(), "via proxy")))
        .expect("token through the proxy");
    // The blocking client's own per-thread connection goes through the proxy the same way.
    let blocking = veeva_vault_auth::blocking::Client::from_async(client_for_remote_host());
    blocking.generate_access_token(&TokenRequest::new(TokenTarget::me(), "via proxy, blocking")).expect("blocking token through the proxy");
    for sent in mock.requests() {
        assert_eq!(sent.header("x-mock-proxied-host"), Some("vault.proxy-test.invalid"));
        assert_eq!(sent.path, "/api/v26.2/objects/users/me/api_access_token__sys");
    }
    assert_eq!(mock.requests().len(), 2);

    // NO_PROXY: the same host now bypasses the proxy, and so cannot be reached.
    unsafe { std::env::set_var("NO_PROXY", "vault.proxy-test.invalid") };
    let direct = client_for_remote_host();
    let err = block_on(direct.generate_access_token(&TokenRequest::new(TokenTarget::me(), "direct"))).unwrap_err();
    assert_eq!(err.kind(), veeva_vault_auth::ErrorKind::Connect, "{err}");
    assert_eq!(mock.requests().len(), 2);
}

fn https_proxy_tunnels_tls_with_connect() {
    let mock = mock_vault::MockVault::start_tls().expect("TLS mock");
    let mock_addr = mock.url().trim_start_matches("https://").to_owned();
    let ca = std::env::temp_dir().join(format!("vva-proxy-ca-{}.pem", std::process::id()));
    std::fs::write(&ca, mock.ca_pem().expect("CA")).expect("write CA");
    let (proxy_url, connect_head) = connect_proxy(mock_addr);
    // SAFETY: as above, the only test of this binary, running alone.
    unsafe {
        std::env::remove_var("NO_PROXY");
        std::env::set_var("HTTPS_PROXY", proxy_url.replace("://", "://tunnel-user:tunnel-pass@"));
    }
    // The certificate names localhost; the port is never dialled directly, only named in CONNECT.
    let client = Client::builder()
        .vault_dns(VAULT_DNS)
        .base_url("https://localhost:1")
        .ca_file(&ca)
        .session_id(mock_vault::ADMIN_SESSION)
        .build()
        .expect("client");
    let token = block_on(client.generate_access_token(&TokenRequest::new(TokenTarget::me(), "tunnelled")));
    // The blocking client's own per-thread connection: a second tunnel.
    let blocking = veeva_vault_auth::blocking::Client::from_async(client.clone());
    let blocking_token = blocking.generate_access_token(&TokenRequest::new(TokenTarget::me(), "tunnelled, blocking"));
    let _ = std::fs::remove_file(&ca);
    assert!(token.expect("token through the tunnel").id().starts_with("0PI"));
    assert!(blocking_token.expect("blocking token through the tunnel").id().starts_with("0PI"));
    for _ in 0..2 {
        let head = connect_head.recv().expect("the proxy saw a CONNECT");
        assert!(head.starts_with("CONNECT localhost:1 HTTP/1.1\r\n"), "{head}");
        // base64("tunnel-user:tunnel-pass")
        assert!(head.to_ascii_lowercase().contains("proxy-authorization: basic dhvubmvslxvzzxi6dhvubmvslxbhc3m="), "{head}");
    }
    assert_eq!(mock.requests().len(), 2, "both requests went through tunnels to the mock");

    // A proxy this library cannot speak to is refused when the client is built, not bypassed.
    unsafe { std::env::set_var("HTTPS_PROXY", "socks5://127.0.0.1:1080") };
    let err = Client::builder().vault_dns(VAULT_DNS).session_id("s-123456").build().unwrap_err();
    assert_eq!(err.kind(), veeva_vault_auth::ErrorKind::InvalidArgument, "{err}");
    assert!(err.message().contains("socks5"), "{err}");
}

/// A CONNECT proxy that tunnels each connection to `upstream`, whatever the CONNECT names, and
/// reports each request head it received.
fn connect_proxy(upstream: String) -> (String, std::sync::mpsc::Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind proxy");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for client in listener.incoming().flatten() {
            let (sender, upstream) = (sender.clone(), upstream.clone());
            std::thread::spawn(move || tunnel(client, &upstream, &sender));
        }
    });
    (url, receiver)
}

fn tunnel(client: TcpStream, upstream: &str, heads: &std::sync::mpsc::Sender<String>) {
    let mut reader = BufReader::new(client.try_clone().expect("clone"));
    let mut head = String::new();
    while reader.read_line(&mut head).map(|n| n > 0).unwrap_or(false) && !head.ends_with("\r\n\r\n") {}
    let _ = heads.send(head);
    let server = TcpStream::connect(upstream).expect("upstream");
    let mut client_w = client;
    client_w.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n").expect("200");
    let (mut server_r, mut server_w) = (server.try_clone().expect("clone"), server);
    let mut client_r = client_w.try_clone().expect("clone");
    // Bytes the reader buffered past the head belong to the tunnel.
    let buffered = reader.buffer().to_vec();
    server_w.write_all(&buffered).expect("forward");
    std::thread::spawn(move || std::io::copy(&mut server_r, &mut client_w));
    let _ = std::io::copy(&mut client_r, &mut server_w);
}

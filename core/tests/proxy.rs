//! Proxies from the environment: `HTTP_PROXY` forwards plain HTTP, `HTTPS_PROXY` tunnels TLS with
//! CONNECT, an `https://` proxy is reached over TLS, `socks5h://` works with credentials,
//! loopback origins never use a proxy, and a proxy variable that cannot be used fails the build.
//! Its own test binary with one test, because the environment is process-wide.

mod common;

use common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc;

use veeva_vault_auth::{Client, ErrorKind, TokenRequest, TokenTarget};

const REMOTE_HOST: &str = "vault.proxy-test.invalid";
const PROXY_VARIABLES: [&str; 8] =
    ["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy"];

fn me(name: &str) -> TokenRequest {
    TokenRequest::new(TokenTarget::me(), name)
}

/// Sets exactly these proxy variables, clearing the others.
fn proxy_env(vars: &[(&str, &str)]) {
    // SAFETY: this test binary has a single test, so no other thread reads the environment.
    unsafe {
        for name in PROXY_VARIABLES {
            std::env::remove_var(name);
        }
        for (name, value) in vars {
            std::env::set_var(name, value);
        }
    }
}

/// A client for a host that does not exist: only a proxy can reach "it". Built after each
/// environment change: the proxy settings are read when a client is built.
fn remote_client(scheme: &str, ca: Option<&std::path::Path>) -> Client {
    let mut builder = Client::builder()
        .vault_dns(VAULT_DNS)
        .base_url(format!("{scheme}://{REMOTE_HOST}"))
        .allow_insecure_http(true)
        .session_id(mock_vault::ADMIN_SESSION);
    if let Some(ca) = ca {
        builder = builder.ca_file(ca);
    }
    builder.build().expect("client")
}

#[test]
fn proxies_from_the_environment_are_used() {
    http_proxy_forwards_plain_http();
    loopback_origins_never_use_a_proxy();
    https_proxy_tunnels_tls_with_connect();
    a_proxy_reached_over_tls_forwards();
    socks5_with_credentials();
    unusable_proxy_variables_fail_the_build();
}

fn http_proxy_forwards_plain_http() {
    let mock = mock();
    // The mock doubles as the proxy: it accepts absolute-form request targets.
    proxy_env(&[("HTTP_PROXY", &mock.url())]);
    let client = remote_client("http", None);
    block_on(client.generate_access_token(&me("via proxy"))).expect("token through the proxy");
    // The blocking client's own per-thread connection goes through the proxy the same way.
    let blocking = veeva_vault_auth::blocking::Client::from_async(remote_client("http", None));
    blocking.generate_access_token(&me("via proxy, blocking")).expect("blocking token through the proxy");
    for sent in mock.requests() {
        assert_eq!(sent.header("x-mock-proxied-host"), Some(REMOTE_HOST));
        assert_eq!(sent.path, "/api/v26.2/objects/users/me/api_access_token__sys");
    }
    assert_eq!(mock.requests().len(), 2);

    // NO_PROXY: the same host now bypasses the proxy, and so cannot be reached.
    proxy_env(&[("HTTP_PROXY", &mock.url()), ("NO_PROXY", REMOTE_HOST)]);
    let err = block_on(remote_client("http", None).generate_access_token(&me("direct"))).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Connect, "{err}");
    assert_eq!(mock.requests().len(), 2);
}

fn loopback_origins_never_use_a_proxy() {
    let mock = mock();
    // A "proxy" that records every connection it gets.
    let trap = TcpListener::bind("127.0.0.1:0").expect("bind");
    trap.set_nonblocking(true).expect("nonblocking");
    let trap_url = format!("http://{}", trap.local_addr().expect("addr"));
    proxy_env(&[("HTTP_PROXY", &trap_url), ("HTTPS_PROXY", &trap_url), ("ALL_PROXY", &trap_url)]);
    // The session id and password would travel in clear text to the proxy.
    let client = block_on(builder(&mock).login(ADMIN_USER, PASSWORD)).expect("direct login");
    block_on(client.generate_access_token(&me("direct to loopback"))).expect("direct token");
    let blocking = veeva_vault_auth::blocking::Client::from_async(client);
    blocking.generate_access_token(&me("direct to loopback, blocking")).expect("direct blocking token");
    assert!(trap.accept().is_err(), "the proxy must not have been contacted");
    assert_eq!(mock.requests().len(), 3);
    assert!(mock.requests().iter().all(|r| r.header("x-mock-proxied-host").is_none()));
}

fn https_proxy_tunnels_tls_with_connect() {
    let mock = mock_vault::MockVault::start_tls().expect("TLS mock");
    let mock_addr = mock.url().trim_start_matches("https://").to_owned();
    let ca = write_ca(&mock, "tunnel");
    let (proxy_url, connect_head) = connect_proxy(mock_addr);
    proxy_env(&[("HTTPS_PROXY", &proxy_url.replace("://", "://tunnel-user:tunnel-pass@"))]);
    // The certificate names the remote host, which is never dialled, only named in CONNECT.
    let client = remote_client("https", Some(&ca));
    let token = block_on(client.generate_access_token(&me("tunnelled")));
    // The blocking client's own per-thread connection: a second tunnel.
    let blocking = veeva_vault_auth::blocking::Client::from_async(client.clone());
    let blocking_token = blocking.generate_access_token(&me("tunnelled, blocking"));
    let _ = std::fs::remove_file(&ca);
    assert!(token.expect("token through the tunnel").id().starts_with("0PI"));
    assert!(blocking_token.expect("blocking token through the tunnel").id().starts_with("0PI"));
    for _ in 0..2 {
        let head = connect_head.recv().expect("the proxy saw a CONNECT");
        assert!(head.starts_with(&format!("CONNECT {REMOTE_HOST}:443 HTTP/1.1\r\n")), "{head}");
        // base64("tunnel-user:tunnel-pass")
        assert!(head.to_ascii_lowercase().contains("proxy-authorization: basic dhvubmvslxvzzxi6dhvubmvslxbhc3m="), "{head}");
    }
    assert_eq!(mock.requests().len(), 2, "both requests went through tunnels to the mock");
}

fn a_proxy_reached_over_tls_forwards() {
    // The TLS mock doubles as an https:// forwarding proxy for a plain-http origin.
    let mock = mock_vault::MockVault::start_tls().expect("TLS mock");
    let ca = write_ca(&mock, "tls-proxy");
    let proxy_url = mock.url().replace("https://127.0.0.1", "https://proxy-user:proxy-pass@localhost");
    proxy_env(&[("HTTP_PROXY", &proxy_url)]);
    let client = remote_client("http", Some(&ca));
    let token = block_on(client.generate_access_token(&me("via a TLS proxy")));
    let _ = std::fs::remove_file(&ca);
    token.expect("token through a proxy reached over TLS");
    let sent = mock.requests();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].header("x-mock-proxied-host"), Some(REMOTE_HOST));
    // base64("proxy-user:proxy-pass")
    assert_eq!(sent[0].header("proxy-authorization"), Some("Basic cHJveHktdXNlcjpwcm94eS1wYXNz"));
}

fn socks5_with_credentials() {
    let mock = mock();
    let mock_addr = mock.url().trim_start_matches("http://").to_owned();
    let (proxy_addr, seen) = socks5_proxy(mock_addr);
    proxy_env(&[("ALL_PROXY", &format!("socks5h://sock-user:sock-pass@{proxy_addr}"))]);
    let client = remote_client("http", None);
    block_on(client.generate_access_token(&me("via socks"))).expect("token through SOCKS5");
    let (credentials, target) = seen.recv().expect("the SOCKS proxy saw a connection");
    assert_eq!(credentials, ("sock-user".to_owned(), "sock-pass".to_owned()));
    // socks5h: the proxy resolves the name.
    assert_eq!(target, format!("{REMOTE_HOST}:80"));
    assert_eq!(mock.requests().len(), 1);
}

fn unusable_proxy_variables_fail_the_build() {
    for (name, value) in [
        ("HTTPS_PROXY", "ftp://proxy-user:hunter2secret@proxy.example:21"),
        ("https_proxy", "http://[::1"),
        ("ALL_PROXY", "gopher://hunter2secret@proxy.example"),
    ] {
        proxy_env(&[(name, value)]);
        let err = Client::builder().vault_dns(VAULT_DNS).session_id("s-123456").build().unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidArgument, "{name}={value}: {err}");
        assert!(err.message().contains(name), "names the variable: {err}");
        assert!(!err.to_string().contains("hunter2secret"), "never its credentials: {err}");
    }
    proxy_env(&[]);
}

fn write_ca(mock: &mock_vault::MockVault, what: &str) -> std::path::PathBuf {
    let ca = std::env::temp_dir().join(format!("vva-proxy-{what}-ca-{}.pem", std::process::id()));
    std::fs::write(&ca, mock.ca_pem().expect("CA")).expect("write CA");
    ca
}

/// A CONNECT proxy that tunnels each connection to `upstream`, whatever the CONNECT names, and
/// reports each request head it received.
fn connect_proxy(upstream: String) -> (String, mpsc::Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind proxy");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for client in listener.incoming().flatten() {
            let (sender, upstream) = (sender.clone(), upstream.clone());
            std::thread::spawn(move || {
                let mut reader = BufReader::new(client.try_clone().expect("clone"));
                let mut head = String::new();
                while reader.read_line(&mut head).map(|n| n > 0).unwrap_or(false) && !head.ends_with("\r\n\r\n") {}
                let _ = sender.send(head);
                let mut client = client;
                client.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n").expect("200");
                // Bytes the reader buffered past the head belong to the tunnel.
                splice(client, reader.buffer().to_vec(), &upstream);
            });
        }
    });
    (url, receiver)
}

/// A SOCKS5 proxy (RFC 1928, username/password auth of RFC 1929) that connects every request to
/// `upstream` and reports the credentials and the `host:port` asked for.
/// What the SOCKS proxy saw: (user, password) and the `host:port` asked for.
type SocksSeen = ((String, String), String);

fn socks5_proxy(upstream: String) -> (String, mpsc::Receiver<SocksSeen>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind proxy");
    let addr = listener.local_addr().expect("addr").to_string();
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for mut client in listener.incoming().flatten() {
            let (sender, upstream) = (sender.clone(), upstream.clone());
            std::thread::spawn(move || {
                let mut byte = |n: usize| {
                    let mut buf = vec![0u8; n];
                    client.read_exact(&mut buf).map(|_| buf)
                };
                let Ok(greeting) = byte(2) else { return };
                let Ok(methods) = byte(greeting[1] as usize) else { return };
                assert!(methods.contains(&2), "the client offers username/password");
                let _ = client.write_all(&[5, 2]);
                let field = |client: &mut TcpStream| -> String {
                    let mut len = [0u8; 1];
                    client.read_exact(&mut len).expect("length");
                    let mut text = vec![0u8; len[0] as usize];
                    client.read_exact(&mut text).expect("text");
                    String::from_utf8_lossy(&text).into_owned()
                };
                let mut version = [0u8; 1];
                client.read_exact(&mut version).expect("auth version");
                let user = field(&mut client);
                let pass = field(&mut client);
                client.write_all(&[1, 0]).expect("auth ok");
                let mut request = [0u8; 4];
                client.read_exact(&mut request).expect("request");
                assert_eq!(request[3], 3, "socks5h sends the host name");
                let host = field(&mut client);
                let mut port = [0u8; 2];
                client.read_exact(&mut port).expect("port");
                let _ = sender.send(((user, pass), format!("{host}:{}", u16::from_be_bytes(port))));
                client.write_all(&[5, 0, 0, 1, 127, 0, 0, 1, 0, 0]).expect("reply");
                splice(client, Vec::new(), &upstream);
            });
        }
    });
    (addr, receiver)
}

/// Copies bytes both ways between `client` and a new connection to `upstream`.
fn splice(client: TcpStream, already_read: Vec<u8>, upstream: &str) {
    let server = TcpStream::connect(upstream).expect("upstream");
    let (mut server_r, mut server_w) = (server.try_clone().expect("clone"), server);
    let (mut client_r, mut client_w) = (client.try_clone().expect("clone"), client);
    server_w.write_all(&already_read).expect("forward");
    std::thread::spawn(move || std::io::copy(&mut server_r, &mut client_w));
    let _ = std::io::copy(&mut client_r, &mut server_w);
}

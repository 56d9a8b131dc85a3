//! A loopback server for the token endpoint that is not the bottleneck: it answers every POST
//! with the same canned SUCCESS body, keeps connections alive, and does no bookkeeping.
//!
//! `bench-server [--port 0] [--tls-ca-out CA.pem] [--workers 1]`; prints its base URL.

use std::io::Write;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

const BODY: &str = r#"{"responseStatus":"SUCCESS","data":{"id":"0PI00000000C002","token__sys":"veeva-vault-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}}"#;

fn response() -> Vec<u8> {
    format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json;charset=UTF-8\r\nX-VaultAPI-BurstLimit: 2000\r\nX-VaultAPI-BurstLimitRemaining: 1999\r\nX-VaultAPI-ExecutionId: bench-0001\r\nContent-Length: {}\r\n\r\n{}",
        BODY.len(),
        BODY
    )
    .into_bytes()
}

async fn serve<S: AsyncRead + AsyncWrite + Unpin>(mut stream: S) {
    let reply = response();
    let mut buf: Vec<u8> = Vec::with_capacity(8192);
    let mut chunk = [0u8; 8192];
    loop {
        // Complete requests at the front of `buf`: answer each, keep the rest.
        while let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            let total = end + 4 + length;
            if buf.len() < total {
                break;
            }
            buf.drain(..total);
            if stream.write_all(&reply).await.is_err() {
                return;
            }
        }
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
}

fn main() {
    let mut port = 0u16;
    let mut ca_out: Option<String> = None;
    let mut workers = 1usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--port" => port = args.next().and_then(|v| v.parse().ok()).unwrap_or(0),
            "--tls-ca-out" => ca_out = args.next(),
            "--workers" => workers = args.next().and_then(|v| v.parse().ok()).unwrap_or(1),
            _ => {}
        }
    }
    let tls = ca_out.map(|path| {
        let m = mock_vault::tls_material().unwrap_or_else(|e| {
            eprintln!("bench-server: TLS material: {e}");
            std::process::exit(1)
        });
        if let Err(e) = std::fs::write(&path, &m.ca_pem) {
            eprintln!("bench-server: cannot write {path}: {e}");
            std::process::exit(1)
        }
        m.acceptor
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers.max(1))
        .enable_all()
        .build()
        .unwrap_or_else(|e| {
            eprintln!("bench-server: runtime: {e}");
            std::process::exit(1)
        });
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await.unwrap_or_else(|e| {
            eprintln!("bench-server: bind: {e}");
            std::process::exit(1)
        });
        let addr = listener.local_addr().map(|a| a.to_string()).unwrap_or_default();
        let scheme = if tls.is_some() { "https" } else { "http" };
        println!("{scheme}://{addr}");
        let _ = std::io::stdout().flush();
        loop {
            let Ok((stream, _)) = listener.accept().await else { continue };
            let _ = stream.set_nodelay(true);
            let tls = tls.clone();
            tokio::spawn(async move {
                match tls {
                    None => serve(stream).await,
                    Some(acceptor) => {
                        if let Ok(s) = acceptor.accept(stream).await {
                            serve(s).await
                        }
                    }
                }
            });
        }
    });
}

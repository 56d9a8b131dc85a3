//! `mock-vault [--host 127.0.0.1] [--port 0] [--config fixtures.json] [--lowercase-headers]
//! [--burst-limit N] [--burst-window SECS]`
//!
//! Prints its base URL (`http://127.0.0.1:PORT`) as the first line on stdout, then serves until
//! killed or until its standard input is closed (so a parent that dies takes it along).

use std::io::Write;

use mock_vault::Fixtures;

fn usage() -> ! {
    eprintln!(
        "usage: mock-vault [--host ADDR] [--port N] [--config FILE] [--lowercase-headers] [--exit-on-stdin-eof] [--tls-ca-out CA.pem] [--burst-limit N] [--burst-window SECS]"
    );
    std::process::exit(2)
}

fn main() {
    let mut host = "127.0.0.1".to_owned();
    let mut port: u16 = 0;
    let mut fixtures = Fixtures::default();
    let mut lowercase = false;
    let mut exit_on_eof = false;
    let mut tls_ca_out: Option<String> = None;
    // Applied after --config, whatever the order on the command line.
    let mut burst_limit: Option<u64> = None;
    let mut burst_window: Option<u64> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--host" => host = args.next().unwrap_or_else(|| usage()),
            "--port" => port = args.next().and_then(|p| p.parse().ok()).unwrap_or_else(|| usage()),
            "--config" => {
                let path = args.next().unwrap_or_else(|| usage());
                let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
                    eprintln!("mock-vault: cannot read {path}: {e}");
                    std::process::exit(2)
                });
                fixtures = serde_json::from_str(&text).unwrap_or_else(|e| {
                    eprintln!("mock-vault: bad config {path}: {e}");
                    std::process::exit(2)
                });
            }
            "--lowercase-headers" => lowercase = true,
            "--burst-limit" => burst_limit = Some(args.next().and_then(|n| n.parse().ok()).unwrap_or_else(|| usage())),
            "--burst-window" => {
                burst_window = Some(args.next().and_then(|n| n.parse().ok()).filter(|n| *n > 0).unwrap_or_else(|| usage()))
            }
            "--exit-on-stdin-eof" => exit_on_eof = true,
            "--tls-ca-out" => tls_ca_out = Some(args.next().unwrap_or_else(|| usage())),
            "-h" | "--help" => usage(),
            _ => usage(),
        }
    }
    fixtures.lowercase_headers |= lowercase;
    if let Some(n) = burst_limit {
        fixtures.burst_limit = n;
    }
    if let Some(secs) = burst_window {
        fixtures.burst_window_secs = secs;
    }
    // --tls-ca-out: serve HTTPS with a fresh CA, written to that file for clients to trust.
    let tls = tls_ca_out.map(|path| {
        let material = mock_vault::tls_material().unwrap_or_else(|e| {
            eprintln!("mock-vault: cannot make TLS material: {e}");
            std::process::exit(1)
        });
        std::fs::write(&path, &material.ca_pem).unwrap_or_else(|e| {
            eprintln!("mock-vault: cannot write {path}: {e}");
            std::process::exit(1)
        });
        material
    });
    let scheme = if tls.is_some() { "https" } else { "http" };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap_or_else(|e| {
            eprintln!("mock-vault: cannot start runtime: {e}");
            std::process::exit(1)
        });
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind((host.as_str(), port)).await.unwrap_or_else(|e| {
            eprintln!("mock-vault: cannot listen on {host}:{port}: {e}");
            std::process::exit(1)
        });
        let addr = listener.local_addr().map(|a| a.to_string()).unwrap_or_default();
        let mut out = std::io::stdout();
        let _ = writeln!(out, "{scheme}://{addr}");
        let _ = out.flush();
        eprintln!("mock-vault: serving Vault API on {scheme}://{addr} (fixed admin session: {})", mock_vault::ADMIN_SESSION);
        if exit_on_eof {
            std::thread::spawn(|| {
                let mut sink = Vec::new();
                let _ = std::io::Read::read_to_end(&mut std::io::stdin(), &mut sink);
                std::process::exit(0);
            });
        }
        mock_vault::serve(listener, mock_vault::shared_state(fixtures), tls).await;
    });
}

//! Rust runners: `--client core` (this library's async client) and `--client hyper` (the floor:
//! a bare hyper client doing the same POST + JSON parse, nothing else).
//!
//! `--mode seq` runs calls one after another; `--mode conc` keeps `--concurrency` in flight.

use std::sync::Arc;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::rt::TokioExecutor;
use veeva_vault_auth::{Client, TokenRequest, TokenTarget};
use vva_bench::{Args, concurrent, report, sequential};

const FORM: &str = "name__v=bench&expiry_date__v=2031-12-31T12%3A00%3A00Z";
const SESSION: &str = "bench-session-0001";

fn core_client(args: &Args) -> Client {
    let mut b = Client::builder().vault_dns("myvault.veevavault.com").base_url(&args.url).session_id(SESSION);
    if let Some(ca) = &args.ca {
        b = b.ca_file(ca);
    }
    b.build().unwrap_or_else(|e| {
        eprintln!("bench-rust: {e}");
        std::process::exit(1)
    })
}

type Hyper = HyperClient<hyper_rustls::HttpsConnector<hyper_util::client::legacy::connect::HttpConnector>, Full<Bytes>>;

fn hyper_client(args: &Args) -> Hyper {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut roots = rustls::RootCertStore::empty();
    if let Some(ca) = &args.ca {
        use rustls_pki_types::pem::PemObject;
        for cert in rustls_pki_types::CertificateDer::pem_file_iter(ca).into_iter().flatten().flatten() {
            let _ = roots.add(cert);
        }
    }
    let tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map(|b| b.with_root_certificates(roots).with_no_client_auth())
        .unwrap_or_else(|e| {
            eprintln!("bench-rust: {e}");
            std::process::exit(1)
        });
    let connector = hyper_rustls::HttpsConnectorBuilder::new()
        .with_tls_config(tls)
        .https_or_http()
        .enable_http1()
        .build();
    HyperClient::builder(TokioExecutor::new()).build(connector)
}

async fn hyper_call(client: &Hyper, uri: &hyper::Uri) {
    let request = hyper::Request::post(uri.clone())
        .header("authorization", SESSION)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .body(Full::new(Bytes::from_static(FORM.as_bytes())));
    let Ok(request) = request else { return };
    let Ok(response) = client.request(request).await else {
        eprintln!("bench-rust: hyper request failed");
        std::process::exit(1)
    };
    let body = response.into_body().collect().await.map(|b| b.to_bytes()).unwrap_or_default();
    let value: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
    if value["data"]["token__sys"].as_str().is_none() {
        eprintln!("bench-rust: no token in the hyper response");
        std::process::exit(1)
    }
}

fn main() {
    let args = Args::parse();
    // `VVA_BENCH_RUNTIME=current`: everything on the calling thread (the model the blocking
    // bindings use), instead of tokio's default multi-thread runtime.
    let mut builder = match std::env::var("VVA_BENCH_RUNTIME").as_deref() {
        Ok("current") => tokio::runtime::Builder::new_current_thread(),
        _ => tokio::runtime::Builder::new_multi_thread(),
    };
    let runtime = builder.enable_all().build().unwrap_or_else(|e| {
        eprintln!("bench-rust: runtime: {e}");
        std::process::exit(1)
    });
    runtime.block_on(async {
        let (elapsed, lat) = match args.client.as_str() {
            "core" => {
                let client = core_client(&args);
                let request = Arc::new(TokenRequest::new(TokenTarget::user("12345"), "bench").expiry(
                    veeva_vault_auth::Expiry::parse("2031-12-31T12:00:00Z").unwrap_or_default(),
                ));
                let call = move || {
                    let (client, request) = (client.clone(), request.clone());
                    async move {
                        if let Err(e) = client.generate_access_token(&request).await {
                            eprintln!("bench-rust: {e}");
                            std::process::exit(1)
                        }
                    }
                };
                run(&args, call).await
            }
            "hyper" => {
                let client = hyper_client(&args);
                let uri: hyper::Uri = format!("{}/api/v26.2/objects/users/12345/api_access_token__sys", args.url)
                    .parse()
                    .unwrap_or_else(|_| std::process::exit(2));
                let call = move || {
                    let (client, uri) = (client.clone(), uri.clone());
                    async move { hyper_call(&client, &uri).await }
                };
                run(&args, call).await
            }
            other => {
                eprintln!("bench-rust: unknown client {other}");
                std::process::exit(2)
            }
        };
        report(&args, elapsed, lat);
    });
}

async fn run<F, Fut>(args: &Args, call: F) -> (std::time::Duration, Vec<std::time::Duration>)
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    // Warm-up: connections, TLS sessions, allocator.
    for _ in 0..50 {
        call().await;
    }
    if args.mode == "conc" {
        concurrent(args.calls, args.concurrency, call).await
    } else {
        sequential(args.calls, call).await
    }
}

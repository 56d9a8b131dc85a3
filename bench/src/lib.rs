//! Shared pieces of the Rust benchmark runners: argument parsing and the result line every
//! runner (Rust, Python, Node, C) prints, so `bench/run.py` can compare them.

use std::time::{Duration, Instant};

/// What every runner is asked to do.
#[derive(Clone, Debug)]
pub struct Args {
    pub client: String,
    pub url: String,
    pub ca: Option<String>,
    pub mode: String,
    pub calls: usize,
    pub concurrency: usize,
}

impl Args {
    pub fn parse() -> Args {
        let mut a = Args {
            client: String::new(),
            url: String::new(),
            ca: None,
            mode: "seq".into(),
            calls: 2000,
            concurrency: 64,
        };
        let mut it = std::env::args().skip(1);
        while let Some(k) = it.next() {
            let v = it.next().unwrap_or_default();
            match k.as_str() {
                "--client" => a.client = v,
                "--url" => a.url = v,
                "--ca" => a.ca = Some(v).filter(|s| !s.is_empty()),
                "--mode" => a.mode = v,
                "--calls" => a.calls = v.parse().unwrap_or(a.calls),
                "--concurrency" => a.concurrency = v.parse().unwrap_or(a.concurrency),
                _ => {}
            }
        }
        a
    }
}

/// Prints `{"client":…,"mode":…,"calls":…,"seconds":…,"p50_us":…,"p99_us":…}`.
pub fn report(args: &Args, elapsed: Duration, mut latencies: Vec<Duration>) {
    latencies.sort();
    let pct = |p: f64| {
        if latencies.is_empty() {
            return 0.0;
        }
        let i = ((latencies.len() as f64 - 1.0) * p).round() as usize;
        latencies[i].as_secs_f64() * 1e6
    };
    println!(
        "{}",
        serde_json::json!({
            "client": args.client, "mode": args.mode, "calls": latencies.len(),
            "seconds": elapsed.as_secs_f64(), "p50_us": pct(0.50), "p99_us": pct(0.99),
        })
    );
}

/// Times `calls` sequential calls of `f`.
pub async fn sequential<F, Fut>(calls: usize, f: F) -> (Duration, Vec<Duration>)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut latencies = Vec::with_capacity(calls);
    let start = Instant::now();
    for _ in 0..calls {
        let t = Instant::now();
        f().await;
        latencies.push(t.elapsed());
    }
    (start.elapsed(), latencies)
}

/// Times `calls` calls with `concurrency` in flight (a fixed pool of tasks pulling work).
pub async fn concurrent<F, Fut>(calls: usize, concurrency: usize, f: F) -> (Duration, Vec<Duration>)
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let remaining = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(calls));
    let start = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let f = f.clone();
        let remaining = remaining.clone();
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            while remaining
                .fetch_update(std::sync::atomic::Ordering::Relaxed, std::sync::atomic::Ordering::Relaxed, |n| n.checked_sub(1))
                .is_ok()
            {
                let t = Instant::now();
                f().await;
                lat.push(t.elapsed());
            }
            lat
        }));
    }
    let mut latencies = Vec::with_capacity(calls);
    for t in tasks {
        if let Ok(l) = t.await {
            latencies.extend(l);
        }
    }
    (start.elapsed(), latencies)
}

//! `make soak`'s Rust client (see bench/soak/README.md for the protocol): `--inflight` workers
//! on one client, each cycling generate (for its user), list (must show the new id), revoke
//! (its own token, report complete) and whoami (must be `--me`), until `--seconds` have passed.
//! Prints one JSON line per 10 s window and a final `{"done":true,…}` line. Counts and times
//! only: never prints a token, and the session id comes from `VVA_SOAK_SESSION`, not argv.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde_json::json;
use veeva_vault_auth::secrecy::ExposeSecret;
use veeva_vault_auth::{Client, Expiry, TokenQuery, TokenRequest, TokenTarget};

const OPS: [&str; 4] = ["generate", "list", "revoke", "whoami"];
const WINDOW: Duration = Duration::from_secs(10);

/// One 10 s window's counts; `hist` maps `floor(ln(µs) * 20)` to a count (about 5 % wide
/// buckets, so the driver can merge windows into exact-enough percentiles).
#[derive(Default)]
struct Window {
    calls: u64,
    errors: u64,
    ops: [u64; 4],
    hist: BTreeMap<i64, u64>,
    error: Option<String>,
}

#[derive(Default)]
struct Totals {
    window: Window,
    calls: u64,
    errors: u64,
}

#[derive(Clone, Default)]
struct Counter(Arc<Mutex<Totals>>);

impl Counter {
    fn lock(&self) -> MutexGuard<'_, Totals> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn record(&self, op: usize, elapsed: Duration, outcome: Result<(), String>) {
        let us = (elapsed.as_secs_f64() * 1e6).max(1.0);
        let mut t = self.lock();
        t.calls += 1;
        let w = &mut t.window;
        w.calls += 1;
        w.ops[op] += 1;
        *w.hist.entry((us.ln() * 20.0).floor() as i64).or_default() += 1;
        if let Err(code) = outcome {
            t.errors += 1;
            t.window.errors += 1;
            t.window.error.get_or_insert(format!("{}: {code}", OPS[op]));
        }
    }

    /// Prints the window so far and starts a new one.
    fn emit(&self, started: Instant) {
        let w = std::mem::take(&mut self.lock().window);
        let ops: serde_json::Map<_, _> = OPS.iter().zip(w.ops).map(|(k, n)| (k.to_string(), json!(n))).collect();
        let hist: serde_json::Map<_, _> = w.hist.iter().map(|(k, n)| (k.to_string(), json!(n))).collect();
        println!(
            "{}",
            json!({"t": started.elapsed().as_secs_f64(), "calls": w.calls, "errors": w.errors, "ops": ops,
                   "hist": hist, "error": w.error})
        );
    }
}

struct Args {
    url: String,
    seconds: u64,
    users: Vec<String>,
    inflight: usize,
    me: String,
}

fn parse_args() -> Args {
    let mut a = Args { url: String::new(), seconds: 600, users: vec![], inflight: 64, me: String::new() };
    let mut it = std::env::args().skip(1);
    while let Some(k) = it.next() {
        let v = it.next().unwrap_or_default();
        match k.as_str() {
            "--url" => a.url = v,
            "--seconds" => a.seconds = v.parse().unwrap_or(a.seconds),
            "--users" => a.users = v.split(',').filter(|s| !s.is_empty()).map(str::to_owned).collect(),
            "--inflight" => a.inflight = v.parse().unwrap_or(a.inflight),
            "--me" => a.me = v,
            _ => {}
        }
    }
    if a.url.is_empty() || a.users.is_empty() || a.me.is_empty() {
        eprintln!("usage: soak-rust --url URL --users ID,ID --me ADMIN_ID [--seconds 600] [--inflight 64]");
        std::process::exit(2);
    }
    a
}

/// One cycle; any failure is counted under its call and ends the cycle (after revoking what it
/// made, so the user's 25-token limit is never reached by leftovers).
async fn cycle(client: &Client, user: &str, me: &str, name: &str, expiry: Expiry, c: &Counter) {
    let t = Instant::now();
    let request = TokenRequest::new(TokenTarget::user(user), name).expiry(expiry);
    let token = match client.generate_access_token(&request).await {
        Ok(tok) if tok.token().expose_secret().starts_with("veeva-vault-") => {
            c.record(0, t.elapsed(), Ok(()));
            tok
        }
        Ok(_) => return c.record(0, t.elapsed(), Err("unexpected token shape".into())),
        Err(e) => return c.record(0, t.elapsed(), Err(e.code().into())),
    };
    let t = Instant::now();
    let listed = match client.list_access_tokens(&TokenQuery::user(user)).await {
        Ok(list) if list.iter().any(|i| i.id() == token.id()) => Ok(()),
        Ok(_) => Err("new token not listed".into()),
        Err(e) => Err(e.code().into()),
    };
    c.record(1, t.elapsed(), listed);
    let t = Instant::now();
    let revoked = match client.revoke_access_tokens(&[token.id()]).await {
        Ok(r) if r.is_complete() && r.revoked == [token.id()] => Ok(()),
        Ok(_) => Err("revoke report incomplete".into()),
        Err(e) => Err(e.code().into()),
    };
    c.record(2, t.elapsed(), revoked);
    let t = Instant::now();
    let who = match client.whoami().await {
        Ok(u) if u.id() == me => Ok(()),
        Ok(_) => Err("whoami: another user".into()),
        Err(e) => Err(e.code().into()),
    };
    c.record(3, t.elapsed(), who);
}

async fn run(args: Args, session: String) {
    let client = Client::builder()
        .vault_dns("myvault.veevavault.com")
        .base_url(&args.url)
        .session_id(session)
        .build()
        .unwrap_or_else(|e| {
            eprintln!("soak-rust: client: {}", e.code());
            std::process::exit(1)
        });
    let expiry = Expiry::parse("2031-12-31T12:00:00Z").unwrap_or_else(|e| {
        eprintln!("soak-rust: expiry: {}", e.code());
        std::process::exit(1)
    });
    let counter = Counter::default();
    let started = Instant::now();
    let deadline = started + Duration::from_secs(args.seconds);
    let me = Arc::new(args.me);
    let workers: Vec<_> = (0..args.inflight)
        .map(|w| {
            let (client, counter, me) = (client.clone(), counter.clone(), me.clone());
            let user = args.users[w % args.users.len()].clone();
            let name = format!("soak-rust-{w}");
            let expiry = expiry.clone();
            tokio::spawn(async move {
                while Instant::now() < deadline {
                    cycle(&client, &user, &me, &name, expiry.clone(), &counter).await;
                }
            })
        })
        .collect();
    let ticker = {
        let counter = counter.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + WINDOW, WINDOW);
            loop {
                tick.tick().await;
                counter.emit(started);
            }
        })
    };
    for w in workers {
        let _ = w.await;
    }
    ticker.abort();
    counter.emit(started);
    let t = counter.lock();
    println!("{}", json!({"done": true, "calls": t.calls, "errors": t.errors}));
}

fn main() {
    let args = parse_args();
    let Some(session) = std::env::var("VVA_SOAK_SESSION").ok().filter(|s| !s.is_empty()) else {
        eprintln!("soak-rust: set VVA_SOAK_SESSION");
        std::process::exit(2)
    };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap_or_else(|e| {
        eprintln!("soak-rust: runtime: {e}");
        std::process::exit(1)
    });
    runtime.block_on(run(args, session));
}

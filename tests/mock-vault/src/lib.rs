//! A faithful stand-in for Veeva Vault's authentication and API-access-token endpoints.
//!
//! Run it as a program (`mock-vault --port 0` prints its base URL) or in-process from Rust
//! tests with [`MockVault::start`]. See `tests/mock-vault/README.md` for the fixtures, the Vault
//! behaviour it reproduces, and the `/__mock/*` control routes tests use.

mod burst;
mod envelope;
mod faults;
mod fixtures;
mod forms;
mod http;
mod in_process;
mod oauth;
mod query;
mod script;
mod session;
mod tls;
mod tokens;
mod users;
mod vault;
mod vobjects;
mod vql;

use std::sync::{Arc, Mutex, MutexGuard};

use serde_json::json;
use tokio::net::TcpListener;

pub use faults::Faults;
pub use fixtures::{ADMIN_SESSION, Fixtures, OAuthProfileFixture, SessionFixture, UserFixture, VaultFixture};
pub use http::Request;
pub use in_process::MockVault;
pub use script::Script;
pub use tokens::TokenRecord;
pub use vql::vql_unescape_literal;

use http::{Outcome, Response};
use vault::State;

/// Most requests kept for `/__mock/requests`; older ones are dropped.
const MAX_RECORDED: usize = 10_000;

/// Shared mock state; cheap to clone.
#[derive(Clone)]
pub struct Shared(Arc<Mutex<State>>);

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock must not take every later test down with it.
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

pub use tls::TlsMaterial;

/// Makes a fresh CA and loopback certificate for [`serve`]'s TLS mode.
pub fn tls_material() -> std::io::Result<TlsMaterial> {
    tls::generate()
}

/// Serves until the listener fails: plain HTTP, or HTTPS when `tls` is given. Used by the binary
/// and by [`MockVault`].
pub async fn serve(listener: TcpListener, shared: Shared, tls: Option<TlsMaterial>) {
    shared.lock().tls = tls.is_some();
    loop {
        let Ok((stream, _)) = listener.accept().await else { continue };
        let _ = stream.set_nodelay(true);
        let shared = shared.clone();
        let tls = tls.clone();
        tokio::spawn(async move {
            // Counted once, on its first API request: control-route traffic does not count.
            let counted = Arc::new(std::sync::atomic::AtomicBool::new(false));
            let handler = |request: Request| {
                let shared = shared.clone();
                let counted = counted.clone();
                async move {
                    let first = !request.path.starts_with("/__mock/") && !counted.swap(true, std::sync::atomic::Ordering::Relaxed);
                    if first {
                        shared.lock().connections += 1;
                    }
                    handle(&shared, request, first).await
                }
            };
            // A reset (fault mode `reset_every`): SO_LINGER 0, so that closing sends an RST.
            match tls {
                None => {
                    if let Some(stream) = http::serve_connection(stream, handler).await {
                        let _ = stream.set_zero_linger();
                    }
                }
                Some(tls) => {
                    if let Ok(stream) = tls.acceptor.accept(stream).await {
                        if let Some(stream) = http::serve_connection(stream, handler).await {
                            let _ = stream.into_inner().0.set_zero_linger();
                        }
                    }
                }
            }
        });
    }
}

/// How often a stalled request looks whether the stall was cleared.
const STALL_POLL: std::time::Duration = std::time::Duration::from_millis(20);

/// `first`: this is the first API request on its connection (where a reset is decided).
async fn handle(shared: &Shared, request: Request, first: bool) -> Outcome {
    if request.path.starts_with("/__mock/") {
        return Outcome::Respond(admin(shared, &request));
    }
    let (stall, script) = {
        let mut state = shared.lock();
        if state.recorded.len() >= MAX_RECORDED {
            state.recorded.pop_front();
        }
        state.recorded.push_back(request.clone());
        if first && state.faults.reset_this_connection() {
            return Outcome::Reset;
        }
        if let Some(response) = state.faults.status_answer() {
            return Outcome::Respond(response);
        }
        let stall = state.faults.stall.then_some(state.generation);
        state.faults.stalled += u64::from(stall.is_some());
        (stall, state.scripts.pop_front())
    };
    if let Some(generation) = stall {
        loop {
            tokio::time::sleep(STALL_POLL).await;
            let state = shared.lock();
            if state.generation != generation {
                return Outcome::Drop; // reset meanwhile: not for the new state
            }
            if !state.faults.stall {
                break;
            }
        }
    }
    let closes = || shared.lock().faults.closes_connections();
    let outcome = answer(shared, &request, script).await;
    match outcome {
        Outcome::Respond(mut response) if closes() => {
            response.close = true;
            Outcome::Respond(response)
        }
        outcome => outcome,
    }
}

/// The mock's answer, or the script's.
async fn answer(shared: &Shared, request: &Request, script: Option<Script>) -> Outcome {
    if let Some(script) = &script {
        if let Some(outcome) = script.outcome() {
            return outcome;
        }
        if let Some(delay) = script.delay() {
            tokio::time::sleep(delay).await;
        }
    }
    let outcome = shared.lock().handle(request);
    let Some(script) = script else { return outcome };
    if script.drops_after() {
        return Outcome::Drop;
    }
    match outcome {
        Outcome::Respond(mut response) => {
            script.adjust(&mut response);
            response.close_silently |= script.close_after;
            Outcome::Respond(response)
        }
        outcome => outcome,
    }
}

fn admin(shared: &Shared, request: &Request) -> Response {
    let mut state = shared.lock();
    match (request.method.as_str(), request.path.as_str()) {
        ("GET", "/__mock/health") => Response::json(200, &json!({"ok": true})),
        ("POST", "/__mock/reset") => {
            state.reset();
            Response::json(200, &json!({"ok": true}))
        }
        ("POST", "/__mock/script") => {
            let parsed: Result<Vec<Script>, _> = serde_json::from_str::<serde_json::Value>(&request.body)
                .and_then(|v| match v {
                    serde_json::Value::Array(_) => serde_json::from_value(v),
                    other => serde_json::from_value(other).map(|s| vec![s]),
                });
            match parsed {
                Ok(scripts) => {
                    let n = scripts.len();
                    state.scripts.extend(scripts);
                    Response::json(200, &json!({"ok": true, "queued": n}))
                }
                Err(e) => Response::json(400, &json!({"ok": false, "error": e.to_string()})),
            }
        }
        ("GET", "/__mock/faults") => Response::json(200, &json!(state.faults)),
        ("POST", "/__mock/faults") => match serde_json::from_str::<Faults>(&request.body) {
            Ok(modes) => {
                state.faults.set(modes);
                Response::json(200, &json!(state.faults))
            }
            Err(e) => Response::json(400, &json!({"ok": false, "error": e.to_string()})),
        },
        ("DELETE", "/__mock/faults") => {
            state.faults.clear();
            Response::json(200, &json!(state.faults))
        }
        ("GET", "/__mock/requests") => Response::json(200, &json!(state.recorded)),
        ("DELETE", "/__mock/requests") => {
            state.recorded.clear();
            Response::json(200, &json!({"ok": true}))
        }
        ("GET", "/__mock/tokens") => Response::json(200, &json!(state.tokens)),
        ("GET", "/__mock/stats") => Response::json(
            200,
            &json!({
                "connections": state.connections,
                "requests": state.recorded.len(),
                "tokens": state.tokens.len(),
                "delayed": state.delayed,
            }),
        ),
        _ => Response::json(404, &json!({"ok": false, "error": "unknown mock control route"})),
    }
}


/// Creates shared state for the binary.
pub fn shared_state(fixtures: Fixtures) -> Shared {
    Shared(Arc::new(Mutex::new(State::new(fixtures))))
}

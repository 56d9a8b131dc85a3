//! A faithful stand-in for Veeva Vault's authentication and API-access-token endpoints.
//!
//! Run it as a program (`mock-vault --port 0` prints its base URL) or in-process from Rust
//! tests with [`MockVault::start`]. See `tests/mock-vault/README.md` for the fixtures, the Vault
//! behaviour it reproduces, and the `/__mock/*` control routes tests use.

mod envelope;
mod fixtures;
mod forms;
mod http;
mod query;
mod script;
mod session;
mod tls;
mod tokens;
mod vault;
mod vobjects;
mod vql;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};

use serde_json::json;
use tokio::net::TcpListener;

pub use fixtures::{ADMIN_SESSION, Fixtures, SessionFixture, UserFixture, VaultFixture};
pub use http::Request;
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
                    if !request.path.starts_with("/__mock/") && !counted.swap(true, std::sync::atomic::Ordering::Relaxed) {
                        shared.lock().connections += 1;
                    }
                    handle(&shared, request).await
                }
            };
            match tls {
                None => http::serve_connection(stream, handler).await,
                Some(tls) => {
                    if let Ok(stream) = tls.acceptor.accept(stream).await {
                        http::serve_connection(stream, handler).await;
                    }
                }
            }
        });
    }
}

async fn handle(shared: &Shared, request: Request) -> Outcome {
    if request.path.starts_with("/__mock/") {
        return Outcome::Respond(admin(shared, &request));
    }
    let script = {
        let mut state = shared.lock();
        if state.recorded.len() >= MAX_RECORDED {
            state.recorded.remove(0);
        }
        state.recorded.push(request.clone());
        state.scripts.pop_front()
    };
    if let Some(script) = &script {
        if let Some(outcome) = script.outcome() {
            return outcome;
        }
        if let Some(delay) = script.delay() {
            tokio::time::sleep(delay).await;
        }
    }
    let outcome = shared.lock().handle(&request);
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

/// A mock Vault running in this process on a loopback port, on its own thread and runtime
/// (so it works from sync tests and from inside another runtime). Stops when dropped.
pub struct MockVault {
    addr: SocketAddr,
    ca_pem: Option<String>,
    shared: Shared,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl MockVault {
    /// Starts with the default fixtures on `127.0.0.1:0`.
    pub fn start() -> std::io::Result<MockVault> {
        MockVault::start_with(Fixtures::default())
    }

    /// Starts with the given fixtures on `127.0.0.1:0`.
    pub fn start_with(fixtures: Fixtures) -> std::io::Result<MockVault> {
        MockVault::start_inner(fixtures, None)
    }

    /// Starts serving HTTPS with a fresh CA; see [`ca_pem`](MockVault::ca_pem).
    pub fn start_tls() -> std::io::Result<MockVault> {
        MockVault::start_inner(Fixtures::default(), Some(tls::generate()?))
    }

    fn start_inner(fixtures: Fixtures, tls: Option<TlsMaterial>) -> std::io::Result<MockVault> {
        let ca_pem = tls.as_ref().map(|t| t.ca_pem.clone());
        let std_listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        std_listener.set_nonblocking(true)?;
        let addr = std_listener.local_addr()?;
        let shared = Shared(Arc::new(Mutex::new(State::new(fixtures))));
        shared.lock().tls = tls.is_some();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()?;
        let server_shared = shared.clone();
        let thread = std::thread::Builder::new().name("mock-vault".into()).spawn(move || {
            runtime.block_on(async move {
                let Ok(listener) = TcpListener::from_std(std_listener) else { return };
                tokio::select! {
                    _ = serve(listener, server_shared, tls) => {}
                    _ = rx => {}
                }
            });
        })?;
        Ok(MockVault { addr, ca_pem, shared, shutdown: Some(tx), thread: Some(thread) })
    }

    /// `http://127.0.0.1:{port}` (`https://` in TLS mode): pass it as the client's base URL.
    pub fn url(&self) -> String {
        let scheme = if self.ca_pem.is_some() { "https" } else { "http" };
        format!("{scheme}://{}", self.addr)
    }

    /// In TLS mode, the CA certificate (PEM) that signed the mock's certificate.
    pub fn ca_pem(&self) -> Option<&str> {
        self.ca_pem.as_deref()
    }

    /// Queues a scripted answer for the next API request.
    pub fn push_script(&self, script: Script) {
        self.shared.lock().scripts.push_back(script);
    }

    /// Every API request received so far (not the control routes).
    pub fn requests(&self) -> Vec<Request> {
        self.shared.lock().recorded.clone()
    }

    /// Connections that carried at least one API request (control routes not counted).
    pub fn connections(&self) -> u64 {
        self.shared.lock().connections
    }

    /// Every token minted so far.
    pub fn tokens(&self) -> Vec<TokenRecord> {
        self.shared.lock().tokens.clone()
    }

    /// The token with this id (revoked ones included), as the mock holds it now.
    pub fn token(&self, id: &str) -> Option<TokenRecord> {
        self.shared.lock().tokens.iter().find(|t| t.id == id).cloned()
    }

    /// Mints a token directly, skipping every check (for test set-up: many tokens, another
    /// user's, or an already expired one, which shows as `inactive__v`). The token is in the
    /// user's first Vault. `expires_at` is RFC 3339; `None` if it does not parse or the user
    /// is unknown.
    pub fn add_token(&self, user_id: u64, name: &str, expires_at: Option<&str>) -> Option<TokenRecord> {
        let expiry = match expires_at {
            None => None,
            Some(text) => Some(time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).ok()?),
        };
        let mut state = self.shared.lock();
        let vault_id = *state.fixtures.users.iter().find(|u| u.id == user_id)?.vaults.first()?;
        Some(state.mint(user_id, vault_id, name.to_owned(), expiry))
    }

    /// Rows per VQL answer page (the fixture `query_page_size`, default 1000).
    pub fn set_page_size(&self, rows: usize) {
        self.shared.lock().fixtures.query_page_size = rows.max(1);
    }

    /// Answers delayed because the burst limit was used up (also in `/__mock/stats`).
    pub fn delayed(&self) -> u64 {
        self.shared.lock().delayed
    }

    /// Changes the fixtures in place (e.g. to send lower-case headers).
    pub fn with_fixtures<R>(&self, f: impl FnOnce(&mut Fixtures) -> R) -> R {
        f(&mut self.shared.lock().fixtures)
    }
}

impl Drop for MockVault {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Creates shared state for the binary.
pub fn shared_state(fixtures: Fixtures) -> Shared {
    Shared(Arc::new(Mutex::new(State::new(fixtures))))
}

//! [`MockVault`]: the mock in this process, on its own thread and runtime, with helpers that
//! let tests set up state and inspect what the mock saw.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::net::TcpListener;

use crate::tls::{self, TlsMaterial};
use crate::vault::State;
use crate::{Faults, Fixtures, Request, Script, Shared, TokenRecord, serve};

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

    /// Sets the fault modes that last until cleared (as `POST /__mock/faults`); the counters stay.
    pub fn set_faults(&self, modes: Faults) {
        self.shared.lock().faults.set(modes);
    }

    /// The fault modes in force and their counters (as `GET /__mock/faults`).
    pub fn faults(&self) -> Faults {
        self.shared.lock().faults.clone()
    }

    /// Queues a scripted answer for the next API request.
    pub fn push_script(&self, script: Script) {
        self.shared.lock().scripts.push_back(script);
    }

    /// Every API request received so far (not the control routes).
    pub fn requests(&self) -> Vec<Request> {
        self.shared.lock().recorded.iter().cloned().collect()
    }

    /// Connections that carried at least one API request (control routes not counted).
    pub fn connections(&self) -> u64 {
        self.shared.lock().connections
    }

    /// Every token minted so far, revoked ones included (`revoked: true`) unless the fixture
    /// `forget_revoked` drops them.
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

    /// Sets the burst limit and window (fixtures `burst_limit`, `burst_window_secs`) and starts
    /// a fresh window, so pacing can be tested in seconds.
    pub fn set_burst_limit(&self, limit: u64, window_secs: u64) {
        let mut state = self.shared.lock();
        state.fixtures.burst_limit = limit;
        state.fixtures.burst_window_secs = window_secs.max(1);
        state.burst_started = None;
        state.burst_used = 0;
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

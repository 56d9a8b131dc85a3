//! The mock Vault (`tests/mock-vault`, the crate `mock_vault`) in this process, behind
//! `veeva-vault-auth/testing` (`testing.js`): users test their own code against it without a
//! live Vault. It runs on its own thread and runtime on a free loopback port, so calls from the
//! client (on napi's runtime) and from JavaScript never wait for each other.
//!
//! Everything here is the mock's own API or its documented control routes; nothing is
//! reimplemented. The fixtures are the mock's defaults (see `tests/mock-vault/README.md`).

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use mock_vault::{Fixtures, MockVault, Script};
use napi::Either;
use napi_derive::napi;
use veeva_vault_auth::Error;

use crate::error::Failure;

/// How long a control request may take (the mock answers it at once; this only bounds a bug).
const CONTROL_TIMEOUT: Duration = Duration::from_secs(5);

/// A running in-process mock Vault; `close` stops it.
#[napi]
pub struct NativeMockVault {
    mock: Mutex<Option<MockVault>>,
    url: String,
    addr: SocketAddr,
}

/// A user of the mock's fixtures.
#[napi(object)]
pub struct MockUserData {
    pub id: String,
    pub username: String,
    pub password: String,
    /// May create tokens for other users.
    pub admin: bool,
    /// A VeevaID user: cannot have API access tokens.
    pub veeva_id: bool,
    /// The Vault error type a login fails with, if it does.
    pub login_error: Option<String>,
    /// The security profile's longest token lifetime in days (an expiry is then required).
    pub max_token_days: Option<u32>,
}

/// A token the mock minted (never its value).
#[napi(object)]
pub struct MockTokenData {
    pub id: String,
    pub user_id: String,
    pub vault_id: String,
    pub name: String,
    /// RFC 3339; absent: never expires.
    pub expiry: Option<String>,
    pub active: bool,
    pub revoked: bool,
    /// RFC 3339; absent: never used.
    pub last_used: Option<String>,
}

/// An API request the mock received (control routes are not recorded).
#[napi(object)]
pub struct MockRequestData {
    pub method: String,
    /// Percent-encoded, as sent.
    pub path: String,
    pub query: Option<String>,
    /// Lower-case names.
    pub headers: HashMap<String, String>,
    pub body: String,
}

fn failure(what: &str, error: impl std::fmt::Display) -> Failure {
    Failure::from(Error::internal(format!("mock Vault: {what}: {error}")))
}

#[napi]
impl NativeMockVault {
    /// Starts a mock with the default fixtures on `127.0.0.1` and a free port.
    #[napi]
    pub fn start() -> Either<NativeMockVault, Failure> {
        let mock = match MockVault::start() {
            Ok(mock) => mock,
            Err(e) => return Either::B(failure("cannot start", e)),
        };
        let url = mock.url();
        match url.trim_start_matches("http://").parse::<SocketAddr>() {
            Ok(addr) => Either::A(NativeMockVault { mock: Mutex::new(Some(mock)), url, addr }),
            Err(e) => Either::B(failure("unexpected URL", e)),
        }
    }

    /// `http://127.0.0.1:{port}`.
    #[napi(getter)]
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// The fixed admin session id (user 12345).
    #[napi(getter)]
    pub fn admin_session(&self) -> String {
        mock_vault::ADMIN_SESSION.to_owned()
    }

    /// The DNS name of the fixtures' first Vault (`myvault.veevavault.com`), which the admin
    /// session and every user but one belong to.
    #[napi(getter)]
    pub fn vault_dns(&self) -> String {
        Fixtures::default().vaults.into_iter().next().map(|v| v.dns).unwrap_or_default()
    }

    /// The fixtures' users.
    #[napi]
    pub fn users(&self) -> Vec<MockUserData> {
        Fixtures::default()
            .users
            .into_iter()
            .map(|u| MockUserData {
                id: u.id.to_string(),
                username: u.username,
                password: u.password,
                admin: u.admin,
                veeva_id: u.veevaid,
                login_error: u.login_error,
                max_token_days: u.max_token_days,
            })
            .collect()
    }

    /// Every token minted since the start or the last reset, revoked ones included.
    #[napi]
    pub fn tokens(&self) -> Either<Vec<MockTokenData>, Failure> {
        self.with(|mock| {
            mock.tokens()
                .into_iter()
                .map(|t| MockTokenData {
                    id: t.id,
                    user_id: t.user_id.to_string(),
                    vault_id: t.vault_id.to_string(),
                    name: t.name,
                    expiry: t.expiry,
                    active: t.active,
                    revoked: t.revoked,
                    last_used: t.last_used,
                })
                .collect()
        })
    }

    /// Every API request received since the start or the last reset.
    #[napi]
    pub fn requests(&self) -> Either<Vec<MockRequestData>, Failure> {
        self.with(|mock| {
            mock.requests()
                .into_iter()
                .map(|r| MockRequestData {
                    method: r.method,
                    path: r.path,
                    query: r.query,
                    headers: r.headers.into_iter().collect(),
                    body: r.body,
                })
                .collect()
        })
    }

    /// Queues scripts (JSON: one object or an array, in the format of `POST /__mock/script`)
    /// for the next API requests. A bad script queues nothing.
    #[napi]
    pub fn push_scripts(&self, json: String) -> Option<Failure> {
        let scripts: Vec<Script> = match serde_json::from_str::<serde_json::Value>(&json).and_then(|v| match v {
            serde_json::Value::Array(_) => serde_json::from_value(v),
            other => serde_json::from_value(other).map(|s| vec![s]),
        }) {
            Ok(scripts) => scripts,
            Err(e) => return Some(Failure::invalid(format!("not a mock script: {e}"))),
        };
        match self.with(|mock| scripts.into_iter().for_each(|s| mock.push_script(s))) {
            Either::A(()) => None,
            Either::B(failure) => Some(failure),
        }
    }

    /// Back to the fixtures: no tokens, no requests, no scripts, sessions restored
    /// (`POST /__mock/reset`, the mock's own reset; the crate has no method for it).
    #[napi]
    pub fn reset(&self) -> Option<Failure> {
        if let Either::B(failure) = self.with(|_| ()) {
            return Some(failure);
        }
        control_post(self.addr, "/__mock/reset").err().map(|e| failure("reset failed", e))
    }

    /// Stops the mock (waits for its thread, off the event loop). Idempotent.
    #[napi]
    pub async fn close(&self) {
        let mock = self.lock().take();
        if let Some(mock) = mock {
            // Dropping joins the mock's thread: never on the event loop's thread.
            let _ = tokio::task::spawn_blocking(move || drop(mock)).await;
        }
    }
}

impl NativeMockVault {
    fn lock(&self) -> MutexGuard<'_, Option<MockVault>> {
        // The guarded value is only ever taken, so a poisoned lock holds nothing half-done.
        self.mock.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn with<T>(&self, f: impl FnOnce(&MockVault) -> T) -> Either<T, Failure> {
        match self.lock().as_ref() {
            Some(mock) => Either::A(f(mock)),
            None => Either::B(Failure::invalid("this mock Vault is closed")),
        }
    }
}

/// One control request over loopback, waiting for the answer. The mock serves it on its own
/// thread, so blocking here is a round trip of well under a millisecond.
fn control_post(addr: SocketAddr, path: &str) -> std::io::Result<()> {
    let mut stream = TcpStream::connect_timeout(&addr, CONTROL_TIMEOUT)?;
    stream.set_read_timeout(Some(CONTROL_TIMEOUT))?;
    stream.set_write_timeout(Some(CONTROL_TIMEOUT))?;
    write!(stream, "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")?;
    let mut reply = Vec::new();
    stream.read_to_end(&mut reply)?;
    if reply.starts_with(b"HTTP/1.1 200 ") {
        Ok(())
    } else {
        Err(std::io::Error::other("the mock did not answer 200"))
    }
}

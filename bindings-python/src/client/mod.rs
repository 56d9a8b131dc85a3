//! The two clients and the one-shot function: `VaultClient` (blocking, releases the GIL) in
//! [`blocking`], `AsyncVaultClient` (awaitables on the core's shared runtime) in [`aio`], and
//! the module-level `generate_access_token` here, with what they share: the [`Slot`] holding
//! the core client until `close()`, and [`wait`], the one way a blocking call waits.

mod aio;
mod blocking;

pub use aio::AsyncVaultClient;
pub use blocking::VaultClient;

use std::path::PathBuf;
use std::sync::RwLock;

use pyo3::prelude::*;
use veeva_vault_auth::{Credential, Error};

use crate::convert::{Options, no_panic, token_request};
use crate::error::{invalid_argument, to_pyerr};
use crate::token::AccessToken;

/// The core client behind a Python client, until `close()`.
pub(crate) struct Slot {
    client: RwLock<Option<veeva_vault_auth::Client>>,
    api_version: String,
    user_id: Option<String>,
    credential: &'static str,
}

impl Slot {
    pub(crate) fn new(client: veeva_vault_auth::Client) -> Self {
        let credential = match client.credential() {
            Some(Credential::SessionId(_)) => "session_id",
            Some(Credential::AccessToken(_)) => "access_token",
            None => "none",
        };
        Slot {
            api_version: client.api_version().to_string(),
            user_id: client
                .session()
                .and_then(|s| s.user_id())
                .map(str::to_owned),
            credential,
            client: RwLock::new(Some(client)),
        }
    }

    /// A handle on the client (an `Arc` clone: every call shares one connection pool).
    pub(crate) fn get(&self, py: Python<'_>) -> PyResult<veeva_vault_auth::Client> {
        let guard = self
            .client
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        guard
            .clone()
            .ok_or_else(|| invalid_argument(py, "this client is closed"))
    }

    /// The blocking facade over the same client.
    pub(crate) fn blocking(&self, py: Python<'_>) -> PyResult<veeva_vault_auth::blocking::Client> {
        Ok(veeva_vault_auth::blocking::Client::from_async(self.get(py)?))
    }

    pub(crate) fn close(&self) {
        let mut guard = self
            .client
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *guard = None;
    }

    pub(crate) fn closed(&self) -> bool {
        self.client.read().map(|g| g.is_none()).unwrap_or(true)
    }

    /// Whether `logout()` ended the session (a closed client reports `false`).
    pub(crate) fn logged_out(&self) -> bool {
        self.client
            .read()
            .map(|g| g.as_ref().is_some_and(|c| c.is_logged_out()))
            .unwrap_or(false)
    }

    pub(crate) fn api_version(&self) -> &str {
        &self.api_version
    }

    pub(crate) fn user_id(&self) -> Option<&str> {
        self.user_id.as_deref()
    }

    pub(crate) fn repr(&self, class: &str) -> String {
        let state = if self.closed() {
            ", closed"
        } else if self.logged_out() {
            ", logged out"
        } else {
            ""
        };
        let user = self
            .user_id
            .as_ref()
            .map(|u| format!(", user_id='{u}'"))
            .unwrap_or_default();
        format!(
            "<{class} api_version='{}', credential={}{user}{state}>",
            self.api_version, self.credential
        )
    }
}

/// Runs a blocking core call with the GIL released; a panic becomes `InternalError` and a core
/// error its exception.
pub(crate) fn wait<T, F>(py: Python<'_>, call: F) -> PyResult<T>
where
    F: FnOnce() -> Result<T, Error> + Send,
    T: Send,
{
    py.detach(move || no_panic(call))
        .map_err(|e| to_pyerr(py, &e))
}

/// Generates one API access token without keeping a client (blocking; releases the GIL).
///
/// Takes the :class:`VaultClient` options and the
/// :meth:`VaultClient.generate_access_token` arguments. For more than one call, make a
/// client: it keeps its connections.
#[pyfunction]
#[pyo3(signature = (vault_dns=None, *, user_id=None, name, expiry_date=None, sandbox=None,
    session_id=None, access_token=None, base_url=None, api_version=None, client_id=None,
    timeout=None, connect_timeout=None, ca_file=None, body_format=None,
    allow_insecure_http=false, max_response_bytes=None))]
#[allow(clippy::too_many_arguments)]
pub fn generate_access_token(
    py: Python<'_>,
    vault_dns: Option<String>,
    user_id: Option<&Bound<'_, PyAny>>,
    name: String,
    expiry_date: Option<&Bound<'_, PyAny>>,
    sandbox: Option<String>,
    session_id: Option<String>,
    access_token: Option<String>,
    base_url: Option<String>,
    api_version: Option<String>,
    client_id: Option<String>,
    timeout: Option<f64>,
    connect_timeout: Option<f64>,
    ca_file: Option<PathBuf>,
    body_format: Option<String>,
    allow_insecure_http: bool,
    max_response_bytes: Option<usize>,
) -> PyResult<AccessToken> {
    let options = Options {
        vault_dns,
        base_url,
        login_url: None,
        api_version,
        client_id,
        timeout,
        connect_timeout,
        ca_file,
        body_format,
        allow_insecure_http,
        max_response_bytes,
    };
    let builder = options.builder_with_credential(py, session_id, access_token)?;
    let request = token_request(py, user_id, name, expiry_date, sandbox)?;
    let token = wait(py, move || {
        veeva_vault_auth::blocking::Client::new(builder)?.generate_access_token(&request)
    })?;
    Ok(AccessToken::from(token))
}

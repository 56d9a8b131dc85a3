//! `VaultClient` (blocking, releases the GIL) and `AsyncVaultClient` (awaitables on the core's
//! shared runtime), plus the module-level one-shot `generate_access_token`.

use std::path::PathBuf;
use std::sync::RwLock;

use pyo3::IntoPyObjectExt;
use pyo3::prelude::*;
use veeva_vault_auth::secrecy::{ExposeSecret, SecretString};
use veeva_vault_auth::{Credential, blocking};

use crate::asyncio::{ready, spawn};
use crate::convert::{Options, no_panic, token_request};
use crate::error::{invalid_argument, to_pyerr};
use crate::token::AccessToken;

/// The core client behind a Python client, until `close()`.
struct Slot {
    client: RwLock<Option<veeva_vault_auth::Client>>,
    api_version: String,
    user_id: Option<String>,
    credential: &'static str,
}

impl Slot {
    fn new(client: veeva_vault_auth::Client) -> Self {
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
    fn get(&self, py: Python<'_>) -> PyResult<veeva_vault_auth::Client> {
        let guard = self
            .client
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        guard
            .clone()
            .ok_or_else(|| invalid_argument(py, "this client is closed"))
    }

    fn close(&self) {
        let mut guard = self
            .client
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *guard = None;
    }

    fn closed(&self) -> bool {
        self.client.read().map(|g| g.is_none()).unwrap_or(true)
    }

    fn repr(&self, class: &str) -> String {
        let state = if self.closed() { ", closed" } else { "" };
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

/// A blocking Vault client: every call releases the GIL while it waits.
///
/// ``VaultClient(vault_dns, *, session_id=... | access_token=..., base_url=None,
/// api_version=None, client_id=None, timeout=None, connect_timeout=None, ca_file=None,
/// body_format=None, allow_insecure_http=False, max_response_bytes=None)``
///
/// Safe to share between threads: a call runs on the calling thread (the GIL released), and each
/// thread keeps its connection alive for its next call. Use it as a context manager (or call
/// :meth:`close`) to release it; a thread's idle connection goes when that thread next calls or
/// exits. Invalid options raise :class:`InvalidArgumentError` (also a ``ValueError``).
#[pyclass(frozen, module = "veeva_vault_auth", name = "VaultClient")]
pub struct VaultClient {
    slot: Slot,
}

#[pymethods]
impl VaultClient {
    #[new]
    #[pyo3(signature = (vault_dns=None, *, session_id=None, access_token=None, base_url=None,
        api_version=None, client_id=None, timeout=None, connect_timeout=None, ca_file=None,
        body_format=None, allow_insecure_http=false, max_response_bytes=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        vault_dns: Option<String>,
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
    ) -> PyResult<Self> {
        let options = Options {
            vault_dns,
            base_url,
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
        let client = no_panic(|| builder.build()).map_err(|e| to_pyerr(py, &e))?;
        Ok(VaultClient {
            slot: Slot::new(client),
        })
    }

    /// Logs in with a user name and password and returns a client holding the new session.
    ///
    /// Raises :class:`WrongVaultError` if Vault hands out a session for another Vault than
    /// ``vault_dns`` (its authentication defaulting). Login failures are never retried.
    #[staticmethod]
    #[pyo3(signature = (vault_dns=None, *, username, password, base_url=None, api_version=None,
        client_id=None, timeout=None, connect_timeout=None, ca_file=None, body_format=None,
        allow_insecure_http=false, max_response_bytes=None))]
    #[allow(clippy::too_many_arguments)]
    fn login(
        py: Python<'_>,
        vault_dns: Option<String>,
        username: String,
        password: String,
        base_url: Option<String>,
        api_version: Option<String>,
        client_id: Option<String>,
        timeout: Option<f64>,
        connect_timeout: Option<f64>,
        ca_file: Option<PathBuf>,
        body_format: Option<String>,
        allow_insecure_http: bool,
        max_response_bytes: Option<usize>,
    ) -> PyResult<Self> {
        let password = SecretString::from(password);
        let options = Options {
            vault_dns,
            base_url,
            api_version,
            client_id,
            timeout,
            connect_timeout,
            ca_file,
            body_format,
            allow_insecure_http,
            max_response_bytes,
        };
        let builder = options.builder(py)?;
        let result = py.detach(move || {
            no_panic(|| blocking::Client::login(builder, &username, password.expose_secret()))
        });
        let client = result.map_err(|e| to_pyerr(py, &e))?;
        Ok(VaultClient {
            slot: Slot::new(client.as_async().clone()),
        })
    }

    /// Generates an API access token and returns an :class:`AccessToken`.
    ///
    /// ``user_id`` is a user id (``str`` or ``int``) or ``"me"``; or give ``sandbox`` (the
    /// sandbox name) for the authenticated user's token in that sandbox. ``expiry_date`` is an
    /// aware ``datetime``, a ``date`` (Vault applies 23:59:59 in the user's time zone), an ISO
    /// 8601 string, or ``None`` (no expiry, if the security profile allows it).
    ///
    /// Sent once, never retried. On failure check the exception's ``outcome_unknown`` before
    /// trying again: a token may exist that you do not hold.
    #[pyo3(signature = (user_id=None, *, name, expiry_date=None, sandbox=None))]
    fn generate_access_token(
        &self,
        py: Python<'_>,
        user_id: Option<&Bound<'_, PyAny>>,
        name: String,
        expiry_date: Option<&Bound<'_, PyAny>>,
        sandbox: Option<String>,
    ) -> PyResult<AccessToken> {
        let request = token_request(py, user_id, name, expiry_date, sandbox)?;
        let client = blocking::Client::from_async(self.slot.get(py)?);
        let result = py.detach(move || no_panic(|| client.generate_access_token(&request)));
        result.map(AccessToken::from).map_err(|e| to_pyerr(py, &e))
    }

    /// The API version calls use, e.g. ``"v26.2"``.
    #[getter]
    fn api_version(&self) -> &str {
        &self.slot.api_version
    }

    /// The logged-in user's id when this client was made by :meth:`login`, else ``None``.
    #[getter]
    fn user_id(&self) -> Option<&str> {
        self.slot.user_id.as_deref()
    }

    /// ``True`` after :meth:`close`.
    #[getter]
    fn closed(&self) -> bool {
        self.slot.closed()
    }

    /// Releases the connection pool; later calls raise :class:`InvalidArgumentError`.
    fn close(&self) {
        self.slot.close();
    }

    fn __enter__(slf: Bound<'_, Self>) -> Bound<'_, Self> {
        slf
    }

    #[pyo3(signature = (*_exc_info))]
    fn __exit__(&self, _exc_info: &Bound<'_, pyo3::types::PyTuple>) -> bool {
        self.slot.close();
        false
    }

    fn __repr__(&self) -> String {
        self.slot.repr("VaultClient")
    }
}

/// An asyncio Vault client: calls return awaitables and never block the event loop.
///
/// Same options as :class:`VaultClient`. The requests run on the library's own worker threads;
/// many calls can be in flight at once on one client (one shared connection pool). Use it as
/// an async context manager (or call :meth:`close`) to release the pool.
#[pyclass(frozen, module = "veeva_vault_auth", name = "AsyncVaultClient")]
pub struct AsyncVaultClient {
    slot: Slot,
}

#[pymethods]
impl AsyncVaultClient {
    #[new]
    #[pyo3(signature = (vault_dns=None, *, session_id=None, access_token=None, base_url=None,
        api_version=None, client_id=None, timeout=None, connect_timeout=None, ca_file=None,
        body_format=None, allow_insecure_http=false, max_response_bytes=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        vault_dns: Option<String>,
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
    ) -> PyResult<Self> {
        let options = Options {
            vault_dns,
            base_url,
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
        let client = no_panic(|| builder.build()).map_err(|e| to_pyerr(py, &e))?;
        Ok(AsyncVaultClient {
            slot: Slot::new(client),
        })
    }

    /// Logs in (awaitable); resolves to an :class:`AsyncVaultClient` holding the new session.
    ///
    /// Raises :class:`WrongVaultError` if Vault hands out a session for another Vault than
    /// ``vault_dns`` (its authentication defaulting). Login failures are never retried.
    #[staticmethod]
    #[pyo3(signature = (vault_dns=None, *, username, password, base_url=None, api_version=None,
        client_id=None, timeout=None, connect_timeout=None, ca_file=None, body_format=None,
        allow_insecure_http=false, max_response_bytes=None))]
    #[allow(clippy::too_many_arguments)]
    fn login<'py>(
        py: Python<'py>,
        vault_dns: Option<String>,
        username: String,
        password: String,
        base_url: Option<String>,
        api_version: Option<String>,
        client_id: Option<String>,
        timeout: Option<f64>,
        connect_timeout: Option<f64>,
        ca_file: Option<PathBuf>,
        body_format: Option<String>,
        allow_insecure_http: bool,
        max_response_bytes: Option<usize>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let password = SecretString::from(password);
        let options = Options {
            vault_dns,
            base_url,
            api_version,
            client_id,
            timeout,
            connect_timeout,
            ca_file,
            body_format,
            allow_insecure_http,
            max_response_bytes,
        };
        let builder = options.builder(py)?;
        spawn(py, async move {
            let client = builder.login(&username, password.expose_secret()).await?;
            Ok(AsyncVaultClient {
                slot: Slot::new(client),
            })
        })
    }

    /// Generates an API access token (awaitable); resolves to an :class:`AccessToken`.
    ///
    /// Arguments as for :meth:`VaultClient.generate_access_token`. Invalid arguments raise
    /// at once, before anything is awaited. Cancelling the awaitable abandons the request; if
    /// it had been sent, a token may exist that you do not hold.
    #[pyo3(signature = (user_id=None, *, name, expiry_date=None, sandbox=None))]
    fn generate_access_token<'py>(
        &self,
        py: Python<'py>,
        user_id: Option<&Bound<'py, PyAny>>,
        name: String,
        expiry_date: Option<&Bound<'py, PyAny>>,
        sandbox: Option<String>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let request = token_request(py, user_id, name, expiry_date, sandbox)?;
        let client = self.slot.get(py)?;
        spawn(py, async move {
            client
                .generate_access_token(&request)
                .await
                .map(AccessToken::from)
        })
    }

    /// The API version calls use, e.g. ``"v26.2"``.
    #[getter]
    fn api_version(&self) -> &str {
        &self.slot.api_version
    }

    /// The logged-in user's id when this client was made by :meth:`login`, else ``None``.
    #[getter]
    fn user_id(&self) -> Option<&str> {
        self.slot.user_id.as_deref()
    }

    /// ``True`` after :meth:`close`.
    #[getter]
    fn closed(&self) -> bool {
        self.slot.closed()
    }

    /// Releases the connection pool; later calls raise :class:`InvalidArgumentError`.
    fn close(&self) {
        self.slot.close();
    }

    fn __aenter__<'py>(slf: Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        ready(py, slf.into_any())
    }

    #[pyo3(signature = (*_exc_info))]
    fn __aexit__<'py>(
        &self,
        py: Python<'py>,
        _exc_info: &Bound<'py, pyo3::types::PyTuple>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.slot.close();
        ready(py, false.into_bound_py_any(py)?)
    }

    fn __repr__(&self) -> String {
        self.slot.repr("AsyncVaultClient")
    }
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
    let result = py.detach(move || {
        no_panic(|| blocking::Client::new(builder)?.generate_access_token(&request))
    });
    result.map(AccessToken::from).map_err(|e| to_pyerr(py, &e))
}

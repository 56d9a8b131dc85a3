//! `AsyncVaultClient`: the asyncio client. Every call converts its arguments at once (so bad
//! input raises before anything is awaited), runs the core's async call on the shared runtime
//! and converts the result when the GIL is next held ([`spawn_then`]).

use std::path::PathBuf;

use pyo3::IntoPyObjectExt;
use pyo3::prelude::*;
use veeva_vault_auth::secrecy::{ExposeSecret, SecretString};

use super::Slot;
use crate::asyncio::{ready, spawn, spawn_then};
use crate::convert::{Options, no_panic, token_request};
use crate::error::to_pyerr;
use crate::lifecycle::{ids, orphan_target, query};
use crate::results;
use crate::token::AccessToken;

/// An asyncio Vault client: calls return awaitables and never block the event loop.
///
/// Same options as :class:`VaultClient`. The requests run on the library's own worker threads;
/// many calls can be in flight at once on one client (one shared connection pool). Use it as
/// an async context manager (or call :meth:`close`) to release the pool. Cancelling an
/// awaitable aborts its call (a listing stops between pages).
#[pyclass(frozen, module = "veeva_vault_auth", name = "AsyncVaultClient")]
pub struct AsyncVaultClient {
    slot: Slot,
}

fn into_client(py: Python<'_>, client: veeva_vault_auth::Client) -> PyResult<Py<PyAny>> {
    AsyncVaultClient {
        slot: Slot::new(client),
    }
    .into_py_any(py)
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
        let builder = options.builder(py)?;
        spawn_then(
            py,
            async move { builder.login(&username, password.expose_secret()).await },
            into_client,
        )
    }

    /// Logs in with an OAuth 2.0 / OIDC access token (awaitable); resolves to an
    /// :class:`AsyncVaultClient`. Arguments as for :meth:`VaultClient.login_oauth`.
    #[staticmethod]
    #[pyo3(signature = (vault_dns=None, *, profile_id, idp_access_token, client_id=None,
        login_url=None, api_client_id=None, base_url=None, api_version=None, timeout=None,
        connect_timeout=None, ca_file=None, body_format=None, allow_insecure_http=false,
        max_response_bytes=None))]
    #[allow(clippy::too_many_arguments)]
    fn login_oauth<'py>(
        py: Python<'py>,
        vault_dns: Option<String>,
        profile_id: String,
        idp_access_token: String,
        client_id: Option<String>,
        login_url: Option<String>,
        api_client_id: Option<String>,
        base_url: Option<String>,
        api_version: Option<String>,
        timeout: Option<f64>,
        connect_timeout: Option<f64>,
        ca_file: Option<PathBuf>,
        body_format: Option<String>,
        allow_insecure_http: bool,
        max_response_bytes: Option<usize>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let idp_token = SecretString::from(idp_access_token);
        let options = Options {
            vault_dns,
            base_url,
            login_url,
            api_version,
            client_id: api_client_id,
            timeout,
            connect_timeout,
            ca_file,
            body_format,
            allow_insecure_http,
            max_response_bytes,
        };
        let builder = options.builder(py)?;
        spawn_then(
            py,
            async move {
                builder
                    .login_oauth(&profile_id, idp_token.expose_secret(), client_id.as_deref())
                    .await
            },
            into_client,
        )
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
            let token = client.generate_access_token(&request).await?;
            crate::test_panic::point(request.name());
            Ok(AccessToken::from(token))
        })
    }

    /// Lists API access tokens (awaitable); resolves to a list of :class:`TokenInfo`.
    /// Arguments as for :meth:`VaultClient.list_access_tokens`. Cancelling stops the listing.
    #[pyo3(signature = (user_id=None, name=None, include_inactive=false))]
    fn list_access_tokens<'py>(
        &self,
        py: Python<'py>,
        user_id: Option<&Bound<'py, PyAny>>,
        name: Option<String>,
        include_inactive: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let query = query(user_id, name, include_inactive)?;
        let client = self.slot.get(py)?;
        spawn_then(
            py,
            async move { client.list_access_tokens(&query).await },
            results::token_list,
        )
    }

    /// One token's metadata (awaitable); resolves to a :class:`TokenInfo`.
    fn get_access_token_info<'py>(
        &self,
        py: Python<'py>,
        token_id: String,
    ) -> PyResult<Bound<'py, PyAny>> {
        let client = self.slot.get(py)?;
        spawn_then(
            py,
            async move { client.get_access_token_info(&token_id).await },
            results::token_info,
        )
    }

    /// Revokes tokens (awaitable); resolves to a :class:`RevokeReport`. Arguments and errors as
    /// for :meth:`VaultClient.revoke_access_tokens`.
    fn revoke_access_tokens<'py>(
        &self,
        py: Python<'py>,
        token_ids: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let token_ids = ids(token_ids, "token_ids")?;
        let client = self.slot.get(py)?;
        spawn_then(
            py,
            async move { client.revoke_access_tokens(&token_ids).await },
            results::report,
        )
    }

    /// Creates a token, then revokes old ones (awaitable); resolves to a :class:`Rotation`.
    /// Arguments as for :meth:`VaultClient.rotate_access_token`.
    #[pyo3(signature = (*, revoke, user_id=None, sandbox=None, name, expiry_date=None))]
    fn rotate_access_token<'py>(
        &self,
        py: Python<'py>,
        revoke: &Bound<'py, PyAny>,
        user_id: Option<&Bound<'py, PyAny>>,
        sandbox: Option<String>,
        name: String,
        expiry_date: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let revoke = ids(revoke, "revoke")?;
        let request = token_request(py, user_id, name, expiry_date, sandbox)?;
        let client = self.slot.get(py)?;
        spawn_then(
            py,
            async move { client.rotate_access_token(&request, &revoke).await },
            results::rotation,
        )
    }

    /// Never-used tokens with a name (awaitable); resolves to a list of :class:`TokenInfo`.
    /// Arguments as for :meth:`VaultClient.find_orphaned_tokens`.
    #[pyo3(signature = (user_id=None, *, name, sandbox=None))]
    fn find_orphaned_tokens<'py>(
        &self,
        py: Python<'py>,
        user_id: Option<&Bound<'py, PyAny>>,
        name: String,
        sandbox: Option<String>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let target = orphan_target(user_id, sandbox)?;
        let client = self.slot.get(py)?;
        spawn_then(
            py,
            async move { client.find_orphaned_tokens(&target, &name).await },
            results::token_list,
        )
    }

    /// Keeps the session alive (awaitable; resolves to ``None``).
    fn keep_alive<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let client = self.slot.get(py)?;
        spawn_then(py, async move { client.keep_alive().await }, results::none)
    }

    /// The authenticated user (awaitable); resolves to a :class:`UserInfo`.
    fn whoami<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let client = self.slot.get(py)?;
        spawn_then(py, async move { client.whoami().await }, results::user)
    }

    /// Ends the session (awaitable; resolves to ``None``). Afterwards every call raises
    /// :class:`InvalidArgumentError` without sending anything.
    fn logout<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let client = self.slot.get(py)?;
        spawn_then(py, async move { client.logout().await }, results::none)
    }

    /// Checks that this Vault offers the client's API version (awaitable; resolves to it, e.g.
    /// ``"v26.2"``); a Vault without it raises :class:`NotFoundOrUnsupportedError`.
    fn check_api_version<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let client = self.slot.get(py)?;
        spawn(py, async move { client.check_api_version().await.map(|v| v.version().to_string()) })
    }

    /// The API versions this Vault offers, oldest first (awaitable; resolves to ``list[str]``).
    fn api_versions<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let client = self.slot.get(py)?;
        spawn(py, async move {
            client
                .api_versions()
                .await
                .map(|versions| results::version_names(&versions))
        })
    }

    /// The API version calls use, e.g. ``"v26.2"``.
    #[getter]
    fn api_version(&self) -> &str {
        self.slot.api_version()
    }

    /// The logged-in user's id when this client was made by a login, else ``None``.
    #[getter]
    fn user_id(&self) -> Option<&str> {
        self.slot.user_id()
    }

    /// ``True`` after :meth:`close`.
    #[getter]
    fn closed(&self) -> bool {
        self.slot.closed()
    }

    /// ``True`` after :meth:`logout`.
    #[getter]
    fn logged_out(&self) -> bool {
        self.slot.logged_out()
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

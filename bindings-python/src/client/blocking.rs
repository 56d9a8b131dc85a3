//! `VaultClient`: the blocking client. Every call converts its arguments, releases the GIL while
//! the core's blocking facade runs it ([`wait`]), and converts the result.

use std::path::PathBuf;

use pyo3::prelude::*;
use veeva_vault_auth::blocking;
use veeva_vault_auth::secrecy::{ExposeSecret, SecretString};

use super::{Slot, wait};
use crate::convert::{Options, no_panic, token_request};
use crate::error::to_pyerr;
use crate::lifecycle::{ids, orphan_target, query};
use crate::results;
use crate::token::AccessToken;

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

impl VaultClient {
    fn from_blocking(client: blocking::Client) -> Self {
        VaultClient {
            slot: Slot::new(client.as_async().clone()),
        }
    }
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
        let client = wait(py, move || {
            blocking::Client::login(builder, &username, password.expose_secret())
        })?;
        Ok(VaultClient::from_blocking(client))
    }

    /// Logs in with an OAuth 2.0 / OpenID Connect access token from the identity provider and
    /// returns a client holding the new Vault session.
    ///
    /// ``profile_id`` is the Vault OAuth 2.0 / OIDC profile's id; ``client_id`` the OAuth client
    /// id Vault passes to the authorization server (not the ``X-VaultAPI-ClientID`` header:
    /// that one is ``api_client_id`` here). ``login_url`` overrides the login host
    /// (default ``https://login.veevavault.com``). The other options are the constructor's.
    /// Raises :class:`WrongVaultError` on authentication defaulting; never retried.
    #[staticmethod]
    #[pyo3(signature = (vault_dns=None, *, profile_id, idp_access_token, client_id=None,
        login_url=None, api_client_id=None, base_url=None, api_version=None, timeout=None,
        connect_timeout=None, ca_file=None, body_format=None, allow_insecure_http=false,
        max_response_bytes=None))]
    #[allow(clippy::too_many_arguments)]
    fn login_oauth(
        py: Python<'_>,
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
    ) -> PyResult<Self> {
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
        let client = wait(py, move || {
            blocking::Client::login_oauth(
                builder,
                &profile_id,
                idp_token.expose_secret(),
                client_id.as_deref(),
            )
        })?;
        Ok(VaultClient::from_blocking(client))
    }

    /// Generates an API access token and returns an :class:`AccessToken`.
    ///
    /// ``user_id`` is a user id (``str`` or ``int``) or ``"me"``; or give ``sandbox`` (the
    /// sandbox name) for the authenticated user's token in that sandbox. ``expiry_date`` is an
    /// aware ``datetime``, a ``date`` (Vault applies 23:59:59 in the user's time zone), an ISO
    /// 8601 string, or ``None`` (no expiry, if the security profile allows it).
    ///
    /// Sent once, never retried. On failure check the exception's ``outcome_unknown`` before
    /// trying again: a token may exist that you do not hold (see :meth:`find_orphaned_tokens`).
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
        let client = self.slot.blocking(py)?;
        let token = wait(py, move || {
            let token = client.generate_access_token(&request)?;
            crate::test_panic::point(request.name());
            Ok(token)
        })?;
        Ok(AccessToken::from(token))
    }

    /// Lists API access tokens (metadata, never values) as a list of :class:`TokenInfo`.
    ///
    /// ``user_id``: a user id (``str`` or ``int``); ``None`` or ``"me"``: the authenticated
    /// user. ``name``: only tokens with exactly this name. Active tokens only unless
    /// ``include_inactive`` (expired ones too; revoked tokens no longer exist). Follows every
    /// result page.
    #[pyo3(signature = (user_id=None, name=None, include_inactive=false))]
    fn list_access_tokens(
        &self,
        py: Python<'_>,
        user_id: Option<&Bound<'_, PyAny>>,
        name: Option<String>,
        include_inactive: bool,
    ) -> PyResult<Py<PyAny>> {
        let query = query(user_id, name, include_inactive)?;
        let client = self.slot.blocking(py)?;
        let tokens = wait(py, move || client.list_access_tokens(&query))?;
        results::token_list(py, tokens)
    }

    /// One token's metadata (:class:`TokenInfo`), by its record id. An unknown or revoked id
    /// raises :class:`InvalidRequestError`.
    fn get_access_token_info(&self, py: Python<'_>, token_id: String) -> PyResult<Py<PyAny>> {
        let client = self.slot.blocking(py)?;
        let info = wait(py, move || client.get_access_token_info(&token_id))?;
        results::token_info(py, info)
    }

    /// Revokes tokens by record id (any iterable of ``str``; a bare ``str`` is a ``TypeError``)
    /// and returns a :class:`RevokeReport` that puts every id in exactly one of its lists.
    ///
    /// Ids are sent in batches of up to 500. Rows Vault refuses are in ``report.failed``, not an
    /// exception. If a batch fails as a whole or its outcome is unknown, the exception's
    /// ``partial_revoke`` is the report so far. Invalid or repeated ids raise
    /// :class:`InvalidArgumentError` before anything is sent; an empty iterable sends nothing.
    fn revoke_access_tokens(
        &self,
        py: Python<'_>,
        token_ids: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PyAny>> {
        let token_ids = ids(token_ids, "token_ids")?;
        let client = self.slot.blocking(py)?;
        let report = wait(py, move || client.revoke_access_tokens(&token_ids))?;
        results::report(py, report)
    }

    /// Creates a token (arguments as for :meth:`generate_access_token`), then revokes the ids in
    /// ``revoke`` (an iterable of ``str``); returns a :class:`Rotation`.
    ///
    /// Once the new token exists it is always returned: a failing revoke is reported in
    /// ``rotation.revoked`` and ``rotation.revoke_error``, never raised. If the create fails,
    /// that error is raised and nothing is revoked.
    #[pyo3(signature = (*, revoke, user_id=None, sandbox=None, name, expiry_date=None))]
    fn rotate_access_token(
        &self,
        py: Python<'_>,
        revoke: &Bound<'_, PyAny>,
        user_id: Option<&Bound<'_, PyAny>>,
        sandbox: Option<String>,
        name: String,
        expiry_date: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let revoke = ids(revoke, "revoke")?;
        let request = token_request(py, user_id, name, expiry_date, sandbox)?;
        let client = self.slot.blocking(py)?;
        let rotation = wait(py, move || client.rotate_access_token(&request, &revoke))?;
        results::rotation(py, rotation)
    }

    /// Active, never-used tokens named exactly ``name`` of ``user_id`` (``None``: the
    /// authenticated user): those a create whose answer was lost may have made. Revoke them,
    /// then create again. ``sandbox`` is refused (list in the sandbox itself, with a client for
    /// its DNS).
    #[pyo3(signature = (user_id=None, *, name, sandbox=None))]
    fn find_orphaned_tokens(
        &self,
        py: Python<'_>,
        user_id: Option<&Bound<'_, PyAny>>,
        name: String,
        sandbox: Option<String>,
    ) -> PyResult<Py<PyAny>> {
        let target = orphan_target(user_id, sandbox)?;
        let client = self.slot.blocking(py)?;
        let tokens = wait(py, move || client.find_orphaned_tokens(&target, &name))?;
        results::token_list(py, tokens)
    }

    /// Keeps the session alive (``POST /api/{v}/keep-alive``).
    fn keep_alive(&self, py: Python<'_>) -> PyResult<()> {
        let client = self.slot.blocking(py)?;
        wait(py, move || client.keep_alive())
    }

    /// The authenticated user (:class:`UserInfo`).
    fn whoami(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let client = self.slot.blocking(py)?;
        let user = wait(py, move || client.whoami())?;
        results::user(py, user)
    }

    /// Ends the session (``DELETE /api/{v}/session``). Afterwards every call raises
    /// :class:`InvalidArgumentError` without sending anything.
    fn logout(&self, py: Python<'_>) -> PyResult<()> {
        let client = self.slot.blocking(py)?;
        wait(py, move || client.logout())
    }

    /// Checks that this Vault offers the client's API version and returns it (``"v26.2"``); a
    /// Vault without it raises :class:`NotFoundOrUnsupportedError`.
    fn check_api_version(&self, py: Python<'_>) -> PyResult<String> {
        let client = self.slot.blocking(py)?;
        let version = wait(py, move || client.check_api_version())?;
        Ok(version.version().to_string())
    }

    /// The API versions this Vault offers, oldest first (``["v25.3", "v26.1", …]``).
    fn api_versions(&self, py: Python<'_>) -> PyResult<Vec<String>> {
        let client = self.slot.blocking(py)?;
        let versions = wait(py, move || client.api_versions())?;
        Ok(results::version_names(&versions))
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

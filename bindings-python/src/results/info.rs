//! `TokenInfo` (an existing token's metadata, never its value) and `UserInfo` (who the
//! credential belongs to).

use pyo3::prelude::*;

use super::{repr_of, utc_datetime};

/// An existing API access token's metadata, from :meth:`VaultClient.list_access_tokens` and
/// friends. Vault shows a token's value only once, at creation: it is never part of this.
#[pyclass(frozen, module = "veeva_vault_auth", name = "TokenInfo")]
pub struct TokenInfo {
    id: String,
    name: String,
    user_id: String,
    status: String,
    expiry: Option<Py<PyAny>>,
    last_used: Option<Py<PyAny>>,
    active: bool,
}

impl TokenInfo {
    pub(crate) fn from_core(py: Python<'_>, t: &veeva_vault_auth::TokenInfo) -> PyResult<Self> {
        Ok(TokenInfo {
            id: t.id().to_owned(),
            name: t.name().to_owned(),
            user_id: t.user_id().to_owned(),
            status: t.status().to_owned(),
            expiry: utc_datetime(py, t.expiry().map(|d| (d.unix_timestamp(), d.microsecond())))?,
            last_used: utc_datetime(
                py,
                t.last_used().map(|d| (d.unix_timestamp(), d.microsecond())),
            )?,
            active: t.is_active(),
        })
    }
}

#[pymethods]
impl TokenInfo {
    /// The token record's id, as :meth:`VaultClient.revoke_access_tokens` takes it.
    #[getter]
    fn id(&self) -> &str {
        &self.id
    }

    /// The token's name (``name__v``).
    #[getter]
    fn name(&self) -> &str {
        &self.name
    }

    /// The owner's user id (``user__sys``).
    #[getter]
    fn user_id(&self) -> &str {
        &self.user_id
    }

    /// The status name (``status__v``): ``"active__v"``, or ``"inactive__v"`` once expired.
    #[getter]
    fn status(&self) -> &str {
        &self.status
    }

    /// When it expires, as an aware UTC ``datetime``; ``None``: never.
    #[getter]
    fn expiry(&self, py: Python<'_>) -> Option<Py<PyAny>> {
        self.expiry.as_ref().map(|d| d.clone_ref(py))
    }

    /// When it last authenticated a request, as an aware UTC ``datetime``; ``None``: never used.
    #[getter]
    fn last_used(&self, py: Python<'_>) -> Option<Py<PyAny>> {
        self.last_used.as_ref().map(|d| d.clone_ref(py))
    }

    /// ``True`` when Vault reports the token as ``active__v``.
    #[getter]
    fn is_active(&self) -> bool {
        self.active
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let date = |d: &Option<Py<PyAny>>| -> PyResult<String> {
            match d {
                Some(d) => Ok(d.bind(py).call_method0("isoformat")?.to_string()),
                None => Ok("None".to_owned()),
            }
        };
        Ok(format!(
            "TokenInfo(id={}, name={}, user_id={}, status={}, expiry={}, last_used={})",
            repr_of(py, &self.id)?,
            repr_of(py, &self.name)?,
            repr_of(py, &self.user_id)?,
            repr_of(py, &self.status)?,
            date(&self.expiry)?,
            date(&self.last_used)?,
        ))
    }
}

/// The authenticated user, from :meth:`VaultClient.whoami` (Vault's *Validate Session User*).
/// Fields other than ``id`` and ``username`` are ``None`` when Vault leaves them out.
#[pyclass(frozen, module = "veeva_vault_auth", name = "UserInfo")]
pub struct UserInfo {
    id: String,
    username: String,
    first_name: Option<String>,
    last_name: Option<String>,
    email: Option<String>,
    timezone: Option<String>,
    locale: Option<String>,
    security_profile: Option<String>,
    license_type: Option<String>,
    active: Option<bool>,
    execution_id: Option<String>,
}

impl UserInfo {
    pub(crate) fn from_core(u: &veeva_vault_auth::UserInfo) -> Self {
        let own = |s: Option<&str>| s.map(str::to_owned);
        UserInfo {
            id: u.id().to_owned(),
            username: u.username().to_owned(),
            first_name: own(u.first_name()),
            last_name: own(u.last_name()),
            email: own(u.email()),
            timezone: own(u.timezone()),
            locale: own(u.locale()),
            security_profile: own(u.security_profile()),
            license_type: own(u.license_type()),
            active: u.active(),
            execution_id: u.meta().execution_id.clone(),
        }
    }
}

#[pymethods]
impl UserInfo {
    /// The user id, as token targets and listings take it.
    #[getter]
    fn id(&self) -> &str {
        &self.id
    }

    /// The user name (``user_name__v``), e.g. ``"admin@myvault.example"``.
    #[getter]
    fn username(&self) -> &str {
        &self.username
    }

    /// ``user_first_name__v``.
    #[getter]
    fn first_name(&self) -> Option<&str> {
        self.first_name.as_deref()
    }

    /// ``user_last_name__v``.
    #[getter]
    fn last_name(&self) -> Option<&str> {
        self.last_name.as_deref()
    }

    /// ``user_email__v``.
    #[getter]
    fn email(&self) -> Option<&str> {
        self.email.as_deref()
    }

    /// ``user_timezone__v``, e.g. ``"America/New_York"``.
    #[getter]
    fn timezone(&self) -> Option<&str> {
        self.timezone.as_deref()
    }

    /// ``user_locale__v``, e.g. ``"en_US"``.
    #[getter]
    fn locale(&self) -> Option<&str> {
        self.locale.as_deref()
    }

    /// ``security_profile__v``, e.g. ``"system_admin__v"``.
    #[getter]
    fn security_profile(&self) -> Option<&str> {
        self.security_profile.as_deref()
    }

    /// ``license_type__v``, e.g. ``"full__v"``.
    #[getter]
    fn license_type(&self) -> Option<&str> {
        self.license_type.as_deref()
    }

    /// ``active__v``.
    #[getter]
    fn active(&self) -> Option<bool> {
        self.active
    }

    /// ``X-VaultAPI-ExecutionId`` of the call, or ``None``.
    #[getter]
    fn execution_id(&self) -> Option<&str> {
        self.execution_id.as_deref()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "UserInfo(id={}, username={}, first_name={}, last_name={}, email={}, timezone={}, \
             locale={}, security_profile={}, license_type={}, active={})",
            repr_of(py, &self.id)?,
            repr_of(py, &self.username)?,
            repr_of(py, &self.first_name)?,
            repr_of(py, &self.last_name)?,
            repr_of(py, &self.email)?,
            repr_of(py, &self.timezone)?,
            repr_of(py, &self.locale)?,
            repr_of(py, &self.security_profile)?,
            repr_of(py, &self.license_type)?,
            repr_of(py, self.active)?,
        ))
    }
}

//! `AccessToken`: the result of a token call. Its `repr` and `str` never show the token.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyString;
use veeva_vault_auth::secrecy::{ExposeSecret, SecretString};

/// A newly created Vault API access token.
///
/// Vault shows the token once and cannot show it again: store it safely. Read it from
/// :attr:`token`; ``repr()`` and ``str()`` show only the id. Not picklable, so that it is not
/// written anywhere by accident.
#[pyclass(frozen, module = "veeva_vault_auth", name = "AccessToken")]
pub struct AccessToken {
    id: String,
    token: SecretString,
    warnings: Vec<(String, String)>,
    execution_id: Option<String>,
    burst_limit: Option<u64>,
    burst_limit_remaining: Option<u64>,
    response_delay_ms: Option<u64>,
}

impl From<veeva_vault_auth::AccessToken> for AccessToken {
    fn from(t: veeva_vault_auth::AccessToken) -> Self {
        let meta = t.meta();
        AccessToken {
            id: t.id().to_owned(),
            token: t.token().clone(),
            warnings: t
                .warnings()
                .iter()
                .map(|w| (w.kind.clone(), w.message.clone()))
                .collect(),
            execution_id: meta.execution_id.clone(),
            burst_limit: meta.burst_limit,
            burst_limit_remaining: meta.burst_limit_remaining,
            response_delay_ms: meta.response_delay_ms,
        }
    }
}

#[pymethods]
impl AccessToken {
    /// The token record's id (``data.id``), needed to look the token up or revoke it later.
    #[getter]
    fn id(&self) -> &str {
        &self.id
    }

    /// The token itself (``data.token__sys``, starts with ``veeva-vault-``). A secret: the
    /// only place the value can be read.
    #[getter]
    fn token(&self) -> &str {
        self.token.expose_secret()
    }

    /// Vault's warnings (``responseStatus`` ``WARNING``) as ``(type, message)`` pairs, plus
    /// ``CLIENT_UNEXPECTED_TOKEN_FORMAT`` if the token does not look like a Vault token.
    #[getter]
    fn warnings(&self) -> Vec<(String, String)> {
        self.warnings.clone()
    }

    /// ``X-VaultAPI-ExecutionId`` of the call (quote it in support tickets), or ``None``.
    #[getter]
    fn execution_id(&self) -> Option<&str> {
        self.execution_id.as_deref()
    }

    /// ``X-VaultAPI-BurstLimit``: calls allowed in the current burst window, or ``None``.
    #[getter]
    fn burst_limit(&self) -> Option<u64> {
        self.burst_limit
    }

    /// ``X-VaultAPI-BurstLimitRemaining``: calls left in the burst window, or ``None``.
    #[getter]
    fn burst_limit_remaining(&self) -> Option<u64> {
        self.burst_limit_remaining
    }

    /// ``X-VaultAPI-ResponseDelay``: milliseconds Vault delayed the answer, or ``None``.
    #[getter]
    fn response_delay_ms(&self) -> Option<u64> {
        self.response_delay_ms
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let id = PyString::new(py, &self.id).repr()?;
        let warnings: Vec<&str> = self
            .warnings
            .iter()
            .map(|(kind, _)| kind.as_str())
            .collect();
        let warnings = warnings.into_pyobject(py)?.repr()?;
        Ok(format!(
            "AccessToken(id={id}, token=<redacted>, warnings={warnings})"
        ))
    }

    fn __str__(&self, py: Python<'_>) -> PyResult<String> {
        self.__repr__(py)
    }

    fn __reduce__(&self) -> PyResult<()> {
        Err(PyTypeError::new_err(
            "AccessToken is not picklable (it holds a secret); store .token in a secret store instead",
        ))
    }
}

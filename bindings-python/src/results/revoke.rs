//! `RevokeFailure`, `RevokeReport` (what happened to every id of a revoke) and `Rotation` (a new
//! token plus the revoke of old ones).
//!
//! Reports can be made and pickled (an exception's `partial_revoke` is one, and exceptions
//! pickle); a `Rotation` holds a token and, like `AccessToken`, cannot be pickled.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyTuple;

use super::repr_of;
use crate::error::to_pyerr;
use crate::token::AccessToken;

/// One id Vault did not revoke, with why: ``errors`` is Vault's ``errors[]`` for it as
/// ``(type, message)`` pairs (branch on the type, never on the message).
#[pyclass(frozen, eq, module = "veeva_vault_auth", name = "RevokeFailure")]
#[derive(Clone, PartialEq)]
pub struct RevokeFailure {
    id: String,
    errors: Vec<(String, String)>,
}

#[pymethods]
impl RevokeFailure {
    #[new]
    #[pyo3(signature = (id, errors=Vec::new()))]
    fn new(id: String, errors: Vec<(String, String)>) -> Self {
        RevokeFailure { id, errors }
    }

    /// The token record id.
    #[getter]
    fn id(&self) -> &str {
        &self.id
    }

    /// Vault's ``errors[]`` for this id, as ``(type, message)`` pairs.
    #[getter]
    fn errors(&self) -> Vec<(String, String)> {
        self.errors.clone()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "RevokeFailure(id={}, errors={})",
            repr_of(py, &self.id)?,
            repr_of(py, self.errors.clone())?
        ))
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let me = slf.get();
        let args = (me.id.clone(), me.errors.clone()).into_pyobject(slf.py())?;
        Ok((slf.get_type().into_any(), args))
    }
}

/// What happened to each id given to :meth:`VaultClient.revoke_access_tokens`: every id is in
/// exactly one of the four lists, in the order given.
///
/// ``revoked``: these tokens no longer work. ``failed``: Vault refused these (per row, or their
/// whole batch); unchanged. ``unknown``: sent, but no readable answer came back; they may or may
/// not be revoked (list them to know). ``not_sent``: never sent because an earlier batch
/// failed; unchanged.
#[pyclass(frozen, eq, module = "veeva_vault_auth", name = "RevokeReport")]
#[derive(Clone, PartialEq)]
pub struct RevokeReport {
    revoked: Vec<String>,
    failed: Vec<RevokeFailure>,
    unknown: Vec<String>,
    not_sent: Vec<String>,
}

impl RevokeReport {
    pub(crate) fn from_core(r: &veeva_vault_auth::RevokeReport) -> Self {
        RevokeReport {
            revoked: r.revoked.clone(),
            failed: r
                .failed
                .iter()
                .map(|f| RevokeFailure {
                    id: f.id.clone(),
                    errors: f
                        .errors
                        .iter()
                        .map(|m| (m.kind.clone(), m.message.clone()))
                        .collect(),
                })
                .collect(),
            unknown: r.unknown.clone(),
            not_sent: r.not_sent.clone(),
        }
    }
}

#[pymethods]
impl RevokeReport {
    #[new]
    #[pyo3(signature = (revoked=Vec::new(), failed=Vec::new(), unknown=Vec::new(), not_sent=Vec::new()))]
    fn new(
        revoked: Vec<String>,
        failed: Vec<Bound<'_, RevokeFailure>>,
        unknown: Vec<String>,
        not_sent: Vec<String>,
    ) -> Self {
        RevokeReport {
            revoked,
            failed: failed.iter().map(|f| f.get().clone()).collect(),
            unknown,
            not_sent,
        }
    }

    /// Ids revoked: these tokens no longer work.
    #[getter]
    fn revoked(&self) -> Vec<String> {
        self.revoked.clone()
    }

    /// Ids Vault refused, each a :class:`RevokeFailure` with Vault's errors.
    #[getter]
    fn failed(&self) -> Vec<RevokeFailure> {
        self.failed.clone()
    }

    /// Ids sent without a readable answer: they may or may not be revoked.
    #[getter]
    fn unknown(&self) -> Vec<String> {
        self.unknown.clone()
    }

    /// Ids never sent (an earlier batch failed): unchanged.
    #[getter]
    fn not_sent(&self) -> Vec<String> {
        self.not_sent.clone()
    }

    /// ``True`` when every id was revoked.
    #[getter]
    fn is_complete(&self) -> bool {
        self.failed.is_empty() && self.unknown.is_empty() && self.not_sent.is_empty()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let failed = self
            .failed
            .iter()
            .map(|f| f.__repr__(py))
            .collect::<PyResult<Vec<_>>>()?
            .join(", ");
        Ok(format!(
            "RevokeReport(revoked={}, failed=[{failed}], unknown={}, not_sent={})",
            repr_of(py, self.revoked.clone())?,
            repr_of(py, self.unknown.clone())?,
            repr_of(py, self.not_sent.clone())?
        ))
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let me = slf.get();
        let args = (
            me.revoked.clone(),
            me.failed.clone(),
            me.unknown.clone(),
            me.not_sent.clone(),
        )
            .into_pyobject(slf.py())?;
        Ok((slf.get_type().into_any(), args))
    }
}

/// The result of :meth:`VaultClient.rotate_access_token`: the new token, and what happened to
/// the old ones. Store ``token`` first: its value is shown once.
#[pyclass(frozen, module = "veeva_vault_auth", name = "Rotation")]
pub struct Rotation {
    token: Py<AccessToken>,
    revoked: Py<RevokeReport>,
    revoke_error: Option<Py<PyAny>>,
    complete: bool,
}

impl Rotation {
    pub(crate) fn from_core(py: Python<'_>, r: veeva_vault_auth::Rotation) -> PyResult<Self> {
        let complete = r.is_complete();
        let revoke_error = r
            .revoke_error
            .as_ref()
            .map(|e| to_pyerr(py, e).into_value(py).into_any());
        Ok(Rotation {
            token: Py::new(py, AccessToken::from(r.token))?,
            revoked: Py::new(py, RevokeReport::from_core(&r.revoked))?,
            revoke_error,
            complete,
        })
    }
}

#[pymethods]
impl Rotation {
    /// The new :class:`AccessToken`.
    #[getter]
    fn token(&self, py: Python<'_>) -> Py<AccessToken> {
        self.token.clone_ref(py)
    }

    /// The :class:`RevokeReport` for the ids to revoke (when the revoke failed, the ids it
    /// could not account for are in its ``failed``, ``unknown`` or ``not_sent``).
    #[getter]
    fn revoked(&self, py: Python<'_>) -> Py<RevokeReport> {
        self.revoked.clone_ref(py)
    }

    /// The :class:`VaultError` that stopped the revoke, or ``None`` (a refused row is not an
    /// error: see ``revoked.failed``).
    #[getter]
    fn revoke_error(&self, py: Python<'_>) -> Option<Py<PyAny>> {
        self.revoke_error.as_ref().map(|e| e.clone_ref(py))
    }

    /// ``True`` when the token was created and every old id revoked.
    #[getter]
    fn is_complete(&self) -> bool {
        self.complete
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let error = match &self.revoke_error {
            Some(e) => e.bind(py).repr()?.to_string(),
            None => "None".to_owned(),
        };
        Ok(format!(
            "Rotation(token={}, revoked={}, revoke_error={error})",
            self.token.bind(py).repr()?,
            self.revoked.bind(py).repr()?,
        ))
    }

    fn __reduce__(&self) -> PyResult<()> {
        Err(PyTypeError::new_err(
            "Rotation is not picklable (its token is a secret); store .token.token in a secret store instead",
        ))
    }
}

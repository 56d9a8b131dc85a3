//! The one place a core [`Error`] becomes a Python exception.
//!
//! The exception classes live in `veeva_vault_auth/_errors.py` (Python classes can inherit from
//! both `VaultError` and a builtin such as `ValueError` or `TimeoutError`, and pickle by name);
//! this module picks the class for an [`ErrorKind`] and fills in the attributes. Only safe parts
//! of the core error are copied: its message (already free of secrets), Vault's masked
//! `errors[]`, the HTTP status, the execution id, whether the outcome is unknown, and the
//! partial report of a revoke that failed midway (`partial_revoke`).

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyModule};
use veeva_vault_auth::{Error, ErrorKind};

use crate::results::RevokeReport;

const ERRORS_MODULE: &str = "veeva_vault_auth._errors";

/// The exception class name for a kind. Every kind has its own class; a kind added to the core
/// later falls back to the base class (its `.code` is still the core's code).
pub(crate) fn class_name(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::InvalidArgument => "InvalidArgumentError",
        ErrorKind::AuthenticationFailed => "AuthenticationError",
        ErrorKind::InvalidSession => "InvalidSessionError",
        ErrorKind::WrongVault => "WrongVaultError",
        ErrorKind::PermissionDenied => "PermissionDeniedError",
        ErrorKind::InvalidRequest => "InvalidRequestError",
        ErrorKind::OperationNotAllowed => "OperationNotAllowedError",
        ErrorKind::NotFoundOrUnsupported => "NotFoundOrUnsupportedError",
        ErrorKind::RateLimited => "RateLimitedError",
        ErrorKind::ServerError => "ServerError",
        ErrorKind::VaultError => "UnknownVaultError",
        ErrorKind::HttpStatus => "HttpStatusError",
        ErrorKind::Connect => "ConnectError",
        ErrorKind::Timeout => "VaultTimeoutError",
        ErrorKind::Transport => "TransportError",
        ErrorKind::Decode => "DecodeError",
        ErrorKind::Redirect => "RedirectError",
        ErrorKind::Tls => "TlsError",
        ErrorKind::Internal => "InternalError",
        _ => "VaultError",
    }
}

fn errors_module(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    static MODULE: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    MODULE
        .get_or_try_init(py, || py.import(ERRORS_MODULE).map(Bound::unbind))
        .map(|m| m.bind(py))
}

/// The Python exception for a core error.
pub(crate) fn to_pyerr(py: Python<'_>, err: &Error) -> PyErr {
    let vault_errors: Vec<(&str, &str)> = err
        .vault_errors()
        .iter()
        .map(|m| (m.kind.as_str(), m.message.as_str()))
        .collect();
    build(
        py,
        class_name(err.kind()),
        &err.to_string(),
        err.code(),
        vault_errors,
        err.http_status(),
        err.execution_id(),
        err.outcome_unknown(),
        err.partial_revoke(),
    )
}

/// An `InvalidArgumentError` raised by the binding itself, for a value it cannot even hand to
/// the core (a negative timeout, an unknown body format, a closed client). Nothing was sent.
pub(crate) fn invalid_argument(py: Python<'_>, message: &str) -> PyErr {
    let kind = ErrorKind::InvalidArgument;
    build(
        py,
        class_name(kind),
        &format!("{}: {message}", kind.code()),
        kind.code(),
        Vec::new(),
        None,
        None,
        false,
        None,
    )
}

/// A call of the wrong shape (arguments missing or conflicting), like Python's own.
pub(crate) fn type_error(message: &str) -> PyErr {
    PyTypeError::new_err(message.to_owned())
}

#[allow(clippy::too_many_arguments)]
fn build(
    py: Python<'_>,
    class: &str,
    message: &str,
    code: &str,
    vault_errors: Vec<(&str, &str)>,
    http_status: Option<u16>,
    execution_id: Option<&str>,
    outcome_unknown: bool,
    partial_revoke: Option<&veeva_vault_auth::RevokeReport>,
) -> PyErr {
    let made = (|| -> PyResult<PyErr> {
        let class = errors_module(py)?.getattr(class)?;
        let kwargs = PyDict::new(py);
        kwargs.set_item("code", code)?;
        kwargs.set_item("vault_errors", vault_errors)?;
        kwargs.set_item("http_status", http_status)?;
        kwargs.set_item("execution_id", execution_id)?;
        kwargs.set_item("outcome_unknown", outcome_unknown)?;
        if let Some(report) = partial_revoke {
            kwargs.set_item("partial_revoke", RevokeReport::from_core(report))?;
        }
        Ok(PyErr::from_value(class.call((message,), Some(&kwargs))?))
    })();
    // If even the exception cannot be made (the package half-imported), raise why.
    made.unwrap_or_else(|e| e)
}

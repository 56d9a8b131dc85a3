//! The lifecycle calls' results as Python objects: [`info`] has `TokenInfo` and `UserInfo`,
//! [`revoke`] has `RevokeFailure`, `RevokeReport` and `Rotation`. All are frozen, with a
//! `repr` that never shows a secret. The functions here turn core values into them; they run
//! with the GIL held (datetimes and exceptions are Python objects made once, at conversion).

mod info;
mod revoke;

pub use info::{TokenInfo, UserInfo};
pub use revoke::{RevokeFailure, RevokeReport, Rotation};

use pyo3::IntoPyObjectExt;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyList;
use veeva_vault_auth::ApiVersionInfo;

/// A list of token infos.
pub(crate) fn token_list(
    py: Python<'_>,
    tokens: Vec<veeva_vault_auth::TokenInfo>,
) -> PyResult<Py<PyAny>> {
    let items = tokens
        .iter()
        .map(|t| TokenInfo::from_core(py, t))
        .collect::<PyResult<Vec<_>>>()?;
    Ok(PyList::new(py, items)?.into_any().unbind())
}

pub(crate) fn token_info(py: Python<'_>, token: veeva_vault_auth::TokenInfo) -> PyResult<Py<PyAny>> {
    TokenInfo::from_core(py, &token)?.into_py_any(py)
}

pub(crate) fn report(py: Python<'_>, report: veeva_vault_auth::RevokeReport) -> PyResult<Py<PyAny>> {
    RevokeReport::from_core(&report).into_py_any(py)
}

pub(crate) fn rotation(py: Python<'_>, rotation: veeva_vault_auth::Rotation) -> PyResult<Py<PyAny>> {
    Rotation::from_core(py, rotation)?.into_py_any(py)
}

pub(crate) fn user(py: Python<'_>, user: veeva_vault_auth::UserInfo) -> PyResult<Py<PyAny>> {
    UserInfo::from_core(&user).into_py_any(py)
}

/// For calls that return nothing: `None` (an empty tuple is what `()` would become).
pub(crate) fn none(py: Python<'_>, _: ()) -> PyResult<Py<PyAny>> {
    Ok(py.None())
}

/// `api_versions()`: the version names, in the core's order (oldest first).
pub(crate) fn version_names(versions: &[ApiVersionInfo]) -> Vec<String> {
    versions.iter().map(|v| v.version().to_string()).collect()
}

/// An aware UTC `datetime` for Unix seconds and microseconds: the epoch plus a `timedelta`,
/// exact over the whole range `datetime` can hold (the core's dates are RFC 3339, years 0-9999).
pub(crate) fn utc_datetime(py: Python<'_>, unix: Option<(i64, u32)>) -> PyResult<Option<Py<PyAny>>> {
    static EPOCH: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    static TIMEDELTA: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let Some((seconds, micros)) = unix else {
        return Ok(None);
    };
    let epoch = EPOCH.get_or_try_init(py, || -> PyResult<Py<PyAny>> {
        let datetime = py.import("datetime")?;
        let utc = datetime.getattr("timezone")?.getattr("utc")?;
        let kwargs = pyo3::types::PyDict::new(py);
        kwargs.set_item("tzinfo", utc)?;
        Ok(datetime.getattr("datetime")?.call((1970, 1, 1), Some(&kwargs))?.unbind())
    })?;
    let timedelta = TIMEDELTA.get_or_try_init(py, || -> PyResult<Py<PyAny>> {
        Ok(py.import("datetime")?.getattr("timedelta")?.unbind())
    })?;
    let delta = timedelta.bind(py).call1((0, seconds, micros))?;
    Ok(Some(epoch.bind(py).add(delta)?.unbind()))
}

/// Python's `repr` of a value, for the result types' own `repr`.
pub(crate) fn repr_of<'py, T: IntoPyObject<'py>>(py: Python<'py>, value: T) -> PyResult<String> {
    let object = value.into_bound_py_any(py)?;
    Ok(object.repr()?.to_string())
}

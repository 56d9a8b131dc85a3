//! Python binding of `veeva-vault-auth`: the `veeva_vault_auth._native` extension module.
//!
//! Exposes `VaultClient` (blocking; the GIL is released while a call waits), `AsyncVaultClient`
//! (asyncio awaitables driven by the core's shared tokio runtime), `AccessToken`, the lifecycle
//! results (`TokenInfo`, `RevokeReport`, `RevokeFailure`, `Rotation`, `UserInfo`), the
//! one-shot `generate_access_token`, and `_MockServer` (the mock Vault in-process, for
//! `veeva_vault_auth.testing`). Everything is a thin layer over the core: no HTTP and no
//! validation here. Core errors become Python exceptions in exactly one place (`error.rs`),
//! and panics are caught at the boundary and raised as `InternalError`.

mod asyncio;
mod client;
mod convert;
mod error;
mod lifecycle;
mod mock;
mod results;
mod test_panic;
mod token;

use pyo3::prelude::*;
use veeva_vault_auth::ErrorKind;

/// ``(code, exception class name)`` for every error kind the core defines, in the core's order.
///
/// Every code has its own class in :mod:`veeva_vault_auth`; the tests use this to prove it.
#[pyfunction]
fn error_classes() -> Vec<(&'static str, &'static str)> {
    ErrorKind::ALL
        .iter()
        .map(|k| (k.code(), error::class_name(*k)))
        .collect()
}

/// Native part of the ``veeva_vault_auth`` package (import the package, not this module).
#[pymodule]
#[pyo3(name = "_native")]
fn veeva_vault_auth_py(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<client::VaultClient>()?;
    m.add_class::<client::AsyncVaultClient>()?;
    m.add_class::<token::AccessToken>()?;
    m.add_class::<results::TokenInfo>()?;
    m.add_class::<results::RevokeFailure>()?;
    m.add_class::<results::RevokeReport>()?;
    m.add_class::<results::Rotation>()?;
    m.add_class::<results::UserInfo>()?;
    m.add_class::<mock::MockServer>()?;
    m.add_function(wrap_pyfunction!(client::generate_access_token, m)?)?;
    m.add_function(wrap_pyfunction!(error_classes, m)?)?;
    // The package's version, and the core's it was built from (`python -m veeva_vault_auth --version`).
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("_core_version", veeva_vault_auth::VERSION)?;
    m.add(
        "DEFAULT_API_VERSION",
        veeva_vault_auth::DEFAULT_API_VERSION.to_string(),
    )?;
    Ok(())
}

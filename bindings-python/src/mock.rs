//! `_MockServer`: the mock Vault (the `mock-vault` crate) running inside this process, for
//! `veeva_vault_auth.testing.MockVault`. It runs on its own thread and runtime and never takes
//! the GIL, so blocking and asyncio clients in the same process talk to it over loopback HTTP
//! like to any server. Data crosses as JSON text (the mock's own serialisation); the Python
//! class turns it into typed objects.

use std::sync::{Mutex, MutexGuard};

use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use serde_json::{Value, json};

/// The mock Vault in this process (private: use ``veeva_vault_auth.testing.MockVault``).
#[pyclass(frozen, module = "veeva_vault_auth._native", name = "_MockServer")]
pub struct MockServer {
    vault: Mutex<Option<mock_vault::MockVault>>,
}

impl MockServer {
    fn lock(&self) -> MutexGuard<'_, Option<mock_vault::MockVault>> {
        self.vault.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn with<T>(&self, f: impl FnOnce(&mock_vault::MockVault) -> PyResult<T>) -> PyResult<T> {
        match &*self.lock() {
            Some(vault) => f(vault),
            None => Err(PyRuntimeError::new_err("this MockVault is closed")),
        }
    }
}

fn json_text(text: serde_json::Result<String>) -> PyResult<String> {
    text.map_err(|e| PyRuntimeError::new_err(e.to_string()))
}

#[pymethods]
impl MockServer {
    /// Starts the mock with its default fixtures on a free port of 127.0.0.1.
    #[new]
    fn new(py: Python<'_>) -> PyResult<Self> {
        let vault = py
            .detach(mock_vault::MockVault::start)
            .map_err(|e| PyRuntimeError::new_err(format!("the mock Vault did not start: {e}")))?;
        Ok(MockServer {
            vault: Mutex::new(Some(vault)),
        })
    }

    /// ``http://127.0.0.1:PORT``.
    #[getter]
    fn url(&self) -> PyResult<String> {
        self.with(|v| Ok(v.url()))
    }

    /// Queues scripted answers: JSON text of one script object or an array of them (the
    /// ``/__mock/script`` format of the mock's README).
    fn push_scripts(&self, scripts: &str) -> PyResult<usize> {
        let value: Value =
            serde_json::from_str(scripts).map_err(|e| PyValueError::new_err(e.to_string()))?;
        let list = match value {
            Value::Array(items) => items,
            other => vec![other],
        };
        let parsed = list
            .into_iter()
            .map(serde_json::from_value::<mock_vault::Script>)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| PyValueError::new_err(format!("not a mock script: {e}")))?;
        let n = parsed.len();
        self.with(|v| {
            parsed.into_iter().for_each(|s| v.push_script(s));
            Ok(n)
        })
    }

    /// Every API request received, as JSON text.
    fn requests_json(&self) -> PyResult<String> {
        self.with(|v| json_text(serde_json::to_string(&v.requests())))
    }

    /// Every token minted (revoked ones included, values never), as JSON text.
    fn tokens_json(&self) -> PyResult<String> {
        self.with(|v| json_text(serde_json::to_string(&v.tokens())))
    }

    /// Connections that carried API requests.
    fn connections(&self) -> PyResult<u64> {
        self.with(|v| Ok(v.connections()))
    }

    /// Mints a token directly (no checks); returns its id. ``expires_at`` is RFC 3339.
    #[pyo3(signature = (user_id, name, expires_at=None))]
    fn add_token(&self, user_id: u64, name: &str, expires_at: Option<&str>) -> PyResult<String> {
        self.with(|v| {
            v.add_token(user_id, name, expires_at)
                .map(|t| t.id)
                .ok_or_else(|| PyValueError::new_err("unknown user id, or expires_at is not RFC 3339"))
        })
    }

    /// Rows per query page.
    fn set_page_size(&self, rows: usize) -> PyResult<()> {
        self.with(|v| {
            v.set_page_size(rows);
            Ok(())
        })
    }

    /// The fixture users (id, user name, password, admin, VeevaID, login error, maximum token
    /// days, IdP token of the OAuth profile), as JSON text.
    #[staticmethod]
    fn users_json() -> PyResult<String> {
        let fixtures = mock_vault::Fixtures::default();
        let idp_token = |id: u64| {
            fixtures
                .oauth_profiles
                .iter()
                .flat_map(|p| p.idp_tokens.iter())
                .find(|(_, user)| **user == id)
                .map(|(token, _)| token.clone())
        };
        let users: Vec<Value> = fixtures
            .users
            .iter()
            .map(|u| {
                json!({
                    "id": u.id.to_string(), "username": u.username, "password": u.password,
                    "admin": u.admin, "veevaid": u.veevaid, "login_error": u.login_error,
                    "max_token_days": u.max_token_days, "idp_token": idp_token(u.id),
                })
            })
            .collect();
        json_text(serde_json::to_string(&users))
    }

    /// Stops the mock (waiting for its thread, with the GIL released). Idempotent.
    fn close(&self, py: Python<'_>) {
        let vault = self.lock().take();
        py.detach(move || drop(vault));
    }

    /// ``True`` after :meth:`close`.
    #[getter]
    fn closed(&self) -> bool {
        self.lock().is_none()
    }
}

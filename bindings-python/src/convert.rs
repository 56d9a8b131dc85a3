//! Python arguments to core values. Shapes and types are checked here; every value is checked by
//! the core (this module never decides whether a user id, a name, an expiry or a URL is valid).

use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyInt, PyString, PyType};
use veeva_vault_auth::{BodyFormat, ClientBuilder, Error, Expiry, TokenRequest, TokenTarget};

use crate::error::{invalid_argument, to_pyerr, type_error};

/// Client options shared by every constructor, `login` and the module-level function.
pub(crate) struct Options {
    pub vault_dns: Option<String>,
    pub base_url: Option<String>,
    /// The OAuth login host (`login_oauth` only).
    pub login_url: Option<String>,
    pub api_version: Option<String>,
    pub client_id: Option<String>,
    pub timeout: Option<f64>,
    pub connect_timeout: Option<f64>,
    pub ca_file: Option<PathBuf>,
    pub body_format: Option<String>,
    pub allow_insecure_http: bool,
    pub max_response_bytes: Option<usize>,
}

impl Options {
    /// A core builder with these options (no credential yet).
    pub(crate) fn builder(self, py: Python<'_>) -> PyResult<ClientBuilder> {
        let mut b = veeva_vault_auth::Client::builder().binding_name("python");
        if let Some(dns) = self.vault_dns {
            b = b.vault_dns(dns);
        }
        if let Some(url) = self.base_url {
            b = b.base_url(url);
        }
        if let Some(url) = self.login_url {
            b = b.login_url(url);
        }
        if let Some(version) = self.api_version {
            b = b.api_version(version);
        }
        if let Some(id) = self.client_id {
            b = b.client_id(id);
        }
        if let Some(t) = self.timeout {
            b = b.timeout(seconds(py, t, "timeout")?);
        }
        if let Some(t) = self.connect_timeout {
            b = b.connect_timeout(seconds(py, t, "connect_timeout")?);
        }
        if let Some(path) = self.ca_file {
            b = b.ca_file(path);
        }
        match self.body_format.as_deref() {
            None | Some("form") => {}
            Some("json") => b = b.body_format(BodyFormat::Json),
            Some(_) => {
                return Err(invalid_argument(
                    py,
                    "body_format must be \"form\" or \"json\"",
                ));
            }
        }
        if let Some(n) = self.max_response_bytes {
            b = b.max_response_bytes(n);
        }
        Ok(b.allow_insecure_http(self.allow_insecure_http))
    }

    /// A builder with the credential as well (exactly one of the two).
    pub(crate) fn builder_with_credential(
        self,
        py: Python<'_>,
        session_id: Option<String>,
        access_token: Option<String>,
    ) -> PyResult<ClientBuilder> {
        let b = self.builder(py)?;
        match (session_id, access_token) {
            (Some(s), None) => Ok(b.session_id(s)),
            (None, Some(t)) => Ok(b.access_token(t)),
            (Some(_), Some(_)) => Err(type_error("pass session_id or access_token, not both")),
            // The core reports the missing credential.
            (None, None) => Ok(b),
        }
    }
}

/// Seconds as a float to a duration; zero is left for the core to reject.
fn seconds(py: Python<'_>, value: f64, what: &str) -> PyResult<Duration> {
    Duration::try_from_secs_f64(value).map_err(|_| {
        invalid_argument(
            py,
            &format!("{what} must be a finite, non-negative number of seconds"),
        )
    })
}

/// A `user_id` argument (a str, an int or "me") as text; `None` when it was not given.
pub(crate) fn user_id(user_id: Option<&Bound<'_, PyAny>>) -> PyResult<Option<String>> {
    match user_id {
        None => Ok(None),
        Some(v) if v.is_none() => Ok(None),
        Some(v) if v.is_instance_of::<PyString>() => Ok(Some(v.extract::<String>()?)),
        Some(v) if v.is_instance_of::<PyInt>() && !v.is_instance_of::<PyBool>() => {
            Ok(Some(v.str()?.to_string()))
        }
        Some(_) => Err(type_error("user_id must be a str, an int or \"me\"")),
    }
}

/// `user_id` (str, int or "me") and `sandbox` to a core target.
pub(crate) fn target(
    user_id: Option<&Bound<'_, PyAny>>,
    sandbox: Option<String>,
) -> PyResult<TokenTarget> {
    let user = self::user_id(user_id)?;
    match (user, sandbox) {
        (Some(user), None) => Ok(TokenTarget::user(user)),
        (None, Some(sandbox)) => Ok(TokenTarget::sandbox(sandbox)),
        (Some(user), Some(sandbox)) if user == "me" => Ok(TokenTarget::sandbox(sandbox)),
        (Some(_), Some(_)) => Err(type_error(
            "a sandbox token is always for the authenticated user: leave user_id out (or pass \"me\")",
        )),
        (None, None) => Err(type_error(
            "user_id (a user id or \"me\") or sandbox is required",
        )),
    }
}

fn date_types(py: Python<'_>) -> PyResult<(&Bound<'_, PyType>, &Bound<'_, PyType>)> {
    static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    static DATE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    Ok((
        DATETIME.import(py, "datetime", "datetime")?,
        DATE.import(py, "datetime", "date")?,
    ))
}

/// `expiry_date` to a core expiry. Datetimes and dates go to the core's parser as ISO text, so
/// the core alone decides what is valid (a naive datetime has no offset and is rejected there).
fn expiry(py: Python<'_>, value: Option<&Bound<'_, PyAny>>) -> PyResult<Expiry> {
    let Some(value) = value else {
        return Ok(Expiry::Never);
    };
    if value.is_none() {
        return Ok(Expiry::Never);
    }
    let (datetime, date) = date_types(py)?;
    let naive_datetime = value.is_instance(datetime)? && value.call_method0("utcoffset")?.is_none();
    let text: String = if value.is_instance(datetime)? || value.is_instance(date)? {
        value.call_method0("isoformat")?.extract()?
    } else if value.is_instance_of::<PyString>() {
        value.extract()?
    } else {
        return Err(type_error(
            "expiry_date must be an aware datetime, a date, an ISO 8601 string or None",
        ));
    };
    Expiry::parse(&text).map_err(|e| {
        let err = to_pyerr(py, &e);
        if naive_datetime {
            // `add_note` exists from Python 3.11; older versions just get the core's message.
            let _ = err.value(py).call_method1(
                "add_note",
                ("expiry_date is a naive datetime: give it a tzinfo, e.g. tzinfo=timezone.utc",),
            );
        }
        err
    })
}

/// The core request for a `generate_access_token` call.
pub(crate) fn token_request(
    py: Python<'_>,
    user_id: Option<&Bound<'_, PyAny>>,
    name: String,
    expiry_date: Option<&Bound<'_, PyAny>>,
    sandbox: Option<String>,
) -> PyResult<TokenRequest> {
    let target = target(user_id, sandbox)?;
    Ok(TokenRequest::new(target, name).expiry(expiry(py, expiry_date)?))
}

const PANIC_MESSAGE: &str = "a panic was caught inside veeva_vault_auth (a bug; please report it)";

/// Runs `f`, turning a panic into an internal error instead of unwinding into Python.
pub(crate) fn no_panic<T>(f: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| Err(Error::internal(PANIC_MESSAGE)))
}

/// A future that turns a panic while polling into an internal error.
pub(crate) struct NoPanic<F>(Pin<Box<F>>);

impl<F> NoPanic<F> {
    pub(crate) fn new(future: F) -> Self {
        NoPanic(Box::pin(future))
    }
}

impl<T, F: Future<Output = Result<T, Error>>> Future for NoPanic<F> {
    type Output = Result<T, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let future = self.0.as_mut();
        catch_unwind(AssertUnwindSafe(|| future.poll(cx)))
            .unwrap_or_else(|_| Poll::Ready(Err(Error::internal(PANIC_MESSAGE))))
    }
}

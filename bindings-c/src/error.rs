//! `vva_status`, `vva_error` and the one translation from core errors to them.

use std::ffi::{CStr, CString, c_char, c_int};
use std::ptr;

use vva_core::{Error, ErrorKind};

use crate::ffi::{cstring_lossy, guard_value, opt_ptr};
use crate::report::vva_revoke_report;

/// The outcome of a call. The numbers are part of the ABI: they are never renumbered or reused,
/// and new ones may be added (handle unknown values, e.g. with a `default:` branch).
///
/// `VVA_OK` is 0; 1 to 19 are the core's error categories (their stable string codes, as
/// returned by `vva_status_str` and `vva_error_code`, are given with each value); 99 stands for a
/// category newer than this build of the C binding; 100 and up are C-specific.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum vva_status {
    /// `"ok"`: success.
    VVA_OK = 0,
    /// `"invalid_argument"`: the input was rejected locally; nothing was sent.
    VVA_INVALID_ARGUMENT = 1,
    /// `"authentication_failed"`: login failed (wrong password, locked or inactive user, ...).
    VVA_AUTHENTICATION_FAILED = 2,
    /// `"invalid_session"`: the session id or access token was not accepted.
    VVA_INVALID_SESSION = 3,
    /// `"permission_denied"`: the user may not do this.
    VVA_PERMISSION_DENIED = 4,
    /// `"invalid_request"`: Vault rejected the request's data.
    VVA_INVALID_REQUEST = 5,
    /// `"operation_not_allowed"`: Vault's rules forbid it (token limit, `VeevaID` user, expiry
    /// beyond the security profile's maximum, ...).
    VVA_OPERATION_NOT_ALLOWED = 6,
    /// `"not_found_or_unsupported"`: the endpoint does not exist in this API version.
    VVA_NOT_FOUND_OR_UNSUPPORTED = 7,
    /// `"rate_limited"`: a Vault rate limit was hit.
    VVA_RATE_LIMITED = 8,
    /// `"server_error"`: Vault reported a system error; the outcome is unknown.
    VVA_SERVER_ERROR = 9,
    /// `"vault_error"`: Vault failed with an error type this library does not know (the type is
    /// available verbatim through `vva_error_vault_type_at`).
    VVA_VAULT_ERROR = 10,
    /// `"wrong_vault"`: login produced a session for another Vault; it was not used.
    VVA_WRONG_VAULT = 11,
    /// `"http_status"`: a non-200 HTTP answer without a Vault response (proxy, load balancer).
    VVA_HTTP_STATUS = 12,
    /// `"connect_failed"`: no connection could be made; nothing was sent.
    VVA_CONNECT_FAILED = 13,
    /// `"timeout"`: the connect timeout or the total deadline passed.
    VVA_TIMEOUT = 14,
    /// `"transport_failed"`: the connection failed after the request may have been sent.
    VVA_TRANSPORT_FAILED = 15,
    /// `"decode_failed"`: the response was not a Vault response this library can read.
    VVA_DECODE_FAILED = 16,
    /// `"redirect_refused"`: the server answered with a redirect, which is never followed.
    VVA_REDIRECT_REFUSED = 17,
    /// `"tls_failed"`: the TLS handshake failed.
    VVA_TLS_FAILED = 18,
    /// `"internal_error"`: a bug in the core library; the outcome is unknown.
    VVA_INTERNAL_ERROR = 19,
    /// `"other"`: an error category added to the core after this build of the C binding;
    /// `vva_error_code` still gives the category's own stable code.
    VVA_OTHER = 99,
    /// `"null_parameter"`: a required pointer argument was NULL.
    VVA_NULL_PARAMETER = 100,
    /// `"invalid_utf8"`: a string argument was not valid UTF-8.
    VVA_INVALID_UTF8 = 101,
    /// `"panic"`: a bug in this library was caught at the C boundary; the outcome is unknown.
    VVA_PANIC = 102,
}

impl vva_status {
    /// Every status, for `vva_status_str`.
    const ALL: [vva_status; 24] = [
        vva_status::VVA_OK,
        vva_status::VVA_INVALID_ARGUMENT,
        vva_status::VVA_AUTHENTICATION_FAILED,
        vva_status::VVA_INVALID_SESSION,
        vva_status::VVA_PERMISSION_DENIED,
        vva_status::VVA_INVALID_REQUEST,
        vva_status::VVA_OPERATION_NOT_ALLOWED,
        vva_status::VVA_NOT_FOUND_OR_UNSUPPORTED,
        vva_status::VVA_RATE_LIMITED,
        vva_status::VVA_SERVER_ERROR,
        vva_status::VVA_VAULT_ERROR,
        vva_status::VVA_WRONG_VAULT,
        vva_status::VVA_HTTP_STATUS,
        vva_status::VVA_CONNECT_FAILED,
        vva_status::VVA_TIMEOUT,
        vva_status::VVA_TRANSPORT_FAILED,
        vva_status::VVA_DECODE_FAILED,
        vva_status::VVA_REDIRECT_REFUSED,
        vva_status::VVA_TLS_FAILED,
        vva_status::VVA_INTERNAL_ERROR,
        vva_status::VVA_OTHER,
        vva_status::VVA_NULL_PARAMETER,
        vva_status::VVA_INVALID_UTF8,
        vva_status::VVA_PANIC,
    ];

    /// The stable string code (the core's code for the core categories).
    fn code(self) -> &'static CStr {
        #[allow(clippy::enum_glob_use)]
        use vva_status::*;
        match self {
            VVA_OK => c"ok",
            VVA_INVALID_ARGUMENT => c"invalid_argument",
            VVA_AUTHENTICATION_FAILED => c"authentication_failed",
            VVA_INVALID_SESSION => c"invalid_session",
            VVA_PERMISSION_DENIED => c"permission_denied",
            VVA_INVALID_REQUEST => c"invalid_request",
            VVA_OPERATION_NOT_ALLOWED => c"operation_not_allowed",
            VVA_NOT_FOUND_OR_UNSUPPORTED => c"not_found_or_unsupported",
            VVA_RATE_LIMITED => c"rate_limited",
            VVA_SERVER_ERROR => c"server_error",
            VVA_VAULT_ERROR => c"vault_error",
            VVA_WRONG_VAULT => c"wrong_vault",
            VVA_HTTP_STATUS => c"http_status",
            VVA_CONNECT_FAILED => c"connect_failed",
            VVA_TIMEOUT => c"timeout",
            VVA_TRANSPORT_FAILED => c"transport_failed",
            VVA_DECODE_FAILED => c"decode_failed",
            VVA_REDIRECT_REFUSED => c"redirect_refused",
            VVA_TLS_FAILED => c"tls_failed",
            VVA_INTERNAL_ERROR => c"internal_error",
            VVA_OTHER => c"other",
            VVA_NULL_PARAMETER => c"null_parameter",
            VVA_INVALID_UTF8 => c"invalid_utf8",
            VVA_PANIC => c"panic",
        }
    }
}

/// The status for a core error category: the one place core kinds are translated.
fn status_of(kind: ErrorKind) -> vva_status {
    #[allow(clippy::enum_glob_use)]
    use vva_status::*;
    match kind {
        ErrorKind::InvalidArgument => VVA_INVALID_ARGUMENT,
        ErrorKind::AuthenticationFailed => VVA_AUTHENTICATION_FAILED,
        ErrorKind::InvalidSession => VVA_INVALID_SESSION,
        ErrorKind::PermissionDenied => VVA_PERMISSION_DENIED,
        ErrorKind::InvalidRequest => VVA_INVALID_REQUEST,
        ErrorKind::OperationNotAllowed => VVA_OPERATION_NOT_ALLOWED,
        ErrorKind::NotFoundOrUnsupported => VVA_NOT_FOUND_OR_UNSUPPORTED,
        ErrorKind::RateLimited => VVA_RATE_LIMITED,
        ErrorKind::ServerError => VVA_SERVER_ERROR,
        ErrorKind::VaultError => VVA_VAULT_ERROR,
        ErrorKind::WrongVault => VVA_WRONG_VAULT,
        ErrorKind::HttpStatus => VVA_HTTP_STATUS,
        ErrorKind::Connect => VVA_CONNECT_FAILED,
        ErrorKind::Timeout => VVA_TIMEOUT,
        ErrorKind::Transport => VVA_TRANSPORT_FAILED,
        ErrorKind::Decode => VVA_DECODE_FAILED,
        ErrorKind::Redirect => VVA_REDIRECT_REFUSED,
        ErrorKind::Tls => VVA_TLS_FAILED,
        ErrorKind::Internal => VVA_INTERNAL_ERROR,
        // ErrorKind is #[non_exhaustive]: a category added later keeps its own code string.
        _ => VVA_OTHER,
    }
}

/// The stable string code of a status, for example `"invalid_session"` for
/// `VVA_INVALID_SESSION`, or `"unknown"` for a number that is not a `vva_status`.
///
/// Takes an `int` rather than a `vva_status` so that any value is safe to pass. The string is
/// static: never free it. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn vva_status_str(status: c_int) -> *const c_char {
    guard_value(ptr::null(), || {
        vva_status::ALL
            .iter()
            .find(|s| **s as c_int == status)
            .map_or(c"unknown", |s| s.code())
            .as_ptr()
    })
}

/// One `errors[]` entry of a Vault failure.
struct VaultEntry {
    kind: CString,
    message: CString,
}

/// Details of a failed call. Created by the library (through a `vva_error **` out-parameter),
/// read with the `vva_error_*` accessors, released with `vva_error_free`.
///
/// Every string an accessor returns is NUL-terminated, owned by the error and valid until
/// `vva_error_free`. No accessor ever shows a credential, a token or a raw response body (a
/// secret echoed in a Vault message is masked). An error is immutable: its accessors may be
/// called from any thread at once.
pub struct vva_error {
    status: vva_status,
    code: CString,
    message: CString,
    outcome_unknown: bool,
    http_status: u16,
    execution_id: Option<CString>,
    response_status: Option<CString>,
    error_type: Option<CString>,
    vault: Vec<VaultEntry>,
    /// What a revoke that failed midway still reports (`vva_error_partial_revoke`).
    partial_revoke: Option<Box<vva_revoke_report>>,
}

impl vva_error {
    /// Translates a core error, keeping every detail the core exposes.
    pub(crate) fn from_core(e: &Error) -> Self {
        let vault = e.vault();
        vva_error {
            status: status_of(e.kind()),
            code: cstring_lossy(e.code()),
            message: cstring_lossy(e.message()),
            outcome_unknown: e.outcome_unknown(),
            http_status: e.http_status().unwrap_or(0),
            execution_id: e.execution_id().map(cstring_lossy),
            response_status: vault.map(|v| cstring_lossy(&v.response_status)),
            error_type: vault.and_then(|v| v.error_type.as_deref()).map(cstring_lossy),
            vault: e
                .vault_errors()
                .iter()
                .map(|m| VaultEntry { kind: cstring_lossy(&m.kind), message: cstring_lossy(&m.message) })
                .collect(),
            partial_revoke: e.partial_revoke().map(|r| Box::new(vva_revoke_report::new(r))),
        }
    }

    /// An error raised by this binding itself (NULL, UTF-8, panic, ...).
    pub(crate) fn local(status: vva_status, message: impl Into<String>) -> Self {
        vva_error {
            status,
            code: status.code().to_owned(),
            message: cstring_lossy(&message.into()),
            outcome_unknown: false,
            http_status: 0,
            execution_id: None,
            response_status: None,
            error_type: None,
            vault: Vec::new(),
            partial_revoke: None,
        }
    }

    pub(crate) fn with_outcome_unknown(mut self) -> Self {
        self.outcome_unknown = true;
        self
    }

    pub(crate) fn status(&self) -> vva_status {
        self.status
    }

    pub(crate) fn partial_revoke(&self) -> Option<&vva_revoke_report> {
        self.partial_revoke.as_deref()
    }

    pub(crate) fn null(param: &str) -> Self {
        vva_error::local(vva_status::VVA_NULL_PARAMETER, format!("parameter `{param}` is NULL"))
    }

    pub(crate) fn utf8(param: &str) -> Self {
        // Never the bytes themselves: the parameter may be a password.
        vva_error::local(vva_status::VVA_INVALID_UTF8, format!("parameter `{param}` is not valid UTF-8"))
    }
}

impl From<Error> for vva_error {
    fn from(e: Error) -> Self {
        vva_error::from_core(&e)
    }
}

/// Borrows an error handle; `None` for NULL.
///
/// # Safety
/// `err` is NULL or a live pointer from this library.
unsafe fn borrow<'a>(err: *const vva_error) -> Option<&'a vva_error> {
    // SAFETY: the caller passes NULL or a handle this library created and has not freed.
    unsafe { err.as_ref() }
}

/// The status of the failed call (the same value the call returned); `VVA_NULL_PARAMETER` if
/// `err` is NULL. Thread-safe.
///
/// # Safety
/// `err` is NULL or an error from this library that has not been freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_error_status(err: *const vva_error) -> vva_status {
    // SAFETY: see the function's contract.
    guard_value(vva_status::VVA_PANIC, || unsafe { borrow(err) }.map_or(vva_status::VVA_NULL_PARAMETER, |e| e.status))
}

/// The stable, machine-readable code, for example `"invalid_session"`: branch on this (or on the
/// status), never on the message. For core categories newer than this binding (`VVA_OTHER`) it
/// is the category's own code. NULL if `err` is NULL.
///
/// Owned by `err`; valid until `vva_error_free(err)`. Thread-safe.
///
/// # Safety
/// `err` is NULL or an error from this library that has not been freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_error_code(err: *const vva_error) -> *const c_char {
    // SAFETY: see the function's contract.
    guard_value(ptr::null(), || unsafe { borrow(err) }.map_or(ptr::null(), |e| e.code.as_ptr()))
}

/// A human-readable description, free of secrets (never branch on it: Vault's wording may
/// change). NULL if `err` is NULL.
///
/// Owned by `err`; valid until `vva_error_free(err)`. Thread-safe.
///
/// # Safety
/// `err` is NULL or an error from this library that has not been freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_error_message(err: *const vva_error) -> *const c_char {
    // SAFETY: see the function's contract.
    guard_value(ptr::null(), || unsafe { borrow(err) }.map_or(ptr::null(), |e| e.message.as_ptr()))
}

/// `true` when the request may have reached Vault and been carried out although no result came
/// back: a token may exist that the caller does not hold. Look it up before creating another.
/// `false` if `err` is NULL. Thread-safe.
///
/// # Safety
/// `err` is NULL or an error from this library that has not been freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_error_outcome_unknown(err: *const vva_error) -> bool {
    // SAFETY: see the function's contract.
    guard_value(true, || unsafe { borrow(err) }.is_some_and(|e| e.outcome_unknown))
}

/// The HTTP status of the response, or 0 when no response arrived (or `err` is NULL).
/// Thread-safe.
///
/// # Safety
/// `err` is NULL or an error from this library that has not been freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_error_http_status(err: *const vva_error) -> u16 {
    // SAFETY: see the function's contract.
    guard_value(0, || unsafe { borrow(err) }.map_or(0, |e| e.http_status))
}

/// Vault's `X-VaultAPI-ExecutionId` for the failed call (quote it in support tickets), or NULL
/// when there was none (or `err` is NULL).
///
/// Owned by `err`; valid until `vva_error_free(err)`. Thread-safe.
///
/// # Safety
/// `err` is NULL or an error from this library that has not been freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_error_execution_id(err: *const vva_error) -> *const c_char {
    // SAFETY: see the function's contract.
    guard_value(ptr::null(), || unsafe { borrow(err) }.map_or(ptr::null(), |e| opt_ptr(e.execution_id.as_ref())))
}

/// Vault's `responseStatus` (`"FAILURE"`, `"EXCEPTION"`, ...) when the response carried a Vault
/// failure, else NULL (also when `err` is NULL).
///
/// Owned by `err`; valid until `vva_error_free(err)`. Thread-safe.
///
/// # Safety
/// `err` is NULL or an error from this library that has not been freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_error_vault_response_status(err: *const vva_error) -> *const c_char {
    // SAFETY: see the function's contract.
    guard_value(ptr::null(), || unsafe { borrow(err) }.map_or(ptr::null(), |e| opt_ptr(e.response_status.as_ref())))
}

/// Vault's top-level `errorType` (for example `"AUTHENTICATION_FAILED"` on login), or NULL when
/// absent (also when `err` is NULL).
///
/// Owned by `err`; valid until `vva_error_free(err)`. Thread-safe.
///
/// # Safety
/// `err` is NULL or an error from this library that has not been freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_error_vault_error_type(err: *const vva_error) -> *const c_char {
    // SAFETY: see the function's contract.
    guard_value(ptr::null(), || unsafe { borrow(err) }.map_or(ptr::null(), |e| opt_ptr(e.error_type.as_ref())))
}

/// How many `errors[]` entries Vault sent (0 when none, or when `err` is NULL). Thread-safe.
///
/// # Safety
/// `err` is NULL or an error from this library that has not been freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_error_vault_type_count(err: *const vva_error) -> usize {
    // SAFETY: see the function's contract.
    guard_value(0, || unsafe { borrow(err) }.map_or(0, |e| e.vault.len()))
}

/// The `type` of Vault's `errors[index]`, verbatim (for example `"INVALID_SESSION_ID"`), in the
/// order Vault sent them. NULL if `index` is out of range or `err` is NULL.
///
/// Owned by `err`; valid until `vva_error_free(err)`. Thread-safe.
///
/// # Safety
/// `err` is NULL or an error from this library that has not been freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_error_vault_type_at(err: *const vva_error, index: usize) -> *const c_char {
    guard_value(ptr::null(), || {
        // SAFETY: see the function's contract.
        unsafe { borrow(err) }.and_then(|e| e.vault.get(index)).map_or(ptr::null(), |v| v.kind.as_ptr())
    })
}

/// The `message` of Vault's `errors[index]` (any credential or token it echoed is masked).
/// NULL if `index` is out of range or `err` is NULL.
///
/// Owned by `err`; valid until `vva_error_free(err)`. Thread-safe.
///
/// # Safety
/// `err` is NULL or an error from this library that has not been freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_error_vault_message_at(err: *const vva_error, index: usize) -> *const c_char {
    guard_value(ptr::null(), || {
        // SAFETY: see the function's contract.
        unsafe { borrow(err) }.and_then(|e| e.vault.get(index)).map_or(ptr::null(), |v| v.message.as_ptr())
    })
}

/// Frees an error and every string it returned. NULL is accepted and ignored.
///
/// # Safety
/// `err` is NULL or an error from this library, freed at most once and not in use by another
/// thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_error_free(err: *mut vva_error) {
    guard_value((), || {
        if !err.is_null() {
            // SAFETY: the pointer came from Box::into_raw in this library and is freed once.
            drop(unsafe { Box::from_raw(err) });
        }
    });
}

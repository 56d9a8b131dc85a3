//! `vva_access_token`: a generated token, its secret (wiped on free) and Vault's metadata.

use std::ffi::{CString, c_char};
use std::ptr;

use vva_core::AccessToken;
use vva_core::secrecy::ExposeSecret;

use crate::error::{vva_error, vva_status};
use crate::ffi::{cstring_lossy, guard_value, opt_ptr, wipe};

/// The secret as a NUL-terminated buffer that is overwritten with zeros when dropped.
struct SecretBuf(Vec<u8>);

impl Drop for SecretBuf {
    fn drop(&mut self) {
        wipe(&mut self.0);
    }
}

struct Warning {
    kind: CString,
    message: CString,
}

/// A newly created API access token. Vault shows the secret once and cannot recover it: store
/// it safely.
///
/// Every string an accessor returns is NUL-terminated, owned by the token and valid until
/// `vva_access_token_free`, which also overwrites the secret with zeros. A token is immutable:
/// its accessors may be called from any thread at once.
pub struct vva_access_token {
    id: CString,
    secret: SecretBuf,
    warnings: Vec<Warning>,
    execution_id: Option<CString>,
    burst_limit: Option<u64>,
    burst_limit_remaining: Option<u64>,
}

impl vva_access_token {
    pub(crate) fn new(token: &AccessToken) -> Result<Self, vva_error> {
        let secret = token.token().expose_secret().as_bytes();
        if secret.contains(&0) {
            // The token exists on Vault, but C could only ever see a truncated copy.
            return Err(vva_error::local(
                vva_status::VVA_DECODE_FAILED,
                "Vault returned a token containing a NUL byte, which a C string cannot hold",
            )
            .with_outcome_unknown());
        }
        // Sized exactly, so the buffer is never reallocated (which would leave an unwiped copy).
        let mut buf = Vec::with_capacity(secret.len() + 1);
        buf.extend_from_slice(secret);
        buf.push(0);
        let meta = token.meta();
        Ok(vva_access_token {
            id: cstring_lossy(token.id()),
            secret: SecretBuf(buf),
            warnings: token
                .warnings()
                .iter()
                .map(|w| Warning { kind: cstring_lossy(&w.kind), message: cstring_lossy(&w.message) })
                .collect(),
            execution_id: meta.execution_id.as_deref().map(cstring_lossy),
            burst_limit: meta.burst_limit,
            burst_limit_remaining: meta.burst_limit_remaining,
        })
    }
}

/// Borrows a token handle; `None` for NULL.
///
/// # Safety
/// `token` is NULL or a live token.
unsafe fn borrow<'a>(token: *const vva_access_token) -> Option<&'a vva_access_token> {
    // SAFETY: forwarded contract.
    unsafe { token.as_ref() }
}

/// The token record's id (`data.id`), needed to find or revoke the token later. NULL if
/// `token` is NULL.
///
/// Owned by `token`; valid until `vva_access_token_free(token)`. Thread-safe.
///
/// # Safety
/// `token` is NULL or a live token.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_access_token_id(token: *const vva_access_token) -> *const c_char {
    // SAFETY: forwarded contract.
    guard_value(ptr::null(), || unsafe { borrow(token) }.map_or(ptr::null(), |t| t.id.as_ptr()))
}

/// The secret token itself (`data.token__sys`, normally `"veeva-vault-..."`), sent later as
/// `Authorization: Bearer <secret>`. NULL if `token` is NULL.
///
/// Owned by `token`; valid until `vva_access_token_free(token)`, which overwrites it with zeros.
/// Do not log it; copy it only into storage meant for secrets. Thread-safe.
///
/// # Safety
/// `token` is NULL or a live token.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_access_token_secret(token: *const vva_access_token) -> *const c_char {
    // SAFETY: forwarded contract.
    guard_value(ptr::null(), || unsafe { borrow(token) }.map_or(ptr::null(), |t| t.secret.0.as_ptr().cast()))
}

/// How many warnings came with the token: Vault's `warnings[]` (when it answered `WARNING`),
/// plus one of type `"CLIENT_UNEXPECTED_TOKEN_FORMAT"` if the secret does not start with
/// `"veeva-vault-"`. 0 if `token` is NULL. Thread-safe.
///
/// # Safety
/// `token` is NULL or a live token.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_access_token_warning_count(token: *const vva_access_token) -> usize {
    // SAFETY: forwarded contract.
    guard_value(0, || unsafe { borrow(token) }.map_or(0, |t| t.warnings.len()))
}

/// The type of warning `index` (for example `"ATTRIBUTE_NOT_SUPPORTED"`). NULL if `index` is
/// out of range or `token` is NULL.
///
/// Owned by `token`; valid until `vva_access_token_free(token)`. Thread-safe.
///
/// # Safety
/// `token` is NULL or a live token.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_access_token_warning_type_at(token: *const vva_access_token, index: usize) -> *const c_char {
    guard_value(ptr::null(), || {
        // SAFETY: forwarded contract.
        unsafe { borrow(token) }.and_then(|t| t.warnings.get(index)).map_or(ptr::null(), |w| w.kind.as_ptr())
    })
}

/// The message of warning `index`. NULL if `index` is out of range or `token` is NULL.
///
/// Owned by `token`; valid until `vva_access_token_free(token)`. Thread-safe.
///
/// # Safety
/// `token` is NULL or a live token.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_access_token_warning_message_at(
    token: *const vva_access_token,
    index: usize,
) -> *const c_char {
    guard_value(ptr::null(), || {
        // SAFETY: forwarded contract.
        unsafe { borrow(token) }.and_then(|t| t.warnings.get(index)).map_or(ptr::null(), |w| w.message.as_ptr())
    })
}

/// Vault's `X-VaultAPI-ExecutionId` for the call, or NULL when absent (or `token` is NULL).
///
/// Owned by `token`; valid until `vva_access_token_free(token)`. Thread-safe.
///
/// # Safety
/// `token` is NULL or a live token.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_access_token_execution_id(token: *const vva_access_token) -> *const c_char {
    // SAFETY: forwarded contract.
    guard_value(ptr::null(), || unsafe { borrow(token) }.map_or(ptr::null(), |t| opt_ptr(t.execution_id.as_ref())))
}

/// Vault's `X-VaultAPI-BurstLimit` (calls allowed in the current burst window). Returns `true`
/// and stores the value in `*value_out` when the header was present; returns `false` and leaves
/// `*value_out` alone when it was absent or `token`/`value_out` is NULL. Thread-safe.
///
/// # Safety
/// `token` is NULL or a live token; `value_out` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_access_token_burst_limit(token: *const vva_access_token, value_out: *mut u64) -> bool {
    // SAFETY: forwarded contract.
    guard_value(false, || unsafe { write_opt(borrow(token).and_then(|t| t.burst_limit), value_out) })
}

/// Vault's `X-VaultAPI-BurstLimitRemaining` (calls left in the current burst window), reported
/// like `vva_access_token_burst_limit`. Thread-safe.
///
/// # Safety
/// `token` is NULL or a live token; `value_out` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_access_token_burst_limit_remaining(
    token: *const vva_access_token,
    value_out: *mut u64,
) -> bool {
    // SAFETY: forwarded contract.
    guard_value(false, || unsafe { write_opt(borrow(token).and_then(|t| t.burst_limit_remaining), value_out) })
}

/// Stores `value` through `out` if both are present.
///
/// # Safety
/// `out` is NULL or valid for a write.
unsafe fn write_opt(value: Option<u64>, out: *mut u64) -> bool {
    // SAFETY: NULL or valid, by the caller's contract.
    match (value, unsafe { out.as_mut() }) {
        (Some(v), Some(slot)) => {
            *slot = v;
            true
        }
        _ => false,
    }
}

/// Frees a token, first overwriting the secret with zeros. NULL is accepted and ignored.
///
/// # Safety
/// `token` is NULL or a token from this library, freed at most once and not in use by another
/// thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_access_token_free(token: *mut vva_access_token) {
    guard_value((), || {
        if !token.is_null() {
            // SAFETY: from Box::into_raw in this library, freed once; SecretBuf's Drop wipes.
            drop(unsafe { Box::from_raw(token) });
        }
    });
}

//! The panic boundary and the pointer/string plumbing every export uses.
//!
//! Since Rust 1.81 a panic that reaches an `extern "C"` frame aborts the process, so every
//! exported body runs inside [`guard`] or [`guard_value`], which turn a panic into `VVA_PANIC`
//! (or a neutral value for plain accessors).

use std::ffi::{CStr, CString, c_char};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::ptr;

use crate::error::{vva_error, vva_status};

/// Runs `body` for a function that reports through a status and an optional `vva_error **`.
///
/// `*err_out` (if `err_out` is not NULL) is set to NULL first, then to a new error on failure.
pub(crate) fn guard<F>(err_out: *mut *mut vva_error, body: F) -> vva_status
where
    F: FnOnce() -> Result<(), vva_error>,
{
    if !err_out.is_null() {
        // SAFETY: the caller promises `err_out` is NULL or valid for a pointer write.
        unsafe { err_out.write(ptr::null_mut()) };
    }
    let error = match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => return vva_status::VVA_OK,
        Ok(Err(error)) => error,
        Err(_) => vva_error::local(
            vva_status::VVA_PANIC,
            "a bug in libveeva_vault_auth: a panic was caught at the C boundary; the outcome is unknown",
        )
        .with_outcome_unknown(),
    };
    let status = error.status();
    if !err_out.is_null() {
        // A second panic here (allocation failure) must not escape either.
        if let Ok(boxed) = catch_unwind(|| Box::into_raw(Box::new(error))) {
            // SAFETY: as above.
            unsafe { err_out.write(boxed) };
        }
    }
    status
}

/// Runs `body` for a function that returns a plain value; `fallback` if it panics.
pub(crate) fn guard_value<T, F>(fallback: T, body: F) -> T
where
    F: FnOnce() -> T,
{
    catch_unwind(AssertUnwindSafe(body)).unwrap_or(fallback)
}

/// A required C string argument as `&str`.
///
/// # Safety
/// `ptr` is NULL or points to a NUL-terminated string that stays valid for `'a`.
pub(crate) unsafe fn str_arg<'a>(ptr: *const c_char, name: &str) -> Result<&'a str, vva_error> {
    if ptr.is_null() {
        return Err(vva_error::null(name));
    }
    // SAFETY: non-NULL, and NUL-terminated by the caller's contract.
    unsafe { CStr::from_ptr(ptr) }.to_str().map_err(|_| vva_error::utf8(name))
}

/// An optional C string argument: NULL means `None`.
///
/// # Safety
/// As [`str_arg`].
pub(crate) unsafe fn opt_str_arg<'a>(ptr: *const c_char, name: &str) -> Result<Option<&'a str>, vva_error> {
    if ptr.is_null() {
        return Ok(None);
    }
    // SAFETY: forwarded contract.
    unsafe { str_arg(ptr, name) }.map(Some)
}

/// A C array of `n` required strings as `&str`s. `ids` may be NULL only when `n` is 0; a NULL
/// or non-UTF-8 element is reported with its index (`ids[3]`), never its bytes.
///
/// # Safety
/// `ids` is NULL or points to `n` pointers, each NULL or a NUL-terminated string valid for `'a`.
pub(crate) unsafe fn str_list_arg<'a>(ids: *const *const c_char, n: usize, name: &str) -> Result<Vec<&'a str>, vva_error> {
    if n == 0 {
        return Ok(Vec::new());
    }
    if ids.is_null() {
        return Err(vva_error::null(name));
    }
    // SAFETY: non-NULL and `n` elements long, by the caller's contract.
    let items = unsafe { std::slice::from_raw_parts(ids, n) };
    items
        .iter()
        .enumerate()
        // SAFETY: each element is NULL or NUL-terminated, by the caller's contract.
        .map(|(i, &item)| unsafe { str_arg(item, &format!("{name}[{i}]")) })
        .collect()
}

/// Checks an out-parameter and clears it, so it holds NULL on every failure path.
///
/// # Safety
/// `out` is NULL or valid for a pointer write.
pub(crate) unsafe fn out_arg<'a, T>(out: *mut *mut T, name: &str) -> Result<&'a mut *mut T, vva_error> {
    // SAFETY: NULL or valid, by the caller's contract.
    let slot = unsafe { out.as_mut() }.ok_or_else(|| vva_error::null(name))?;
    *slot = ptr::null_mut();
    Ok(slot)
}

/// A C string from text that should never contain NUL; any NUL becomes U+FFFD.
pub(crate) fn cstring_lossy(text: &str) -> CString {
    CString::new(text).unwrap_or_else(|_| {
        let cleaned = text.replace('\0', "\u{FFFD}");
        // No NUL is left, so this cannot fail; fall back to empty rather than panic regardless.
        CString::new(cleaned).unwrap_or_default()
    })
}

/// The pointer of an optional C string, NULL for `None`.
pub(crate) fn opt_ptr(value: Option<&CString>) -> *const c_char {
    value.map_or(ptr::null(), |s| s.as_ptr())
}

/// Overwrites memory that held a secret, in a way the optimiser may not remove.
pub(crate) fn wipe(bytes: &mut [u8]) {
    for b in bytes.iter_mut() {
        // SAFETY: `b` is a valid, exclusive reference to one byte.
        unsafe { ptr::write_volatile(b, 0) };
    }
    std::sync::atomic::compiler_fence(std::sync::atomic::Ordering::SeqCst);
}

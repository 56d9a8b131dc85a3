//! `vva_token_info` (an existing token's metadata, never its value) and `vva_token_list`.

use std::ffi::{CString, c_char};
use std::ptr;

use vva_core::TokenInfo;

use crate::ffi::{cstring_lossy, guard_value};

/// An existing API access token's metadata, as Vault lists it: id, name, owner, status, expiry
/// and last use. Never the token's value (Vault shows that only once, at creation).
///
/// Either owned (from `vva_get_access_token_info`; free it with `vva_token_info_free`) or
/// borrowed from a `vva_token_list` (from `vva_token_list_at`; never free those, they live as
/// long as the list). Every string an accessor returns is NUL-terminated, owned by the info and
/// valid as long as it. Immutable: its accessors may be called from any thread at once.
pub struct vva_token_info {
    id: CString,
    name: CString,
    user_id: CString,
    status: CString,
    active: bool,
    expiry: Option<i64>,
    last_used: Option<i64>,
}

impl vva_token_info {
    // The closures name `OffsetDateTime::unix_timestamp` without a direct dependency on `time`.
    #[allow(clippy::redundant_closure_for_method_calls)]
    pub(crate) fn new(info: &TokenInfo) -> Self {
        vva_token_info {
            id: cstring_lossy(info.id()),
            name: cstring_lossy(info.name()),
            user_id: cstring_lossy(info.user_id()),
            status: cstring_lossy(info.status()),
            active: info.is_active(),
            expiry: info.expiry().map(|d| d.unix_timestamp()),
            last_used: info.last_used().map(|d| d.unix_timestamp()),
        }
    }
}

/// Several tokens' metadata, in the order Vault listed them (from `vva_list_access_tokens` or
/// `vva_find_orphaned_tokens`). Read with `vva_token_list_len` and `vva_token_list_at`, free
/// with `vva_token_list_free` (which also frees every item). Immutable: thread-safe to read.
pub struct vva_token_list {
    items: Vec<vva_token_info>,
}

impl vva_token_list {
    pub(crate) fn new(infos: &[TokenInfo]) -> Self {
        vva_token_list { items: infos.iter().map(vva_token_info::new).collect() }
    }
}

/// Borrows an info handle; `None` for NULL.
///
/// # Safety
/// `info` is NULL or a live info.
unsafe fn borrow<'a>(info: *const vva_token_info) -> Option<&'a vva_token_info> {
    // SAFETY: forwarded contract.
    unsafe { info.as_ref() }
}

/// How many tokens the list holds; 0 if `list` is NULL. Thread-safe.
///
/// # Safety
/// `list` is NULL or a live list.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_token_list_len(list: *const vva_token_list) -> usize {
    // SAFETY: forwarded contract.
    guard_value(0, || unsafe { list.as_ref() }.map_or(0, |l| l.items.len()))
}

/// The token at `index` (0-based, in Vault's order), or NULL if `index` is out of range or
/// `list` is NULL.
///
/// Borrowed: owned by `list` and valid until `vva_token_list_free(list)`; never pass it to
/// `vva_token_info_free`. Thread-safe.
///
/// # Safety
/// `list` is NULL or a live list.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_token_list_at(list: *const vva_token_list, index: usize) -> *const vva_token_info {
    guard_value(ptr::null(), || {
        // SAFETY: forwarded contract.
        unsafe { list.as_ref() }.and_then(|l| l.items.get(index)).map_or(ptr::null(), ptr::from_ref)
    })
}

/// Frees a list and every `vva_token_info` it holds. NULL is accepted and ignored.
///
/// # Safety
/// `list` is NULL or a list from this library, freed at most once and not in use by another
/// thread; pointers from `vva_token_list_at` are invalid afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_token_list_free(list: *mut vva_token_list) {
    guard_value((), || {
        if !list.is_null() {
            // SAFETY: from Box::into_raw in this library, freed once.
            drop(unsafe { Box::from_raw(list) });
        }
    });
}

/// The token record's id (`id`), as `vva_revoke_access_tokens` takes it. NULL if `info` is NULL.
///
/// Owned by `info` (or the list holding it) and valid as long as it. Thread-safe.
///
/// # Safety
/// `info` is NULL or a live info.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_token_info_id(info: *const vva_token_info) -> *const c_char {
    // SAFETY: forwarded contract.
    guard_value(ptr::null(), || unsafe { borrow(info) }.map_or(ptr::null(), |i| i.id.as_ptr()))
}

/// The token's name (`name__v`). NULL if `info` is NULL.
///
/// Owned by `info` (or the list holding it) and valid as long as it. Thread-safe.
///
/// # Safety
/// `info` is NULL or a live info.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_token_info_name(info: *const vva_token_info) -> *const c_char {
    // SAFETY: forwarded contract.
    guard_value(ptr::null(), || unsafe { borrow(info) }.map_or(ptr::null(), |i| i.name.as_ptr()))
}

/// The owner's user id (`user__sys`). NULL if `info` is NULL.
///
/// Owned by `info` (or the list holding it) and valid as long as it. Thread-safe.
///
/// # Safety
/// `info` is NULL or a live info.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_token_info_user_id(info: *const vva_token_info) -> *const c_char {
    // SAFETY: forwarded contract.
    guard_value(ptr::null(), || unsafe { borrow(info) }.map_or(ptr::null(), |i| i.user_id.as_ptr()))
}

/// The status name (`status__v`) verbatim, e.g. `"active__v"` or `"inactive__v"` (expired).
/// NULL if `info` is NULL.
///
/// Owned by `info` (or the list holding it) and valid as long as it. Thread-safe.
///
/// # Safety
/// `info` is NULL or a live info.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_token_info_status(info: *const vva_token_info) -> *const c_char {
    // SAFETY: forwarded contract.
    guard_value(ptr::null(), || unsafe { borrow(info) }.map_or(ptr::null(), |i| i.status.as_ptr()))
}

/// `true` when Vault reports the token as `active__v` (usable); `false` otherwise or if `info`
/// is NULL. Thread-safe.
///
/// # Safety
/// `info` is NULL or a live info.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_token_info_is_active(info: *const vva_token_info) -> bool {
    // SAFETY: forwarded contract.
    guard_value(false, || unsafe { borrow(info) }.is_some_and(|i| i.active))
}

/// When the token expires (`expiry_date__sys`), as Unix seconds (UTC). Returns `true` and
/// stores the value in `*unix_seconds_out` when the token has an expiry; returns `false` and
/// leaves `*unix_seconds_out` alone when it never expires, or when `info` or
/// `unix_seconds_out` is NULL. Thread-safe.
///
/// # Safety
/// `info` is NULL or a live info; `unix_seconds_out` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_token_info_expiry(info: *const vva_token_info, unix_seconds_out: *mut i64) -> bool {
    // SAFETY: forwarded contract.
    guard_value(false, || unsafe { write_opt(borrow(info).and_then(|i| i.expiry), unix_seconds_out) })
}

/// When the token was last used as a credential (`last_used_date__sys`), as Unix seconds
/// (UTC), reported like `vva_token_info_expiry`: `false` means never used (or a NULL
/// argument). Thread-safe.
///
/// # Safety
/// `info` is NULL or a live info; `unix_seconds_out` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_token_info_last_used(info: *const vva_token_info, unix_seconds_out: *mut i64) -> bool {
    // SAFETY: forwarded contract.
    guard_value(false, || unsafe { write_opt(borrow(info).and_then(|i| i.last_used), unix_seconds_out) })
}

/// Frees an info returned by `vva_get_access_token_info`. NULL is accepted and ignored.
///
/// # Safety
/// `info` is NULL or an info from `vva_get_access_token_info`, freed at most once and not in
/// use by another thread. Never an item of a `vva_token_list` (those are freed with the list).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_token_info_free(info: *mut vva_token_info) {
    guard_value((), || {
        if !info.is_null() {
            // SAFETY: from Box::into_raw in vva_get_access_token_info, freed once.
            drop(unsafe { Box::from_raw(info) });
        }
    });
}

/// Stores `value` through `out` if both are present.
///
/// # Safety
/// `out` is NULL or valid for a write.
unsafe fn write_opt(value: Option<i64>, out: *mut i64) -> bool {
    // SAFETY: NULL or valid, by the caller's contract.
    match (value, unsafe { out.as_mut() }) {
        (Some(v), Some(slot)) => {
            *slot = v;
            true
        }
        _ => false,
    }
}

//! `vva_whoami` and `vva_user`: who the client's credential belongs to.

use std::ffi::{CString, c_char};
use std::ptr;

use vva_core::UserInfo;

use crate::client::{client_arg, vva_client};
use crate::error::{vva_error, vva_status};
use crate::ffi::{cstring_lossy, guard, guard_value, opt_ptr, out_arg};

/// The authenticated user, from Vault's *Validate Session User* (`GET .../objects/users/me`).
///
/// The id and user name are always present; the other strings are NULL when Vault left them
/// out. Every string an accessor returns is NUL-terminated, owned by the user and valid until
/// `vva_user_free`. Immutable: its accessors may be called from any thread at once.
pub struct vva_user {
    id: CString,
    username: CString,
    first_name: Option<CString>,
    last_name: Option<CString>,
    email: Option<CString>,
    timezone: Option<CString>,
    locale: Option<CString>,
    security_profile: Option<CString>,
    license_type: Option<CString>,
    active: Option<bool>,
    execution_id: Option<CString>,
}

impl vva_user {
    fn new(u: &UserInfo) -> Self {
        let opt = |v: Option<&str>| v.map(cstring_lossy);
        vva_user {
            id: cstring_lossy(u.id()),
            username: cstring_lossy(u.username()),
            first_name: opt(u.first_name()),
            last_name: opt(u.last_name()),
            email: opt(u.email()),
            timezone: opt(u.timezone()),
            locale: opt(u.locale()),
            security_profile: opt(u.security_profile()),
            license_type: opt(u.license_type()),
            active: u.active(),
            execution_id: opt(u.meta().execution_id.as_deref()),
        }
    }
}

/// Asks Vault who the client's credential belongs to. A dead session or a revoked token is
/// `VVA_INVALID_SESSION`; it changes nothing, so its errors never report
/// `vva_error_outcome_unknown`.
///
/// On success returns `VVA_OK` and stores a new user in `*user_out` (free it with
/// `vva_user_free`). On failure stores NULL there and returns the status, with a new
/// `vva_error` in `*err_out` if `err_out` is not NULL. Thread-safe.
///
/// # Safety
/// `client` is NULL or a live client; `user_out` and `err_out` are NULL or valid for a pointer
/// write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_whoami(
    client: *const vva_client,
    user_out: *mut *mut vva_user,
    err_out: *mut *mut vva_error,
) -> vva_status {
    guard(err_out, || {
        // SAFETY: forwarded contract.
        let out = unsafe { out_arg(user_out, "user_out") }?;
        // SAFETY: forwarded contract.
        let client = unsafe { client_arg(client) }?;
        let user = client.inner.whoami()?;
        *out = Box::into_raw(Box::new(vva_user::new(&user)));
        Ok(())
    })
}

/// Reads one string field of a user; NULL for a NULL handle.
///
/// # Safety
/// `user` is NULL or a live user.
unsafe fn field(user: *const vva_user, get: impl Fn(&vva_user) -> *const c_char) -> *const c_char {
    // SAFETY: forwarded contract.
    guard_value(ptr::null(), || unsafe { user.as_ref() }.map_or(ptr::null(), get))
}

/// The user id (`id`), as the token calls take it. NULL if `user` is NULL.
///
/// Owned by `user`; valid until `vva_user_free(user)`. Thread-safe.
///
/// # Safety
/// `user` is NULL or a live user.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_user_id(user: *const vva_user) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { field(user, |u| u.id.as_ptr()) }
}

/// The user name (`user_name__v`), e.g. `"admin@myvault.example"`. NULL if `user` is NULL.
///
/// Owned by `user`; valid until `vva_user_free(user)`. Thread-safe.
///
/// # Safety
/// `user` is NULL or a live user.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_user_username(user: *const vva_user) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { field(user, |u| u.username.as_ptr()) }
}

/// The first name (`user_first_name__v`).
///
/// NULL when Vault left it out, or if `user` is NULL. Owned by `user`; valid until
/// `vva_user_free(user)`. Thread-safe.
///
/// # Safety
/// `user` is NULL or a live user.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_user_first_name(user: *const vva_user) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { field(user, |u| opt_ptr(u.first_name.as_ref())) }
}

/// The last name (`user_last_name__v`).
///
/// NULL when Vault left it out, or if `user` is NULL. Owned by `user`; valid until
/// `vva_user_free(user)`. Thread-safe.
///
/// # Safety
/// `user` is NULL or a live user.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_user_last_name(user: *const vva_user) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { field(user, |u| opt_ptr(u.last_name.as_ref())) }
}

/// The e-mail address (`user_email__v`).
///
/// NULL when Vault left it out, or if `user` is NULL. Owned by `user`; valid until
/// `vva_user_free(user)`. Thread-safe.
///
/// # Safety
/// `user` is NULL or a live user.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_user_email(user: *const vva_user) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { field(user, |u| opt_ptr(u.email.as_ref())) }
}

/// The time zone (`user_timezone__v`), e.g. `"America/New_York"`.
///
/// NULL when Vault left it out, or if `user` is NULL. Owned by `user`; valid until
/// `vva_user_free(user)`. Thread-safe.
///
/// # Safety
/// `user` is NULL or a live user.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_user_timezone(user: *const vva_user) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { field(user, |u| opt_ptr(u.timezone.as_ref())) }
}

/// The locale (`user_locale__v`), e.g. `"en_US"`.
///
/// NULL when Vault left it out, or if `user` is NULL. Owned by `user`; valid until
/// `vva_user_free(user)`. Thread-safe.
///
/// # Safety
/// `user` is NULL or a live user.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_user_locale(user: *const vva_user) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { field(user, |u| opt_ptr(u.locale.as_ref())) }
}

/// The security profile (`security_profile__v`), e.g. `"system_admin__v"`.
///
/// NULL when Vault left it out, or if `user` is NULL. Owned by `user`; valid until
/// `vva_user_free(user)`. Thread-safe.
///
/// # Safety
/// `user` is NULL or a live user.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_user_security_profile(user: *const vva_user) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { field(user, |u| opt_ptr(u.security_profile.as_ref())) }
}

/// The license type (`license_type__v`), e.g. `"full__v"`.
///
/// NULL when Vault left it out, or if `user` is NULL. Owned by `user`; valid until
/// `vva_user_free(user)`. Thread-safe.
///
/// # Safety
/// `user` is NULL or a live user.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_user_license_type(user: *const vva_user) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { field(user, |u| opt_ptr(u.license_type.as_ref())) }
}

/// Vault's `X-VaultAPI-ExecutionId` for the `vva_whoami` call.
///
/// NULL when Vault left it out, or if `user` is NULL. Owned by `user`; valid until
/// `vva_user_free(user)`. Thread-safe.
///
/// # Safety
/// `user` is NULL or a live user.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_user_execution_id(user: *const vva_user) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { field(user, |u| opt_ptr(u.execution_id.as_ref())) }
}

/// Whether the user is active (`active__v`). Returns `true` and stores the value in
/// `*active_out` when Vault sent it; returns `false` and leaves `*active_out` alone when it did
/// not, or when `user` or `active_out` is NULL. Thread-safe.
///
/// # Safety
/// `user` is NULL or a live user; `active_out` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_user_active(user: *const vva_user, active_out: *mut bool) -> bool {
    guard_value(false, || {
        // SAFETY: forwarded contract.
        let active = unsafe { user.as_ref() }.and_then(|u| u.active);
        // SAFETY: forwarded contract.
        match (active, unsafe { active_out.as_mut() }) {
            (Some(active), Some(slot)) => {
                *slot = active;
                true
            }
            _ => false,
        }
    })
}

/// Frees a user and its strings. NULL is accepted and ignored.
///
/// # Safety
/// `user` is NULL or a user from `vva_whoami`, freed at most once and not in use by another
/// thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_user_free(user: *mut vva_user) {
    guard_value((), || {
        if !user.is_null() {
            // SAFETY: from Box::into_raw in vva_whoami, freed once.
            drop(unsafe { Box::from_raw(user) });
        }
    });
}

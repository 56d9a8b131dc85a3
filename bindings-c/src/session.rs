//! Session helpers: keep-alive, logout, the API versions a Vault offers, and the OAuth 2.0 /
//! OIDC login.

use std::ffi::{CString, c_char};
use std::ptr;

use vva_core::blocking::Client;

use crate::client::{client_arg, vva_client};
use crate::error::{vva_error, vva_status};
use crate::ffi::{cstring_lossy, guard, guard_value, opt_str_arg, out_arg, str_arg};
use crate::options::{options_arg, vva_client_options};

/// Keeps the client's session alive (`POST /api/{version}/keep-alive`). A session ends after the
/// Vault's idle timeout, and after 48 hours in any case (which this cannot extend).
///
/// Returns `VVA_OK`, or the status with a new `vva_error` in `*err_out` (if `err_out` is not
/// NULL; else nothing is stored): `VVA_INVALID_SESSION` once the session is dead (log in
/// again), `VVA_NULL_PARAMETER` if `client` is NULL. Thread-safe.
///
/// # Safety
/// `client` is NULL or a live client; `err_out` is NULL or valid for a pointer write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_keep_alive(client: *const vva_client, err_out: *mut *mut vva_error) -> vva_status {
    guard(err_out, || {
        // SAFETY: forwarded contract.
        let client = unsafe { client_arg(client) }?;
        Ok(client.inner.keep_alive()?)
    })
}

/// Ends the client's session (`DELETE /api/{version}/session`; only this session, not the
/// user's others). Once Vault confirms (or answers that the session was already dead, which is
/// returned as `VVA_INVALID_SESSION`), every later call on this client fails with
/// `VVA_INVALID_ARGUMENT` without sending anything: free it and log in again. If the answer was
/// lost (`vva_error_outcome_unknown`) the client stays usable and calling this again is safe.
/// A client authenticated with an API access token has no session: `VVA_INVALID_ARGUMENT`,
/// nothing sent (revoke the token instead).
///
/// The client handle stays valid (free it with `vva_client_free` as usual). Errors as for
/// `vva_keep_alive`. Thread-safe.
///
/// # Safety
/// `client` is NULL or a live client; `err_out` is NULL or valid for a pointer write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_logout(client: *const vva_client, err_out: *mut *mut vva_error) -> vva_status {
    guard(err_out, || {
        // SAFETY: forwarded contract.
        let client = unsafe { client_arg(client) }?;
        Ok(client.inner.logout()?)
    })
}

/// `true` once `vva_logout` has ended this client's session (every call then refuses);
/// `false` otherwise or if `client` is NULL. Thread-safe.
///
/// # Safety
/// `client` is NULL or a live client.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_client_is_logged_out(client: *const vva_client) -> bool {
    // SAFETY: forwarded contract.
    guard_value(false, || unsafe { client.as_ref() }.is_some_and(|c| c.inner.as_async().is_logged_out()))
}

/// One API version a Vault offers.
struct Version {
    name: CString,
    url: CString,
    possibly_beta: bool,
}

/// The API versions a Vault offers (from `vva_api_versions`), oldest first, ordered numerically
/// (`v26.10` after `v26.2`). Read with `vva_api_version_list_len` and the `_at` accessors, free
/// with `vva_api_version_list_free`. Every string is NUL-terminated, owned by the list and valid
/// as long as it. Immutable: thread-safe to read.
pub struct vva_api_version_list {
    items: Vec<Version>,
}

impl From<&vva_core::ApiVersionInfo> for Version {
    fn from(v: &vva_core::ApiVersionInfo) -> Self {
        Version { name: cstring_lossy(&v.version().to_string()), url: cstring_lossy(v.url()), possibly_beta: v.is_possibly_beta() }
    }
}

/// Asks the Vault which API versions it offers (`GET {origin}/api/`).
///
/// On success returns `VVA_OK` and stores a new list in `*list_out` (free it with
/// `vva_api_version_list_free`). On failure stores NULL there and returns the status, with a
/// new `vva_error` in `*err_out` if `err_out` is not NULL; an entry that is not
/// `v<major>.<minor>` with a URL is `VVA_DECODE_FAILED`. Thread-safe.
///
/// # Safety
/// `client` is NULL or a live client; `list_out` and `err_out` are NULL or valid for a pointer
/// write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_api_versions(
    client: *const vva_client,
    list_out: *mut *mut vva_api_version_list,
    err_out: *mut *mut vva_error,
) -> vva_status {
    guard(err_out, || {
        // SAFETY: forwarded contract.
        let out = unsafe { out_arg(list_out, "list_out") }?;
        // SAFETY: forwarded contract.
        let client = unsafe { client_arg(client) }?;
        let items = client.inner.api_versions()?.iter().map(Version::from).collect();
        *out = Box::into_raw(Box::new(vva_api_version_list { items }));
        Ok(())
    })
}

/// Checks that the Vault offers the API version this client uses (`GET {origin}/api/`).
///
/// On success returns `VVA_OK` and stores a new one-entry list (the matching version, read
/// with the `vva_api_version_list_*` accessors at index 0; free it with
/// `vva_api_version_list_free`) in `*list_out`. A Vault that lacks the version is
/// `VVA_NOT_FOUND_OR_UNSUPPORTED`; other failures as for `vva_api_versions`. On failure stores
/// NULL in `*list_out`, and a new `vva_error` in `*err_out` if `err_out` is not NULL.
/// Thread-safe.
///
/// # Safety
/// `client` is NULL or a live client; `list_out` and `err_out` are NULL or valid for a pointer
/// write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_check_api_version(
    client: *const vva_client,
    list_out: *mut *mut vva_api_version_list,
    err_out: *mut *mut vva_error,
) -> vva_status {
    guard(err_out, || {
        // SAFETY: forwarded contract.
        let out = unsafe { out_arg(list_out, "list_out") }?;
        // SAFETY: forwarded contract.
        let client = unsafe { client_arg(client) }?;
        let items = vec![Version::from(&client.inner.check_api_version()?)];
        *out = Box::into_raw(Box::new(vva_api_version_list { items }));
        Ok(())
    })
}

/// Borrows entry `index` of a version list; `None` for NULL or out of range.
///
/// # Safety
/// `list` is NULL or a live list.
unsafe fn version_at<'a>(list: *const vva_api_version_list, index: usize) -> Option<&'a Version> {
    // SAFETY: forwarded contract.
    unsafe { list.as_ref() }.and_then(|l| l.items.get(index))
}

/// How many versions the list holds; 0 if `list` is NULL. Thread-safe.
///
/// # Safety
/// `list` is NULL or a live list.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_api_version_list_len(list: *const vva_api_version_list) -> usize {
    // SAFETY: forwarded contract.
    guard_value(0, || unsafe { list.as_ref() }.map_or(0, |l| l.items.len()))
}

/// The version at `index`, e.g. `"v26.2"` (as `vva_client_options_set_api_version` takes it);
/// NULL if out of range or `list` is NULL. Owned by `list`, valid as long as it. Thread-safe.
///
/// # Safety
/// `list` is NULL or a live list.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_api_version_list_version_at(list: *const vva_api_version_list, index: usize) -> *const c_char {
    // SAFETY: forwarded contract.
    guard_value(ptr::null(), || unsafe { version_at(list, index) }.map_or(ptr::null(), |v| v.name.as_ptr()))
}

/// The base URL Vault gave for the version at `index`, verbatim (e.g.
/// `"https://myvault.veevavault.com/api/v26.2"`); NULL if out of range or `list` is NULL.
/// Owned by `list`, valid as long as it. Thread-safe.
///
/// # Safety
/// `list` is NULL or a live list.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_api_version_list_url_at(list: *const vva_api_version_list, index: usize) -> *const c_char {
    // SAFETY: forwarded contract.
    guard_value(ptr::null(), || unsafe { version_at(list, index) }.map_or(ptr::null(), |v| v.url.as_ptr()))
}

/// `true` for the newest version only: it *may* be a Beta (Vault gives no flag; its
/// documentation says only that the last version listed may be Beta). `false` for the others,
/// out of range, or a NULL `list`. Thread-safe.
///
/// # Safety
/// `list` is NULL or a live list.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_api_version_list_is_possibly_beta_at(list: *const vva_api_version_list, index: usize) -> bool {
    // SAFETY: forwarded contract.
    guard_value(false, || unsafe { version_at(list, index) }.is_some_and(|v| v.possibly_beta))
}

/// Frees a version list and its strings. NULL is accepted and ignored.
///
/// # Safety
/// `list` is NULL or a list from `vva_api_versions`, freed at most once and not in use by
/// another thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_api_version_list_free(list: *mut vva_api_version_list) {
    guard_value((), || {
        if !list.is_null() {
            // SAFETY: from Box::into_raw in vva_api_versions, freed once.
            drop(unsafe { Box::from_raw(list) });
        }
    });
}

/// Logs in with an OAuth 2.0 / OIDC access token from the identity provider and builds
/// a client holding the new Vault session: `POST {login URL}/auth/oauth/session/{profile_id}`
/// with `Authorization: Bearer {idp_access_token}`. The login URL is
/// `https://login.veevavault.com` unless `vva_client_options_set_login_url` says otherwise;
/// later calls go to the Vault `opts` names. Any credential in `opts` is ignored.
///
/// - `profile_id`: the OAuth 2.0 / OIDC profile's id in Vault (required).
/// - `idp_access_token`: the identity provider's access token (required; a leading
///   `"Bearer "` is accepted). A secret: copied only for the call, never kept, never shown in
///   messages.
/// - `client_id`: NULL, or the OAuth client id Vault uses at the authorization server's
///   introspection endpoint.
///
/// Fails with `VVA_AUTHENTICATION_FAILED` for a token the profile does not accept, and with
/// `VVA_WRONG_VAULT` if Vault hands out a session for another Vault than `opts` names (that
/// session is not used). Never retried. Output and error handling as for `vva_login` (free the
/// client with `vva_client_free`; `vva_client_user_id` gives the user's id). Thread-safe.
///
/// # Safety
/// `opts` is NULL or a live options handle; the strings are NULL or NUL-terminated;
/// `client_out` and `err_out` are NULL or valid for a pointer write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_login_oauth(
    opts: *const vva_client_options,
    profile_id: *const c_char,
    idp_access_token: *const c_char,
    client_id: *const c_char,
    client_out: *mut *mut vva_client,
    err_out: *mut *mut vva_error,
) -> vva_status {
    guard(err_out, || {
        // SAFETY: the caller's contract for each pointer (here and below).
        let out = unsafe { out_arg(client_out, "client_out") }?;
        // SAFETY: as above.
        let opts = unsafe { options_arg(opts) }?;
        // SAFETY: as above.
        let profile_id = unsafe { str_arg(profile_id, "profile_id") }?;
        // SAFETY: as above.
        let idp_access_token = unsafe { str_arg(idp_access_token, "idp_access_token") }?;
        // SAFETY: as above.
        let client_id = unsafe { opt_str_arg(client_id, "client_id") }?;
        let client = Client::login_oauth(opts.builder(), profile_id, idp_access_token, client_id)?;
        *out = Box::into_raw(Box::new(vva_client::new(client)));
        Ok(())
    })
}

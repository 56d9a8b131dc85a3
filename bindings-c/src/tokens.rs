//! The token lifecycle after generation: list, inspect, revoke, rotate and find orphans. Each
//! export checks its arguments, makes one core call and wraps the result in a handle.

use std::ffi::c_char;

use vva_core::{TokenQuery, TokenRequest, TokenTarget};

use crate::client::{client_arg, expiry_arg, vva_client};
use crate::error::{vva_error, vva_status};
use crate::ffi::{guard, opt_str_arg, out_arg, str_arg, str_list_arg};
use crate::report::vva_revoke_report;
use crate::token::vva_access_token;
use crate::token_info::{vva_token_info, vva_token_list};

/// The target a `(user_id, sandbox)` pair names: the user, the sandbox, or (both NULL) the
/// authenticated user. Both given is ambiguous and refused before anything is sent.
///
/// # Safety
/// Each pointer is NULL or a NUL-terminated string.
unsafe fn target_arg(user_id: *const c_char, sandbox: *const c_char) -> Result<TokenTarget, vva_error> {
    // SAFETY: forwarded contract.
    let user_id = unsafe { opt_str_arg(user_id, "user_id") }?;
    // SAFETY: forwarded contract.
    let sandbox = unsafe { opt_str_arg(sandbox, "sandbox_name") }?;
    match (user_id, sandbox) {
        (None, None) => Ok(TokenTarget::me()),
        (Some(id), None) => Ok(TokenTarget::user(id)),
        (None, Some(name)) => Ok(TokenTarget::sandbox(name)),
        (Some(_), Some(_)) => Err(vva_error::local(
            vva_status::VVA_INVALID_ARGUMENT,
            "give a user id or a sandbox name, not both (both NULL: the authenticated user)",
        )),
    }
}

/// Lists API access tokens (one VQL query on `api_access_token__sys`, then its pages).
///
/// - `user_id`: whose tokens; NULL (or `"me"`) for the authenticated user, whose id comes from
///   the login or else from one `whoami` call.
/// - `name`: NULL for every name, else only tokens named exactly this (case-sensitive).
/// - `include_inactive`: also list expired tokens (revoked ones no longer exist).
///
/// On success returns `VVA_OK` and stores a new list in `*list_out` (possibly empty; free it
/// with `vva_token_list_free`). On failure stores NULL there and returns the status, with a new
/// `vva_error` in `*err_out` if `err_out` is not NULL. A listing changes nothing, so its errors
/// never report `vva_error_outcome_unknown`; the client's timeout covers the whole listing.
/// Non-admin users see only their own tokens. Thread-safe.
///
/// # Safety
/// `client` is NULL or a live client; the strings are NULL or NUL-terminated; `list_out` and
/// `err_out` are NULL or valid for a pointer write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_list_access_tokens(
    client: *const vva_client,
    user_id: *const c_char,
    name: *const c_char,
    include_inactive: bool,
    list_out: *mut *mut vva_token_list,
    err_out: *mut *mut vva_error,
) -> vva_status {
    guard(err_out, || {
        // SAFETY: the caller's contract for each pointer (here and below).
        let out = unsafe { out_arg(list_out, "list_out") }?;
        // SAFETY: as above.
        let client = unsafe { client_arg(client) }?;
        // SAFETY: as above.
        let mut query = match unsafe { opt_str_arg(user_id, "user_id") }? {
            Some(id) => TokenQuery::user(id),
            None => TokenQuery::me(),
        };
        // SAFETY: as above.
        if let Some(name) = unsafe { opt_str_arg(name, "name") }? {
            query = query.name(name);
        }
        let tokens = client.inner.list_access_tokens(&query.include_inactive(include_inactive))?;
        *out = Box::into_raw(Box::new(vva_token_list::new(&tokens)));
        Ok(())
    })
}

/// Retrieves one token's metadata by record id (`GET .../vobjects/api_access_token__sys/{id}`).
/// An unknown or revoked id (or, without admin rights, another user's token) is
/// `VVA_INVALID_REQUEST`.
///
/// On success stores a new info in `*info_out` (free it with `vva_token_info_free`); output
/// and errors otherwise as for `vva_list_access_tokens`. Thread-safe.
///
/// # Safety
/// `client` is NULL or a live client; `token_id` is NULL or NUL-terminated; `info_out` and
/// `err_out` are NULL or valid for a pointer write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_get_access_token_info(
    client: *const vva_client,
    token_id: *const c_char,
    info_out: *mut *mut vva_token_info,
    err_out: *mut *mut vva_error,
) -> vva_status {
    guard(err_out, || {
        // SAFETY: the caller's contract for each pointer (here and below).
        let out = unsafe { out_arg(info_out, "info_out") }?;
        // SAFETY: as above.
        let client = unsafe { client_arg(client) }?;
        // SAFETY: as above.
        let id = unsafe { str_arg(token_id, "token_id") }?;
        let info = client.inner.get_access_token_info(id)?;
        *out = Box::into_raw(Box::new(vva_token_info::new(&info)));
        Ok(())
    })
}

/// Revokes (deletes) API access tokens by record id, in batches of at most 500 ids, one after
/// another, each sent once and never retried.
///
/// `ids` points to `n` NUL-terminated ids (`ids` may be NULL when `n` is 0: an empty list
/// sends nothing and returns an empty report). A NULL, non-UTF-8, empty, malformed or repeated
/// id fails before anything is sent (`VVA_NULL_PARAMETER`, `VVA_INVALID_UTF8`,
/// `VVA_INVALID_ARGUMENT`). The ids are copied; the array may be freed right after the call.
///
/// Returns `VVA_OK` with a new report in `*report_out` (free it with `vva_revoke_report_free`)
/// when every batch got an answer: ids Vault refused are in the report's failed list, not an
/// error; check `vva_revoke_report_is_complete`. A batch refused as a whole, or one whose
/// answer was lost (`vva_error_outcome_unknown`), is a failure: `*report_out` is NULL, and the
/// report so far (with the later batches' ids as not sent) is reachable from the error through
/// `vva_error_partial_revoke`. Errors otherwise as for `vva_list_access_tokens`. Thread-safe.
///
/// # Safety
/// `client` is NULL or a live client; `ids` is NULL or points to `n` pointers, each NULL or a
/// NUL-terminated string; `report_out` and `err_out` are NULL or valid for a pointer write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_revoke_access_tokens(
    client: *const vva_client,
    ids: *const *const c_char,
    n: usize,
    report_out: *mut *mut vva_revoke_report,
    err_out: *mut *mut vva_error,
) -> vva_status {
    guard(err_out, || {
        // SAFETY: the caller's contract for each pointer (here and below).
        let out = unsafe { out_arg(report_out, "report_out") }?;
        // SAFETY: as above.
        let client = unsafe { client_arg(client) }?;
        // SAFETY: as above.
        let ids = unsafe { str_list_arg(ids, n, "ids") }?;
        let report = client.inner.revoke_access_tokens(&ids)?;
        *out = Box::into_raw(Box::new(vva_revoke_report::new(&report)));
        Ok(())
    })
}

/// Rotates a key: generates a new token, then revokes the tokens in `revoke_ids`.
///
/// - Target: `user_id` (a user id, `"me"` allowed), or `sandbox_name` (the authenticated user
///   in that sandbox; then `n_revoke` must be 0, since the old ids live in the sandbox), or
///   both NULL for the authenticated user. Both given is `VVA_INVALID_ARGUMENT`.
/// - `name` and `expiry` as for `vva_generate_access_token`.
/// - `revoke_ids` / `n_revoke` as `ids` / `n` of `vva_revoke_access_tokens`.
///
/// Every argument, the ids included, is checked before the create: a bad value fails with
/// nothing sent. If the create fails, that is the error and nothing is revoked. Once the token
/// exists the call returns `VVA_OK`, always with the token in `*token_out` (free it with
/// `vva_access_token_free`, which wipes the secret) and a report in `*report_out` (free it with
/// `vva_revoke_report_free`): a revoke that failed in any way is reported there (failed,
/// unknown and not-sent ids, and `vva_revoke_report_error`), never as a failure that would lose
/// the new secret. Check `vva_revoke_report_is_complete`. On failure both out-parameters are
/// NULL; errors as for `vva_generate_access_token` (check `vva_error_outcome_unknown` before
/// retrying: the token may exist). Thread-safe.
///
/// # Safety
/// `client` is NULL or a live client; the strings are NULL or NUL-terminated; `revoke_ids` is
/// NULL or points to `n_revoke` pointers, each NULL or a NUL-terminated string; `token_out`,
/// `report_out` and `err_out` are NULL or valid for a pointer write.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)] // a C signature: the target, the request, the ids, three outputs
pub unsafe extern "C" fn vva_rotate_access_token(
    client: *const vva_client,
    user_id: *const c_char,
    sandbox_name: *const c_char,
    name: *const c_char,
    expiry: *const c_char,
    revoke_ids: *const *const c_char,
    n_revoke: usize,
    token_out: *mut *mut vva_access_token,
    report_out: *mut *mut vva_revoke_report,
    err_out: *mut *mut vva_error,
) -> vva_status {
    guard(err_out, || {
        // Both out-parameters are cleared before either is reported missing.
        // SAFETY: the caller's contract for each pointer (here and below).
        let token_slot = unsafe { out_arg(token_out, "token_out") };
        // SAFETY: as above.
        let report_slot = unsafe { out_arg(report_out, "report_out") };
        let (token_slot, report_slot) = (token_slot?, report_slot?);
        // SAFETY: as above.
        let client = unsafe { client_arg(client) }?;
        // SAFETY: as above.
        let target = unsafe { target_arg(user_id, sandbox_name) }?;
        // SAFETY: as above.
        let name = unsafe { str_arg(name, "name") }?;
        // SAFETY: as above.
        let expiry = unsafe { expiry_arg(expiry) }?;
        // SAFETY: as above.
        let ids = unsafe { str_list_arg(revoke_ids, n_revoke, "revoke_ids") }?;
        let request = TokenRequest::new(target, name).expiry(expiry);
        let rotation = client.inner.rotate_access_token(&request, &ids)?;
        let token = vva_access_token::new(&rotation.token)?;
        let report = vva_revoke_report::new(&rotation.revoked).with_error(rotation.revoke_error.as_ref());
        *token_slot = Box::into_raw(Box::new(token));
        *report_slot = Box::into_raw(Box::new(report));
        Ok(())
    })
}

/// Finds the tokens a create whose answer was lost may have left behind: active tokens of the
/// target named exactly `name` that were never used. The recovery after an error with
/// `vva_error_outcome_unknown`: find them, revoke them, create again.
///
/// Target as for `vva_rotate_access_token` (`user_id`, or both NULL for the authenticated
/// user); a sandbox is `VVA_INVALID_ARGUMENT`, since its tokens live in the sandbox (use a
/// client for the sandbox's DNS with both NULL). `name` is required. Output and errors as for
/// `vva_list_access_tokens` (free the list with `vva_token_list_free`). Thread-safe.
///
/// # Safety
/// `client` is NULL or a live client; the strings are NULL or NUL-terminated; `list_out` and
/// `err_out` are NULL or valid for a pointer write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_find_orphaned_tokens(
    client: *const vva_client,
    user_id: *const c_char,
    sandbox_name: *const c_char,
    name: *const c_char,
    list_out: *mut *mut vva_token_list,
    err_out: *mut *mut vva_error,
) -> vva_status {
    guard(err_out, || {
        // SAFETY: the caller's contract for each pointer (here and below).
        let out = unsafe { out_arg(list_out, "list_out") }?;
        // SAFETY: as above.
        let client = unsafe { client_arg(client) }?;
        // SAFETY: as above.
        let target = unsafe { target_arg(user_id, sandbox_name) }?;
        // SAFETY: as above.
        let name = unsafe { str_arg(name, "name") }?;
        let tokens = client.inner.find_orphaned_tokens(&target, name)?;
        *out = Box::into_raw(Box::new(vva_token_list::new(&tokens)));
        Ok(())
    })
}

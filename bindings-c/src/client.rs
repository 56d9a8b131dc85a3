//! `vva_client`: building one (with a credential or by logging in) and generating tokens.

use std::ffi::{CString, c_char};
use std::ptr;

use vva_core::blocking::Client;
use vva_core::{Expiry, TokenRequest, TokenTarget};

use crate::error::{vva_error, vva_status};
use crate::ffi::{cstring_lossy, guard, guard_value, opt_ptr, opt_str_arg, out_arg, str_arg};
use crate::options::{options_arg, vva_client_options};
use crate::token::vva_access_token;

/// A Vault API client: settings, a credential and a connection pool.
///
/// Thread-safe: one client may be used by many threads at once. A call runs on the calling
/// thread, which does its own I/O (as libcurl's easy interface does); each thread keeps its
/// kept-alive connection for its next call on this client. Free with `vva_client_free` once no
/// thread uses it.
pub struct vva_client {
    pub(crate) inner: Client,
    user_id: Option<CString>,
}

impl vva_client {
    pub(crate) fn new(inner: Client) -> Self {
        let user_id = inner.as_async().session().and_then(|s| s.user_id()).map(cstring_lossy);
        vva_client { inner, user_id }
    }
}

/// Borrows a client handle, or fails with `VVA_NULL_PARAMETER`.
///
/// # Safety
/// `client` is NULL or a live client.
pub(crate) unsafe fn client_arg<'a>(client: *const vva_client) -> Result<&'a vva_client, vva_error> {
    // SAFETY: NULL or live, by the caller's contract.
    unsafe { client.as_ref() }.ok_or_else(|| vva_error::null("client"))
}

/// Builds a client from `opts`, which must name a Vault and a credential (session id or access
/// token). Nothing is sent.
///
/// On success returns `VVA_OK` and stores a new client in `*client_out` (free it with
/// `vva_client_free`). On failure stores NULL there and returns the status, with details in
/// `*err_out` (usually `VVA_INVALID_ARGUMENT`).
///
/// `err_out` may be NULL if the caller does not want details; otherwise `*err_out` is
/// overwritten: NULL on success, a new `vva_error` to free with `vva_error_free` on failure.
/// `opts` is only read and may be freed right after. Thread-safe.
///
/// # Safety
/// `opts` is NULL or a live options handle; `client_out` and `err_out` are NULL or valid for a
/// pointer write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_client_new(
    opts: *const vva_client_options,
    client_out: *mut *mut vva_client,
    err_out: *mut *mut vva_error,
) -> vva_status {
    guard(err_out, || {
        // SAFETY: forwarded contract.
        let out = unsafe { out_arg(client_out, "client_out") }?;
        // SAFETY: forwarded contract.
        let opts = unsafe { options_arg(opts) }?;
        let client = Client::new(opts.builder())?;
        *out = Box::into_raw(Box::new(vva_client::new(client)));
        Ok(())
    })
}

/// Logs in with a user name and password (`POST /api/{version}/auth`) and builds a client that
/// holds the new session. Blocks until Vault answers or the timeout passes. Any credential in
/// `opts` is ignored. Login failures are never retried (lockout risk).
///
/// Fails with `VVA_AUTHENTICATION_FAILED` for a wrong password or a locked/inactive user, and
/// with `VVA_WRONG_VAULT` if Vault hands out a session for another Vault than `opts` names
/// (Vault's authentication defaulting; that session is not used).
///
/// Output and error handling as for `vva_client_new`. The password is not kept (the session
/// is) and never appears in messages. Thread-safe.
///
/// # Safety
/// `opts` is NULL or a live options handle; `username` and `password` are NULL or
/// NUL-terminated strings; `client_out` and `err_out` are NULL or valid for a pointer write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_login(
    opts: *const vva_client_options,
    username: *const c_char,
    password: *const c_char,
    client_out: *mut *mut vva_client,
    err_out: *mut *mut vva_error,
) -> vva_status {
    guard(err_out, || {
        // SAFETY: the caller's contract for each pointer (here and below).
        let out = unsafe { out_arg(client_out, "client_out") }?;
        // SAFETY: as above.
        let opts = unsafe { options_arg(opts) }?;
        // SAFETY: as above.
        let username = unsafe { str_arg(username, "username") }?;
        // SAFETY: as above.
        let password = unsafe { str_arg(password, "password") }?;
        let client = Client::login(opts.builder(), username, password)?;
        *out = Box::into_raw(Box::new(vva_client::new(client)));
        Ok(())
    })
}

/// The logged-in user's id (Vault's `userId`) for a client made by `vva_login`; NULL for a
/// client made by `vva_client_new` (or if `client` is NULL).
///
/// Owned by `client`; valid until `vva_client_free(client)`. Thread-safe.
///
/// # Safety
/// `client` is NULL or a live client.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_client_user_id(client: *const vva_client) -> *const c_char {
    // SAFETY: forwarded contract.
    guard_value(ptr::null(), || unsafe { client.as_ref() }.map_or(ptr::null(), |c| opt_ptr(c.user_id.as_ref())))
}

/// Frees a client. NULL is accepted and ignored. Tokens and errors it returned stay valid.
///
/// # Safety
/// `client` is NULL or a client from this library, freed at most once, after every thread has
/// finished using it.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_client_free(client: *mut vva_client) {
    guard_value((), || {
        if !client.is_null() {
            // SAFETY: from Box::into_raw in this library, freed once.
            drop(unsafe { Box::from_raw(client) });
        }
    });
}

/// An optional expiry argument: NULL is "never", text is parsed by the core.
///
/// # Safety
/// `expiry` is NULL or a NUL-terminated string.
pub(crate) unsafe fn expiry_arg(expiry: *const c_char) -> Result<Expiry, vva_error> {
    // SAFETY: forwarded contract.
    Ok(match unsafe { opt_str_arg(expiry, "expiry") }? {
        Some(text) => Expiry::parse(text)?,
        None => Expiry::Never,
    })
}

/// The shared body of the three generate functions.
///
/// # Safety
/// As for `vva_generate_access_token`.
unsafe fn generate(
    client: *const vva_client,
    target: impl FnOnce() -> Result<TokenTarget, vva_error>,
    name: *const c_char,
    expiry: *const c_char,
    token_out: *mut *mut vva_access_token,
    err_out: *mut *mut vva_error,
) -> vva_status {
    guard(err_out, || {
        // SAFETY: the caller's contract for each pointer (here and below).
        let out = unsafe { out_arg(token_out, "token_out") }?;
        // SAFETY: as above.
        let client = unsafe { client_arg(client) }?;
        let target = target()?;
        // SAFETY: as above.
        let name = unsafe { str_arg(name, "name") }?;
        // SAFETY: as above.
        let expiry = unsafe { expiry_arg(expiry) }?;
        let request = TokenRequest::new(target, name).expiry(expiry);
        let token = client.inner.generate_access_token(&request)?;
        crate::test_panic::point(request.name());
        *out = Box::into_raw(Box::new(vva_access_token::new(&token)?));
        Ok(())
    })
}

/// Generates an API access token for the user with id `user_id` (`"me"` means the authenticated
/// user). Sent exactly once, never retried; blocks until Vault answers or the timeout passes.
///
/// - `name`: the token's name (`name__v`), required.
/// - `expiry`: NULL for a token that never expires (if the user's security profile allows it),
///   else `"YYYY-MM-DDTHH:MM:SSZ"`, an RFC 3339 instant with an offset (converted to UTC), or a
///   date `"YYYY-MM-DD"` (Vault applies 23:59:59 in the user's time zone). A time without an
///   offset, or one in the past, is rejected locally (`VVA_INVALID_ARGUMENT`).
///
/// On success returns `VVA_OK` and stores the token in `*token_out` (free it with
/// `vva_access_token_free`, which wipes the secret). On failure stores NULL there, returns the
/// status and, if `err_out` is not NULL, a new `vva_error` in `*err_out` (else NULL there).
/// Before retrying a failure, check `vva_error_outcome_unknown`: the token may exist.
///
/// Thread-safe: many threads may call this on one client at once.
///
/// # Safety
/// `client` is NULL or a live client; the strings are NULL or NUL-terminated; `token_out` and
/// `err_out` are NULL or valid for a pointer write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_generate_access_token(
    client: *const vva_client,
    user_id: *const c_char,
    name: *const c_char,
    expiry: *const c_char,
    token_out: *mut *mut vva_access_token,
    err_out: *mut *mut vva_error,
) -> vva_status {
    let target = || {
        // SAFETY: forwarded contract.
        unsafe { str_arg(user_id, "user_id") }.map(TokenTarget::user)
    };
    // SAFETY: forwarded contract.
    unsafe { generate(client, target, name, expiry, token_out, err_out) }
}

/// Generates an API access token for the authenticated user (`/objects/users/me/...`).
/// Arguments, output, errors and thread-safety as for `vva_generate_access_token`.
///
/// # Safety
/// As for `vva_generate_access_token`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_generate_access_token_me(
    client: *const vva_client,
    name: *const c_char,
    expiry: *const c_char,
    token_out: *mut *mut vva_access_token,
    err_out: *mut *mut vva_error,
) -> vva_status {
    // SAFETY: forwarded contract.
    unsafe { generate(client, || Ok(TokenTarget::me()), name, expiry, token_out, err_out) }
}

/// Generates an API access token for the authenticated user in the sandbox named
/// `sandbox_name` (the name shown on *My Vaults*), calling the production Vault
/// (`/objects/sandbox/{sandbox_name}/users/me/...`). Arguments, output, errors and thread-safety
/// as for `vva_generate_access_token`.
///
/// # Safety
/// As for `vva_generate_access_token`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_generate_access_token_sandbox(
    client: *const vva_client,
    sandbox_name: *const c_char,
    name: *const c_char,
    expiry: *const c_char,
    token_out: *mut *mut vva_access_token,
    err_out: *mut *mut vva_error,
) -> vva_status {
    let target = || {
        // SAFETY: forwarded contract.
        unsafe { str_arg(sandbox_name, "sandbox_name") }.map(TokenTarget::sandbox)
    };
    // SAFETY: forwarded contract.
    unsafe { generate(client, target, name, expiry, token_out, err_out) }
}

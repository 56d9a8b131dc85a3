//! `vva_client_options`: the settings a client is built from (setter functions on an opaque
//! handle, for ABI extensibility: see the type's docs, which go into the header).

use std::ffi::{c_char, c_int};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use vva_core::{BodyFormat, ClientBuilder};

use crate::error::{vva_error, vva_status};
use crate::ffi::{guard, guard_value, str_arg};

/// How token requests are encoded; pass one of these to `vva_client_options_set_body_format`.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum vva_body_format {
    /// `application/x-www-form-urlencoded`, the documented form (the default).
    VVA_BODY_FORMAT_FORM = 0,
    /// `application/json` with the same field names.
    VVA_BODY_FORMAT_JSON = 1,
}

/// Settings for `vva_client_new` and `vva_login`. Create with `vva_client_options_new`, set what
/// you need, build one or more clients from it, then `vva_client_options_free` it (clients keep
/// their own copy).
///
/// Required: a Vault (`vault_dns` and/or `base_url`) and, for `vva_client_new`, a credential
/// (`session_id` or `access_token`). Values are checked when a client is built; the first problem
/// is reported as `VVA_INVALID_ARGUMENT`.
///
/// Why setters on an opaque handle rather than a public struct: a new option is a new function,
/// so a program compiled against an older header keeps working with a newer library, and no
/// program depends on a struct's size, layout or version field. Each setter also checks its
/// argument (NULL, UTF-8) and says so through its status.
///
/// An options handle is internally locked, so concurrent calls on it are safe, but it is meant
/// to be set up by one thread.
pub struct vva_client_options {
    builder: Mutex<ClientBuilder>,
}

impl vva_client_options {
    fn lock(&self) -> MutexGuard<'_, ClientBuilder> {
        self.builder.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A copy of the builder, for building a client.
    pub(crate) fn builder(&self) -> ClientBuilder {
        self.lock().clone()
    }

    fn update(&self, f: impl FnOnce(ClientBuilder) -> ClientBuilder) {
        let mut builder = self.lock();
        let current = std::mem::take(&mut *builder);
        *builder = f(current);
    }
}

/// Borrows an options handle, or fails with `VVA_NULL_PARAMETER`.
///
/// # Safety
/// `opts` is NULL or a live options handle.
pub(crate) unsafe fn options_arg<'a>(opts: *const vva_client_options) -> Result<&'a vva_client_options, vva_error> {
    // SAFETY: NULL or live, by the caller's contract.
    unsafe { opts.as_ref() }.ok_or_else(|| vva_error::null("options"))
}

/// Creates an empty options handle (no Vault, no credential, default timeouts, form bodies).
///
/// Returns NULL only if the library hit an internal error. Free with `vva_client_options_free`.
/// Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn vva_client_options_new() -> *mut vva_client_options {
    guard_value(std::ptr::null_mut(), || {
        let builder = ClientBuilder::default().binding_name("c");
        Box::into_raw(Box::new(vva_client_options { builder: Mutex::new(builder) }))
    })
}

/// Frees an options handle. NULL is accepted and ignored. Clients built from it are unaffected.
///
/// # Safety
/// `opts` is NULL or a handle from `vva_client_options_new`, freed at most once and not in use
/// by another thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_client_options_free(opts: *mut vva_client_options) {
    guard_value((), || {
        if !opts.is_null() {
            // SAFETY: from Box::into_raw in vva_client_options_new, freed once.
            drop(unsafe { Box::from_raw(opts) });
        }
    });
}

/// Runs a setter that takes a string: NULL checks, UTF-8 check, then `apply`.
///
/// # Safety
/// `opts` is NULL or live; `value` is NULL or NUL-terminated.
unsafe fn set_str(
    opts: *mut vva_client_options,
    value: *const c_char,
    name: &str,
    apply: impl FnOnce(ClientBuilder, &str) -> ClientBuilder,
) -> vva_status {
    guard(std::ptr::null_mut(), || {
        // SAFETY: forwarded contract.
        let opts = unsafe { options_arg(opts) }?;
        // SAFETY: forwarded contract.
        let value = unsafe { str_arg(value, name) }?;
        opts.update(|b| apply(b, value));
        Ok(())
    })
}

/// Runs a setter that takes a plain value.
///
/// # Safety
/// `opts` is NULL or live.
unsafe fn set_value(
    opts: *mut vva_client_options,
    apply: impl FnOnce(ClientBuilder) -> Result<ClientBuilder, vva_error>,
) -> vva_status {
    guard(std::ptr::null_mut(), || {
        // SAFETY: forwarded contract.
        let opts = unsafe { options_arg(opts) }?;
        let mut result = Ok(());
        opts.update(|b| match apply(b.clone()) {
            Ok(updated) => updated,
            Err(e) => {
                result = Err(e);
                b
            }
        });
        result
    })
}

/// The Vault's DNS name, e.g. `"myvault.veevavault.com"` (no scheme, port or path). Calls go to
/// `https://{dns}/api/{version}/...` unless a base URL is set; login checks that the session it
/// gets is for this Vault.
///
/// Returns `VVA_OK`, `VVA_NULL_PARAMETER` (either argument NULL) or `VVA_INVALID_UTF8`. The string
/// is copied.
/// Thread-safe (the handle is locked), though options are normally set up by one thread.
///
/// # Safety
/// `opts` is NULL or a live options handle; `dns` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_client_options_set_vault_dns(opts: *mut vva_client_options, dns: *const c_char) -> vva_status {
    // SAFETY: forwarded contract.
    unsafe { set_str(opts, dns, "dns", |b, v| b.vault_dns(v)) }
}

/// Sends calls to this origin instead of `https://{vault_dns}` (a proxy, a test server):
/// `{base_url}/api/{version}/...`. Plain `http://` is accepted only for loopback hosts unless
/// `vva_client_options_set_allow_insecure_http` allows it.
///
/// Returns `VVA_OK`, `VVA_NULL_PARAMETER` or `VVA_INVALID_UTF8`. The string is copied.
/// Thread-safe (the handle is locked), though options are normally set up by one thread.
///
/// # Safety
/// `opts` is NULL or a live options handle; `url` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_client_options_set_base_url(opts: *mut vva_client_options, url: *const c_char) -> vva_status {
    // SAFETY: forwarded contract.
    unsafe { set_str(opts, url, "url", |b, v| b.base_url(v)) }
}

/// The OAuth login host for `vva_login_oauth`, as an origin (default
/// `"https://login.veevavault.com"`; a test server such as the mock Vault may be `http://` on
/// loopback). Other calls are unaffected.
///
/// Returns `VVA_OK`, `VVA_NULL_PARAMETER` or `VVA_INVALID_UTF8`. The string is copied; it is
/// checked when `vva_login_oauth` runs.
/// Thread-safe (the handle is locked), though options are normally set up by one thread.
///
/// # Safety
/// `opts` is NULL or a live options handle; `url` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_client_options_set_login_url(opts: *mut vva_client_options, url: *const c_char) -> vva_status {
    // SAFETY: forwarded contract.
    unsafe { set_str(opts, url, "url", |b, v| b.login_url(v)) }
}

/// The API version, `"v<major>.<minor>"` (default `"v26.2"`; token calls need v26.2 or later).
///
/// Returns `VVA_OK`, `VVA_NULL_PARAMETER` or `VVA_INVALID_UTF8`. The string is copied.
/// Thread-safe (the handle is locked), though options are normally set up by one thread.
///
/// # Safety
/// `opts` is NULL or a live options handle; `version` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_client_options_set_api_version(
    opts: *mut vva_client_options,
    version: *const c_char,
) -> vva_status {
    // SAFETY: forwarded contract.
    unsafe { set_str(opts, version, "version", |b, v| b.api_version(v)) }
}

/// Authenticate with a Vault session id (sent raw in `Authorization`). Replaces any access token
/// set before.
///
/// Returns `VVA_OK`, `VVA_NULL_PARAMETER` or `VVA_INVALID_UTF8`. The secret is copied; the copy
/// is never shown in messages.
/// Thread-safe (the handle is locked), though options are normally set up by one thread.
///
/// # Safety
/// `opts` is NULL or a live options handle; `session_id` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_client_options_set_session_id(
    opts: *mut vva_client_options,
    session_id: *const c_char,
) -> vva_status {
    // SAFETY: forwarded contract.
    unsafe { set_str(opts, session_id, "session_id", |b, v| b.session_id(v)) }
}

/// Authenticate with an API access token (sent as `Bearer ...`; a leading `"Bearer "` is
/// accepted). Replaces any session id set before.
///
/// Returns `VVA_OK`, `VVA_NULL_PARAMETER` or `VVA_INVALID_UTF8`. The secret is copied; the copy
/// is never shown in messages.
/// Thread-safe (the handle is locked), though options are normally set up by one thread.
///
/// # Safety
/// `opts` is NULL or a live options handle; `token` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_client_options_set_access_token(
    opts: *mut vva_client_options,
    token: *const c_char,
) -> vva_status {
    // SAFETY: forwarded contract.
    unsafe { set_str(opts, token, "token", |b, v| b.access_token(v)) }
}

/// The `X-VaultAPI-ClientID` sent with every call: 1 to 100 characters of `[A-Za-z0-9._-]`
/// (default `"veeva-vault-auth-c-<version>"`).
///
/// Returns `VVA_OK`, `VVA_NULL_PARAMETER` or `VVA_INVALID_UTF8`. The string is copied.
/// Thread-safe (the handle is locked), though options are normally set up by one thread.
///
/// # Safety
/// `opts` is NULL or a live options handle; `client_id` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_client_options_set_client_id(
    opts: *mut vva_client_options,
    client_id: *const c_char,
) -> vva_status {
    // SAFETY: forwarded contract.
    unsafe { set_str(opts, client_id, "client_id", |b, v| b.client_id(v)) }
}

/// Also trust the CA certificates in this PEM file (the system store stays trusted). The path
/// is taken as bytes, so it need not be UTF-8 on Unix; it must exist when the client is built.
///
/// Returns `VVA_OK` or `VVA_NULL_PARAMETER` (`VVA_INVALID_UTF8` for a non-UTF-8 path on systems
/// other than Unix). The path is copied.
/// Thread-safe (the handle is locked), though options are normally set up by one thread.
///
/// # Safety
/// `opts` is NULL or a live options handle; `path` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_client_options_set_ca_file(opts: *mut vva_client_options, path: *const c_char) -> vva_status {
    guard(std::ptr::null_mut(), || {
        // SAFETY: forwarded contract.
        let opts = unsafe { options_arg(opts) }?;
        if path.is_null() {
            return Err(vva_error::null("path"));
        }
        // SAFETY: non-NULL and NUL-terminated by contract.
        let bytes = unsafe { std::ffi::CStr::from_ptr(path) }.to_bytes();
        #[cfg(unix)]
        let path = {
            use std::os::unix::ffi::OsStrExt;
            std::path::PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
        };
        #[cfg(not(unix))]
        let path = std::path::PathBuf::from(std::str::from_utf8(bytes).map_err(|_| vva_error::utf8("path"))?);
        opts.update(|b| b.ca_file(path));
        Ok(())
    })
}

/// How long to wait for a connection, in milliseconds (default 10 000; 0 is rejected when the
/// client is built).
///
/// Returns `VVA_OK` or `VVA_NULL_PARAMETER`.
/// Thread-safe (the handle is locked), though options are normally set up by one thread.
///
/// # Safety
/// `opts` is NULL or a live options handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_client_options_set_connect_timeout_ms(opts: *mut vva_client_options, ms: u64) -> vva_status {
    // SAFETY: forwarded contract.
    unsafe { set_value(opts, |b| Ok(b.connect_timeout(Duration::from_millis(ms)))) }
}

/// The total deadline of one call (connect, send, wait, read), in milliseconds (default 60 000;
/// 0 is rejected when the client is built).
///
/// Returns `VVA_OK` or `VVA_NULL_PARAMETER`.
/// Thread-safe (the handle is locked), though options are normally set up by one thread.
///
/// # Safety
/// `opts` is NULL or a live options handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_client_options_set_timeout_ms(opts: *mut vva_client_options, ms: u64) -> vva_status {
    // SAFETY: forwarded contract.
    unsafe { set_value(opts, |b| Ok(b.timeout(Duration::from_millis(ms)))) }
}

/// Encode token requests as a form (`VVA_BODY_FORMAT_FORM`, the default) or as JSON
/// (`VVA_BODY_FORMAT_JSON`). Takes an `int` so that any value is safe to pass.
///
/// Returns `VVA_OK`, `VVA_NULL_PARAMETER`, or `VVA_INVALID_ARGUMENT` for a value that is not a
/// `vva_body_format`.
/// Thread-safe (the handle is locked), though options are normally set up by one thread.
///
/// # Safety
/// `opts` is NULL or a live options handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_client_options_set_body_format(opts: *mut vva_client_options, format: c_int) -> vva_status {
    // SAFETY: forwarded contract.
    unsafe {
        set_value(opts, |b| match format {
            f if f == vva_body_format::VVA_BODY_FORMAT_FORM as c_int => Ok(b.body_format(BodyFormat::Form)),
            f if f == vva_body_format::VVA_BODY_FORMAT_JSON as c_int => Ok(b.body_format(BodyFormat::Json)),
            _ => Err(vva_error::local(vva_status::VVA_INVALID_ARGUMENT, "unknown body format")),
        })
    }
}

/// Allow `http://` base URLs on hosts other than loopback (credentials then travel in clear
/// text). Default `false`.
///
/// Returns `VVA_OK` or `VVA_NULL_PARAMETER`.
/// Thread-safe (the handle is locked), though options are normally set up by one thread.
///
/// # Safety
/// `opts` is NULL or a live options handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_client_options_set_allow_insecure_http(opts: *mut vva_client_options, allow: bool) -> vva_status {
    // SAFETY: forwarded contract.
    unsafe { set_value(opts, |b| Ok(b.allow_insecure_http(allow))) }
}

/// The largest response body read, in bytes after decompression (default 1 MiB; 0 is rejected
/// when the client is built).
///
/// Returns `VVA_OK` or `VVA_NULL_PARAMETER`.
/// Thread-safe (the handle is locked), though options are normally set up by one thread.
///
/// # Safety
/// `opts` is NULL or a live options handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_client_options_set_max_response_bytes(opts: *mut vva_client_options, bytes: usize) -> vva_status {
    // SAFETY: forwarded contract.
    unsafe { set_value(opts, |b| Ok(b.max_response_bytes(bytes))) }
}

//! `libveeva_vault_auth`: the C ABI of the `veeva-vault-auth` core.
//!
//! A thin layer over [`vva_core::blocking::Client`]: no HTTP or validation logic of its own. What
//! it adds is what a C caller needs and Rust gives for free elsewhere:
//!
//! * opaque handles (`vva_client_options`, `vva_client`, `vva_access_token`, `vva_error`, and
//!   for the token lifecycle `vva_token_list`, `vva_token_info`, `vva_revoke_report`,
//!   `vva_user`, `vva_api_version_list`), each with a `_free` function that accepts NULL;
//! * a stable numeric status (`vva_status`, translated from the core's error kinds in exactly one
//!   place, [`error`]);
//! * a panic boundary around every exported function ([`ffi`]), NULL and UTF-8 checks that
//!   return a status instead of crashing;
//! * NUL-terminated strings owned by the handle that returned them, and a token secret that is
//!   wiped when its handle is freed.
//!
//! The header `include/veeva_vault_auth.h` is generated from these sources by cbindgen
//! (`build.rs`); the doc comments on the exported items below are the header's documentation.

// The exported names follow C conventions (`vva_client`, `VVA_OK`), as in rustls-ffi.
#![allow(non_camel_case_types)]

mod client;
mod error;
mod ffi;
mod options;
mod report;
mod session;
mod symver;
mod test_panic;
mod token;
mod token_info;
mod tokens;
mod user;

pub use client::*;
pub use error::*;
pub use options::*;
pub use report::*;
pub use session::*;
pub use token::*;
pub use token_info::*;
pub use tokens::*;
pub use user::*;

use std::ffi::{CStr, c_char};

/// This library's version as a NUL-terminated string, for example `"0.1.0"`.
///
/// The string is static: never free it. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn vva_version() -> *const c_char {
    static VERSION: &CStr = match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
        Ok(v) => v,
        Err(_) => c"unknown",
    };
    VERSION.as_ptr()
}

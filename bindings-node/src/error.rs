//! The one place a core [`Error`] becomes something JavaScript can read.
//!
//! Native calls never throw for a library error: they return a [`Failure`] and the JS layer
//! (`index.js`, `toVaultError`) turns it into a `VaultError`. That keeps every field typed
//! (`code`, `vaultErrors`, `httpStatus`, …) instead of squeezing them into napi's
//! status-and-reason error. Messages come from the core, which keeps secrets out of them.
//! A revoke that failed midway also carries its report (`partialRevoke`), so nothing already
//! revoked goes unreported.

use std::any::Any;

use napi_derive::napi;
use veeva_vault_auth::{Error, ErrorKind, ResponseMeta, VaultMessage};

use crate::data::RevokeReportData;

/// Code of a call the caller aborted. Never reaches users as a `VaultError`: the JS layer has
/// already rejected with an `AbortError` by the time the native call settles.
const ABORTED: &str = "aborted";

/// A failed native call: `{ error }`.
#[napi(object)]
pub struct Failure {
    pub error: NativeError,
}

/// Everything a `VaultError` carries.
#[napi(object)]
pub struct NativeError {
    /// The core's stable code (`ErrorKind::code`).
    pub code: String,
    /// The core's rendering: `code: message` plus the execution id, free of secrets.
    pub message: String,
    /// Every Vault `errors[]` entry, in order (messages masked by the core).
    pub vault_errors: Vec<VaultMessageData>,
    pub http_status: Option<u32>,
    pub outcome_unknown: bool,
    pub metadata: Metadata,
    /// The core's `partial_revoke()`: what a revoke that failed after its ids were checked did
    /// to every id.
    pub partial_revoke: Option<RevokeReportData>,
}

/// One `{ type, message }` entry of Vault's `errors[]` or `warnings[]`.
#[napi(object)]
pub struct VaultMessageData {
    #[napi(js_name = "type")]
    pub kind: String,
    pub message: String,
}

/// Vault's `X-VaultAPI-*` response headers.
#[napi(object)]
pub struct Metadata {
    pub execution_id: Option<String>,
    pub burst_limit: Option<i64>,
    pub burst_limit_remaining: Option<i64>,
    pub response_delay_ms: Option<i64>,
    pub status: Option<String>,
}

impl From<&ResponseMeta> for Metadata {
    fn from(meta: &ResponseMeta) -> Self {
        let number = |n: Option<u64>| n.and_then(|n| i64::try_from(n).ok());
        Metadata {
            execution_id: meta.execution_id.clone(),
            burst_limit: number(meta.burst_limit),
            burst_limit_remaining: number(meta.burst_limit_remaining),
            response_delay_ms: number(meta.response_delay_ms),
            status: meta.status.clone(),
        }
    }
}

pub(crate) fn messages(list: &[VaultMessage]) -> Vec<VaultMessageData> {
    list.iter().map(|m| VaultMessageData { kind: m.kind.clone(), message: m.message.clone() }).collect()
}

impl From<&Error> for Failure {
    fn from(error: &Error) -> Self {
        Failure {
            error: NativeError {
                code: error.code().to_owned(),
                message: error.to_string(),
                vault_errors: messages(error.vault_errors()),
                http_status: error.http_status().map(u32::from),
                outcome_unknown: error.outcome_unknown(),
                metadata: Metadata::from(error.meta()),
                partial_revoke: error.partial_revoke().map(RevokeReportData::from),
            },
        }
    }
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure::from(&error)
    }
}

impl Failure {
    /// Input this binding rejects before the core sees it (the core's own constructor for
    /// these is crate-private): same shape and code as the core's invalid-argument errors.
    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Failure::plain(ErrorKind::InvalidArgument.code(), message.into(), false)
    }

    pub(crate) fn aborted() -> Self {
        Failure::plain(ABORTED, "the call was aborted".to_owned(), true)
    }

    /// A caught panic: a bug, reported instead of tearing down the Node process.
    /// The payload is not copied into the message: it is free text that nothing vets for secrets
    /// (the default panic hook still prints it on stderr for the developer).
    pub(crate) fn panic(_payload: Box<dyn Any + Send>) -> Self {
        Failure::from(Error::internal(
            "a panic was caught in the Node binding (a bug; the outcome is unknown)",
        ))
    }

    fn plain(code: &str, message: String, outcome_unknown: bool) -> Self {
        Failure {
            error: NativeError {
                message: format!("{code}: {message}"),
                code: code.to_owned(),
                vault_errors: Vec::new(),
                http_status: None,
                outcome_unknown,
                metadata: Metadata::from(&ResponseMeta::default()),
                partial_revoke: None,
            },
        }
    }
}

/// Every stable error code of the core, in the core's order (the typings' union is checked
/// against this list in the tests).
#[napi]
pub fn error_codes() -> Vec<&'static str> {
    ErrorKind::ALL.iter().map(|k| k.code()).collect()
}

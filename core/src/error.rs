//! The one error taxonomy every binding translates.
//!
//! Bindings match on [`ErrorKind`] (or its stable [`ErrorKind::code`]) and never on message
//! text. Messages are built here from safe parts only: no credential, token or raw response body
//! can reach them.

use std::fmt;

use crate::meta::ResponseMeta;
use crate::tokens::RevokeReport;

/// What went wrong, as a closed-for-now but extensible set of categories.
///
/// The string from [`code`](ErrorKind::code) is stable: bindings expose it as `.code` and users
/// may branch on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The caller's input was rejected locally; nothing was sent.
    InvalidArgument,
    /// Login failed (`USERNAME_OR_PASSWORD_INCORRECT`, `USER_LOCKED_OUT`, …). Never retried.
    AuthenticationFailed,
    /// The session id or access token was not accepted (`INVALID_SESSION_ID`).
    InvalidSession,
    /// The user may not do this (`INSUFFICIENT_ACCESS`, `CONFIGURATION_MODE_ENABLED`).
    PermissionDenied,
    /// Vault rejected the request's data (`PARAMETER_REQUIRED`, `INVALID_DATA`, …).
    InvalidRequest,
    /// Vault's rules forbid the operation (`OPERATION_NOT_ALLOWED`): for example the 25-token
    /// limit, a VeevaID user, or an expiry beyond the security profile's maximum.
    OperationNotAllowed,
    /// The endpoint does not exist or is not supported by this API version (`MALFORMED_URL`,
    /// `METHOD_NOT_SUPPORTED`). Token endpoints need v26.2 or later.
    NotFoundOrUnsupported,
    /// A Vault rate limit was hit (`API_LIMIT_EXCEEDED`).
    RateLimited,
    /// Vault reported a system error (`responseStatus` `EXCEPTION`, `UNEXPECTED_ERROR`,
    /// `RACE_CONDITION`).
    ServerError,
    /// Vault answered `FAILURE` with an error type this library does not know; the type is kept
    /// verbatim in [`Error::vault`].
    VaultError,
    /// Login succeeded, but for another Vault than the one asked for (Vault's authentication
    /// defaulting). The session was not used.
    WrongVault,
    /// A non-200 HTTP answer with no Vault envelope (typically a proxy or load balancer).
    HttpStatus,
    /// The connection could not be made; provably nothing was sent.
    Connect,
    /// The connect timeout or the total deadline passed.
    Timeout,
    /// The connection failed after the request may have been sent.
    Transport,
    /// A response arrived but was not a Vault response this library can read (not JSON, no
    /// `responseStatus`, missing fields, or larger than the configured cap).
    Decode,
    /// The server answered with a redirect, which is never followed.
    Redirect,
    /// The TLS handshake failed (untrusted certificate, wrong host name, not TLS).
    Tls,
    /// A bug in this library (a panic was caught at a boundary). The outcome is unknown.
    Internal,
}

impl ErrorKind {
    /// Every kind, in a fixed order (for bindings that list them and for tests).
    pub const ALL: [ErrorKind; 19] = [
        ErrorKind::InvalidArgument,
        ErrorKind::AuthenticationFailed,
        ErrorKind::InvalidSession,
        ErrorKind::PermissionDenied,
        ErrorKind::InvalidRequest,
        ErrorKind::OperationNotAllowed,
        ErrorKind::NotFoundOrUnsupported,
        ErrorKind::RateLimited,
        ErrorKind::ServerError,
        ErrorKind::VaultError,
        ErrorKind::WrongVault,
        ErrorKind::HttpStatus,
        ErrorKind::Connect,
        ErrorKind::Timeout,
        ErrorKind::Transport,
        ErrorKind::Decode,
        ErrorKind::Redirect,
        ErrorKind::Tls,
        ErrorKind::Internal,
    ];

    /// The stable, machine-readable name of this kind (snake case).
    pub fn code(self) -> &'static str {
        match self {
            ErrorKind::InvalidArgument => "invalid_argument",
            ErrorKind::AuthenticationFailed => "authentication_failed",
            ErrorKind::InvalidSession => "invalid_session",
            ErrorKind::PermissionDenied => "permission_denied",
            ErrorKind::InvalidRequest => "invalid_request",
            ErrorKind::OperationNotAllowed => "operation_not_allowed",
            ErrorKind::NotFoundOrUnsupported => "not_found_or_unsupported",
            ErrorKind::RateLimited => "rate_limited",
            ErrorKind::ServerError => "server_error",
            ErrorKind::VaultError => "vault_error",
            ErrorKind::WrongVault => "wrong_vault",
            ErrorKind::HttpStatus => "http_status",
            ErrorKind::Connect => "connect_failed",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Transport => "transport_failed",
            ErrorKind::Decode => "decode_failed",
            ErrorKind::Redirect => "redirect_refused",
            ErrorKind::Tls => "tls_failed",
            ErrorKind::Internal => "internal_error",
        }
    }

    /// The kind for a Vault `errors[].type` (and top-level `errorType`), or `None` if unknown.
    ///
    /// Types are stable per API version, unlike messages, so this is the only place a Vault
    /// failure is classified.
    pub fn from_vault_type(vault_type: &str) -> Option<ErrorKind> {
        Some(match vault_type {
            "USERNAME_OR_PASSWORD_INCORRECT"
            | "NO_PASSWORD_PROVIDED"
            | "INACTIVE_USER"
            | "USER_LOCKED_OUT"
            | "PASSWORD_CHANGE_REQUIRED"
            | "AUTHENTICATION_FAILED" => ErrorKind::AuthenticationFailed,
            "INVALID_SESSION_ID" => ErrorKind::InvalidSession,
            "INSUFFICIENT_ACCESS" | "CONFIGURATION_MODE_ENABLED" => ErrorKind::PermissionDenied,
            "PARAMETER_REQUIRED"
            | "INVALID_DATA"
            | "ATTRIBUTE_NOT_SUPPORTED"
            | "INVALID_FILTER"
            | "INCORRECT_QUERY_SYNTAX_ERROR" => ErrorKind::InvalidRequest,
            "OPERATION_NOT_ALLOWED" => ErrorKind::OperationNotAllowed,
            "MALFORMED_URL" | "METHOD_NOT_SUPPORTED" => ErrorKind::NotFoundOrUnsupported,
            "API_LIMIT_EXCEEDED" => ErrorKind::RateLimited,
            "UNEXPECTED_ERROR" | "RACE_CONDITION" => ErrorKind::ServerError,
            _ => return None,
        })
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One `{type, message}` entry of Vault's `errors[]` or `warnings[]`.
///
/// The message has any credential or token it echoed masked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VaultMessage {
    /// The Vault type, verbatim (for example `INVALID_DATA`).
    pub kind: String,
    /// The human-readable message (masked). Never branch on it: Vault may change it.
    pub message: String,
}

/// What Vault said when `responseStatus` was not SUCCESS or WARNING.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VaultFailure {
    /// `FAILURE` or `EXCEPTION` (or whatever else Vault sent), verbatim.
    pub response_status: String,
    /// Every entry of `errors[]`, in order.
    pub errors: Vec<VaultMessage>,
    /// The top-level `errorType`, if any (for example `AUTHENTICATION_FAILED`).
    pub error_type: Option<String>,
}

/// An error from this library. See [`ErrorKind`] for the categories.
///
/// `Display` and `Debug` contain no secret and no raw response body. Boxed inside, so that
/// `Result<T, Error>` stays one pointer wide on the happy path.
#[derive(Clone)]
pub struct Error(Box<Details>);

#[derive(Clone, Debug)]
struct Details {
    kind: ErrorKind,
    message: String,
    outcome_unknown: bool,
    http_status: Option<u16>,
    vault: Option<VaultFailure>,
    meta: ResponseMeta,
    partial_revoke: Option<RevokeReport>,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error(Box::new(Details {
            kind,
            message: message.into(),
            outcome_unknown: false,
            http_status: None,
            vault: None,
            meta: ResponseMeta::default(),
            partial_revoke: None,
        }))
    }

    /// A caught panic or a lost task: a bug, reported instead of crashing the caller.
    pub fn internal(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Internal, message).with_outcome_unknown(true)
    }

    /// Input rejected before anything was sent.
    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::InvalidArgument, message)
    }

    pub(crate) fn with_outcome_unknown(mut self, unknown: bool) -> Self {
        self.0.outcome_unknown = unknown;
        self
    }

    pub(crate) fn with_response(mut self, http_status: u16, meta: ResponseMeta) -> Self {
        self.0.http_status = Some(http_status);
        self.0.meta = meta;
        self
    }

    pub(crate) fn with_vault(mut self, vault: VaultFailure) -> Self {
        self.0.vault = Some(vault);
        self
    }

    pub(crate) fn with_partial_revoke(mut self, report: RevokeReport) -> Self {
        self.0.partial_revoke = Some(report);
        self
    }

    /// For an error from [`revoke_access_tokens`](crate::Client::revoke_access_tokens) after its
    /// ids were checked: what happened to every id, including those revoked by earlier batches
    /// before this one failed. `None` for other calls.
    pub fn partial_revoke(&self) -> Option<&RevokeReport> {
        self.0.partial_revoke.as_ref()
    }

    /// The category.
    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }

    /// The stable code of the category (same as `self.kind().code()`).
    pub fn code(&self) -> &'static str {
        self.0.kind.code()
    }

    /// A human-readable description, free of secrets.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// `true` when the request may have reached Vault and been carried out although no result
    /// came back: a token may exist that the caller does not hold. Look it up before creating
    /// another one: [`find_orphaned_tokens`](crate::Client::find_orphaned_tokens), revoke what it
    /// finds, then create again (the recipe is in the [crate docs](crate#after-an-unknown-outcome)).
    /// Always `false` for read-only calls (listing, retrieving, `whoami`), which change nothing.
    pub fn outcome_unknown(&self) -> bool {
        self.0.outcome_unknown
    }

    /// The HTTP status of the response, when one arrived.
    pub fn http_status(&self) -> Option<u16> {
        self.0.http_status
    }

    /// Vault's own failure report, when the response carried one.
    pub fn vault(&self) -> Option<&VaultFailure> {
        self.0.vault.as_ref()
    }

    /// Every `errors[]` entry (empty when Vault sent none).
    pub fn vault_errors(&self) -> &[VaultMessage] {
        self.0.vault.as_ref().map(|v| v.errors.as_slice()).unwrap_or(&[])
    }

    /// Response headers Vault sent with the failure (burst limits, execution id).
    pub fn meta(&self) -> &ResponseMeta {
        &self.0.meta
    }

    /// `X-VaultAPI-ExecutionId` of the failed call: quote it in support tickets.
    pub fn execution_id(&self) -> Option<&str> {
        self.0.meta.execution_id.as_deref()
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.0.kind.code(), self.0.message)?;
        if let Some(id) = &self.0.meta.execution_id {
            write!(f, " (execution id {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

//! Exit statuses and the one error type commands return, built from the core's [`Error`] or
//! from a usage problem. Messages come from the core (which keeps secrets out of them) or from
//! this crate's own text, never from a secret.

use serde_json::{Value, json};
use veeva_vault_auth::{Error, ErrorKind};

/// What the process exit status says (documented in `vva --help` and the README).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Success = 0,
    Error = 1,
    Usage = 2,
    /// A create's answer was lost: a token may exist that nobody holds.
    OutcomeUnknown = 3,
    /// Some rows or ids failed (revoke, rotate's revoke, bulk).
    Partial = 4,
}

impl Status {
    pub fn code(self) -> i32 {
        self as i32
    }
}

/// A command that did not succeed as a whole.
#[derive(Debug)]
pub struct Failure {
    pub status: Status,
    pub code: String,
    pub message: String,
    /// What to do next (for example, the `vva token orphans` command to run).
    pub hint: Option<String>,
    pub core: Option<Error>,
}

impl Failure {
    /// Bad arguments or input, found before anything was sent (exit 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Failure { status: Status::Usage, code: "usage".into(), message: message.into(), hint: None, core: None }
    }

    /// A local failure that is not the caller's fault: a file that cannot be written (exit 1).
    pub fn local(code: &str, message: impl Into<String>) -> Self {
        Failure { status: Status::Error, code: code.into(), message: message.into(), hint: None, core: None }
    }

    /// The core's error: invalid input is a usage error, an unknown outcome is 3, the rest 1.
    pub fn from_core(error: Error) -> Self {
        let status = if error.kind() == ErrorKind::InvalidArgument {
            Status::Usage
        } else if error.outcome_unknown() {
            Status::OutcomeUnknown
        } else {
            Status::Error
        };
        Failure { status, code: error.code().into(), message: error.message().into(), hint: None, core: Some(error) }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn with_status(mut self, status: Status) -> Self {
        self.status = status;
        self
    }

    /// The `{error: {…}}` document printed on stdout with `--json`.
    pub fn to_json(&self) -> Value {
        let core = self.core.as_ref();
        let vault_errors: Vec<Value> = core
            .map(|e| e.vault_errors().iter().map(|m| json!({"type": m.kind, "message": m.message})).collect())
            .unwrap_or_default();
        json!({"error": {
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
            "outcome_unknown": self.status == Status::OutcomeUnknown,
            "execution_id": core.and_then(|e| e.execution_id()),
            "vault_errors": vault_errors,
        }})
    }

    /// The human form, for stderr.
    pub fn to_text(&self) -> String {
        let mut text = format!("vva: {}: {}", self.code, self.message);
        if let Some(core) = &self.core {
            for m in core.vault_errors() {
                text.push_str(&format!("\n  Vault: {}: {}", m.kind, m.message));
            }
            if let Some(id) = core.execution_id() {
                text.push_str(&format!("\n  execution id {id}"));
            }
        }
        if let Some(hint) = &self.hint {
            text.push_str(&format!("\n  {hint}"));
        }
        text
    }
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure::from_core(error)
    }
}

/// What every command returns: a status to exit with once its output is printed.
pub type Outcome = Result<Status, Failure>;

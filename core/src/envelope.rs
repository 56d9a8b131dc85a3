//! Reads Vault's JSON envelope (`responseStatus`, `errors[]`, `warnings[]`, `data`) and turns
//! failures into [`Error`]s. Success is decided here from `responseStatus` alone.

use serde_json::Value;

use crate::error::{Error, ErrorKind, VaultFailure, VaultMessage};
use crate::masking::mask;
use crate::meta::ResponseMeta;

/// A response that arrived: status, headers and the (size-capped) body.
pub(crate) struct Reply {
    pub status: u16,
    pub meta: ResponseMeta,
    pub content_type: Option<String>,
    /// Wiped when dropped: it may hold a token or a session id.
    pub body: zeroize::Zeroizing<Vec<u8>>,
}

struct RawMessage {
    kind: Option<String>,
    message: Option<String>,
}

/// The envelope's known fields, taken out of the top-level object; `rest` keeps the others.
///
/// Read by hand from the parsed object rather than with `#[serde(flatten)]`, which buffers the
/// whole document a second time (it measured as a few percent of a call's CPU).
struct RawEnvelope {
    response_status: String,
    errors: Option<Vec<RawMessage>>,
    warnings: Option<Vec<RawMessage>>,
    error_type: Option<String>,
    rest: serde_json::Map<String, Value>,
}

impl RawEnvelope {
    /// `None` unless the body is an object with a string `responseStatus` and well-formed
    /// optional `errors` / `warnings` / `errorType`.
    fn parse(body: &[u8]) -> Option<RawEnvelope> {
        let Ok(Value::Object(mut rest)) = serde_json::from_slice::<Value>(body) else { return None };
        let response_status = match rest.remove("responseStatus") {
            Some(Value::String(s)) => s,
            _ => return None,
        };
        let errors = messages(rest.remove("errors"))?;
        let warnings = messages(rest.remove("warnings"))?;
        let error_type = optional_string(rest.remove("errorType"))?;
        Some(RawEnvelope { response_status, errors, warnings, error_type, rest })
    }
}

/// Absent or null → `Some(None)`; a string → `Some(Some)`; anything else → `None` (malformed).
fn optional_string(value: Option<Value>) -> Option<Option<String>> {
    match value {
        None | Some(Value::Null) => Some(None),
        Some(Value::String(s)) => Some(Some(s)),
        Some(_) => None,
    }
}

/// An optional array of `{type, message}` objects; `None` if malformed.
fn messages(value: Option<Value>) -> Option<Option<Vec<RawMessage>>> {
    let items = match value {
        None | Some(Value::Null) => return Some(None),
        Some(Value::Array(items)) => items,
        Some(_) => return None,
    };
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let Value::Object(mut fields) = item else { return None };
        out.push(RawMessage {
            kind: optional_string(fields.remove("type"))?,
            message: optional_string(fields.remove("message"))?,
        });
    }
    Some(Some(out))
}

/// A successful (`SUCCESS` or `WARNING`) envelope.
pub(crate) struct Success {
    pub warnings: Vec<VaultMessage>,
    pub fields: serde_json::Map<String, Value>,
    pub meta: ResponseMeta,
}

/// Decides the outcome of a reply. `secrets` are masked out of any echoed message.
pub(crate) fn read(reply: Reply, secrets: &[&str]) -> Result<Success, Error> {
    let Reply { status, meta, content_type, body } = reply;
    let decode_err = |why: &str| {
        // Never the body itself: it may hold a token.
        let ct = mask(content_type.as_deref().unwrap_or("none"), secrets);
        let message = format!("{why} (HTTP {status}, content type {ct}, {} bytes)", body.len());
        let kind = if status == 200 { ErrorKind::Decode } else { ErrorKind::HttpStatus };
        // The request reached a server that answered; whether a token was made is unknown.
        Error::new(kind, message).with_outcome_unknown(true).with_response(status, meta.clone())
    };
    if (300..400).contains(&status) {
        return Err(Error::new(
            ErrorKind::Redirect,
            format!("the server answered HTTP {status} (a redirect), which is not followed; check the Vault DNS or base URL"),
        )
        .with_response(status, meta));
    }
    let envelope = match RawEnvelope::parse(&body) {
        Some(e) => e,
        None if status != 200 => return Err(decode_err("HTTP error without a Vault response")),
        None => return Err(decode_err("the response is not a Vault JSON response")),
    };
    // Every text the server chose is masked: a credential echoed in a type or a status would
    // otherwise reach error messages as surely as one echoed in a message.
    let messages = |raw: Option<Vec<RawMessage>>| -> Vec<(String, VaultMessage)> {
        raw.unwrap_or_default()
            .into_iter()
            .map(|m| {
                let raw_kind = m.kind.unwrap_or_default();
                let shown = VaultMessage { kind: mask(&raw_kind, secrets), message: mask(m.message.as_deref().unwrap_or(""), secrets) };
                (raw_kind, shown)
            })
            .collect()
    };
    match envelope.response_status.as_str() {
        "SUCCESS" | "WARNING" if status == 200 => Ok(Success {
            warnings: messages(envelope.warnings).into_iter().map(|(_, m)| m).collect(),
            fields: envelope.rest,
            meta,
        }),
        "SUCCESS" | "WARNING" => Err(decode_err("HTTP error status with a success envelope")),
        other => {
            let classified = messages(envelope.errors);
            let raw_error_type = envelope.error_type.filter(|t| !t.is_empty());
            // Classified on the verbatim types; only the masked forms are kept.
            let kind = if other == "EXCEPTION" {
                ErrorKind::ServerError
            } else {
                classified
                    .iter()
                    .find_map(|(raw, _)| ErrorKind::from_vault_type(raw))
                    .or_else(|| raw_error_type.as_deref().and_then(ErrorKind::from_vault_type))
                    .unwrap_or(ErrorKind::VaultError)
            };
            let errors: Vec<VaultMessage> = classified.into_iter().map(|(_, m)| m).collect();
            let error_type = raw_error_type.map(|t| mask(&t, secrets));
            let other = mask(other, secrets);
            let mut message = format!("Vault answered {}", short(&other));
            match errors.first() {
                Some(first) => {
                    message.push_str(&format!(": {}: {}", short(&first.kind), first.message));
                    if errors.len() > 1 {
                        message.push_str(&format!(" (and {} more)", errors.len() - 1));
                    }
                }
                None => message.push_str(" with no errors[]"),
            }
            if kind == ErrorKind::NotFoundOrUnsupported {
                message.push_str(" (the token endpoints need API v26.2 or later)");
            }
            // A system error may strike after the token was stored.
            let unknown = kind == ErrorKind::ServerError;
            Err(Error::new(kind, message)
                .with_outcome_unknown(unknown)
                .with_response(status, meta)
                .with_vault(VaultFailure {
                    response_status: other,
                    errors,
                    error_type,
                }))
        }
    }
}

/// An `errors[]` array found elsewhere than at the top level (a per-row result of a bulk call),
/// read and masked like the envelope's own. `None` if malformed; absent or null is empty.
pub(crate) fn vault_messages(value: Option<Value>, secrets: &[&str]) -> Option<Vec<VaultMessage>> {
    let raw = messages(value)?;
    Some(
        raw.unwrap_or_default()
            .into_iter()
            .map(|m| VaultMessage {
                // Masked like the envelope's own types: a credential echoed in a type is as
                // exposed as one echoed in a message (found by the decoders fuzz target).
                kind: mask(m.kind.as_deref().unwrap_or(""), secrets),
                message: mask(m.message.as_deref().unwrap_or(""), secrets),
            })
            .collect(),
    )
}

/// Bounds a server-chosen word before it goes into a message.
fn short(text: &str) -> String {
    text.chars().take(80).collect()
}

/// Takes a required string field from `data`.
pub(crate) fn required_str(map: &serde_json::Map<String, Value>, key: &str) -> Option<String> {
    match map.get(key) {
        Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    }
}

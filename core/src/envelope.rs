//! Reads Vault's JSON envelope (`responseStatus`, `errors[]`, `warnings[]`, `data`) and turns
//! failures into [`Error`]s. Success is decided here from `responseStatus` alone.

use serde::Deserialize;
use serde_json::Value;

use crate::error::{Error, ErrorKind, VaultFailure, VaultMessage};
use crate::masking::mask;
use crate::meta::ResponseMeta;

/// A response that arrived: status, headers and the (size-capped) body.
pub(crate) struct Reply {
    pub status: u16,
    pub meta: ResponseMeta,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

#[derive(Deserialize)]
struct RawMessage {
    #[serde(rename = "type", default)]
    kind: Option<String>,
    #[serde(default)]
    message: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawEnvelope {
    response_status: String,
    #[serde(default)]
    errors: Option<Vec<RawMessage>>,
    #[serde(default)]
    warnings: Option<Vec<RawMessage>>,
    #[serde(default)]
    error_type: Option<String>,
    #[serde(flatten)]
    rest: serde_json::Map<String, Value>,
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
        let ct = content_type.as_deref().unwrap_or("none");
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
    let envelope: RawEnvelope = match serde_json::from_slice(&body) {
        Ok(e) => e,
        Err(_) if status != 200 => return Err(decode_err("HTTP error without a Vault response")),
        Err(_) => return Err(decode_err("the response is not a Vault JSON response")),
    };
    let messages = |raw: Option<Vec<RawMessage>>| -> Vec<VaultMessage> {
        raw.unwrap_or_default()
            .into_iter()
            .map(|m| VaultMessage {
                kind: m.kind.unwrap_or_default(),
                message: mask(m.message.as_deref().unwrap_or(""), secrets),
            })
            .collect()
    };
    match envelope.response_status.as_str() {
        "SUCCESS" | "WARNING" if status == 200 => Ok(Success {
            warnings: messages(envelope.warnings),
            fields: envelope.rest,
            meta,
        }),
        "SUCCESS" | "WARNING" => Err(decode_err("HTTP error status with a success envelope")),
        other => {
            let errors = messages(envelope.errors);
            let error_type = envelope.error_type.filter(|t| !t.is_empty());
            let kind = if other == "EXCEPTION" {
                ErrorKind::ServerError
            } else {
                errors
                    .iter()
                    .find_map(|e| ErrorKind::from_vault_type(&e.kind))
                    .or_else(|| error_type.as_deref().and_then(ErrorKind::from_vault_type))
                    .unwrap_or(ErrorKind::VaultError)
            };
            let mut message = format!("Vault answered {}", short(other));
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
                    response_status: other.to_owned(),
                    errors,
                    error_type,
                }))
        }
    }
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

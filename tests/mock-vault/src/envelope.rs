//! Vault's answer envelopes: `SUCCESS` with fields beside `responseStatus`, and the HTTP 200
//! `FAILURE` with one `errors[]` entry that Vault sends for every API error.

use serde_json::{Value, json};

use crate::http::Response;

/// `{"responseStatus":"SUCCESS", …fields}` with `X-VaultAPI-Status: SUCCESS`.
pub fn success(mut fields: Value) -> Response {
    if let Value::Object(map) = &mut fields {
        map.insert("responseStatus".into(), json!("SUCCESS"));
    }
    let mut r = Response::json(200, &fields);
    r.headers.push(("X-VaultAPI-Status".into(), "SUCCESS".into()));
    r
}

/// Vault's failure envelope: HTTP 200, `FAILURE`, one `errors[]` entry.
pub fn failure(error_type: &str, message: &str) -> Response {
    let mut r = Response::json(
        200,
        &json!({"responseStatus": "FAILURE", "errors": [{"type": error_type, "message": message}]}),
    );
    r.headers.push(("X-VaultAPI-Status".into(), "FAILURE".into()));
    r
}

/// A login failure: like [`failure`], plus the top-level `errorType: AUTHENTICATION_FAILED`.
pub fn auth_failed(error_type: &str, message: &str) -> Response {
    let mut r = failure(error_type, message);
    if let Ok(mut v) = serde_json::from_slice::<Value>(&r.body) {
        v["errorType"] = json!("AUTHENTICATION_FAILED");
        r.body = v.to_string().into_bytes();
    }
    r
}

/// One failure row inside a bulk answer's `data[]`.
pub fn failure_row(error_type: &str, message: &str) -> Value {
    json!({"responseStatus": "FAILURE", "errors": [{"type": error_type, "message": message}]})
}

pub fn invalid_session() -> Response {
    failure("INVALID_SESSION_ID", "Invalid or expired session ID.")
}

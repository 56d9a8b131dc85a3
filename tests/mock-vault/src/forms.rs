//! Decoding request bodies and paths: URL-encoded forms, `multipart/form-data` (for `/auth`),
//! JSON objects, query strings and percent-encoded path segments.

use std::collections::HashMap;

use serde_json::Value;

use crate::envelope::failure;
use crate::http::{Request, Response};

pub fn parse_form(body: &str) -> HashMap<String, String> {
    url::form_urlencoded::parse(body.as_bytes()).into_owned().collect()
}

/// The query string's parameters (empty when there is none).
pub fn query_params(request: &Request) -> HashMap<String, String> {
    request.query.as_deref().map(parse_form).unwrap_or_default()
}

/// Form fields for `/auth` and the OAuth endpoint: `multipart/form-data` when the request says
/// so, otherwise URL-encoded (Vault's clients do not all send a content type).
pub fn login_form(request: &Request) -> HashMap<String, String> {
    let content_type = request.header("content-type").unwrap_or("");
    if content_type.to_ascii_lowercase().starts_with("multipart/form-data") {
        return parse_multipart(content_type, &request.body).unwrap_or_default();
    }
    parse_form(&request.body)
}

/// The text fields of a `multipart/form-data` body; `None` without a usable boundary.
pub fn parse_multipart(content_type: &str, body: &str) -> Option<HashMap<String, String>> {
    let boundary = content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.trim().split_once('=')?;
        k.eq_ignore_ascii_case("boundary").then(|| v.trim_matches('"').to_owned())
    })?;
    if boundary.is_empty() {
        return None;
    }
    let delimiter = format!("--{boundary}");
    let mut fields = HashMap::new();
    for part in body.split(delimiter.as_str()).skip(1) {
        if part.starts_with("--") {
            break; // the closing delimiter
        }
        let part = part.strip_prefix("\r\n").unwrap_or(part);
        let Some((head, value)) = part.split_once("\r\n\r\n") else { continue };
        let value = value.strip_suffix("\r\n").unwrap_or(value);
        let name = head.lines().find_map(|line| {
            let (h, v) = line.split_once(':')?;
            if !h.trim().eq_ignore_ascii_case("content-disposition") {
                return None;
            }
            v.split(';').find_map(|p| {
                let (k, v) = p.trim().split_once('=')?;
                (k == "name").then(|| v.trim_matches('"').to_owned())
            })
        });
        if let Some(name) = name {
            fields.insert(name, value.to_owned());
        }
    }
    Some(fields)
}

/// A form-encoded or JSON-object body as string fields (the token endpoints accept both).
pub fn parse_body(request: &Request) -> Result<HashMap<String, String>, Response> {
    let content_type = request.header("content-type").unwrap_or("").to_ascii_lowercase();
    if content_type.starts_with("application/x-www-form-urlencoded") {
        return Ok(parse_form(&request.body));
    }
    if content_type.starts_with("application/json") {
        let value: Value = serde_json::from_str(&request.body)
            .map_err(|_| failure("INVALID_DATA", "Request body is not valid JSON."))?;
        let Value::Object(map) = value else {
            return Err(failure("INVALID_DATA", "Request body must be a JSON object."));
        };
        return Ok(map
            .into_iter()
            .map(|(k, v)| (k, match v { Value::String(s) => s, other => other.to_string() }))
            .collect());
    }
    Err(failure(
        "INVALID_DATA",
        "Content-Type must be application/x-www-form-urlencoded or application/json.",
    ))
}

pub fn percent_decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((hi * 16 + lo) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multipart_fields() {
        let body = "--XyZ\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nadmin@x\r\n--XyZ\r\n\
                    Content-Disposition: form-data; name=\"password\"\r\n\r\np&w=d\r\n--XyZ--\r\n";
        let fields = parse_multipart("multipart/form-data; boundary=XyZ", body).unwrap();
        assert_eq!(fields["username"], "admin@x");
        assert_eq!(fields["password"], "p&w=d");
        assert_eq!(parse_multipart("multipart/form-data", body), None);
    }
}

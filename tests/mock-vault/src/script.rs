//! Scripted answers for tests: the next API request gets a canned response or a fault instead
//! of the mock's own behaviour. Posted as JSON to `/__mock/script`.

use std::time::Duration;

use serde::Deserialize;
use serde_json::Value;

use crate::http::{Outcome, Response};

/// One scripted answer, consumed by the next API request.
#[derive(Clone, Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Script {
    /// HTTP status (default 200).
    #[serde(default)]
    pub status: Option<u16>,
    /// Response headers, written with exactly this case and order.
    #[serde(default)]
    pub headers: Vec<(String, String)>,
    /// A JSON body, or a string sent as is. Absent: the mock answers normally (after any
    /// delay), so a script can just slow one call down.
    #[serde(default)]
    pub body: Option<Value>,
    /// `"drop"`: read the request, then close the connection without answering.
    /// `"drop_after"`: handle the request for real (mint the token, delete the records…),
    /// then close the connection without answering.
    #[serde(default)]
    pub fault: Option<String>,
    /// Wait this long before answering.
    #[serde(default)]
    pub delay_ms: Option<u64>,
    /// Gzip the body and send `Content-Encoding: gzip` (to test limits after decompression).
    #[serde(default)]
    pub gzip: bool,
    /// Repeat the (string) body this many times: a large body without a large script.
    #[serde(default)]
    pub repeat: Option<usize>,
    /// Answer, then close the connection without a `Connection: close` header (an idle
    /// keep-alive connection dropped by the server side).
    #[serde(default)]
    pub close_after: bool,
    /// On a query answer, set `responseDetails.next_page` to this text (added if absent): a
    /// link to another host, or the same link twice for a loop.
    #[serde(default)]
    pub next_page: Option<String>,
}

impl Script {
    /// The canned outcome, or `None` to let the mock answer (still after `delay_ms`).
    pub fn outcome(&self) -> Option<Outcome> {
        if self.fault.as_deref() == Some("drop") {
            return Some(Outcome::Drop);
        }
        let body = self.body.as_ref()?;
        let (mut bytes, default_type) = match body {
            Value::String(s) => (s.repeat(self.repeat.unwrap_or(1)).into_bytes(), "text/plain"),
            other => (other.to_string().into_bytes(), "application/json;charset=UTF-8"),
        };
        let mut headers = self.headers.clone();
        if self.gzip {
            let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            if std::io::Write::write_all(&mut encoder, &bytes).is_ok() {
                if let Ok(compressed) = encoder.finish() {
                    bytes = compressed;
                    headers.push(("Content-Encoding".into(), "gzip".into()));
                }
            }
        }
        if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("content-type")) {
            headers.insert(0, ("Content-Type".into(), default_type.into()));
        }
        Some(Outcome::Respond(Response {
            status: self.status.unwrap_or(200),
            headers,
            body: bytes,
            delay: self.delay(),
            lowercase_headers: false,
            close_silently: self.close_after,
            close: false,
        }))
    }

    /// Handle the request, then drop the connection (`"fault":"drop_after"`).
    pub fn drops_after(&self) -> bool {
        self.fault.as_deref() == Some("drop_after")
    }

    /// Applies the fields that change the mock's own answer (`next_page`).
    pub fn adjust(&self, response: &mut Response) {
        let Some(link) = &self.next_page else { return };
        let Ok(mut body) = serde_json::from_slice::<Value>(&response.body) else { return };
        if let Some(details) = body.get_mut("responseDetails").and_then(Value::as_object_mut) {
            details.insert("next_page".into(), Value::String(link.clone()));
            response.body = body.to_string().into_bytes();
        }
    }

    pub fn delay(&self) -> Option<Duration> {
        self.delay_ms.map(Duration::from_millis)
    }
}

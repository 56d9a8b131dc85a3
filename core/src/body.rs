//! Reading a response body with a size cap that also bounds what a compressed body expands to.

use std::io::Read;

use http_body_util::BodyExt;
use hyper::body::{Body as _, Incoming};

pub(crate) enum BodyError {
    /// More than the cap, before or after decompression.
    TooLarge,
    /// A `Content-Encoding` this library did not ask for, or a corrupt gzip stream.
    Encoding(String),
    /// The connection failed mid-body.
    Read(hyper::Error),
}

/// Reads the whole body, at most `max` bytes of it, decoding gzip if the server used it.
pub(crate) async fn read_capped(mut body: Incoming, encoding: Option<&str>, max: usize) -> Result<Vec<u8>, BodyError> {
    // Known for a body with Content-Length: refuse an oversized one without reading it.
    let expected = body.size_hint().exact();
    if expected.is_some_and(|n| n > max as u64) {
        return Err(BodyError::TooLarge);
    }
    let mut raw = Vec::with_capacity(expected.map_or(1024, |n| n as usize));
    while !body.is_end_stream() {
        let Some(frame) = body.frame().await else { break };
        let frame = frame.map_err(BodyError::Read)?;
        if let Ok(chunk) = frame.into_data() {
            if raw.len() + chunk.len() > max {
                return Err(BodyError::TooLarge);
            }
            raw.extend_from_slice(&chunk);
        }
    }
    match encoding.map(str::trim) {
        None | Some("") => Ok(raw),
        Some(e) if e.eq_ignore_ascii_case("identity") => Ok(raw),
        Some(e) if e.eq_ignore_ascii_case("gzip") || e.eq_ignore_ascii_case("x-gzip") => gunzip(&raw, max),
        Some(other) => Err(BodyError::Encoding(format!("the response uses Content-Encoding {other:?}, which was not asked for"))),
    }
}

fn gunzip(compressed: &[u8], max: usize) -> Result<Vec<u8>, BodyError> {
    let mut out = Vec::with_capacity(compressed.len() * 4);
    // One byte over the cap is enough to know the cap was exceeded.
    let mut decoder = flate2::read::GzDecoder::new(compressed).take(max as u64 + 1);
    decoder
        .read_to_end(&mut out)
        .map_err(|e| BodyError::Encoding(format!("the gzip-encoded response could not be decoded: {e}")))?;
    if out.len() > max {
        return Err(BodyError::TooLarge);
    }
    Ok(out)
}

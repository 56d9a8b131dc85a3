//! Entry points for the fuzz targets (`fuzz/`) and the property tests: the response decoders,
//! `Expiry::parse`, the VQL escaper and the masking, each with its properties checked by
//! assertions, so that a violation is a crash to libFuzzer and a failure to proptest.
//!
//! Compiled only with the `fuzzing` feature (and in this crate's own tests); not part of the
//! public API, which it leaves unchanged.
//!
//! Decoder inputs are `[selector, status, ...body]`. The body may name three secrets by
//! placeholder, so that the fuzzer can put them anywhere without guessing them: `@C` the
//! credential (or password) the client sent, `@T` a token Vault hands out, `@S` a session id.

use crate::envelope::{self, Reply};
use crate::error::{Error, ErrorKind};
use crate::meta::ResponseMeta;

/// The credential (or password) the client sent: masked wherever a server echoes it.
pub const CREDENTIAL: &str = "Cred-FUZZ-5ecret";
/// An API access token as Vault makes them.
pub const TOKEN: &str = "veeva-vault-TOKEN-FUZZ-0123456789";
/// A session id handed out by a login.
pub const SESSION: &str = "SESSION-FUZZ-0123456789abcdef";

/// Longest error message a decoder may produce, in characters: server text is bounded (1,000
/// characters per message after masking) and the rest is the library's own words.
pub const MAX_MESSAGE_CHARS: usize = 1500;

const STATUSES: [u16; 16] = [200, 200, 200, 200, 200, 200, 400, 401, 403, 404, 429, 500, 502, 503, 302, 204];
const DECODERS: u8 = 9;

/// Decodes `data` with the decoder its first byte picks, and checks the properties: no panic;
/// a value or a typed, bounded error; no secret in any error text or `Debug` output.
pub fn check_decoder(data: &[u8]) {
    let [selector, status, rest @ ..] = data else { return };
    let status = STATUSES[usize::from(status % 16)];
    // An optional content type, taken from the input, as the server sends one.
    let (content_type, body) = match selector & 0x80 {
        0 => (Some("application/json;charset=UTF-8".to_owned()), rest),
        _ => match rest.iter().position(|&b| b == b'\n') {
            Some(i) => (Some(String::from_utf8_lossy(&rest[..i]).into_owned()), &rest[i + 1..]),
            None => (None, rest),
        },
    };
    let body = expand(body);
    let reply = Reply { status, meta: ResponseMeta::default(), content_type, body: zeroize::Zeroizing::new(body) };
    let secrets = [CREDENTIAL];
    let success = envelope::read(reply, &secrets);
    let success = match success {
        Ok(s) => s,
        Err(e) => return check_error(&e, &[CREDENTIAL, TOKEN]),
    };
    for warning in &success.fields_warnings() {
        assert!(!warning.contains(CREDENTIAL) && !warning.contains(TOKEN), "secret in a warning: {warning}");
    }
    match (selector & 0x7f) % DECODERS {
        0 => match crate::client::token_from_success(success) {
            Ok(token) => {
                // The record id is shown (and is the server's choice); the token must not be.
                let shown = format!("{token:?}").replace(token.id(), "<id>");
                assert!(!shown.contains(TOKEN) && !shown.contains(CREDENTIAL), "secret in Debug: {shown}");
            }
            Err(e) => check_error(&e, &[CREDENTIAL, TOKEN]),
        },
        d @ (1 | 2) => {
            let expected = (d == 1).then_some("myvault.veevavault.com");
            match crate::client::session_from_login(success, expected) {
                Ok(session) => {
                    // The server's own fields are shown; only the session id must not be.
                    let echoed = [session.user_id(), session.vault_id(), session.vault_dns()];
                    let shown = format!("{session:?}");
                    assert!(!shown.contains(SESSION) || echoed.iter().flatten().any(|f| f.contains(SESSION)), "session id in Debug: {shown}");
                }
                // The session id was decoded before the Vault check: it must not reach the error.
                Err(e) => check_error(&e, &[CREDENTIAL, TOKEN, SESSION]),
            }
        }
        3 => {
            let mut tokens = Vec::new();
            match crate::tokens::read_page(&success, 1, &mut tokens) {
                // Followed only as a path under /api/ with no dot segment (`v2..2` is a name).
                Ok(next) => assert!(
                    next.is_none_or(|n| n.starts_with("/api/") && !n.split(['/', '?']).any(|s| s == "." || s == "..")),
                    "{next:?}"
                ),
                Err(e) => check_error(&e, &[CREDENTIAL, TOKEN]),
            }
        }
        4 => {
            let batch: Vec<String> = (1..=usize::from(status % 4) + 1).map(|i| format!("0PI{i}")).collect();
            match crate::tokens::batch_from_success(&success, &batch, &secrets) {
                Ok(rows) => {
                    assert_eq!(rows.len(), batch.len(), "one row per id");
                    let shown = format!("{rows:?}");
                    assert!(!shown.contains(CREDENTIAL) && !shown.contains(TOKEN), "secret in a revoke row: {shown}");
                }
                Err(e) => check_error(&e, &[CREDENTIAL, TOKEN]),
            }
        }
        5 => match crate::whoami::user_from_success(success) {
            Ok(user) => assert!(!user.id().is_empty() && !user.username().is_empty()),
            Err(e) => check_error(&e, &[CREDENTIAL, TOKEN]),
        },
        6 => match crate::session::versions_from_success(success, &secrets) {
            Ok((versions, _)) => {
                assert!(versions.windows(2).all(|w| w[0].version() < w[1].version()), "sorted, no repeats");
                assert_eq!(versions.iter().filter(|v| v.is_possibly_beta()).count(), usize::from(!versions.is_empty()));
            }
            Err(e) => check_error(&e, &[CREDENTIAL, TOKEN]),
        },
        7 => match crate::tokens::record_from_success(&success, "0PI1") {
            Ok(info) => assert_eq!(info.id(), "0PI1"),
            Err(e) => check_error(&e, &[CREDENTIAL, TOKEN]),
        },
        // The envelope alone (keep-alive, logout): done above.
        _ => {}
    }
}

impl envelope::Success {
    /// The warnings as text, for the secret checks.
    fn fields_warnings(&self) -> Vec<String> {
        self.warnings.iter().map(|w| format!("{} {}", w.kind, w.message)).collect()
    }
}

/// A typed error, with a bounded message that holds none of `secrets`, also in `Debug`.
fn check_error(error: &Error, secrets: &[&str]) {
    assert!(ErrorKind::ALL.contains(&error.kind()), "untyped error");
    assert_ne!(error.kind(), ErrorKind::Internal, "a decoder reported a bug: {error}");
    let message = error.to_string();
    assert!(!error.message().is_empty(), "an error without a message");
    assert!(message.chars().count() <= MAX_MESSAGE_CHARS, "message of {} chars", message.chars().count());
    let debug = format!("{error:?}");
    for secret in secrets {
        assert!(!message.contains(secret), "secret {secret} in the message: {message}");
        assert!(!debug.contains(secret), "secret {secret} in Debug: {debug}");
    }
}

/// Replaces the placeholders with the secrets they stand for.
fn expand(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len());
    let mut i = 0;
    while i < body.len() {
        let secret = match body.get(i..i + 2) {
            Some(b"@C") => Some(CREDENTIAL),
            Some(b"@T") => Some(TOKEN),
            Some(b"@S") => Some(SESSION),
            _ => None,
        };
        match secret {
            Some(s) => {
                out.extend_from_slice(s.as_bytes());
                i += 2;
            }
            None => {
                out.push(body[i]);
                i += 1;
            }
        }
    }
    out
}

/// `Expiry::parse` on any text: a value whose wire form parses back to itself, or an
/// `InvalidArgument` error.
pub fn check_expiry(text: &str) {
    match crate::Expiry::parse(text) {
        Ok(expiry) => {
            let wire = expiry.wire_value().expect("a parsed expiry has a wire value");
            let back = crate::Expiry::parse(&wire).unwrap_or_else(|e| panic!("{wire:?} does not parse back: {e}"));
            assert_eq!(back, expiry, "round trip of {text:?} through {wire:?}");
        }
        Err(e) => {
            assert_eq!(e.kind(), ErrorKind::InvalidArgument, "{e}");
            assert!(!e.message().is_empty());
        }
    }
}

/// The VQL literal of `value`, for the round trip against the mock's lexer (which the core does
/// not depend on; the fuzz target and the mock's tests bring it).
pub fn vql_literal(value: &str) -> String {
    crate::vql::literal(value)
}

/// Checks a VQL literal's shape: quoted, one line.
pub fn check_vql_literal_shape(value: &str, literal: &str) {
    assert!(literal.len() >= 2 && literal.starts_with('\'') && literal.ends_with('\''), "{literal:?}");
    assert!(!literal.contains(['\n', '\r']), "{literal:?} of {value:?} spans lines");
}

/// Splits `data` into secrets and a text (`secret\0secret\0…\0\0text`, lossy UTF-8), masks the
/// text and checks: no secret of 8 characters or more survives, and the output is bounded
/// (at most 1,000 characters and an ellipsis).
pub fn check_mask(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (secrets, text) = match text.split_once("\0\0") {
        Some((s, t)) => (s.split('\0').collect::<Vec<_>>(), t),
        None => (Vec::new(), text.as_ref()),
    };
    let out = crate::masking::mask(text, &secrets);
    assert!(out.chars().count() <= crate::masking::MAX_CHARS + 1, "output of {} chars", out.chars().count());
    // A secret holding the mask's own `*` is left out: `***` next to the server's own text can
    // spell it (`ab` + `***`), which shows nothing the server did not send.
    for secret in secrets.iter().filter(|s| s.chars().count() >= crate::masking::SUBSTRING_SECRET && !s.contains('*')) {
        assert!(!out.contains(secret), "secret {secret:?} survives in {out:?} (text {text:?})");
    }
}

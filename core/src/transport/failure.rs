//! What a failure means: which [`ErrorKind`], and whether the request may have reached Vault.
//! Only a failure while connecting proves that nothing was sent.

use std::error::Error as StdError;

use crate::error::{Error, ErrorKind};

/// Maps a failure before any response arrived to a kind, and decides whether the request
/// may have been processed: only a failure while connecting proves nothing was sent.
pub(super) fn before_response(host: &str, err: &reqwest::Error) -> Error {
    let cause = root_cause(err);
    if err.is_builder() {
        return Error::invalid(format!("the request could not be built: {cause}"));
    }
    if err.is_connect() {
        if err.is_timeout() {
            return Error::new(ErrorKind::Timeout, format!("timed out connecting ({host})"));
        }
        // Only a handshake failure is a TLS error: once the request is written, a TLS alert
        // or a corrupt record is a broken connection whose request may have been processed.
        if is_tls(err) {
            return Error::new(ErrorKind::Tls, format!("TLS handshake with {host} failed: {cause}"));
        }
        return Error::new(ErrorKind::Connect, format!("could not connect to {host}: {cause}"));
    }
    Error::new(ErrorKind::Transport, format!("connection failed while sending the request to {host}: {cause}"))
        .with_outcome_unknown(true)
}

fn is_tls(err: &(dyn StdError + 'static)) -> bool {
    let mut source: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(e) = source {
        if e.is::<rustls::Error>() {
            return true;
        }
        // io::Error hides its payload from `source()`, and it may nest one in another.
        let mut io = e.downcast_ref::<std::io::Error>();
        while let Some(inner) = io.and_then(std::io::Error::get_ref) {
            if inner.is::<rustls::Error>() {
                return true;
            }
            io = inner.downcast_ref::<std::io::Error>();
        }
        source = e.source();
    }
    false
}

/// The innermost cause (an OS or protocol error): specific, and never holds a credential,
/// since requests carry secrets only in headers marked sensitive. Bounded, and masked like any
/// other text that may come from the other side.
pub(super) fn root_cause(err: &(dyn StdError + 'static)) -> String {
    let mut last: &(dyn StdError + 'static) = err;
    while let Some(next) = last.source() {
        last = next;
    }
    let text: String = last.to_string().chars().take(200).collect();
    crate::masking::mask(&text, &[])
}

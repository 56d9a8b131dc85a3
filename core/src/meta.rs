//! Response metadata from Vault's `X-VaultAPI-*` headers.

use http::HeaderMap;

/// What Vault said about the call in its response headers.
///
/// Header names are matched without regard to case: Vault over HTTP/2 sends them in lower case.
/// A header that is missing or not a number leaves its field `None`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ResponseMeta {
    /// `X-VaultAPI-BurstLimit`: calls allowed in the current burst window.
    pub burst_limit: Option<u64>,
    /// `X-VaultAPI-BurstLimitRemaining`: calls left in the current burst window.
    pub burst_limit_remaining: Option<u64>,
    /// `X-VaultAPI-ResponseDelay`: milliseconds Vault delayed this response (burst limit hit).
    pub response_delay_ms: Option<u64>,
    /// `X-VaultAPI-ExecutionId`: quote it in support tickets.
    pub execution_id: Option<String>,
    /// `X-VaultAPI-Status`: the response status, as a header (v23.2+).
    pub status: Option<String>,
}

impl ResponseMeta {
    pub(crate) fn from_headers(headers: &HeaderMap) -> Self {
        // `HeaderMap` lookups are case-insensitive by construction (names are stored lower-case).
        let text = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let number = |name: &str| text(name).and_then(|v| v.parse::<u64>().ok());
        ResponseMeta {
            burst_limit: number("x-vaultapi-burstlimit"),
            burst_limit_remaining: number("x-vaultapi-burstlimitremaining"),
            response_delay_ms: number("x-vaultapi-responsedelay"),
            // An execution id is an opaque token Vault makes; keep it printable and bounded.
            execution_id: text("x-vaultapi-executionid")
                .filter(|v| v.len() <= 200 && v.chars().all(|c| c.is_ascii_graphic())),
            status: text("x-vaultapi-status").filter(|v| v.len() <= 40),
        }
    }
}

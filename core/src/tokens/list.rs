//! `list_access_tokens`: one VQL query on `api_access_token__sys`, then its pages.
//!
//! Pages are followed through `responseDetails.next_page`, as Veeva's Java SDK does
//! (`GET {origin}{next_page}`), but only when it is a relative path under `/api/` on the client's
//! own origin: the `Authorization` header is never sent anywhere else. A `next_page` seen before,
//! or more than [`MAX_PAGES`] pages, ends the listing with an error instead of looping. One
//! deadline, the client's timeout, covers the whole listing.

use std::collections::HashSet;

use http::Method;
use serde_json::Value;

use super::TokenQuery;
use super::info::{TokenInfo, bad_answer};
use crate::client::Client;
use crate::envelope;
use crate::error::{Error, ErrorKind};
use crate::transport::Body;

/// The most pages one listing reads (Vault's default page holds 1,000 rows).
pub(crate) const MAX_PAGES: usize = 100;

impl Client {
    /// Lists API access tokens: `POST /api/{v}/query` with
    /// `SELECT id, name__v, user__sys, status__v, expiry_date__sys, last_used_date__sys FROM api_access_token__sys WHERE user__sys = '…' [AND status__v = 'active__v'] [AND name__v = '…']`,
    /// every value escaped as a VQL string literal.
    ///
    /// Non-admin users see only their own tokens. Follows `next_page` on the same origin (another
    /// host, an absolute URL, a repeated page or more than 100 pages is
    /// [`ErrorKind::Decode`]); an unreadable row or date is [`ErrorKind::Decode`] too, never
    /// skipped. The client's [timeout](crate::ClientBuilder::timeout) is the deadline for the
    /// whole listing, including the [`whoami`](Client::whoami) a `me` query may need. A listing
    /// changes nothing, so its errors never report [`Error::outcome_unknown`].
    pub async fn list_access_tokens(&self, query: &TokenQuery) -> Result<Vec<TokenInfo>, Error> {
        self.require_credential()?;
        query.validate()?;
        let timeout = self.settings().timeout;
        match tokio::time::timeout(timeout, self.list_all(query)).await {
            Ok(result) => result.map_err(read_only),
            Err(_) => Err(Error::new(
                ErrorKind::Timeout,
                format!("the token listing did not finish within {} s", timeout.as_secs_f32()),
            )),
        }
    }

    async fn list_all(&self, query: &TokenQuery) -> Result<Vec<TokenInfo>, Error> {
        let credential = self.require_credential()?;
        let user_id = self.resolve_user(query.user_id()).await?;
        let q = crate::vql::token_query(&user_id, query.name_filter(), query.includes_inactive());
        let uri = self.transport().uri(&["query"])?;
        let mut reply = self.transport().send(Method::POST, uri, Some(credential), Some(Body::form(&[("q", &q)]))).await?;
        let mut tokens = Vec::new();
        let mut seen = HashSet::new();
        for page in 1.. {
            let success = envelope::read(reply, &[credential.raw()])?;
            let meta = &success.meta;
            let next = read_page(&success, page, &mut tokens)?;
            let Some(next) = next else { break };
            if !seen.insert(next.to_owned()) {
                return Err(bad_answer("the same next_page came twice; stopped instead of looping", meta));
            }
            if page >= MAX_PAGES {
                return Err(bad_answer(&format!("the listing has more than {MAX_PAGES} pages; stopped"), meta));
            }
            let uri = self.transport().same_origin(next).map_err(|_| bad_answer("next_page is not a usable path", meta))?;
            reply = self.transport().send(Method::GET, uri, Some(credential), None).await?;
        }
        Ok(tokens)
    }

    /// A user id for a query: the given one, or the client's own.
    pub(crate) async fn resolve_user(&self, user_id: Option<&str>) -> Result<String, Error> {
        if let Some(id) = user_id {
            return Ok(id.to_owned());
        }
        if let Some(id) = self.session().and_then(|s| s.user_id()) {
            return Ok(id.to_owned());
        }
        let me = self.whoami().await?;
        // It goes into VQL: the same rules as an id the caller gives.
        crate::validate::id("user id", me.id())
            .map_err(|_| bad_answer("whoami returned a user id that cannot be used in a query", me.meta()))?;
        Ok(me.id().to_owned())
    }
}

/// Reads one page of a listing into `tokens`; returns its `next_page`, if it may be followed.
pub(crate) fn read_page<'a>(success: &'a envelope::Success, page: usize, tokens: &mut Vec<TokenInfo>) -> Result<Option<&'a str>, Error> {
    let meta = &success.meta;
    match success.fields.get("data") {
        Some(Value::Array(rows)) => {
            for (i, row) in rows.iter().enumerate() {
                let info = row
                    .as_object()
                    .ok_or_else(|| "it is not an object".to_owned())
                    .and_then(TokenInfo::from_row)
                    .map_err(|why| bad_answer(&format!("row {} of page {page} is unreadable: {why}", i + 1), meta))?;
                tokens.push(info);
            }
        }
        _ => return Err(bad_answer(&format!("page {page} has no data list"), meta)),
    }
    next_page(&success.fields).map_err(|why| bad_answer(&why, meta))
}

/// A query changes nothing on Vault, so none of its failures leaves an outcome to be unknown
/// (which would send callers looking for orphaned tokens for no reason).
pub(crate) fn read_only(error: Error) -> Error {
    error.with_outcome_unknown(false)
}

/// `responseDetails.next_page`, when there is one and it may be followed.
fn next_page(fields: &serde_json::Map<String, Value>) -> Result<Option<&str>, String> {
    let details = match fields.get("responseDetails") {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Object(d)) => d,
        Some(_) => return Err("responseDetails is not an object".to_owned()),
    };
    match details.get("next_page") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => check_next_page(s).map(Some),
        Some(_) => Err("next_page is not a string".to_owned()),
    }
}

/// Accepts only a relative path under `/api/`: no scheme or host (`http://…`, `//host/…`), no
/// `.` or `..` segments that could climb out of `/api/`, no backslashes, spaces or controls.
fn check_next_page(next: &str) -> Result<&str, String> {
    let refuse = |why: &str| Err(format!("next_page {why}; only a relative path under /api/ on this Vault is followed"));
    if !next.starts_with("/api/") {
        return refuse("is not a path under /api/ (another host or an absolute URL)");
    }
    if next.chars().any(|c| c.is_control() || c.is_whitespace() || c == '\\' || c == '#') {
        return refuse("contains characters a path cannot have");
    }
    let path = next.split('?').next().unwrap_or(next);
    // Servers decode `%2e` before resolving dot segments, so check the decoded form.
    let is_dots = |segment: &str| {
        let decoded = percent_encoding::percent_decode_str(segment).decode_utf8_lossy();
        decoded == "." || decoded == ".."
    };
    if path.split('/').any(is_dots) {
        return refuse("has dot segments");
    }
    if next.len() > 2000 {
        return refuse("is longer than 2,000 characters");
    }
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_relative_api_paths_are_followed() {
        assert_eq!(check_next_page("/api/v26.2/query/abc?pagesize=2&pageoffset=2"), Ok("/api/v26.2/query/abc?pagesize=2&pageoffset=2"));
        for bad in [
            "http://evil.example/api/v26.2/query/x",
            "https://myvault.veevavault.com/api/v26.2/query/x",
            "//evil.example/api/v26.2/query/x",
            "/\\evil.example/api/",
            "api/v26.2/query/x",
            "/auth",
            "/api/../auth",
            "/api/v26.2/%2e%2e/%2E%2E/auth",
            "/api/.%2e/auth",
            "/api/v26.2/%2E/query",
            "/api/v26.2/query/x y",
            "/api/v26.2/query/x\r\nHost: evil",
            "/api/v26.2/query/x#frag",
            "",
        ] {
            assert!(check_next_page(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn next_page_is_optional_but_typed() {
        let fields = |v: Value| v.as_object().cloned().unwrap();
        assert_eq!(next_page(&fields(serde_json::json!({}))), Ok(None));
        assert_eq!(next_page(&fields(serde_json::json!({"responseDetails": {"size": 1}}))), Ok(None));
        assert_eq!(next_page(&fields(serde_json::json!({"responseDetails": {"next_page": null}}))), Ok(None));
        assert!(next_page(&fields(serde_json::json!({"responseDetails": {"next_page": 3}}))).is_err());
        assert!(next_page(&fields(serde_json::json!({"responseDetails": []}))).is_err());
    }
}

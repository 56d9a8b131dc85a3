//! `POST /api/{v}/query` over `api_access_token__sys`, and its pages at `/api/{v}/query/{id}`.
//!
//! A query's result set is computed once and kept under a query id, as Vault's cached result
//! sets are; `next_page` links page through that snapshot. Non-admins see only their own tokens.

use serde_json::{Value, json};
use time::OffsetDateTime;

use crate::envelope::{failure, success};
use crate::forms::{parse_form, query_params};
use crate::http::{Request, Response};
use crate::tokens::FIELDS;
use crate::vault::State;
use crate::vql;

/// Vault's limit on the length of `q`.
const MAX_QUERY_CHARS: usize = 50_000;
/// Result sets kept for `next_page`; older ones are forgotten (their id becomes unknown).
const MAX_STORED: usize = 200;

/// A result set kept for paging.
pub(crate) struct StoredQuery {
    user_id: u64,
    rows: Vec<Value>,
}

fn syntax_error(detail: &str) -> Response {
    failure("INCORRECT_QUERY_SYNTAX_ERROR", &format!("Error in VQL: {detail}."))
}

/// Form fields from the body (POST) and the query string.
fn params(request: &Request) -> std::collections::HashMap<String, String> {
    let mut params = query_params(request);
    if request.method == "POST" {
        params.extend(parse_form(&request.body));
    }
    params
}

impl State {
    pub(crate) fn query(&mut self, request: &Request, version: &str) -> Response {
        let Some(caller) = self.authenticate(request) else {
            return crate::envelope::invalid_session();
        };
        let params = params(request);
        let text = params.get("q").map(|q| q.trim()).unwrap_or("");
        if text.is_empty() {
            return failure("PARAMETER_REQUIRED", "Missing required parameter [q].");
        }
        if text.chars().count() > MAX_QUERY_CHARS {
            return syntax_error("the query is longer than 50000 characters");
        }
        let Some(query) = vql::parse(text) else {
            return syntax_error("the query is not valid VQL (this Vault understands SELECT … FROM … WHERE a = 'x' AND b != 'y')");
        };
        if query.object != "api_access_token__sys" {
            return syntax_error(&format!("unknown object [{}]", query.object));
        }
        let known = |f: &String| FIELDS.contains(&f.as_str());
        if let Some(f) = query.fields.iter().chain(query.conditions.iter().map(|c| &c.field)).find(|f| !known(f)) {
            return syntax_error(&format!("no such field [{f}] on api_access_token__sys"));
        }
        let admin = self.user(caller.user_id).is_some_and(|u| u.admin);
        let now = OffsetDateTime::now_utc();
        let rows: Vec<Value> = self
            .tokens
            .iter()
            .filter(|t| !t.revoked && t.vault_id == caller.vault_id && (admin || t.user_id == caller.user_id))
            .filter(|t| {
                // A null field matches neither `=` nor `!=`, as in SQL.
                query.conditions.iter().all(|c| t.field_text(&c.field, now).is_some_and(|v| (v == c.value) == c.equal))
            })
            .map(|t| t.row(Some(&query.fields), now))
            .collect();
        let id = {
            let h = self.random_hex(16);
            format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
        };
        if self.queries.len() >= MAX_STORED {
            self.queries.pop_front();
        }
        self.queries.push_back((id.clone(), StoredQuery { user_id: caller.user_id, rows }));
        let size = self.fixtures.query_page_size;
        self.page(version, &id, size, 0)
    }

    /// `GET` or `POST /api/{v}/query/{id}?pagesize=P&pageoffset=O`.
    pub(crate) fn next_page(&mut self, request: &Request, version: &str, id: &str) -> Response {
        let Some(caller) = self.authenticate(request) else {
            return crate::envelope::invalid_session();
        };
        let unknown = || failure("INVALID_DATA", &format!("Invalid query ID [{id}]; it is unknown or has expired."));
        match self.queries.iter().find(|(qid, _)| qid == id) {
            Some((_, stored)) if stored.user_id == caller.user_id => {}
            _ => return unknown(),
        }
        let params = params(request);
        let number = |name: &str, default: usize| match params.get(name) {
            None => Some(default),
            Some(text) => text.parse::<usize>().ok(),
        };
        let Some(size) = number("pagesize", self.fixtures.query_page_size).filter(|n| *n > 0) else {
            return failure("INVALID_DATA", "Invalid value for [pagesize]; expected a positive integer.");
        };
        let Some(offset) = number("pageoffset", 0) else {
            return failure("INVALID_DATA", "Invalid value for [pageoffset]; expected a non-negative integer.");
        };
        self.page(version, id, size, offset)
    }

    fn page(&self, version: &str, id: &str, size: usize, offset: usize) -> Response {
        let Some((_, stored)) = self.queries.iter().find(|(qid, _)| qid == id) else {
            return failure("INVALID_DATA", &format!("Invalid query ID [{id}]."));
        };
        let total = stored.rows.len();
        let data: Vec<Value> = stored.rows.iter().skip(offset).take(size).cloned().collect();
        let link = |o: usize| format!("/api/{version}/query/{id}?pagesize={size}&pageoffset={o}");
        let mut details = json!({"pagesize": size, "pageoffset": offset, "size": data.len(), "total": total});
        if offset.saturating_add(size) < total {
            details["next_page"] = json!(link(offset + size));
        }
        if offset > 0 {
            details["previous_page"] = json!(link(offset.saturating_sub(size)));
        }
        success(json!({"responseDetails": details, "data": data}))
    }
}

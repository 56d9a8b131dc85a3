//! `revoke_access_tokens`: Delete Object Records on `api_access_token__sys`, in batches.
//!
//! Vault answers one row per id, in order, and a top-level `SUCCESS` can hold failing rows, so
//! the outcome is kept per id ([`RevokeReport`]). Rows are matched to ids by position and checked
//! against the `id` a row carries. A batch that fails after earlier ones succeeded returns an
//! error that still carries the report ([`Error::partial_revoke`]): nothing already revoked goes
//! unreported. Like every call, a batch is sent once and never retried.

use std::collections::HashSet;

use http::Method;
use reqwest::Url;
use serde_json::{Map, Value, json};

use crate::client::Client;
use crate::envelope;
use crate::error::{Error, ErrorKind, VaultMessage};
use crate::secret::Credential;
use crate::transport::Body;

/// The most ids one Delete Object Records request may carry (Vault's limit); more are sent as
/// several requests, one after another.
pub const MAX_REVOKE_BATCH: usize = 500;

/// What happened to each id given to [`revoke_access_tokens`](Client::revoke_access_tokens).
///
/// Every id is in exactly one of the four lists, in the order given.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RevokeReport {
    /// Revoked (deleted): these tokens no longer work.
    pub revoked: Vec<String>,
    /// Vault refused these, per row (an unknown id is `INVALID_DATA`, another user's token
    /// without admin rights `INSUFFICIENT_ACCESS`), or refused their whole batch (then `errors`
    /// are the batch's). These tokens are unchanged.
    pub failed: Vec<RevokeFailure>,
    /// Sent, but no readable answer came back (a dropped connection, a timeout, an answer that
    /// does not match the ids): these may or may not be revoked. List or retrieve them to know.
    pub unknown: Vec<String>,
    /// Never sent, because an earlier batch failed. These tokens are unchanged.
    pub not_sent: Vec<String>,
}

impl RevokeReport {
    /// `true` when every id was revoked.
    pub fn is_complete(&self) -> bool {
        self.failed.is_empty() && self.unknown.is_empty() && self.not_sent.is_empty()
    }
}

/// One id Vault did not revoke, with its row's `errors[]` (masked, like every Vault message).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RevokeFailure {
    /// The token record id.
    pub id: String,
    /// Why, as Vault said it (`type` is stable; never branch on `message`).
    pub errors: Vec<VaultMessage>,
}

/// Checks ids before anything is sent: each one valid, none twice. An empty list is allowed
/// (and sends nothing).
pub(crate) fn check_ids<S: AsRef<str>>(ids: &[S]) -> Result<Vec<String>, Error> {
    let mut seen = HashSet::with_capacity(ids.len());
    let mut out = Vec::with_capacity(ids.len());
    for (i, id) in ids.iter().enumerate() {
        let id = id.as_ref();
        crate::validate::id(&format!("token id #{}", i + 1), id)?;
        if !seen.insert(id) {
            return Err(Error::invalid(format!("token id #{} repeats an earlier id; give each id once", i + 1)));
        }
        out.push(id.to_owned());
    }
    Ok(out)
}

impl Client {
    /// Revokes (deletes) API access tokens by record id:
    /// `DELETE /api/{v}/vobjects/api_access_token__sys` with `[{"id":"…"},…]`, at most
    /// [`MAX_REVOKE_BATCH`] ids per request.
    ///
    /// An empty, invalid or repeated id fails with [`ErrorKind::InvalidArgument`] before
    /// anything is sent; an empty list sends nothing. Rows that fail are in
    /// [`RevokeReport::failed`], not an error. A batch refused as a whole, or one whose outcome
    /// is unknown ([`Error::outcome_unknown`]), is an error carrying the report so far
    /// ([`Error::partial_revoke`]), with later batches in [`RevokeReport::not_sent`].
    pub async fn revoke_access_tokens<S: AsRef<str>>(&self, ids: &[S]) -> Result<RevokeReport, Error> {
        self.require_credential()?;
        let ids = check_ids(ids)?;
        self.revoke_checked(&ids).await
    }

    /// The revoke, for ids already checked.
    pub(crate) async fn revoke_checked(&self, ids: &[String]) -> Result<RevokeReport, Error> {
        let credential = self.require_credential()?;
        let mut report = RevokeReport::default();
        if ids.is_empty() {
            return Ok(report);
        }
        let uri = self.transport().uri(&["vobjects", "api_access_token__sys"])?;
        let batches: Vec<&[String]> = ids.chunks(MAX_REVOKE_BATCH).collect();
        for (n, batch) in batches.iter().enumerate() {
            match self.revoke_batch(uri.clone(), credential, batch).await {
                Ok(rows) => {
                    for (id, row) in batch.iter().zip(rows) {
                        match row {
                            Row::Revoked => report.revoked.push(id.clone()),
                            Row::Failed(errors) => report.failed.push(RevokeFailure { id: id.clone(), errors }),
                        }
                    }
                }
                Err(error) => {
                    if error.outcome_unknown() {
                        report.unknown.extend(batch.iter().cloned());
                    } else {
                        let errors = error.vault_errors().to_vec();
                        report.failed.extend(batch.iter().map(|id| RevokeFailure { id: id.clone(), errors: errors.clone() }));
                    }
                    report.not_sent.extend(batches[n + 1..].iter().flat_map(|b| b.iter().cloned()));
                    return Err(error.with_partial_revoke(report));
                }
            }
        }
        Ok(report)
    }

    async fn revoke_batch(&self, uri: Url, credential: &Credential, batch: &[String]) -> Result<Vec<Row>, Error> {
        let body: Vec<Value> = batch.iter().map(|id| json!({ "id": id })).collect();
        let body = Body::Json(zeroize::Zeroizing::new(Value::Array(body).to_string().into_bytes()));
        let reply = self.transport().send(Method::DELETE, uri, Some(credential), Some(body)).await?;
        let success = envelope::read(reply, &[credential.raw()])?;
        batch_from_success(&success, batch, &[credential.raw()])
    }
}

/// Reads a revoke batch's `SUCCESS` answer into one row per id.
pub(crate) fn batch_from_success(success: &envelope::Success, batch: &[String], secrets: &[&str]) -> Result<Vec<Row>, Error> {
    rows(&success.fields, batch, secrets).map_err(|why| {
        // Vault did answer SUCCESS: some of these may have been deleted.
        Error::new(ErrorKind::Decode, format!("Vault answered SUCCESS to a revoke but {why}"))
            .with_outcome_unknown(true)
            .with_response(200, success.meta.clone())
    })
}

/// One row's outcome.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Row {
    Revoked,
    Failed(Vec<VaultMessage>),
}

/// Matches `data[]` to `batch` by position; `Err` says why they cannot be matched.
fn rows(fields: &Map<String, Value>, batch: &[String], secrets: &[&str]) -> Result<Vec<Row>, String> {
    let Some(Value::Array(rows)) = fields.get("data") else { return Err("without a data list".to_owned()) };
    if rows.len() != batch.len() {
        return Err(format!("with {} rows for {} ids", rows.len(), batch.len()));
    }
    let mut out = Vec::with_capacity(rows.len());
    for (i, (row, id)) in rows.iter().zip(batch).enumerate() {
        let n = i + 1;
        let Value::Object(row) = row else { return Err(format!("row {n} is not an object")) };
        // Where a row names its record, it must be the id at its position.
        let row_id = match row.get("data").and_then(|d| d.get("id")) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(x)) => Some(x.to_string()),
            Some(_) => return Err(format!("row {n} has an id that is not a string")),
        };
        if row_id.is_some_and(|r| r != *id) {
            return Err(format!("row {n} is for another id than the one sent at that position"));
        }
        match row.get("responseStatus").and_then(Value::as_str) {
            Some("SUCCESS" | "WARNING") => out.push(Row::Revoked),
            Some(_) => {
                let errors = envelope::vault_messages(row.get("errors").cloned(), secrets)
                    .ok_or_else(|| format!("row {n} has malformed errors"))?;
                out.push(Row::Failed(errors));
            }
            None => return Err(format!("row {n} has no responseStatus")),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn ids_are_checked_before_sending() {
        assert_eq!(check_ids(&["0PI1", "0PI2"]).unwrap(), ids(&["0PI1", "0PI2"]));
        assert!(check_ids::<&str>(&[]).unwrap().is_empty());
        assert!(check_ids(&["0PI1", ""]).unwrap_err().message().contains("#2"));
        assert!(check_ids(&["0PI1", " 0PI2"]).is_err());
        assert!(check_ids(&["0PI1", "0PI2", "0PI1"]).unwrap_err().message().contains("repeats"));
        assert!(check_ids(&["0PI\u{200B}1"]).is_err());
    }

    #[test]
    fn rows_are_matched_by_position() {
        let answer = fields(json!({"data": [
            {"responseStatus": "SUCCESS", "data": {"id": "0PI1"}},
            {"responseStatus": "FAILURE", "errors": [{"type": "INVALID_DATA", "message": "no such record"}]},
            {"responseStatus": "SUCCESS"}
        ]}));
        let got = rows(&answer, &ids(&["0PI1", "0PI2", "0PI3"]), &[]).unwrap();
        assert_eq!(got[0], Row::Revoked);
        assert_eq!(got[1], Row::Failed(vec![VaultMessage { kind: "INVALID_DATA".into(), message: "no such record".into() }]));
        assert_eq!(got[2], Row::Revoked);
    }

    #[test]
    fn rows_that_do_not_match_are_refused() {
        let batch = ids(&["0PI1", "0PI2"]);
        let one = fields(json!({"data": [{"responseStatus": "SUCCESS"}]}));
        assert!(rows(&one, &batch, &[]).unwrap_err().contains("1 rows for 2 ids"));
        let swapped = fields(json!({"data": [
            {"responseStatus": "SUCCESS", "data": {"id": "0PI2"}},
            {"responseStatus": "SUCCESS", "data": {"id": "0PI1"}}
        ]}));
        assert!(rows(&swapped, &batch, &[]).unwrap_err().contains("another id"));
        let no_status = fields(json!({"data": [{"responseStatus": "SUCCESS"}, {}]}));
        assert!(rows(&no_status, &batch, &[]).is_err());
        assert!(rows(&fields(json!({})), &batch, &[]).is_err());
        let bad_errors = fields(json!({"data": [{"responseStatus": "SUCCESS"}, {"responseStatus": "FAILURE", "errors": "x"}]}));
        assert!(rows(&bad_errors, &batch, &[]).is_err());
    }

    #[test]
    fn row_messages_are_masked() {
        let answer = fields(json!({"data": [{"responseStatus": "FAILURE",
            "errors": [{"type": "INVALID_DATA", "message": "bad session secret-session-value"}]}]}));
        let got = rows(&answer, &ids(&["0PI1"]), &["secret-session-value"]).unwrap();
        let Row::Failed(errors) = &got[0] else { panic!("{got:?}") };
        assert!(!errors[0].message.contains("secret-session-value"), "{}", errors[0].message);
    }

    #[test]
    fn row_error_types_are_masked_too() {
        let answer = fields(json!({"data": [{"responseStatus": "FAILURE",
            "errors": [{"type": "secret-session-value", "message": "x"}]}]}));
        let got = rows(&answer, &ids(&["0PI1"]), &["secret-session-value"]).unwrap();
        assert_eq!(got[0], Row::Failed(vec![VaultMessage { kind: "***".into(), message: "x".into() }]));
    }
}

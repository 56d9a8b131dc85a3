//! `api_access_token__sys` as a Vault object: Retrieve Object Record (`GET …/{id}`) and Delete
//! Object Records (`DELETE`, JSON body `[{"id":…},…]`), which revokes tokens with one result
//! row per input record.

use serde_json::{Value, json};
use time::OffsetDateTime;

use crate::envelope::{failure, failure_row, invalid_session, success};
use crate::http::{Request, Response};
use crate::vault::{SessionInfo, State};

/// Vault's batch limit for Delete Object Records.
const MAX_BATCH: usize = 500;

/// What a caller may do with one token.
enum Access {
    Yours(usize),
    /// Exists in the caller's Vault but belongs to someone else, and the caller is no admin.
    NotYours,
    Unknown,
}

impl State {
    fn access(&self, caller: SessionInfo, id: &str) -> Access {
        let admin = self.user(caller.user_id).is_some_and(|u| u.admin);
        match self.tokens.iter().position(|t| t.id == id && !t.revoked && t.vault_id == caller.vault_id) {
            None => Access::Unknown,
            Some(i) if admin || self.tokens[i].user_id == caller.user_id => Access::Yours(i),
            Some(_) => Access::NotYours,
        }
    }

    pub(crate) fn retrieve_token(&mut self, request: &Request, id: &str) -> Response {
        let Some(caller) = self.authenticate(request) else {
            return invalid_session();
        };
        match self.access(caller, id) {
            Access::Yours(i) => success(json!({"data": self.tokens[i].row(None, OffsetDateTime::now_utc())})),
            // Another user's token is not revealed to a non-admin: it looks unknown.
            Access::NotYours | Access::Unknown => failure("INVALID_DATA", &format!("Invalid record ID [{id}].")),
        }
    }

    pub(crate) fn delete_tokens(&mut self, request: &Request) -> Response {
        let Some(caller) = self.authenticate(request) else {
            return invalid_session();
        };
        let content_type = request.header("content-type").unwrap_or("").to_ascii_lowercase();
        if !content_type.starts_with("application/json") {
            return failure("INVALID_DATA", "Content-Type must be application/json.");
        }
        let records = match serde_json::from_str::<Value>(&request.body) {
            Ok(Value::Array(records)) => records,
            _ => return failure("INVALID_DATA", "The body must be a JSON array of records, such as [{\"id\":\"0PI…\"}]."),
        };
        if records.is_empty() {
            return failure("INVALID_DATA", "No records to delete.");
        }
        if records.len() > MAX_BATCH {
            return failure("INVALID_DATA", &format!("At most {MAX_BATCH} records may be deleted in one request."));
        }
        // Every record must be `{"id": "…"}` before anything is deleted.
        let Some(ids) = records.iter().map(|r| r.get("id").and_then(Value::as_str)).collect::<Option<Vec<&str>>>() else {
            return failure("INVALID_DATA", "Every record must have a string [id].");
        };
        let rows: Vec<Value> = ids
            .into_iter()
            .map(|id| {
                match self.access(caller, id) {
                    Access::Yours(i) => {
                        if self.fixtures.forget_revoked {
                            self.tokens.remove(i);
                        } else {
                            self.tokens[i].revoked = true;
                            self.tokens[i].active = false;
                        }
                        json!({"responseStatus": "SUCCESS", "data": {"id": id}})
                    }
                    Access::NotYours => failure_row(
                        "INSUFFICIENT_ACCESS",
                        &format!("User does not have sufficient privileges to delete record [{id}]."),
                    ),
                    Access::Unknown => failure_row("INVALID_DATA", &format!("Invalid record ID [{id}].")),
                }
            })
            .collect();
        success(json!({"data": rows}))
    }
}

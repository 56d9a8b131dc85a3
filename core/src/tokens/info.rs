//! [`TokenInfo`]: what Vault says about an existing token (never its value), read from a VQL
//! row or an object record; and `get_access_token_info`, which retrieves one record.

use http::Method;
use serde_json::{Map, Value};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::client::Client;
use crate::envelope;
use crate::error::{Error, ErrorKind};

/// The `status__v` of a token that can be used.
pub(crate) const ACTIVE: &str = "active__v";

/// An existing API access token's metadata. The token's value is shown only once, at creation,
/// and is never part of this.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenInfo {
    id: String,
    name: String,
    user_id: String,
    status: String,
    expiry: Option<OffsetDateTime>,
    last_used: Option<OffsetDateTime>,
}

impl TokenInfo {
    /// The record id (`id`), as [`revoke_access_tokens`](crate::Client::revoke_access_tokens) takes it.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The token's name (`name__v`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The owner's user id (`user__sys`).
    pub fn user_id(&self) -> &str {
        &self.user_id
    }

    /// The status name (`status__v`), e.g. `active__v` or `inactive__v` (expired).
    pub fn status(&self) -> &str {
        &self.status
    }

    /// When it expires (`expiry_date__sys`); `None`: never.
    pub fn expiry(&self) -> Option<OffsetDateTime> {
        self.expiry
    }

    /// When it was last used as a credential (`last_used_date__sys`); `None`: never used.
    pub fn last_used(&self) -> Option<OffsetDateTime> {
        self.last_used
    }

    /// `true` when Vault reports the token as `active__v`.
    pub fn is_active(&self) -> bool {
        self.status == ACTIVE
    }

    /// Reads a query row or record. `Err` says why (without echoing values, which are the
    /// server's and unbounded).
    pub(crate) fn from_row(row: &Map<String, Value>) -> Result<TokenInfo, String> {
        let text = |key: &str| match row.get(key) {
            Some(Value::String(s)) if !s.is_empty() => Ok(s.clone()),
            _ => Err(format!("{key} is missing or not a string")),
        };
        let user_id = match row.get("user__sys") {
            Some(Value::String(s)) if !s.is_empty() => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => return Err("user__sys is missing or not a string or number".to_owned()),
        };
        // Picklists usually come as one-element arrays of names; a plain string is accepted too.
        let status = match row.get("status__v") {
            Some(Value::String(s)) if !s.is_empty() => s.clone(),
            Some(Value::Array(items)) => match items.as_slice() {
                [Value::String(s)] if !s.is_empty() => s.clone(),
                _ => return Err("status__v is not a one-element list of names".to_owned()),
            },
            _ => return Err("status__v is missing or not a picklist value".to_owned()),
        };
        Ok(TokenInfo {
            id: text("id")?,
            name: text("name__v")?,
            user_id,
            status,
            expiry: date(row, "expiry_date__sys")?,
            last_used: date(row, "last_used_date__sys")?,
        })
    }
}

/// An optional RFC 3339 instant (`2026-12-31T12:00:00.000Z`): absent or null is `None`;
/// anything unreadable is an error, never a silent `None` (which would read as "never").
fn date(row: &Map<String, Value>, key: &str) -> Result<Option<OffsetDateTime>, String> {
    match row.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => {
            OffsetDateTime::parse(s, &Rfc3339).map(Some).map_err(|_| format!("{key} is not an RFC 3339 date-time"))
        }
        Some(_) => Err(format!("{key} is not a string")),
    }
}

/// A decode error for an answer whose content is wrong (the call itself changed nothing).
pub(crate) fn bad_answer(why: &str, meta: &crate::meta::ResponseMeta) -> Error {
    Error::new(ErrorKind::Decode, format!("Vault answered SUCCESS but {why}")).with_response(200, meta.clone())
}

impl Client {
    /// Retrieves one token's metadata: `GET /api/{v}/vobjects/api_access_token__sys/{id}`.
    ///
    /// An unknown or revoked id, or (without admin rights) another user's token, is
    /// [`ErrorKind::InvalidRequest`] (`INVALID_DATA`). Like every read-only call, its errors
    /// never report [`Error::outcome_unknown`].
    pub async fn get_access_token_info(&self, id: &str) -> Result<TokenInfo, Error> {
        self.retrieve_token(id).await.map_err(super::list::read_only)
    }

    async fn retrieve_token(&self, id: &str) -> Result<TokenInfo, Error> {
        let credential = self.require_credential()?;
        crate::validate::id("token id", id)?;
        let uri = self.transport().uri(&["vobjects", "api_access_token__sys", id])?;
        let reply = self.transport().send(Method::GET, uri, Some(credential), None).await?;
        let success = envelope::read(reply, &[credential.raw()])?;
        record_from_success(&success, id)
    }
}

/// Reads a retrieved record (`data`), which must be the one asked for.
pub(crate) fn record_from_success(success: &envelope::Success, id: &str) -> Result<TokenInfo, Error> {
    let info = match success.fields.get("data") {
        Some(Value::Object(record)) => TokenInfo::from_row(record)
            .map_err(|why| bad_answer(&format!("the record is unreadable: {why}"), &success.meta))?,
        _ => return Err(bad_answer("without a data object", &success.meta)),
    };
    if info.id != id {
        return Err(bad_answer("with another record than the one asked for", &success.meta));
    }
    Ok(info)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn row(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(m) => m,
            _ => unreachable!(),
        }
    }

    #[test]
    fn reads_a_query_row() {
        let info = TokenInfo::from_row(&row(json!({
            "id": "0PI000000000101", "name__v": "Key", "user__sys": "12345",
            "status__v": ["active__v"], "expiry_date__sys": "2026-12-31T12:00:00.000Z",
            "last_used_date__sys": null
        })))
        .unwrap();
        assert_eq!(info.id(), "0PI000000000101");
        assert_eq!(info.user_id(), "12345");
        assert!(info.is_active());
        assert_eq!(info.expiry().unwrap().unix_timestamp(), 1_798_718_400);
        assert_eq!(info.last_used(), None);
    }

    #[test]
    fn accepts_plain_strings_and_numbers() {
        let info = TokenInfo::from_row(&row(json!({
            "id": "0PI1", "name__v": "Key", "user__sys": 12345, "status__v": "inactive__v",
            "last_used_date__sys": "2026-12-02T10:11:12+01:00"
        })))
        .unwrap();
        assert_eq!(info.user_id(), "12345");
        assert!(!info.is_active());
        assert_eq!(info.expiry(), None);
        assert_eq!(info.last_used().unwrap().hour(), 10);
    }

    #[test]
    fn rejects_what_it_cannot_read() {
        let base = json!({"id": "0PI1", "name__v": "Key", "user__sys": "1", "status__v": ["active__v"]});
        let with = |key: &str, value: Value| {
            let mut r = row(base.clone());
            r.insert(key.to_owned(), value);
            TokenInfo::from_row(&r)
        };
        assert!(with("expiry_date__sys", json!("2026-12-31")).unwrap_err().contains("expiry_date__sys"));
        assert!(with("expiry_date__sys", json!("soon")).is_err());
        assert!(with("last_used_date__sys", json!(1_798_718_400)).is_err());
        assert!(with("status__v", json!(["active__v", "inactive__v"])).is_err());
        assert!(with("status__v", json!([])).is_err());
        assert!(with("user__sys", json!(null)).is_err());
        assert!(with("id", json!("")).is_err());
        let mut r = row(base);
        r.remove("name__v");
        assert!(TokenInfo::from_row(&r).is_err());
    }
}

//! Minted tokens: the record the mock keeps, Generate API Access Token (for a user, `me`, or a
//! sandbox), and the row shape VQL and Retrieve Object Record answer with.

use serde_json::{Value, json};
use time::macros::format_description;
use time::{Date, OffsetDateTime, PrimitiveDateTime, UtcOffset};

use crate::envelope::{failure, invalid_session};
use crate::forms::parse_body;
use crate::http::{Request, Response};
use crate::vault::State;

const MIN_TOKEN_VERSION: (u32, u32) = (26, 2);

/// A token the mock minted.
#[derive(Clone, Debug, serde::Serialize)]
pub struct TokenRecord {
    /// `0PI` and twelve digits.
    pub id: String,
    pub user_id: u64,
    pub vault_id: u64,
    pub name: String,
    /// RFC 3339, or `None` for never.
    pub expiry: Option<String>,
    #[serde(skip)]
    pub expires_at: Option<OffsetDateTime>,
    #[serde(skip)]
    pub value: String,
    /// False once revoked.
    pub active: bool,
    /// Deleted through `DELETE /vobjects/api_access_token__sys`: gone from queries, retrieval
    /// and authentication (kept here so tests can see what was revoked).
    pub revoked: bool,
    /// When it last authenticated a request as `Bearer`, as `last_used_date__sys` shows it
    /// (`2026-12-02T10:11:12.000Z`), or `None` if never.
    pub last_used: Option<String>,
}

impl TokenRecord {
    /// Usable as a credential: not revoked and not expired.
    pub fn is_active(&self, now: OffsetDateTime) -> bool {
        self.active && !self.revoked && self.expires_at.is_none_or(|e| e > now)
    }

    /// A field's value as VQL compares it (`None` for null or an unknown field).
    pub(crate) fn field_text(&self, field: &str, now: OffsetDateTime) -> Option<String> {
        match field {
            "id" => Some(self.id.clone()),
            "name__v" => Some(self.name.clone()),
            "user__sys" => Some(self.user_id.to_string()),
            "status__v" => Some(self.status(now).to_owned()),
            "expiry_date__sys" => self.expires_at.map(vault_time),
            "last_used_date__sys" => self.last_used.clone(),
            _ => None,
        }
    }

    /// A field as Vault answers it: picklists as one-element arrays, the user id as a string.
    pub(crate) fn field_json(&self, field: &str, now: OffsetDateTime) -> Value {
        match field {
            "status__v" => json!([self.status(now)]),
            _ => self.field_text(field, now).map_or(Value::Null, Value::String),
        }
    }

    /// The row for these fields (every field when `fields` is `None`).
    pub(crate) fn row(&self, fields: Option<&[String]>, now: OffsetDateTime) -> Value {
        let all: Vec<String> = FIELDS.iter().map(|f| f.to_string()).collect();
        let fields = fields.unwrap_or(&all);
        Value::Object(fields.iter().map(|f| (f.clone(), self.field_json(f, now))).collect())
    }

    fn status(&self, now: OffsetDateTime) -> &'static str {
        if self.is_active(now) { "active__v" } else { "inactive__v" }
    }
}

/// The fields of `api_access_token__sys` the mock knows.
pub const FIELDS: [&str; 6] = ["id", "name__v", "user__sys", "status__v", "expiry_date__sys", "last_used_date__sys"];

/// Vault's timestamp form in answers: `2026-12-02T10:11:12.000Z`, in UTC.
pub fn vault_time(t: OffsetDateTime) -> String {
    let t = t.to_offset(UtcOffset::UTC);
    let f = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    t.format(f).unwrap_or_default()
}

pub(crate) enum Target {
    User(String),
    Sandbox(String),
}

impl State {
    /// Records a new token (no checks) and returns it.
    pub(crate) fn mint(&mut self, user_id: u64, vault_id: u64, name: String, expires_at: Option<OffsetDateTime>) -> TokenRecord {
        self.minted += 1;
        let number = self.minted;
        let record = TokenRecord {
            id: format!("0PI{number:012}"),
            user_id,
            vault_id,
            name,
            expiry: expires_at.and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok()),
            expires_at,
            value: format!("veeva-vault-{}", self.random_hex(32)),
            active: true,
            revoked: false,
            last_used: None,
        };
        self.tokens.push(record.clone());
        record
    }

    pub(crate) fn generate(&mut self, request: &Request, version: (u32, u32), target: Target) -> Response {
        if version < MIN_TOKEN_VERSION {
            return failure(
                "METHOD_NOT_SUPPORTED",
                "The request is not supported by this version of API; use v26.2 or later.",
            );
        }
        let Some(caller) = self.authenticate(request) else {
            return invalid_session();
        };
        let fields = match parse_body(request) {
            Ok(f) => f,
            Err(r) => return r,
        };
        let name = fields.get("name__v").map(|s| s.trim().to_owned()).unwrap_or_default();
        if name.is_empty() {
            return failure("PARAMETER_REQUIRED", "Missing required parameter [name__v].");
        }
        if name.chars().count() > 128 {
            return failure("INVALID_DATA", "Value for [name__v] exceeds the maximum length of 128.");
        }
        let (target_user, vault_id) = match &target {
            Target::User(id) if id == "me" => (caller.user_id, caller.vault_id),
            Target::User(id) => match id.parse::<u64>().ok().and_then(|n| self.user(n)) {
                Some(u) if u.vaults.contains(&caller.vault_id) => (u.id, caller.vault_id),
                _ => return failure("INVALID_DATA", &format!("Invalid user ID [{id}].")),
            },
            Target::Sandbox(name) => {
                let known = self
                    .fixtures
                    .vaults
                    .iter()
                    .any(|v| v.id == caller.vault_id && v.sandboxes.iter().any(|s| s == name));
                if !known {
                    return failure("INVALID_DATA", &format!("Sandbox [{name}] not found."));
                }
                // Sandbox tokens belong to the sandbox Vault, which this mock numbers after its parent.
                (caller.user_id, caller.vault_id * 1000 + 1)
            }
        };
        let Some(caller_user) = self.user(caller.user_id).cloned() else {
            return failure("INACTIVE_USER", "User is inactive or not found.");
        };
        if target_user != caller.user_id && !caller_user.admin {
            return failure(
                "INSUFFICIENT_ACCESS",
                "User does not have sufficient privileges to generate API access tokens for other users.",
            );
        }
        let Some(user) = self.user(target_user).cloned() else {
            return failure("INVALID_DATA", "Invalid user ID.");
        };
        if user.veevaid {
            return failure("OPERATION_NOT_ALLOWED", "You cannot generate access tokens for VeevaID users.");
        }
        let now = OffsetDateTime::now_utc();
        let expires_at = match fields.get("expiry_date__v").map(|s| s.trim()) {
            None | Some("") => None,
            Some(text) => match parse_expiry(text, user.utc_offset_hours) {
                Some(t) => Some(t),
                None => {
                    return failure(
                        "INVALID_DATA",
                        "Invalid value for [expiry_date__v]; expected YYYY-MM-DDTHH:MM:SSZ or YYYY-MM-DD.",
                    );
                }
            },
        };
        if expires_at.is_some_and(|t| t <= now) {
            return failure("INVALID_DATA", "Value for [expiry_date__v] must be in the future.");
        }
        match (user.max_token_days, expires_at) {
            (Some(days), None) => {
                return failure(
                    "OPERATION_NOT_ALLOWED",
                    &format!("The security profile requires an expiry date of at most {days} days."),
                );
            }
            (Some(days), Some(t)) if t > now + time::Duration::days(days.into()) => {
                return failure(
                    "OPERATION_NOT_ALLOWED",
                    &format!("Expiry date exceeds the maximum of {days} days allowed by the security profile."),
                );
            }
            _ => {}
        }
        let max = self.fixtures.max_active_tokens;
        let active = self
            .tokens
            .iter()
            .filter(|t| t.user_id == user.id && t.is_active(now))
            .count();
        if active >= max {
            return failure(
                "OPERATION_NOT_ALLOWED",
                &format!("User has reached the maximum of {max} active API access tokens."),
            );
        }
        let record = self.mint(user.id, vault_id, name, expires_at);
        let (id, value) = (record.id, record.value);
        let mut body = json!({"responseStatus": "SUCCESS", "data": {"id": id, "token__sys": value}});
        if fields.contains_key("expiry_date__sys") {
            // Veeva's curl example sends the read-side field name. What Vault does with it is
            // undocumented; the mock accepts the call and warns that it ignored the field.
            body["responseStatus"] = json!("WARNING");
            body["warnings"] = json!([{
                "type": "ATTRIBUTE_NOT_SUPPORTED",
                "message": "Ignored [expiry_date__sys]; send [expiry_date__v] to set the expiry."
            }]);
        }
        let mut response = Response::json(200, &body);
        response.headers.push(("X-VaultAPI-Status".into(), body["responseStatus"].as_str().unwrap_or("SUCCESS").into()));
        response
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ` exactly, or `YYYY-MM-DD` meaning 23:59:59 in the user's zone.
fn parse_expiry(text: &str, utc_offset_hours: i8) -> Option<OffsetDateTime> {
    let instant = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    let date = format_description!("[year]-[month]-[day]");
    if text.len() == 20 {
        return PrimitiveDateTime::parse(text, instant).ok().map(PrimitiveDateTime::assume_utc);
    }
    if text.len() == 10 {
        let offset = UtcOffset::from_hms(utc_offset_hours, 0, 0).ok()?;
        let d = Date::parse(text, date).ok()?;
        return d.with_hms(23, 59, 59).ok().map(|t| t.assume_offset(offset));
    }
    None
}

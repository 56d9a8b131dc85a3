//! `whoami`: who the client's credential belongs to (`GET /api/{v}/objects/users/me`).
//!
//! The token calls use it to resolve `me` when the client did not log in itself (a session id
//! or an access token given to the builder).

use http::Method;
use serde_json::{Map, Value};

use crate::client::Client;
use crate::envelope::{self, required_str};
use crate::error::{Error, ErrorKind};
use crate::meta::ResponseMeta;

/// The authenticated user, from Vault's *Validate Session User* (`users[0].user`).
///
/// Fields other than the id and user name are `None` when Vault leaves them out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserInfo {
    id: String,
    username: String,
    first_name: Option<String>,
    last_name: Option<String>,
    email: Option<String>,
    timezone: Option<String>,
    locale: Option<String>,
    security_profile: Option<String>,
    license_type: Option<String>,
    active: Option<bool>,
    meta: ResponseMeta,
}

impl UserInfo {
    /// The user id (`id`), as token targets and queries take it.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The user name (`user_name__v`), e.g. `admin@myvault.example`.
    pub fn username(&self) -> &str {
        &self.username
    }

    /// `user_first_name__v`.
    pub fn first_name(&self) -> Option<&str> {
        self.first_name.as_deref()
    }

    /// `user_last_name__v`.
    pub fn last_name(&self) -> Option<&str> {
        self.last_name.as_deref()
    }

    /// `user_email__v`.
    pub fn email(&self) -> Option<&str> {
        self.email.as_deref()
    }

    /// `user_timezone__v`, e.g. `America/New_York`.
    pub fn timezone(&self) -> Option<&str> {
        self.timezone.as_deref()
    }

    /// `user_locale__v`, e.g. `en_US`.
    pub fn locale(&self) -> Option<&str> {
        self.locale.as_deref()
    }

    /// `security_profile__v`, e.g. `system_admin__v`.
    pub fn security_profile(&self) -> Option<&str> {
        self.security_profile.as_deref()
    }

    /// `license_type__v`, e.g. `full__v`.
    pub fn license_type(&self) -> Option<&str> {
        self.license_type.as_deref()
    }

    /// `active__v`.
    pub fn active(&self) -> Option<bool> {
        self.active
    }

    /// Response headers (burst limits, execution id).
    pub fn meta(&self) -> &ResponseMeta {
        &self.meta
    }

    /// Reads `users[0].user`; `Err` says what is missing.
    fn from_answer(fields: &Map<String, Value>, meta: ResponseMeta) -> Result<UserInfo, &'static str> {
        let user = fields
            .get("users")
            .and_then(Value::as_array)
            .and_then(|users| users.first())
            .and_then(|entry| entry.get("user"))
            .and_then(Value::as_object)
            .ok_or("without users[0].user")?;
        let text = |key: &str| match user.get(key) {
            Some(Value::String(s)) => Some(s.clone()),
            _ => None,
        };
        Ok(UserInfo {
            id: required_str(user, "id").ok_or("without a user id")?,
            username: text("user_name__v").filter(|s| !s.is_empty()).ok_or("without user_name__v")?,
            first_name: text("user_first_name__v"),
            last_name: text("user_last_name__v"),
            email: text("user_email__v"),
            timezone: text("user_timezone__v"),
            locale: text("user_locale__v"),
            security_profile: text("security_profile__v"),
            license_type: text("license_type__v"),
            active: user.get("active__v").and_then(Value::as_bool),
            meta,
        })
    }
}

impl Client {
    /// The user this client's credential belongs to: `GET /api/{v}/objects/users/me`.
    ///
    /// A dead session or a revoked token is [`ErrorKind::InvalidSession`]. It changes nothing,
    /// so its errors never report [`Error::outcome_unknown`].
    pub async fn whoami(&self) -> Result<UserInfo, Error> {
        self.validate_session_user().await.map_err(crate::tokens::read_only)
    }

    async fn validate_session_user(&self) -> Result<UserInfo, Error> {
        let credential = self.require_credential()?;
        let uri = self.transport().uri(&["objects", "users", "me"])?;
        let reply = self.transport().send(Method::GET, uri, Some(credential), None).await?;
        let success = envelope::read(reply, &[credential.raw()])?;
        user_from_success(success)
    }
}

/// Reads a Validate Session User answer.
pub(crate) fn user_from_success(success: envelope::Success) -> Result<UserInfo, Error> {
    let meta = success.meta.clone();
    UserInfo::from_answer(&success.fields, success.meta)
        .map_err(|why| Error::new(ErrorKind::Decode, format!("Vault answered SUCCESS but {why}")).with_response(200, meta))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_the_documented_fields() {
        let answer = json!({"users": [{"user": {
            "id": 12345, "user_name__v": "admin@myvault.example", "user_first_name__v": "Ada",
            "user_last_name__v": "Admin", "user_email__v": "admin@myvault.example",
            "user_timezone__v": "America/New_York", "user_locale__v": "en_US",
            "security_profile__v": "system_admin__v", "license_type__v": "full__v", "active__v": true
        }}]});
        let user = UserInfo::from_answer(answer.as_object().unwrap(), ResponseMeta::default()).unwrap();
        assert_eq!(user.id(), "12345");
        assert_eq!(user.username(), "admin@myvault.example");
        assert_eq!(user.first_name(), Some("Ada"));
        assert_eq!(user.timezone(), Some("America/New_York"));
        assert_eq!(user.security_profile(), Some("system_admin__v"));
        assert_eq!(user.active(), Some(true));
    }

    #[test]
    fn missing_user_is_an_error() {
        for answer in [json!({}), json!({"users": []}), json!({"users": [{"user": {"user_name__v": "x"}}]}), json!({"users": [{"user": {"id": 1}}]})] {
            assert!(UserInfo::from_answer(answer.as_object().unwrap(), ResponseMeta::default()).is_err(), "{answer}");
        }
    }
}

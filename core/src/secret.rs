//! Credentials: a Vault session id or an API access token, both kept as secrets.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};

use crate::error::Error;

/// How the client authenticates: `Authorization: <session id>` or `Authorization: Bearer <token>`.
///
/// `Debug` shows only which kind it is.
#[derive(Clone)]
pub enum Credential {
    /// A Vault session id, sent raw.
    SessionId(SecretString),
    /// An API access token (`veeva-vault-…`), sent as `Bearer <token>`.
    AccessToken(SecretString),
}

impl Credential {
    /// A session id, checked: not empty, no whitespace or control characters.
    pub fn session_id(value: impl Into<String>) -> Result<Self, Error> {
        let value = value.into();
        check_header_safe("session id", &value)?;
        Ok(Credential::SessionId(SecretString::from(value)))
    }

    /// An API access token, checked like a session id. A leading `Bearer ` is accepted and removed.
    pub fn access_token(value: impl Into<String>) -> Result<Self, Error> {
        let value = value.into();
        let bare = match value.strip_prefix("Bearer ") {
            Some(rest) => rest.to_owned(),
            None => value,
        };
        check_header_safe("access token", &bare)?;
        Ok(Credential::AccessToken(SecretString::from(bare)))
    }

    /// The raw secret, for masking server echoes.
    pub(crate) fn raw(&self) -> &str {
        match self {
            Credential::SessionId(s) | Credential::AccessToken(s) => s.expose_secret(),
        }
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credential::SessionId(_) => f.write_str("SessionId([REDACTED])"),
            Credential::AccessToken(_) => f.write_str("AccessToken([REDACTED])"),
        }
    }
}

/// A credential goes into a header: CR/LF would split it, other controls or spaces corrupt it.
fn check_header_safe(what: &str, value: &str) -> Result<(), Error> {
    if value.is_empty() {
        return Err(Error::invalid(format!("the {what} is empty")));
    }
    if value.chars().any(|c| c.is_control() || c.is_whitespace() || !c.is_ascii()) {
        return Err(Error::invalid(format!(
            "the {what} contains whitespace, control or non-ASCII characters"
        )));
    }
    Ok(())
}

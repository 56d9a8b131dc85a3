//! What to create (target, name, expiry) and what comes back.

use std::fmt;

use secrecy::SecretString;

use crate::error::{Error, VaultMessage};
use crate::expiry::Expiry;
use crate::meta::ResponseMeta;

/// Whose token to create.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenTarget {
    /// `/objects/users/{user_id}/api_access_token__sys`: a given user (not a VeevaID user).
    User(String),
    /// `/objects/users/me/api_access_token__sys`: the authenticated user.
    Me,
    /// `/objects/sandbox/{sandbox_name}/users/me/api_access_token__sys`: the authenticated user
    /// in a sandbox, called against the production Vault. `sandbox_name` is the name shown on
    /// the *My Vaults* page.
    Sandbox(String),
}

impl TokenTarget {
    /// A user id; `"me"` means [`TokenTarget::Me`].
    pub fn user(user_id: impl Into<String>) -> Self {
        let user_id = user_id.into();
        if user_id == "me" { TokenTarget::Me } else { TokenTarget::User(user_id) }
    }

    /// The authenticated user.
    pub fn me() -> Self {
        TokenTarget::Me
    }

    /// The authenticated user in the named sandbox.
    pub fn sandbox(sandbox_name: impl Into<String>) -> Self {
        TokenTarget::Sandbox(sandbox_name.into())
    }

    /// The path segments after `/api/{version}/`, unencoded.
    pub(crate) fn path_segments(&self) -> Vec<&str> {
        match self {
            TokenTarget::User(id) => vec!["objects", "users", id, "api_access_token__sys"],
            TokenTarget::Me => vec!["objects", "users", "me", "api_access_token__sys"],
            TokenTarget::Sandbox(name) => {
                vec!["objects", "sandbox", name, "users", "me", "api_access_token__sys"]
            }
        }
    }

    pub(crate) fn validate(&self) -> Result<(), Error> {
        match self {
            TokenTarget::Me => Ok(()),
            TokenTarget::User(id) => crate::validate::id("user id", id),
            TokenTarget::Sandbox(name) => crate::validate::id("sandbox name", name),
        }
    }
}

/// One token to create. See [`Client::generate_access_token`](crate::Client::generate_access_token).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenRequest {
    pub(crate) target: TokenTarget,
    pub(crate) name: String,
    pub(crate) expiry: Expiry,
}

impl TokenRequest {
    /// A token for `target` named `name` (`name__v`, required) that never expires unless
    /// [`expiry`](TokenRequest::expiry) says otherwise.
    pub fn new(target: TokenTarget, name: impl Into<String>) -> Self {
        TokenRequest { target, name: name.into(), expiry: Expiry::Never }
    }

    /// Sets the expiry.
    pub fn expiry(mut self, expiry: Expiry) -> Self {
        self.expiry = expiry;
        self
    }

    /// The target.
    pub fn target(&self) -> &TokenTarget {
        &self.target
    }

    /// The name (`name__v`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The expiry.
    pub fn expiry_value(&self) -> Expiry {
        self.expiry
    }

    pub(crate) fn validate(&self, now: time::OffsetDateTime) -> Result<(), Error> {
        self.target.validate()?;
        crate::validate::name("token name (name__v)", &self.name)?;
        self.expiry.check_not_past(now)
    }

    /// The body fields, in wire order.
    pub(crate) fn fields(&self) -> Vec<(&'static str, String)> {
        let mut fields = vec![("name__v", self.name.clone())];
        if let Some(expiry) = self.expiry.wire_value() {
            fields.push(("expiry_date__v", expiry));
        }
        fields
    }
}

/// A newly created API access token.
///
/// The token value is shown once by Vault and cannot be recovered: store it safely. `Debug`
/// redacts it; [`token`](AccessToken::token) returns it as a secret.
#[derive(Clone)]
pub struct AccessToken {
    pub(crate) id: String,
    pub(crate) token: SecretString,
    pub(crate) warnings: Vec<VaultMessage>,
    pub(crate) meta: ResponseMeta,
}

impl AccessToken {
    /// The token record id (`data.id`), needed to look it up or delete (revoke) it later.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The token itself (`data.token__sys`): use `expose_secret()` to read it.
    pub fn token(&self) -> &SecretString {
        &self.token
    }

    /// Vault's `warnings[]` (when `responseStatus` was `WARNING`), plus a warning from this library
    /// if the token does not start with `veeva-vault-`.
    pub fn warnings(&self) -> &[VaultMessage] {
        &self.warnings
    }

    /// Response headers (burst limits, execution id).
    pub fn meta(&self) -> &ResponseMeta {
        &self.meta
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessToken")
            .field("id", &self.id)
            .field("token", &"[REDACTED]")
            .field("warnings", &self.warnings)
            .field("meta", &self.meta)
            .finish()
    }
}

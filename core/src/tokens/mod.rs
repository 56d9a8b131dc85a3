//! The token lifecycle after generation: list, inspect, revoke, rotate, and find orphans.
//!
//! Each call lives in its own module as an `impl Client` block, so [`Client`](crate::Client)
//! stays a thin facade:
//!
//! * [`list`]: `list_access_tokens` (VQL on `api_access_token__sys`, following `next_page`);
//! * [`info`]: [`TokenInfo`], read from a query row or a record, and `get_access_token_info`;
//! * [`revoke`]: `revoke_access_tokens` (Delete Object Records in batches, per-row outcomes);
//! * [`rotate`]: `rotate_access_token` and `find_orphaned_tokens`;
//! * [`blocking`]: the blocking twins of all of them.

mod blocking;
mod info;
mod list;
mod revoke;
mod rotate;

pub use info::TokenInfo;
pub(crate) use list::read_only;
#[cfg(any(test, feature = "fuzzing"))]
pub(crate) use {info::record_from_success, list::read_page, revoke::batch_from_success};
pub use revoke::{MAX_REVOKE_BATCH, RevokeFailure, RevokeReport};
pub use rotate::Rotation;

use crate::error::Error;
use crate::request::TokenTarget;

/// Whose tokens a listing is for.
#[derive(Clone, Debug, PartialEq, Eq)]
enum QueryUser {
    Id(String),
    /// The client's own user: the login's `userId`, or else [`whoami`](crate::Client::whoami).
    Me,
}

/// Which tokens [`list_access_tokens`](crate::Client::list_access_tokens) returns: one user's,
/// optionally only those with an exact name, active ones unless
/// [`include_inactive`](TokenQuery::include_inactive) says otherwise.
///
/// ```
/// use veeva_vault_auth::TokenQuery;
/// let query = TokenQuery::me().name("IntegrationKey").include_inactive(true);
/// assert_eq!(query.name_filter(), Some("IntegrationKey"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenQuery {
    user: QueryUser,
    name: Option<String>,
    include_inactive: bool,
}

impl TokenQuery {
    /// The tokens of the user with this id; `"me"` means [`TokenQuery::me`].
    pub fn user(user_id: impl Into<String>) -> Self {
        let user_id = user_id.into();
        let user = if user_id == "me" { QueryUser::Me } else { QueryUser::Id(user_id) };
        TokenQuery { user, name: None, include_inactive: false }
    }

    /// The tokens of the authenticated user. The user id comes from the login
    /// ([`Session::user_id`](crate::Session::user_id)), or else from one
    /// [`whoami`](crate::Client::whoami) call.
    pub fn me() -> Self {
        TokenQuery { user: QueryUser::Me, name: None, include_inactive: false }
    }

    /// Only tokens whose `name__v` is exactly `name` (case-sensitive, as VQL's `=` is).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Also list inactive (expired) tokens. Default: `false`, active tokens only. Revoked tokens
    /// no longer exist and are never listed.
    pub fn include_inactive(mut self, include: bool) -> Self {
        self.include_inactive = include;
        self
    }

    /// The user id asked for, or `None` for `me`.
    pub fn user_id(&self) -> Option<&str> {
        match &self.user {
            QueryUser::Id(id) => Some(id),
            QueryUser::Me => None,
        }
    }

    /// The exact name asked for, if any.
    pub fn name_filter(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// Whether inactive tokens are listed too.
    pub fn includes_inactive(&self) -> bool {
        self.include_inactive
    }

    /// The same checks as everywhere else, before anything is sent.
    pub(crate) fn validate(&self) -> Result<(), Error> {
        if let QueryUser::Id(id) = &self.user {
            crate::validate::id("user id", id)?;
        }
        if let Some(name) = &self.name {
            crate::validate::name("token name (name__v)", name)?;
        }
        Ok(())
    }

    /// The query for a generation target's tokens; a sandbox's tokens live in the sandbox.
    pub(crate) fn for_target(target: &TokenTarget) -> Result<Self, Error> {
        match target {
            TokenTarget::User(id) => Ok(TokenQuery::user(id.clone())),
            TokenTarget::Me => Ok(TokenQuery::me()),
            TokenTarget::Sandbox(_) => Err(Error::invalid(
                "a sandbox's tokens are listed in the sandbox itself: use a client for the sandbox Vault's DNS with TokenTarget::me()",
            )),
        }
    }
}

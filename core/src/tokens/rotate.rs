//! `rotate_access_token` (create a new token, then revoke old ones) and `find_orphaned_tokens`
//! (tokens a lost create may have left behind).
//!
//! Rotation never loses the new secret: once the create succeeded, a revoke that fails in any
//! way is reported inside the [`Rotation`], next to the token, rather than as an error that
//! would drop it.

use super::info::TokenInfo;
use super::revoke::{RevokeReport, check_ids};
use super::TokenQuery;
use crate::client::Client;
use crate::error::Error;
use crate::request::{AccessToken, TokenRequest, TokenTarget};

/// The result of [`rotate_access_token`](Client::rotate_access_token): the new token, and what
/// happened to the old ones.
///
/// `Debug` redacts the token, as [`AccessToken`]'s does.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Rotation {
    /// The new token. Its value is shown once: store it before anything else.
    pub token: AccessToken,
    /// What happened to each id to revoke. When the revoke failed, the ids it could not account
    /// for are in [`RevokeReport::failed`], [`RevokeReport::unknown`] or
    /// [`RevokeReport::not_sent`].
    pub revoked: RevokeReport,
    /// The error that stopped the revoke, if one did (a row that failed is not an error; see
    /// [`RevokeReport::failed`]).
    pub revoke_error: Option<Error>,
}

impl Rotation {
    /// `true` when the token was created and every old id revoked.
    pub fn is_complete(&self) -> bool {
        self.revoke_error.is_none() && self.revoked.is_complete()
    }
}

impl Client {
    /// Rotates a key: creates a token for `request`, then revokes the tokens in `revoke`.
    ///
    /// Everything, including the ids to revoke, is checked before the create; a bad value is
    /// [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument) and nothing is sent. So
    /// is a sandbox target with ids to revoke: the revoke would go to this Vault, not the sandbox.
    /// If the create fails, that error is returned and nothing is revoked. Once the token
    /// exists the call always returns it: a failing revoke is reported in
    /// [`Rotation::revoked`] and [`Rotation::revoke_error`], never as an `Err` that would lose
    /// the new secret.
    pub async fn rotate_access_token<S: AsRef<str>>(&self, request: &TokenRequest, revoke: &[S]) -> Result<Rotation, Error> {
        self.require_credential()?;
        let ids = check_ids(revoke)?;
        request.validate(time::OffsetDateTime::now_utc())?;
        if matches!(request.target(), TokenTarget::Sandbox(_)) && !ids.is_empty() {
            // The new token would be made in the sandbox, but the revoke would go to this Vault,
            // where the sandbox's token ids do not exist.
            return Err(Error::invalid(
                "a sandbox's tokens are revoked in the sandbox itself: rotate with a client for the sandbox Vault's DNS and TokenTarget::me()",
            ));
        }
        let token = self.generate_access_token(request).await?;
        let (revoked, revoke_error) = match self.revoke_checked(&ids).await {
            Ok(report) => (report, None),
            Err(error) => {
                let report = error
                    .partial_revoke()
                    .cloned()
                    // Failed before any batch was sent (it cannot, after the create; but never
                    // leave an id unaccounted for).
                    .unwrap_or_else(|| RevokeReport { not_sent: ids.clone(), ..RevokeReport::default() });
                (report, Some(error))
            }
        };
        Ok(Rotation { token, revoked, revoke_error })
    }

    /// Active tokens of `target` named exactly `name` that were never used (`last_used` is
    /// `None`): those a create whose answer was lost may have made.
    ///
    /// This is the recovery after an error with [`Error::outcome_unknown`]: find them, revoke
    /// them, create again (see the [crate docs](crate#after-an-unknown-outcome)). A sandbox
    /// target is [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument): its tokens
    /// live in the sandbox, so use a client for the sandbox's DNS with [`TokenTarget::Me`].
    pub async fn find_orphaned_tokens(&self, target: &TokenTarget, name: &str) -> Result<Vec<TokenInfo>, Error> {
        target.validate()?;
        let query = TokenQuery::for_target(target)?.name(name);
        let tokens = self.list_access_tokens(&query).await?;
        // The query already asks for these; checking again costs nothing and guards the revoke
        // that usually follows.
        Ok(tokens.into_iter().filter(|t| t.is_active() && t.name() == name && t.last_used().is_none()).collect())
    }
}

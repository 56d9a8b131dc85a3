//! Session helpers: keep a session alive, end it, and ask Vault which API versions it offers;
//! plus the OAuth 2.0 / OpenID Connect login ([`oauth`]) and the blocking twins ([`blocking`]).
//!
//! Each call is a method of [`Client`] defined here, so `client.rs` stays a thin facade.

mod blocking;
mod oauth;
mod versions;

use http::Method;

use crate::client::Client;
use crate::envelope;
use crate::error::{Error, ErrorKind};
use crate::secret::Credential;

pub use versions::ApiVersionInfo;
#[cfg(any(test, feature = "fuzzing"))]
pub(crate) use versions::versions_from_success;

impl Client {
    /// Keeps the session alive (`POST /api/{version}/keep-alive`).
    ///
    /// A session ends after the Vault's idle timeout without activity, and after 48 hours in
    /// any case (which keep-alive cannot extend). Fails with [`ErrorKind::InvalidSession`] once
    /// the session is dead: log in again then.
    pub async fn keep_alive(&self) -> Result<(), Error> {
        let credential = self.require_credential()?;
        let url = self.transport().uri(&["keep-alive"])?;
        let reply = self.transport().send(Method::POST, url, Some(credential), None).await?;
        envelope::read(reply, &[credential.raw()])?;
        Ok(())
    }

    /// Ends the session (`DELETE /api/{version}/session`). Only this session ends, not the
    /// user's other sessions.
    ///
    /// Once Vault confirms (or answers that the session was already invalid, which is reported
    /// as [`ErrorKind::InvalidSession`]), this client and all its clones refuse every further
    /// call with [`ErrorKind::InvalidArgument`] before sending anything; log in again for a new
    /// client. If the answer was lost ([`Error::outcome_unknown`]), the client is left usable
    /// and calling `logout` again is safe.
    ///
    /// A client authenticated with an API access token has no session to end: that fails with
    /// [`ErrorKind::InvalidArgument`] without sending anything (revoke the token instead).
    pub async fn logout(&self) -> Result<(), Error> {
        let credential = self.require_credential()?;
        if let Credential::AccessToken(_) = credential {
            return Err(Error::invalid(
                "logout ends a session, but this client uses an API access token; revoke the token to make it unusable",
            ));
        }
        let url = self.transport().uri(&["session"])?;
        let reply = self.transport().send(Method::DELETE, url, Some(credential), None).await?;
        match envelope::read(reply, &[credential.raw()]) {
            Ok(_) => {
                self.mark_logged_out();
                Ok(())
            }
            Err(e) => {
                // Vault says the session is dead already: the goal is reached, and using the
                // client again can only fail the same way.
                if e.kind() == ErrorKind::InvalidSession {
                    self.mark_logged_out();
                }
                Err(e)
            }
        }
    }
}

//! Blocking twins of the session helpers and of the OAuth login, each one line over the
//! facade's `call` (or `run` for a login, which has no client yet).

use secrecy::{ExposeSecret, SecretString};

use crate::blocking::{Client, run};
use crate::config::ClientBuilder;
use crate::error::Error;
use crate::session::ApiVersionInfo;

impl Client {
    /// Logs in with an OAuth 2.0 / OIDC access token, blocking (see
    /// [`ClientBuilder::login_oauth`]).
    pub fn login_oauth(
        builder: ClientBuilder,
        profile_id: &str,
        idp_access_token: &str,
        client_id: Option<&str>,
    ) -> Result<Self, Error> {
        let (profile_id, client_id) = (profile_id.to_owned(), client_id.map(str::to_owned));
        let token = SecretString::from(idp_access_token.to_owned());
        let inner = run(async move {
            builder.login_oauth(&profile_id, token.expose_secret(), client_id.as_deref()).await
        })?;
        Ok(Client::from_async(inner))
    }

    /// Keeps the session alive, blocking (see [`crate::Client::keep_alive`]).
    pub fn keep_alive(&self) -> Result<(), Error> {
        self.call(|client| async move { client.keep_alive().await })
    }

    /// Ends the session, blocking (see [`crate::Client::logout`]). Afterwards this client, its
    /// clones and the async client underneath refuse every call.
    pub fn logout(&self) -> Result<(), Error> {
        self.call(|client| async move { client.logout().await })
    }

    /// The API versions this Vault offers, blocking (see [`crate::Client::api_versions`]).
    pub fn api_versions(&self) -> Result<Vec<ApiVersionInfo>, Error> {
        self.call(|client| async move { client.api_versions().await })
    }

    /// Checks that this Vault offers the client's API version, blocking (see
    /// [`crate::Client::check_api_version`]).
    pub fn check_api_version(&self) -> Result<ApiVersionInfo, Error> {
        self.call(|client| async move { client.check_api_version().await })
    }
}

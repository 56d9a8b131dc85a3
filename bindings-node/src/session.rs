//! Session helpers on [`NativeClient`]: keep-alive, whoami, logout, the API versions a Vault
//! offers, and OAuth 2.0 / OpenID Connect login. Translation only; the core does the rest.

use napi::Either;
use napi_derive::napi;
use veeva_vault_auth::secrecy::{ExposeSecret, SecretString};

use crate::data::UserInfoData;
use crate::error::Failure;
use crate::options::{ClientOptions, OAuthArgs};
use crate::{CancelToken, NativeClient, settle};

#[napi]
impl NativeClient {
    /// Keeps the session alive (`POST /keep-alive`).
    #[napi]
    pub async fn keep_alive(&self, cancel: Option<&CancelToken>) -> Either<(), Failure> {
        let client = self.inner.clone();
        settle(CancelToken::handle(cancel), async move { Ok(client.keep_alive().await?) }).await
    }

    /// Ends the session (`DELETE /session`); afterwards this client refuses every call.
    #[napi]
    pub async fn logout(&self, cancel: Option<&CancelToken>) -> Either<(), Failure> {
        let client = self.inner.clone();
        settle(CancelToken::handle(cancel), async move { Ok(client.logout().await?) }).await
    }

    /// The authenticated user (`GET /objects/users/me`).
    #[napi]
    pub async fn whoami(&self, cancel: Option<&CancelToken>) -> Either<UserInfoData, Failure> {
        let client = self.inner.clone();
        settle(CancelToken::handle(cancel), async move { Ok(UserInfoData::from(&client.whoami().await?)) }).await
    }

    /// The API versions the Vault offers, oldest first (`GET /api/`).
    #[napi]
    pub async fn api_versions(&self, cancel: Option<&CancelToken>) -> Either<Vec<String>, Failure> {
        let client = self.inner.clone();
        settle(CancelToken::handle(cancel), async move {
            Ok(client.api_versions().await?.iter().map(|v| v.version().to_string()).collect())
        })
        .await
    }

    /// The client's API version, if the Vault offers it (`GET /api/`); `not_found_or_unsupported`
    /// otherwise.
    #[napi]
    pub async fn check_api_version(&self, cancel: Option<&CancelToken>) -> Either<String, Failure> {
        let client = self.inner.clone();
        settle(CancelToken::handle(cancel), async move { Ok(client.check_api_version().await?.version().to_string()) }).await
    }

    /// `true` once `logout` succeeded (on this client or a clone of it).
    #[napi(getter)]
    pub fn is_logged_out(&self) -> bool {
        self.inner.is_logged_out()
    }

    /// Logs in with an identity provider's OAuth 2.0 / OIDC access token; the new client holds
    /// the session.
    #[napi]
    pub async fn login_oauth(
        options: ClientOptions,
        args: OAuthArgs,
        cancel: Option<&CancelToken>,
    ) -> Either<NativeClient, Failure> {
        let OAuthArgs { profile_id, idp_access_token, oauth_client_id, login_url } = args;
        let idp_access_token = SecretString::from(idp_access_token);
        settle(CancelToken::handle(cancel), async move {
            options.check_no_credential()?;
            let mut builder = options.builder()?;
            if let Some(url) = &login_url {
                builder = builder.login_url(url);
            }
            let client = builder
                .login_oauth(&profile_id, idp_access_token.expose_secret(), oauth_client_id.as_deref())
                .await?;
            Ok(NativeClient { inner: client })
        })
        .await
    }
}

//! JS option objects → core builders and requests. Only shape is checked here; every value
//! rule (host names, versions, ids, expiry formats) stays in the core.

use std::time::Duration;

use napi_derive::napi;
use veeva_vault_auth::{BodyFormat, ClientBuilder, Expiry, TokenQuery, TokenRequest, TokenTarget};

use crate::error::Failure;

/// Options of `new VaultClient(...)` and `VaultClient.login(...)` (see `index.d.ts`).
#[napi(object)]
#[derive(Default)]
pub struct ClientOptions {
    pub vault_dns: Option<String>,
    pub base_url: Option<String>,
    pub session_id: Option<String>,
    pub access_token: Option<String>,
    pub api_version: Option<String>,
    pub client_id: Option<String>,
    pub timeout_ms: Option<f64>,
    pub connect_timeout_ms: Option<f64>,
    pub ca_file: Option<String>,
    pub body_format: Option<String>,
    pub allow_insecure_http: Option<bool>,
    pub max_response_bytes: Option<f64>,
}

/// Arguments of `generateAccessToken(...)` and `rotateAccessToken(...)`; `expiryDate` arrives
/// as a string (the JS layer turns a `Date` into its ISO form) and is parsed by the core.
#[napi(object)]
pub struct TokenArgs {
    pub user_id: Option<String>,
    pub sandbox: Option<String>,
    pub name: String,
    pub expiry_date: Option<String>,
}

/// Arguments of `listAccessTokens(...)`: no `userId` means the authenticated user.
#[napi(object)]
pub struct ListArgs {
    pub user_id: Option<String>,
    pub name: Option<String>,
    pub include_inactive: Option<bool>,
}

/// Arguments of `findOrphanedTokens(...)`: no `userId` (and no `sandbox`) means the
/// authenticated user; a sandbox is passed on for the core to refuse with its reason.
#[napi(object)]
pub struct OrphanArgs {
    pub user_id: Option<String>,
    pub sandbox: Option<String>,
    pub name: String,
}

/// What `VaultClient.loginOAuth(...)` adds to the connection options. `oauthClientId` is the
/// OAuth client id Vault introspects with, not the `X-VaultAPI-ClientID` of `clientId`.
#[napi(object)]
pub struct OAuthArgs {
    pub profile_id: String,
    pub idp_access_token: String,
    pub oauth_client_id: Option<String>,
    pub login_url: Option<String>,
}

impl ListArgs {
    pub(crate) fn query(&self) -> TokenQuery {
        let query = match &self.user_id {
            Some(user) => TokenQuery::user(user.as_str()),
            None => TokenQuery::me(),
        };
        let query = match &self.name {
            Some(name) => query.name(name.as_str()),
            None => query,
        };
        query.include_inactive(self.include_inactive.unwrap_or(false))
    }
}

impl OrphanArgs {
    pub(crate) fn target(&self) -> Result<TokenTarget, Failure> {
        target(self.user_id.as_deref(), self.sandbox.as_deref(), true)
    }
}

/// A generation target. `default_me`: whether giving neither `userId` nor `sandbox` means the
/// authenticated user (rotation and orphans, as in the Python binding) or is a mistake
/// (`generateAccessToken`, which has always required one of them).
fn target(user: Option<&str>, sandbox: Option<&str>, default_me: bool) -> Result<TokenTarget, Failure> {
    match (user, sandbox) {
        (Some(user), None) => Ok(TokenTarget::user(user)),
        (None | Some("me"), Some(sandbox)) => Ok(TokenTarget::sandbox(sandbox)),
        (Some(_), Some(_)) => Err(Failure::invalid(
            "a sandbox token is always for the authenticated user: leave userId out or set it to 'me'",
        )),
        (None, None) if default_me => Ok(TokenTarget::me()),
        (None, None) => Err(Failure::invalid("userId ('me' for yourself) or sandbox is required")),
    }
}

impl ClientOptions {
    /// The builder for this binding, without a credential.
    pub(crate) fn builder(&self) -> Result<ClientBuilder, Failure> {
        let mut b = ClientBuilder::default().binding_name("node");
        if let Some(v) = &self.vault_dns {
            b = b.vault_dns(v);
        }
        if let Some(v) = &self.base_url {
            b = b.base_url(v);
        }
        if let Some(v) = &self.api_version {
            b = b.api_version(v);
        }
        if let Some(v) = &self.client_id {
            b = b.client_id(v);
        }
        if let Some(d) = millis(self.timeout_ms, "timeoutMs")? {
            b = b.timeout(d);
        }
        if let Some(d) = millis(self.connect_timeout_ms, "connectTimeoutMs")? {
            b = b.connect_timeout(d);
        }
        if let Some(v) = &self.ca_file {
            b = b.ca_file(v);
        }
        b = match self.body_format.as_deref() {
            None | Some("form") => b.body_format(BodyFormat::Form),
            Some("json") => b.body_format(BodyFormat::Json),
            Some(_) => return Err(Failure::invalid("bodyFormat must be 'form' or 'json'")),
        };
        if let Some(allow) = self.allow_insecure_http {
            b = b.allow_insecure_http(allow);
        }
        if let Some(n) = self.max_response_bytes {
            if !(n.is_finite() && n >= 0.0 && n.fract() == 0.0 && n <= usize::MAX as f64) {
                return Err(Failure::invalid("maxResponseBytes must be a whole number of bytes"));
            }
            b = b.max_response_bytes(n as usize);
        }
        Ok(b)
    }

    /// The builder with the credential, for `new VaultClient(...)`.
    pub(crate) fn builder_with_credential(&self) -> Result<ClientBuilder, Failure> {
        let b = self.builder()?;
        Ok(match (&self.session_id, &self.access_token) {
            (Some(_), Some(_)) => return Err(Failure::invalid("give sessionId or accessToken, not both")),
            (Some(s), None) => b.session_id(s),
            (None, Some(t)) => b.access_token(t),
            // The core reports the missing credential.
            (None, None) => b,
        })
    }

    /// A login makes its own session; a credential given as well is a mistake worth reporting.
    pub(crate) fn check_no_credential(&self) -> Result<(), Failure> {
        if self.session_id.is_some() || self.access_token.is_some() {
            return Err(Failure::invalid(
                "a login makes its own session; leave sessionId and accessToken out",
            ));
        }
        Ok(())
    }
}

impl TokenArgs {
    /// The request; `default_me` as for [`target`].
    pub(crate) fn request(&self, default_me: bool) -> Result<TokenRequest, Failure> {
        let target = target(self.user_id.as_deref(), self.sandbox.as_deref(), default_me)?;
        let mut request = TokenRequest::new(target, self.name.as_str());
        if let Some(text) = &self.expiry_date {
            request = request.expiry(Expiry::parse(text)?);
        }
        Ok(request)
    }
}

/// A millisecond count as a duration; zero is passed on for the core to reject with its message.
fn millis(ms: Option<f64>, what: &str) -> Result<Option<Duration>, Failure> {
    match ms {
        None => Ok(None),
        Some(ms) if ms.is_finite() && ms >= 0.0 => Duration::try_from_secs_f64(ms / 1000.0)
            .map(Some)
            .map_err(|_| Failure::invalid(format!("{what} is out of range"))),
        Some(_) => Err(Failure::invalid(format!("{what} must be a finite number of milliseconds ≥ 0"))),
    }
}

//! Client for Veeva Vault's authentication API.
//!
//! It logs in (`POST /api/{version}/auth`, with Vault's authentication-defaulting guard),
//! generates API access tokens for a user id, for `me`, or for a sandbox
//! (`POST …/api_access_token__sys`), and lists, inspects, revokes and rotates them (see
//! [the token lifecycle](#the-token-lifecycle)), with the safety rules a long-lived secret
//! deserves:
//!
//! * every input is validated before anything is sent ([`ErrorKind::InvalidArgument`]);
//! * success is decided from Vault's `responseStatus`, never from the HTTP status or message text;
//! * a create is never sent twice, redirects are refused, responses are read with a hard cap;
//! * credentials and tokens are [`secrecy`] secrets: `Debug` and error text never show them, and
//!   a credential echoed back inside a Vault error message is masked;
//! * every [`Error`] says whether the outcome is unknown (a token may exist that the caller
//!   does not hold), so callers know when to look before they retry.
//!
//! ```no_run
//! use veeva_vault_auth::{Client, Expiry, TokenRequest, TokenTarget};
//! # async fn run() -> Result<(), veeva_vault_auth::Error> {
//! let client = Client::builder()
//!     .vault_dns("myvault.veevavault.com")
//!     .session_id("SESSION-ID")
//!     .build()?;
//! let request = TokenRequest::new(TokenTarget::user("12345"), "IntegrationKey")
//!     .expiry(Expiry::parse("2026-12-31T12:00:00Z")?);
//! let token = client.generate_access_token(&request).await?;
//! println!("{} {:?}", token.id(), token); // the Debug output never shows the token
//! use secrecy::ExposeSecret;
//! let _secret: &str = token.token().expose_secret();
//! # Ok(()) }
//! ```
//!
//! # The token lifecycle
//!
//! Each user holds at most 25 active tokens and sees a token's value only once, so tokens are
//! listed, revoked and rotated as well as created. [`Client::list_access_tokens`] (VQL on
//! `api_access_token__sys`, every value escaped, pages followed only on the same origin),
//! [`Client::get_access_token_info`], [`Client::revoke_access_tokens`] (per-id outcomes in a
//! [`RevokeReport`]), [`Client::rotate_access_token`] (create, then revoke; the new token is
//! returned even if the revoke fails) and [`Client::whoami`]:
//!
//! ```no_run
//! use veeva_vault_auth::{Client, Expiry, TokenQuery, TokenRequest, TokenTarget};
//! # async fn run(client: Client) -> Result<(), veeva_vault_auth::Error> {
//! let active = client.list_access_tokens(&TokenQuery::me().name("IntegrationKey")).await?;
//! let old: Vec<&str> = active.iter().map(|t| t.id()).collect();
//! let request = TokenRequest::new(TokenTarget::me(), "IntegrationKey").expiry(Expiry::parse("2027-06-30")?);
//! let rotation = client.rotate_access_token(&request, &old).await?;
//! // Store rotation.token first: it is returned even when the revoke failed.
//! if let Some(error) = &rotation.revoke_error {
//!     eprintln!("old tokens not all revoked: {error}; still there: {:?}", rotation.revoked.failed);
//! }
//! # Ok(()) }
//! ```
//!
//! # After an unknown outcome
//!
//! A create whose answer was lost ([`Error::outcome_unknown`] is `true`: a dropped connection,
//! a timeout after sending, `EXCEPTION`) may have made a token that nobody holds. It is never
//! retried automatically. To recover, look for tokens of that user with that exact name that
//! are active and were never used ([`Client::find_orphaned_tokens`]), revoke them, and create
//! again. Give each token a name of its own (for example with a date) so that this finds only
//! the lost one.
//!
//! ```no_run
//! use veeva_vault_auth::{Client, TokenRequest, TokenTarget};
//! # async fn run(client: Client) -> Result<(), veeva_vault_auth::Error> {
//! let request = TokenRequest::new(TokenTarget::user("12345"), "IntegrationKey-2026-12");
//! let token = match client.generate_access_token(&request).await {
//!     Ok(token) => token,
//!     Err(e) if e.outcome_unknown() => {
//!         let orphans = client.find_orphaned_tokens(request.target(), request.name()).await?;
//!         let ids: Vec<&str> = orphans.iter().map(|t| t.id()).collect();
//!         let report = client.revoke_access_tokens(&ids).await?;
//!         // Rows Vault refused are in report.failed: those tokens still count towards the 25.
//!         for failure in &report.failed {
//!             eprintln!("could not revoke {}: {:?}", failure.id, failure.errors);
//!         }
//!         client.generate_access_token(&request).await?
//!     }
//!     Err(e) => return Err(e),
//! };
//! # let _ = token; Ok(()) }
//! ```
//!
//! # Sessions and OAuth login
//!
//! [`Client::keep_alive`] keeps a session alive and [`Client::logout`] ends it; after that the
//! client and its clones refuse every call locally. [`Client::api_versions`] lists the versions a
//! Vault offers (the newest marked as possibly Beta) and [`Client::check_api_version`] checks the
//! client's. Besides user name and password, [`ClientBuilder::login_oauth`] logs in with an
//! OAuth 2.0 / OpenID Connect access token from the identity provider
//! (`POST https://login.veevavault.com/auth/oauth/session/{profile_id}`, host overridable with
//! [`ClientBuilder::login_url`]), with the same authentication-defaulting guard as
//! [`ClientBuilder::login`].
//!
//! # Networking
//!
//! HTTPS through rustls, trusting the system store plus any
//! [`ClientBuilder::ca_file`]. `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY` are
//! honoured. Plain `http://` is accepted only for loopback hosts unless
//! [`ClientBuilder::allow_insecure_http`] says otherwise.
//!
//! For callers without an async runtime (the Python-sync and C bindings), [`blocking::Client`]
//! runs the same client on one shared runtime.

pub mod blocking;
mod client;
mod client_id;
mod config;
mod envelope;
mod error;
mod expiry;
/// Decoder entry points for the fuzz targets and property tests; not public API.
#[cfg(any(test, feature = "fuzzing"))]
#[doc(hidden)]
pub mod fuzzing;
mod masking;
mod meta;
mod origin;
#[cfg(test)]
mod proptests;
mod proxy;
mod request;
mod secret;
mod session;
mod tls;
mod tokens;
mod transport;
mod validate;
mod version;
mod vql;
mod whoami;

pub use client::{Client, Session};
pub use config::{
    BodyFormat, ClientBuilder, ClientId, DEFAULT_CONNECT_TIMEOUT, DEFAULT_LOGIN_URL, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT,
    MAX_RESPONSE_BYTES_LIMIT,
};
pub use error::{Error, ErrorKind, VaultFailure, VaultMessage};
pub use expiry::Expiry;
pub use meta::ResponseMeta;
pub use request::{AccessToken, TokenRequest, TokenTarget};
pub use secret::Credential;
pub use session::ApiVersionInfo;
pub use tokens::{MAX_REVOKE_BATCH, RevokeFailure, RevokeReport, Rotation, TokenInfo, TokenQuery};
pub use whoami::UserInfo;
pub use blocking::shared_runtime;
pub use version::{ApiVersion, DEFAULT_API_VERSION, MIN_TOKEN_API_VERSION};

/// Re-exported so callers can name [`SecretString`](secrecy::SecretString) and
/// [`ExposeSecret`](secrecy::ExposeSecret) without depending on `secrecy` themselves.
pub use secrecy;

/// This library's version, as sent in the default client id.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

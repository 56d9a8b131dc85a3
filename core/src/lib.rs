//! Client for Veeva Vault's authentication API.
//!
//! It logs in (`POST /api/{version}/auth`, with Vault's authentication-defaulting guard) and
//! generates API access tokens for a user id, for `me`, or for a sandbox
//! (`POST …/api_access_token__sys`), with the safety rules a long-lived secret deserves:
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
//! Sessions: [`Client::keep_alive`], [`Client::logout`] (after which the client and its clones
//! refuse every call locally), [`Client::api_versions`] and [`Client::check_api_version`]. Besides
//! user name and password, [`ClientBuilder::login_oauth`] logs in with an OAuth 2.0 / OpenID
//! Connect access token from the identity provider (`POST https://login.veevavault.com/auth/oauth/session/{profile_id}`,
//! host overridable with [`ClientBuilder::login_url`]), with the same authentication-defaulting
//! guard as [`ClientBuilder::login`].
//!
//! Networking: HTTPS through rustls, trusting the system store plus any
//! [`ClientBuilder::ca_file`]. `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY` are
//! honoured. Plain `http://` is accepted only for loopback hosts unless
//! [`ClientBuilder::allow_insecure_http`] says otherwise.
//!
//! For callers without an async runtime (the Python-sync and C bindings), [`blocking::Client`]
//! runs the same client on one shared runtime.

pub mod blocking;
mod body;
mod client;
mod config;
mod connector;
mod dedicated;
mod envelope;
mod error;
mod expiry;
mod masking;
mod meta;
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
pub use config::{BodyFormat, ClientBuilder, ClientId, DEFAULT_CONNECT_TIMEOUT, DEFAULT_LOGIN_URL, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT};
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

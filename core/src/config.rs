//! Client configuration: where Vault is, how to authenticate, and the transport limits.

use std::path::PathBuf;
use std::time::Duration;

use url::Url;

use crate::client::Client;
use crate::error::Error;
use crate::secret::Credential;
use crate::origin::{check_base_url, check_dns};
use crate::version::{ApiVersion, DEFAULT_API_VERSION};

pub use crate::client_id::ClientId;

/// Connect timeout used when none is set.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Total deadline per call (connect, send, wait, read) used when none is set.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// Where OAuth 2.0 / OpenID Connect logins go unless [`ClientBuilder::login_url`] says otherwise.
pub const DEFAULT_LOGIN_URL: &str = "https://login.veevavault.com";
/// Largest response body read before giving up, when none is set.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 1024 * 1024;
/// [`ClientBuilder::max_response_bytes`] is clamped to this: Vault's answers here are a few
/// kilobytes, and a larger cap would only let a hostile server make the client hold more.
pub const MAX_RESPONSE_BYTES_LIMIT: usize = 1024 * 1024 * 1024;

/// How the token request body is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum BodyFormat {
    /// `application/x-www-form-urlencoded`: the documented form, and the default.
    #[default]
    Form,
    /// `application/json` with the same field names. Vault's docs allow the content type but show
    /// no example, so prefer the form unless you need this.
    Json,
}

/// Builds a [`Client`]. Start with [`Client::builder`].
///
/// Nothing is checked until [`build`](ClientBuilder::build) (or
/// [`login`](ClientBuilder::login)), which reports the first problem as
/// [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument).
#[derive(Clone, Debug, Default)]
pub struct ClientBuilder {
    pub(crate) vault_dns: Option<String>,
    pub(crate) base_url: Option<String>,
    pub(crate) login_url: Option<String>,
    pub(crate) api_version: Option<String>,
    pub(crate) credential: Option<Result<Credential, Error>>,
    pub(crate) client_id: Option<String>,
    pub(crate) connect_timeout: Option<Duration>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) ca_file: Option<PathBuf>,
    pub(crate) allow_insecure_http: bool,
    pub(crate) body_format: BodyFormat,
    pub(crate) max_response_bytes: Option<usize>,
    pub(crate) binding: Option<String>,
}

impl ClientBuilder {
    /// The Vault's DNS name, e.g. `myvault.veevavault.com`: calls go to
    /// `https://{dns}/api/{version}/…`, and login checks the session is for this Vault.
    pub fn vault_dns(mut self, dns: impl Into<String>) -> Self {
        self.vault_dns = Some(dns.into());
        self
    }

    /// Sends calls to this origin instead (a mock, a proxy): `{base_url}/api/{version}/…`.
    ///
    /// `http://` is accepted only for loopback hosts unless [`allow_insecure_http`] is set.
    /// With both a DNS and a base URL, the DNS names the Vault (for the login check) and the base
    /// URL says where to connect.
    ///
    /// [`allow_insecure_http`]: ClientBuilder::allow_insecure_http
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Sends OAuth 2.0 / OpenID Connect logins ([`login_oauth`](ClientBuilder::login_oauth)) to
    /// this origin instead of [`DEFAULT_LOGIN_URL`] (a mock, a proxy):
    /// `{login_url}/auth/oauth/session/{profile_id}`. Same rules as
    /// [`base_url`](ClientBuilder::base_url) (`http://` only on loopback hosts unless
    /// [`allow_insecure_http`](ClientBuilder::allow_insecure_http)).
    pub fn login_url(mut self, url: impl Into<String>) -> Self {
        self.login_url = Some(url.into());
        self
    }

    /// The API version, `v<major>.<minor>` (default `v26.2`). Token calls need v26.2 or later.
    pub fn api_version(mut self, version: impl Into<String>) -> Self {
        self.api_version = Some(version.into());
        self
    }

    /// Authenticate with a Vault session id (sent raw in `Authorization`).
    pub fn session_id(mut self, session_id: impl Into<String>) -> Self {
        self.credential = Some(Credential::session_id(session_id));
        self
    }

    /// Authenticate with an API access token (sent as `Bearer …`).
    pub fn access_token(mut self, token: impl Into<String>) -> Self {
        self.credential = Some(Credential::access_token(token));
        self
    }

    /// Authenticate with an already-checked credential.
    pub fn credential(mut self, credential: Credential) -> Self {
        self.credential = Some(Ok(credential));
        self
    }

    /// The `X-VaultAPI-ClientID` to send (see [`ClientId`]).
    pub fn client_id(mut self, client_id: impl Into<String>) -> Self {
        self.client_id = Some(client_id.into());
        self
    }

    /// How long to wait for a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Total deadline for one call (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Also trust the CA certificates in this PEM file (the system store stays trusted).
    pub fn ca_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.ca_file = Some(path.into());
        self
    }

    /// Allow `http://` base URLs on non-loopback hosts (credentials then travel in clear text).
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Encode token requests as a form (default) or as JSON.
    pub fn body_format(mut self, format: BodyFormat) -> Self {
        self.body_format = format;
        self
    }

    /// Largest response body to read (default 1 MiB; at most [`MAX_RESPONSE_BYTES_LIMIT`], larger
    /// values are clamped to it).
    pub fn max_response_bytes(mut self, bytes: usize) -> Self {
        self.max_response_bytes = Some(bytes);
        self
    }

    /// For bindings: names the binding in the default client id (`python`, `node`, `c`).
    #[doc(hidden)]
    pub fn binding_name(mut self, name: &str) -> Self {
        self.binding = Some(name.to_owned());
        self
    }

    /// Checks everything and builds the client. A credential is required.
    pub fn build(self) -> Result<Client, Error> {
        let credential = match &self.credential {
            Some(Ok(c)) => c.clone(),
            Some(Err(e)) => return Err(e.clone()),
            None => {
                return Err(Error::invalid(
                    "a session id or an access token is required (or use login)",
                ));
            }
        };
        let settings = self.settings()?;
        Client::from_settings(settings, Some(credential))
    }

    /// Logs in with a user name and password (`POST /api/{version}/auth`) and returns a client
    /// holding the new session. Fails with [`ErrorKind::WrongVault`](crate::ErrorKind::WrongVault)
    /// if Vault hands out a session for another Vault than the one asked for.
    pub async fn login(self, username: &str, password: &str) -> Result<Client, Error> {
        let settings = self.settings()?;
        let client = Client::from_settings(settings, None)?;
        client.login(username, password).await
    }

    /// The checked origin OAuth logins go to.
    pub(crate) fn login_origin(&self) -> Result<Url, Error> {
        let url = self.login_url.as_deref().unwrap_or(DEFAULT_LOGIN_URL);
        // The base URL's rules, with messages that name the setting that broke them.
        check_base_url(url, self.allow_insecure_http).map_err(|e| Error::invalid(e.message().replacen("base URL", "login URL", 1)))
    }

    /// Everything but the credential, checked.
    pub(crate) fn settings(&self) -> Result<Settings, Error> {
        let api_version: ApiVersion = match &self.api_version {
            Some(v) => v.parse()?,
            None => DEFAULT_API_VERSION,
        };
        let client_id = match &self.client_id {
            Some(id) => ClientId::new(id.clone())?,
            None => ClientId::default_for(self.binding.as_deref().unwrap_or("rust")),
        };
        let vault_dns = match &self.vault_dns {
            Some(dns) => Some(check_dns(dns)?),
            None => None,
        };
        let origin = match (&self.base_url, &vault_dns) {
            (Some(base), _) => check_base_url(base, self.allow_insecure_http)?,
            (None, Some(dns)) => Url::parse(&format!("https://{dns}/"))
                .map_err(|_| Error::invalid("vault DNS is not a valid host name"))?,
            (None, None) => return Err(Error::invalid("a vault DNS or a base URL is required")),
        };
        let positive = |d: Option<Duration>, default: Duration, what: &str| match d {
            Some(d) if d.is_zero() => Err(Error::invalid(format!("{what} must be greater than zero"))),
            Some(d) => Ok(d),
            None => Ok(default),
        };
        let max_response_bytes = match self.max_response_bytes {
            Some(0) => return Err(Error::invalid("max response bytes must be greater than zero")),
            Some(n) => n.min(MAX_RESPONSE_BYTES_LIMIT),
            None => DEFAULT_MAX_RESPONSE_BYTES,
        };
        if let Some(path) = &self.ca_file {
            if !path.is_file() {
                return Err(Error::invalid(format!("CA file {} does not exist", path.display())));
            }
        }
        Ok(Settings {
            origin,
            vault_dns,
            api_version,
            client_id,
            connect_timeout: positive(self.connect_timeout, DEFAULT_CONNECT_TIMEOUT, "connect timeout")?,
            timeout: positive(self.timeout, DEFAULT_TIMEOUT, "timeout")?,
            ca_file: self.ca_file.clone(),
            body_format: self.body_format,
            max_response_bytes,
        })
    }
}

/// Checked configuration shared by every call of a client.
#[derive(Clone, Debug)]
pub(crate) struct Settings {
    /// Scheme, host and port (and any path prefix) that `/api/{version}` is appended to.
    pub origin: Url,
    /// The Vault DNS the caller named (lower case), if any: sent as `vaultDNS` on login.
    pub vault_dns: Option<String>,
    pub api_version: ApiVersion,
    pub client_id: ClientId,
    pub connect_timeout: Duration,
    pub timeout: Duration,
    pub ca_file: Option<PathBuf>,
    pub body_format: BodyFormat,
    pub max_response_bytes: usize,
}

impl Settings {
    /// The Vault the caller means, for the login check: the named DNS, else the base URL's host.
    pub(crate) fn expected_dns(&self) -> Option<String> {
        self.vault_dns.clone().or_else(|| self.origin.host_str().map(str::to_ascii_lowercase))
    }
}

//! The async client: login and token generation.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;
use url::Url;

use crate::config::{BodyFormat, ClientBuilder, Settings};
use crate::envelope::{self, required_str};
use crate::error::{Error, ErrorKind, VaultMessage};
use crate::request::{AccessToken, TokenRequest};
use crate::secret::Credential;
use crate::transport::{Body, Transport};
use crate::version::{ApiVersion, MIN_TOKEN_API_VERSION};

const TOKEN_PREFIX: &str = "veeva-vault-";

/// A Vault API client. Cheap to clone; clones share one connection pool.
///
/// Safe to use from many tasks at once. Not across `fork()`: in a child process its calls fail
/// with [`ErrorKind::InvalidArgument`] before sending anything, since its pooled connections are
/// the parent's (the [`blocking`](crate::blocking) facade opens connections per process instead).
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

pub(crate) struct Inner {
    transport: Transport,
    state: Arc<State>,
}

/// What a client is, apart from how it sends: shared with the per-thread transports of the
/// blocking facade, which hold only a weak reference, so that the credential is dropped (and
/// wiped) with the last client that holds it.
pub(crate) struct State {
    settings: Settings,
    credential: Option<Credential>,
    session: Option<Session>,
    /// Set once [`logout`](Client::logout) ended the session. Part of the shared state, so a
    /// logout through any clone or blocking per-thread copy stops them all.
    logged_out: AtomicBool,
}

/// The session a [`login`](ClientBuilder::login) produced.
#[derive(Clone)]
pub struct Session {
    session_id: SecretString,
    user_id: Option<String>,
    vault_id: Option<String>,
    vault_dns: Option<String>,
}

impl Session {
    /// The session id (a secret: Vault accepts it as a credential for up to 48 hours).
    pub fn session_id(&self) -> &SecretString {
        &self.session_id
    }

    /// The logged-in user's id (`userId`), usable as a token target.
    pub fn user_id(&self) -> Option<&str> {
        self.user_id.as_deref()
    }

    /// The Vault the session is for (`vaultId`).
    pub fn vault_id(&self) -> Option<&str> {
        self.vault_id.as_deref()
    }

    /// The host of that Vault, from `vaultIds[]`.
    pub fn vault_dns(&self) -> Option<&str> {
        self.vault_dns.as_deref()
    }
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Session")
            .field("session_id", &"[REDACTED]")
            .field("user_id", &self.user_id)
            .field("vault_id", &self.vault_id)
            .field("vault_dns", &self.vault_dns)
            .finish()
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("origin", &self.inner.state.settings.origin.as_str())
            .field("api_version", &self.inner.state.settings.api_version)
            .field("credential", &self.inner.state.credential)
            .field("session", &self.inner.state.session)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    pub(crate) fn from_settings(settings: Settings, credential: Option<Credential>) -> Result<Self, Error> {
        let transport = Transport::new(&settings)?;
        Ok(Client::assemble(settings, transport, credential, None))
    }

    fn assemble(settings: Settings, transport: Transport, credential: Option<Credential>, session: Option<Session>) -> Client {
        let state = State { settings, credential, session, logged_out: AtomicBool::new(false) };
        Client { inner: Arc::new(Inner { transport, state: Arc::new(state) }) }
    }

    /// A new client (settings and transport of this one) holding a session that a login just
    /// produced and [`check_vault`] accepted.
    pub(crate) fn with_session(&self, session: Session) -> Client {
        let credential = Credential::SessionId(session.session_id.clone());
        Client::assemble(self.inner.state.settings.clone(), self.inner.transport.clone(), Some(credential), Some(session))
    }

    /// Marks this client and every clone (and blocking per-thread copy, which share its state)
    /// as logged out: from now on [`require_credential`](Client::require_credential) refuses.
    pub(crate) fn mark_logged_out(&self) {
        self.inner.state.logged_out.store(true, Ordering::Release);
    }

    /// Whether [`logout`](Client::logout) ended this client's session.
    pub fn is_logged_out(&self) -> bool {
        self.inner.state.logged_out.load(Ordering::Acquire)
    }

    /// Identifies this client and its clones (for per-thread state keyed by client) without
    /// keeping its credential alive.
    pub(crate) fn identity(&self) -> std::sync::Weak<State> {
        Arc::downgrade(&self.inner.state)
    }

    /// A transport of its own for one thread (see [`Transport::with_own_connection`]).
    pub(crate) fn own_transport(&self) -> Result<Transport, Error> {
        self.inner.transport.with_own_connection()
    }

    /// The same client (settings, credential, session, logout state) sending through `transport`.
    pub(crate) fn on_transport(&self, transport: Transport) -> Client {
        Client { inner: Arc::new(Inner { transport, state: self.inner.state.clone() }) }
    }

    /// For the call modules (`tokens`, `session`): how to send, with what settings.
    pub(crate) fn transport(&self) -> &Transport {
        &self.inner.transport
    }

    pub(crate) fn settings(&self) -> &Settings {
        &self.inner.state.settings
    }

    /// The credential, or the error every authenticated call gives without one, or after
    /// [`logout`](Client::logout). Every call that sends a credential goes through here first.
    pub(crate) fn require_credential(&self) -> Result<&Credential, Error> {
        if self.is_logged_out() {
            return Err(Error::invalid(
                "this client's session was ended by logout(); log in again to get a new client",
            ));
        }
        self.inner.state.credential.as_ref().ok_or_else(|| Error::invalid("a session id or access token is required"))
    }

    /// The API version calls use.
    pub fn api_version(&self) -> ApiVersion {
        self.inner.state.settings.api_version
    }

    /// The session, if this client was made by a login.
    pub fn session(&self) -> Option<&Session> {
        self.inner.state.session.as_ref()
    }

    /// The credential calls are made with, if any.
    pub fn credential(&self) -> Option<&Credential> {
        self.inner.state.credential.as_ref()
    }

    /// Logs in with a user name and password and returns a new client holding the session.
    ///
    /// See [`ClientBuilder::login`]. Login failures are never retried (lockout risk).
    pub async fn login(&self, username: &str, password: &str) -> Result<Client, Error> {
        if username.trim().is_empty() {
            return Err(Error::invalid("user name is empty"));
        }
        if password.is_empty() {
            return Err(Error::invalid("password is empty"));
        }
        if username.chars().any(char::is_control) || password.chars().any(char::is_control) {
            return Err(Error::invalid("user name or password contains control characters"));
        }
        let settings = &self.inner.state.settings;
        let mut fields = vec![("username", username), ("password", password)];
        if let Some(dns) = &settings.vault_dns {
            fields.push(("vaultDNS", dns));
        }
        let body = Body::form(&fields);
        let url = self.inner.transport.uri(&["auth"])?;
        let reply = self.inner.transport.post(url, None, body).await?;
        let success = envelope::read(reply, &[password])?;
        let session = session_from_login(success, settings.expected_dns().as_deref())?;
        Ok(self.with_session(session))
    }

    /// Generates an API access token. Sent exactly once; never retried.
    ///
    /// Input is checked first (target, name, expiry not in the past, API version ≥ v26.2), and a
    /// bad value fails with [`ErrorKind::InvalidArgument`] before anything is sent. On failure,
    /// check [`Error::outcome_unknown`] before trying again.
    pub async fn generate_access_token(&self, request: &TokenRequest) -> Result<AccessToken, Error> {
        let settings = &self.inner.state.settings;
        let credential = self.require_credential()?;
        if settings.api_version < MIN_TOKEN_API_VERSION {
            return Err(Error::invalid(format!(
                "API access tokens need API version {MIN_TOKEN_API_VERSION} or later; this client uses {}",
                settings.api_version
            )));
        }
        request.validate(time::OffsetDateTime::now_utc())?;
        let url = self.inner.transport.uri(&request.target.path_segments())?;
        let fields = request.fields();
        let body = match settings.body_format {
            BodyFormat::Form => {
                let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                Body::form(&pairs)
            }
            BodyFormat::Json => {
                let map: serde_json::Map<String, Value> =
                    fields.into_iter().map(|(k, v)| (k.to_owned(), Value::String(v))).collect();
                Body::Json(zeroize::Zeroizing::new(Value::Object(map).to_string().into_bytes()))
            }
        };
        let reply = self.inner.transport.post(url, Some(credential), body).await?;
        let success = envelope::read(reply, &[credential.raw()])?;
        token_from_success(success)
    }
}

/// Reads a create's `SUCCESS` answer (`data.id`, `data.token__sys`). The token exists on Vault
/// by now, so every failure here is an unknown outcome.
pub(crate) fn token_from_success(success: envelope::Success) -> Result<AccessToken, Error> {
    let envelope::Success { mut fields, warnings, meta } = success;
    // From here on the token exists on Vault: a missing field means the caller lost it.
    let lost = |why: &str| {
        Error::new(ErrorKind::Decode, format!("Vault answered SUCCESS but {why}"))
            .with_outcome_unknown(true)
            .with_response(200, meta.clone())
    };
    let data = match fields.get_mut("data") {
        Some(Value::Object(data)) => data,
        _ => return Err(lost("without a data object")),
    };
    let id = required_str(data, "id").ok_or_else(|| lost("without data.id"))?;
    // Moved, not copied, into the secret (which wipes it when dropped).
    let token = match data.get_mut("token__sys").map(Value::take) {
        Some(Value::String(t)) if !t.is_empty() => SecretString::from(t),
        _ => return Err(lost("without data.token__sys")),
    };
    let mut warnings = warnings;
    if !token.expose_secret().starts_with(TOKEN_PREFIX) {
        warnings.push(VaultMessage {
            kind: "CLIENT_UNEXPECTED_TOKEN_FORMAT".to_owned(),
            message: format!("the token does not start with {TOKEN_PREFIX}"),
        });
    }
    Ok(AccessToken { id, token, warnings, meta })
}

/// Reads a login's `SUCCESS` answer: the session id, then the authentication-defaulting guard.
pub(crate) fn session_from_login(mut success: envelope::Success, expected_dns: Option<&str>) -> Result<Session, Error> {
    // Moved, not copied, out of the parsed answer into the secret that wipes it.
    let session_id = match success.fields.get_mut("sessionId").map(Value::take) {
        Some(Value::String(s)) if !s.is_empty() => s,
        _ => {
            return Err(Error::new(ErrorKind::Decode, "login succeeded without a sessionId").with_response(200, success.meta.clone()));
        }
    };
    check_vault(expected_dns, session_id, &success.fields).map_err(|e| e.with_response(200, success.meta.clone()))
}

/// Vault's authentication defaulting: `/auth` may return a session for another Vault of the
/// user's. Accept the session only if `vaultId`'s entry in `vaultIds[]` has the expected host.
/// Used by every login (`/auth` here, OAuth in `session::oauth`).
pub(crate) fn check_vault(
    expected_dns: Option<&str>,
    session_id: String,
    fields: &serde_json::Map<String, Value>,
) -> Result<Session, Error> {
    let vault_id = required_str(fields, "vaultId");
    let user_id = required_str(fields, "userId");
    let entry_url = match (&vault_id, fields.get("vaultIds")) {
        (Some(id), Some(Value::Array(vaults))) => vaults
            .iter()
            .filter_map(Value::as_object)
            .find(|v| required_str(v, "id").as_deref() == Some(id.as_str()))
            .and_then(|v| required_str(v, "url")),
        _ => None,
    };
    let vault_dns = entry_url
        .as_deref()
        .and_then(|u| Url::parse(u).ok())
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase));
    if let Some(expected) = expected_dns {
        match &vault_dns {
            Some(actual) if actual == expected => {}
            Some(actual) => {
                // The host is the server's text: masked and bounded like any (an unbounded host
                // made an unbounded message; found by the decoders fuzz target).
                let actual = crate::masking::mask(actual, &[&session_id]);
                return Err(Error::new(
                    ErrorKind::WrongVault,
                    format!(
                        "login returned a session for {actual}, not {expected} (Vault's authentication defaulting); the session was not used"
                    ),
                ));
            }
            None => {
                return Err(Error::new(
                    ErrorKind::WrongVault,
                    format!("login did not say which Vault the session is for (vaultId not in vaultIds[]); expected {expected}"),
                ));
            }
        }
    }
    Ok(Session { session_id: SecretString::from(session_id), user_id, vault_id, vault_dns })
}

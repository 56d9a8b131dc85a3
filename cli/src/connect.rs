//! From the connection flags to a client: which credential, read from where, never from argv.
//!
//! Exactly one source may be set (a session id variable, an access token variable, or a user
//! name): guessing between two credentials could act as the wrong user. A session that vva
//! logged in to itself is logged out when the command ends, so it does not linger for 48 hours.

use std::io::{BufRead, IsTerminal};
use std::time::Duration;

use veeva_vault_auth::secrecy::{ExposeSecret, SecretString};
use veeva_vault_auth::{ClientBuilder, blocking};

use crate::args::Connection;
use crate::exit::Failure;

/// Where the credential came from (the `credential` field of `whoami --json`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    SessionId,
    AccessToken,
    Login,
}

impl Source {
    pub fn name(self) -> &'static str {
        match self {
            Source::SessionId => "session_id",
            Source::AccessToken => "access_token",
            Source::Login => "login",
        }
    }
}

/// A connected client, and whether vva owns its session.
pub struct Session {
    pub client: blocking::Client,
    pub source: Source,
}

impl Session {
    /// Ends a session vva opened itself (best effort: the command's result stands either way).
    pub fn finish(&self) {
        if self.source == Source::Login && !self.client.as_async().is_logged_out() {
            let _ = self.client.logout();
        }
    }
}

/// A variable's value when it is set and not empty. Its content is never echoed.
fn secret_var(name: &str) -> Result<Option<SecretString>, Failure> {
    if name.is_empty() {
        return Ok(None);
    }
    match std::env::var_os(name) {
        None => Ok(None),
        Some(v) if v.is_empty() => Ok(None),
        Some(v) => match v.into_string() {
            Ok(s) => Ok(Some(SecretString::from(s))),
            Err(_) => Err(Failure::usage(format!("the variable {name} is not valid UTF-8"))),
        },
    }
}

/// The builder for the Vault the flags name, without a credential.
pub fn builder(c: &Connection) -> Result<ClientBuilder, Failure> {
    let mut b = veeva_vault_auth::Client::builder().client_id(format!("vva-{}", env!("CARGO_PKG_VERSION")));
    match (&c.vault_dns, &c.base_url) {
        (None, None) => return Err(Failure::usage("no Vault: give --vault DNS (or VAULT_DNS), or --base-url URL")),
        (dns, url) => {
            if let Some(dns) = dns {
                b = b.vault_dns(dns);
            }
            if let Some(url) = url {
                b = b.base_url(url);
            }
        }
    }
    if let Some(v) = &c.api_version {
        b = b.api_version(v);
    }
    if let Some(f) = &c.ca_file {
        b = b.ca_file(f);
    }
    if let Some(secs) = c.timeout {
        b = b.timeout(Duration::from_secs(secs));
    }
    Ok(b)
}

/// Connects as the flags and environment say.
pub fn connect(c: &Connection) -> Result<Session, Failure> {
    let builder = builder(c)?;
    let session_id = secret_var(&c.session_id_env)?;
    let token = secret_var(&c.access_token_env)?;
    let mut sources = Vec::new();
    if session_id.is_some() {
        sources.push(format!("${}", c.session_id_env));
    }
    if token.is_some() {
        sources.push(format!("${}", c.access_token_env));
    }
    if c.username.is_some() {
        sources.push("--username (or VAULT_USERNAME)".to_owned());
    }
    if sources.len() > 1 {
        return Err(Failure::usage(format!("more than one credential is set ({}); unset all but one", sources.join(", "))));
    }
    if let Some(id) = session_id {
        let client = blocking::Client::new(builder.session_id(id.expose_secret()))?;
        return Ok(Session { client, source: Source::SessionId });
    }
    if let Some(token) = token {
        let client = blocking::Client::new(builder.access_token(token.expose_secret()))?;
        return Ok(Session { client, source: Source::AccessToken });
    }
    let Some(username) = &c.username else {
        return Err(Failure::usage(format!(
            "no credential: set {} (a session id) or {} (an API access token), or give --username",
            c.session_id_env, c.access_token_env
        )));
    };
    let password = password(c, username)?;
    let client = blocking::Client::login(builder, username, password.expose_secret())?;
    Ok(Session { client, source: Source::Login })
}

/// The password: `--password-stdin`, else `VAULT_PASSWORD`, else a no-echo prompt on a terminal.
fn password(c: &Connection, username: &str) -> Result<SecretString, Failure> {
    if c.password_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| Failure::usage(format!("cannot read the password from stdin: {e}")))?;
        let password = SecretString::from(line.trim_end_matches(['\r', '\n']).to_owned());
        // Wipe the buffer's copy too.
        veeva_vault_auth::secrecy::zeroize::Zeroize::zeroize(&mut line);
        return Ok(password);
    }
    if let Some(p) = secret_var("VAULT_PASSWORD")? {
        return Ok(p);
    }
    if std::io::stdin().is_terminal() {
        let p = rpassword::prompt_password(format!("Password for {username}: "))
            .map_err(|e| Failure::usage(format!("cannot read the password: {e}")))?;
        return Ok(SecretString::from(p));
    }
    Err(Failure::usage("no password: set VAULT_PASSWORD, use --password-stdin, or run on a terminal"))
}

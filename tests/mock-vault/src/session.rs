//! Sessions: `/auth` (with authentication defaulting), resolving `Authorization`, keep-alive,
//! logout, and the version list at `GET /api/`.

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use time::OffsetDateTime;

use crate::envelope::{auth_failed, failure, invalid_session, success};
use crate::fixtures::UserFixture;
use crate::forms::login_form;
use crate::http::{Request, Response};
use crate::tokens::vault_time;
use crate::vault::{SessionInfo, State};

const AUTH_BURST_PER_MINUTE: usize = 50;

/// The credential in `Authorization`: a raw session id or `Bearer <session id or token>`.
pub fn credential(request: &Request) -> Option<&str> {
    let value = request.header("authorization")?.trim();
    Some(value.strip_prefix("Bearer ").unwrap_or(value))
}

impl State {
    pub(crate) fn versions(&self, request: &Request) -> Response {
        let host = request.header("host").unwrap_or("localhost");
        let scheme = if self.tls { "https" } else { "http" };
        let values: serde_json::Map<String, Value> = ["v25.3", "v26.1", "v26.2"]
            .iter()
            .map(|v| (v.to_string(), Value::String(format!("{scheme}://{host}/api/{v}"))))
            .collect();
        success(json!({ "values": values }))
    }

    pub(crate) fn login(&mut self, request: &Request) -> Response {
        let form = login_form(request);
        let username = form.get("username").cloned().unwrap_or_default();
        let password = form.get("password").cloned().unwrap_or_default();
        if username.is_empty() {
            return auth_failed("USERNAME_OR_PASSWORD_INCORRECT", "Authentication failed for user: .");
        }
        let key = format!("{}|{}", username.to_ascii_lowercase(), form.get("vaultDNS").cloned().unwrap_or_default());
        let calls = self.auth_calls.entry(key).or_default();
        calls.retain(|t| t.elapsed() < Duration::from_secs(60));
        calls.push(Instant::now());
        if calls.len() > AUTH_BURST_PER_MINUTE {
            return failure("API_LIMIT_EXCEEDED", "Auth API burst limit exceeded; try again in the next minute.");
        }
        if password.is_empty() {
            return auth_failed("NO_PASSWORD_PROVIDED", "No password was provided for the login call.");
        }
        let Some(user) = self
            .fixtures
            .users
            .iter()
            .find(|u| u.username.eq_ignore_ascii_case(&username))
            .cloned()
        else {
            return auth_failed("USERNAME_OR_PASSWORD_INCORRECT", &format!("Authentication failed for user: {username}."));
        };
        if user.password != password {
            return auth_failed("USERNAME_OR_PASSWORD_INCORRECT", &format!("Authentication failed for user: {username}."));
        }
        self.open_session(request, &user, form.get("vaultDNS").map(String::as_str))
    }

    /// A new session for an authenticated user, in the asked-for Vault (`vaultDNS`, else the
    /// Host header) or, by authentication defaulting, the user's first Vault.
    pub(crate) fn open_session(&mut self, request: &Request, user: &UserFixture, vault_dns: Option<&str>) -> Response {
        if let Some(error) = &user.login_error {
            return auth_failed(error, &format!("Authentication failed for user: {}.", user.username));
        }
        let requested = vault_dns
            .map(str::to_owned)
            .or_else(|| request.header("host").map(|h| h.split(':').next().unwrap_or(h).to_owned()))
            .unwrap_or_default()
            .to_ascii_lowercase();
        let vaults: Vec<_> = self
            .fixtures
            .vaults
            .iter()
            .filter(|v| user.vaults.contains(&v.id))
            .cloned()
            .collect();
        // Authentication defaulting: the asked-for Vault if the user may use it, else the
        // user's "most relevant" Vault (here: the first one listed).
        let chosen = vaults
            .iter()
            .find(|v| v.dns.eq_ignore_ascii_case(&requested))
            .or_else(|| user.vaults.first().and_then(|id| vaults.iter().find(|v| v.id == *id)));
        let Some(chosen) = chosen else {
            return auth_failed("INACTIVE_USER", "User is not a member of any active Vault.");
        };
        let session_id = self.random_hex(32).to_ascii_uppercase();
        self.sessions.insert(session_id.clone(), SessionInfo { user_id: user.id, vault_id: chosen.id });
        let vault_ids: Vec<Value> = vaults
            .iter()
            .map(|v| json!({"id": v.id, "name": v.name, "url": format!("https://{}/api", v.dns)}))
            .collect();
        success(json!({
            "sessionId": session_id,
            "userId": user.id,
            "vaultIds": vault_ids,
            "vaultId": chosen.id,
        }))
    }

    /// Resolves `Authorization` to a user and Vault: a session id (raw or `Bearer`), or an API
    /// access token this mock minted (`Bearer`), whose `last_used_date__sys` this sets.
    pub(crate) fn authenticate(&mut self, request: &Request) -> Option<SessionInfo> {
        let credential = credential(request)?;
        if let Some(s) = self.sessions.get(credential) {
            return Some(*s);
        }
        let now = OffsetDateTime::now_utc();
        let token = self.tokens.iter_mut().find(|t| t.value == credential && t.is_active(now))?;
        token.last_used = Some(vault_time(now));
        Some(SessionInfo { user_id: token.user_id, vault_id: token.vault_id })
    }

    pub(crate) fn with_session(&mut self, request: &Request, f: impl FnOnce(&mut Self, SessionInfo) -> Response) -> Response {
        match self.authenticate(request) {
            Some(s) => f(self, s),
            None => invalid_session(),
        }
    }

    pub(crate) fn logout(&mut self, request: &Request) -> Response {
        self.with_session(request, |state, _| {
            if let Some(key) = credential(request) {
                state.sessions.remove(key);
            }
            success(json!({}))
        })
    }
}

//! Vault's behaviour: login, sessions, the three token endpoints, and the error envelopes.
//!
//! Every failure is HTTP 200 with `responseStatus: FAILURE` and `errors[]`, as Vault does.
//! Where Vault's exact answer is undocumented (token limit, VeevaID, expiry over the maximum),
//! the mock uses the most plausible documented type and says so in its README.

use std::collections::{HashMap, VecDeque};
use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use time::macros::format_description;
use time::{Date, OffsetDateTime, PrimitiveDateTime, UtcOffset};

use crate::fixtures::{Fixtures, UserFixture};
use crate::http::{Outcome, Request, Response};
use crate::script::Script;

const MIN_TOKEN_VERSION: (u32, u32) = (26, 2);
const AUTH_BURST_PER_MINUTE: usize = 50;
const BURST_WINDOW: Duration = Duration::from_secs(300);

/// A token the mock minted.
#[derive(Clone, Debug, serde::Serialize)]
pub struct TokenRecord {
    pub id: String,
    pub user_id: u64,
    pub vault_id: u64,
    pub name: String,
    /// RFC 3339, or `None` for never.
    pub expiry: Option<String>,
    #[serde(skip)]
    pub expires_at: Option<OffsetDateTime>,
    #[serde(skip)]
    pub value: String,
    pub active: bool,
}

#[derive(Clone, Copy, Debug)]
struct SessionInfo {
    user_id: u64,
    vault_id: u64,
}

/// All mutable state, behind one lock.
pub struct State {
    pub fixtures: Fixtures,
    sessions: HashMap<String, SessionInfo>,
    pub tokens: Vec<TokenRecord>,
    pub scripts: VecDeque<Script>,
    pub recorded: Vec<Request>,
    /// Connections that carried API requests (to check that clients reuse kept-alive connections).
    pub connections: u64,
    burst_started: Instant,
    burst_used: u64,
    auth_calls: HashMap<String, Vec<Instant>>,
    counter: u64,
    seed: u64,
}

impl State {
    pub fn new(fixtures: Fixtures) -> Self {
        let sessions = fixtures
            .sessions
            .iter()
            .map(|s| (s.session_id.clone(), SessionInfo { user_id: s.user_id, vault_id: s.vault_id }))
            .collect();
        State {
            fixtures,
            sessions,
            tokens: Vec::new(),
            scripts: VecDeque::new(),
            recorded: Vec::new(),
            connections: 0,
            burst_started: Instant::now(),
            burst_used: 0,
            auth_calls: HashMap::new(),
            counter: 0,
            seed: std::collections::hash_map::RandomState::new().build_hasher().finish(),
        }
    }

    /// Back to the fixtures: sessions, tokens, scripts and recordings cleared.
    pub fn reset(&mut self) {
        *self = State::new(self.fixtures.clone());
    }

    fn random_hex(&mut self, bytes: usize) -> String {
        let mut out = String::new();
        while out.len() < bytes * 2 {
            self.counter += 1;
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_u64(self.seed ^ self.counter);
            out.push_str(&format!("{:016x}", h.finish()));
        }
        out.truncate(bytes * 2);
        out
    }

    fn user(&self, id: u64) -> Option<&UserFixture> {
        self.fixtures.users.iter().find(|u| u.id == id)
    }

    /// Handles one API request (not the `/__mock` admin routes).
    pub fn handle(&mut self, request: &Request) -> Outcome {
        let mut response = self.route(request);
        self.decorate(&mut response);
        Outcome::Respond(response)
    }

    fn decorate(&mut self, response: &mut Response) {
        if self.burst_started.elapsed() > BURST_WINDOW {
            self.burst_started = Instant::now();
            self.burst_used = 0;
        }
        self.burst_used += 1;
        let limit = self.fixtures.burst_limit;
        let remaining = limit.saturating_sub(self.burst_used);
        let execution_id = format!("mock-{}", self.random_hex(8));
        response.headers.push(("X-VaultAPI-BurstLimit".into(), limit.to_string()));
        response.headers.push(("X-VaultAPI-BurstLimitRemaining".into(), remaining.to_string()));
        response.headers.push(("X-VaultAPI-ExecutionId".into(), execution_id));
        if self.burst_used > limit {
            // Vault slows down rather than refusing once the burst limit is reached.
            response.headers.push(("X-VaultAPI-ResponseDelay".into(), "500".into()));
            response.delay = Some(Duration::from_millis(500));
        }
        response.lowercase_headers = self.fixtures.lowercase_headers;
    }

    fn route(&mut self, request: &Request) -> Response {
        let segments: Vec<String> = request.path.split('/').skip(1).map(percent_decode).collect();
        let seg: Vec<&str> = segments.iter().map(String::as_str).collect();
        match (request.method.as_str(), seg.as_slice()) {
            ("GET", ["api"]) | ("GET", ["api", ""]) => self.versions(request),
            (_, ["api", version, rest @ ..]) => {
                let Some(v) = parse_version(version) else {
                    return failure("MALFORMED_URL", &format!("Invalid API version [{version}]."));
                };
                match (request.method.as_str(), rest) {
                    ("POST", ["auth"]) => self.login(request),
                    ("POST", ["keep-alive"]) => self.with_session(request, |_, _| success(json!({}))),
                    ("DELETE", ["session"]) => self.logout(request),
                    ("GET", ["objects", "users", "me"]) => self.whoami(request),
                    ("POST", ["objects", "users", user, "api_access_token__sys"]) => {
                        self.generate(request, v, Target::User(user.to_string()))
                    }
                    ("POST", ["objects", "sandbox", sandbox, "users", "me", "api_access_token__sys"]) => {
                        self.generate(request, v, Target::Sandbox(sandbox.to_string()))
                    }
                    (_, ["objects", "users", _, "api_access_token__sys"])
                    | (_, ["objects", "sandbox", _, "users", "me", "api_access_token__sys"]) => failure(
                        "METHOD_NOT_SUPPORTED",
                        &format!("Specified resource does not support the [{}] method.", request.method),
                    ),
                    _ => failure("MALFORMED_URL", "The specified resource cannot be found."),
                }
            }
            _ => failure("MALFORMED_URL", "The specified resource cannot be found."),
        }
    }

    fn versions(&self, request: &Request) -> Response {
        let host = request.header("host").unwrap_or("localhost");
        let values: serde_json::Map<String, Value> = ["v25.3", "v26.1", "v26.2"]
            .iter()
            .map(|v| (v.to_string(), Value::String(format!("http://{host}/api/{v}"))))
            .collect();
        success(json!({ "values": values }))
    }

    fn login(&mut self, request: &Request) -> Response {
        let form = parse_form(&request.body);
        let username = form.get("username").cloned().unwrap_or_default();
        let password = form.get("password").cloned().unwrap_or_default();
        let auth_failed = |t: &str, m: &str| {
            let mut r = failure(t, m);
            add_error_type(&mut r, "AUTHENTICATION_FAILED");
            r
        };
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
        if let Some(error) = &user.login_error {
            return auth_failed(error, &format!("Authentication failed for user: {username}."));
        }
        let requested = form
            .get("vaultDNS")
            .cloned()
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
    /// access token this mock minted (`Bearer`).
    fn authenticate(&self, request: &Request) -> Option<SessionInfo> {
        let value = request.header("authorization")?.trim();
        let credential = value.strip_prefix("Bearer ").unwrap_or(value);
        if let Some(s) = self.sessions.get(credential) {
            return Some(*s);
        }
        let now = OffsetDateTime::now_utc();
        self.tokens
            .iter()
            .find(|t| t.value == credential && t.active && t.expires_at.is_none_or(|e| e > now))
            .map(|t| SessionInfo { user_id: t.user_id, vault_id: t.vault_id })
    }

    fn with_session(&mut self, request: &Request, f: impl FnOnce(&mut Self, SessionInfo) -> Response) -> Response {
        match self.authenticate(request) {
            Some(s) => f(self, s),
            None => failure("INVALID_SESSION_ID", "Invalid or expired session ID."),
        }
    }

    fn logout(&mut self, request: &Request) -> Response {
        self.with_session(request, |state, _| {
            if let Some(v) = request.header("authorization") {
                let key = v.trim().strip_prefix("Bearer ").unwrap_or(v.trim()).to_owned();
                state.sessions.remove(&key);
            }
            success(json!({}))
        })
    }

    fn whoami(&mut self, request: &Request) -> Response {
        self.with_session(request, |state, s| match state.user(s.user_id) {
            Some(u) => success(json!({"users": [{"user": {"id": u.id, "user_name__v": u.username}}]})),
            None => failure("INACTIVE_USER", "User is inactive or not found."),
        })
    }

    fn generate(&mut self, request: &Request, version: (u32, u32), target: Target) -> Response {
        if version < MIN_TOKEN_VERSION {
            return failure(
                "METHOD_NOT_SUPPORTED",
                "The request is not supported by this version of API; use v26.2 or later.",
            );
        }
        let Some(caller) = self.authenticate(request) else {
            return failure("INVALID_SESSION_ID", "Invalid or expired session ID.");
        };
        let fields = match parse_body(request) {
            Ok(f) => f,
            Err(r) => return r,
        };
        let name = fields.get("name__v").map(|s| s.trim().to_owned()).unwrap_or_default();
        if name.is_empty() {
            return failure("PARAMETER_REQUIRED", "Missing required parameter [name__v].");
        }
        if name.chars().count() > 128 {
            return failure("INVALID_DATA", "Value for [name__v] exceeds the maximum length of 128.");
        }
        let (target_user, vault_id) = match &target {
            Target::User(id) if id == "me" => (caller.user_id, caller.vault_id),
            Target::User(id) => match id.parse::<u64>().ok().and_then(|n| self.user(n)) {
                Some(u) if u.vaults.contains(&caller.vault_id) => (u.id, caller.vault_id),
                _ => return failure("INVALID_DATA", &format!("Invalid user ID [{id}].")),
            },
            Target::Sandbox(name) => {
                let known = self
                    .fixtures
                    .vaults
                    .iter()
                    .any(|v| v.id == caller.vault_id && v.sandboxes.iter().any(|s| s == name));
                if !known {
                    return failure("INVALID_DATA", &format!("Sandbox [{name}] not found."));
                }
                // Sandbox tokens belong to the sandbox Vault, which this mock numbers after its parent.
                (caller.user_id, caller.vault_id * 1000 + 1)
            }
        };
        let Some(caller_user) = self.user(caller.user_id).cloned() else {
            return failure("INACTIVE_USER", "User is inactive or not found.");
        };
        if target_user != caller.user_id && !caller_user.admin {
            return failure(
                "INSUFFICIENT_ACCESS",
                "User does not have sufficient privileges to generate API access tokens for other users.",
            );
        }
        let Some(user) = self.user(target_user).cloned() else {
            return failure("INVALID_DATA", "Invalid user ID.");
        };
        if user.veevaid {
            return failure("OPERATION_NOT_ALLOWED", "You cannot generate access tokens for VeevaID users.");
        }
        let now = OffsetDateTime::now_utc();
        let expires_at = match fields.get("expiry_date__v").map(|s| s.trim()) {
            None | Some("") => None,
            Some(text) => match parse_expiry(text, user.utc_offset_hours) {
                Some(t) => Some(t),
                None => {
                    return failure(
                        "INVALID_DATA",
                        "Invalid value for [expiry_date__v]; expected YYYY-MM-DDTHH:MM:SSZ or YYYY-MM-DD.",
                    );
                }
            },
        };
        if expires_at.is_some_and(|t| t <= now) {
            return failure("INVALID_DATA", "Value for [expiry_date__v] must be in the future.");
        }
        match (user.max_token_days, expires_at) {
            (Some(days), None) => {
                return failure(
                    "OPERATION_NOT_ALLOWED",
                    &format!("The security profile requires an expiry date of at most {days} days."),
                );
            }
            (Some(days), Some(t)) if t > now + time::Duration::days(days.into()) => {
                return failure(
                    "OPERATION_NOT_ALLOWED",
                    &format!("Expiry date exceeds the maximum of {days} days allowed by the security profile."),
                );
            }
            _ => {}
        }
        let max = self.fixtures.max_active_tokens;
        let active = self
            .tokens
            .iter()
            .filter(|t| t.user_id == user.id && t.active && t.expires_at.is_none_or(|e| e > now))
            .count();
        if active >= max {
            return failure(
                "OPERATION_NOT_ALLOWED",
                &format!("User has reached the maximum of {max} active API access tokens."),
            );
        }
        let number = self.tokens.len() as u64 + 1;
        let id = format!("0PI{number:012}");
        let value = format!("veeva-vault-{}", self.random_hex(32));
        let expiry = expires_at.and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok());
        self.tokens.push(TokenRecord {
            id: id.clone(),
            user_id: user.id,
            vault_id,
            name,
            expiry,
            expires_at,
            value: value.clone(),
            active: true,
        });
        let mut body = json!({"responseStatus": "SUCCESS", "data": {"id": id, "token__sys": value}});
        if fields.contains_key("expiry_date__sys") {
            // Veeva's curl example sends the read-side field name. What Vault does with it is
            // undocumented; the mock accepts the call and warns that it ignored the field.
            body["responseStatus"] = json!("WARNING");
            body["warnings"] = json!([{
                "type": "ATTRIBUTE_NOT_SUPPORTED",
                "message": "Ignored [expiry_date__sys]; send [expiry_date__v] to set the expiry."
            }]);
        }
        let mut response = Response::json(200, &body);
        response.headers.push(("X-VaultAPI-Status".into(), body["responseStatus"].as_str().unwrap_or("SUCCESS").into()));
        response
    }
}

enum Target {
    User(String),
    Sandbox(String),
}

fn success(mut fields: Value) -> Response {
    if let Value::Object(map) = &mut fields {
        map.insert("responseStatus".into(), json!("SUCCESS"));
    }
    let mut r = Response::json(200, &fields);
    r.headers.push(("X-VaultAPI-Status".into(), "SUCCESS".into()));
    r
}

/// Vault's failure envelope: HTTP 200, `FAILURE`, one `errors[]` entry.
pub fn failure(error_type: &str, message: &str) -> Response {
    let mut r = Response::json(
        200,
        &json!({"responseStatus": "FAILURE", "errors": [{"type": error_type, "message": message}]}),
    );
    r.headers.push(("X-VaultAPI-Status".into(), "FAILURE".into()));
    r
}

fn add_error_type(response: &mut Response, error_type: &str) {
    if let Ok(mut v) = serde_json::from_slice::<Value>(&response.body) {
        v["errorType"] = json!(error_type);
        response.body = v.to_string().into_bytes();
    }
}

fn parse_version(text: &str) -> Option<(u32, u32)> {
    let (major, minor) = text.strip_prefix('v')?.split_once('.')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(major) || !digits(minor) {
        return None;
    }
    Some((major.parse().ok()?, minor.parse().ok()?))
}

fn parse_form(body: &str) -> HashMap<String, String> {
    url::form_urlencoded::parse(body.as_bytes()).into_owned().collect()
}

fn parse_body(request: &Request) -> Result<HashMap<String, String>, Response> {
    let content_type = request.header("content-type").unwrap_or("").to_ascii_lowercase();
    if content_type.starts_with("application/x-www-form-urlencoded") {
        return Ok(parse_form(&request.body));
    }
    if content_type.starts_with("application/json") {
        let value: Value = serde_json::from_str(&request.body)
            .map_err(|_| failure("INVALID_DATA", "Request body is not valid JSON."))?;
        let Value::Object(map) = value else {
            return Err(failure("INVALID_DATA", "Request body must be a JSON object."));
        };
        return Ok(map
            .into_iter()
            .map(|(k, v)| (k, match v { Value::String(s) => s, other => other.to_string() }))
            .collect());
    }
    Err(failure(
        "INVALID_DATA",
        "Content-Type must be application/x-www-form-urlencoded or application/json.",
    ))
}

/// `YYYY-MM-DDTHH:MM:SSZ` exactly, or `YYYY-MM-DD` meaning 23:59:59 in the user's zone.
fn parse_expiry(text: &str, utc_offset_hours: i8) -> Option<OffsetDateTime> {
    let instant = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    let date = format_description!("[year]-[month]-[day]");
    if text.len() == 20 {
        return PrimitiveDateTime::parse(text, instant).ok().map(PrimitiveDateTime::assume_utc);
    }
    if text.len() == 10 {
        let offset = UtcOffset::from_hms(utc_offset_hours, 0, 0).ok()?;
        let d = Date::parse(text, date).ok()?;
        return d.with_hms(23, 59, 59).ok().map(|t| t.assume_offset(offset));
    }
    None
}

fn percent_decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((hi * 16 + lo) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

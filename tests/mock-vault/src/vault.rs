//! Vault's behaviour: the mutable state behind one lock, and the router that sends each API
//! request to its route family (`session`, `users`, `tokens`, `query`, `vobjects`, `oauth`).
//!
//! Every failure is HTTP 200 with `responseStatus: FAILURE` and `errors[]`, as Vault does.
//! Where Vault's exact answer is undocumented, the mock uses the most plausible documented type
//! and says so in its README.

use std::collections::{HashMap, VecDeque};
use std::hash::{BuildHasher, Hasher};
use std::time::Instant;

use crate::envelope::failure;
use crate::faults::Faults;
use crate::fixtures::{Fixtures, UserFixture};
use crate::forms::{percent_decode, query_params};
use crate::http::{Outcome, Request, Response};
use crate::query::StoredQuery;
use crate::script::Script;
use crate::tokens::{Target, TokenRecord};

#[derive(Clone, Copy, Debug)]
pub(crate) struct SessionInfo {
    pub user_id: u64,
    pub vault_id: u64,
}

/// All mutable state, behind one lock.
pub struct State {
    pub fixtures: Fixtures,
    pub(crate) sessions: HashMap<String, SessionInfo>,
    pub tokens: Vec<TokenRecord>,
    pub scripts: VecDeque<Script>,
    /// The last `MAX_RECORDED` API requests, oldest first (a deque: dropping the oldest is O(1)).
    pub recorded: VecDeque<Request>,
    /// Connections that carried API requests (to check that clients reuse kept-alive connections).
    pub connections: u64,
    /// Answers delayed because the burst limit was used up.
    pub delayed: u64,
    /// How many times the state was reset (`/__mock/reset`): a request held across a reset
    /// belongs to the old state and is dropped, not handled.
    pub generation: u64,
    /// Fault modes in force until cleared (`/__mock/faults`).
    pub faults: Faults,
    /// Serving HTTPS (for the origin in `GET /api/`).
    pub tls: bool,
    pub(crate) burst_started: Option<Instant>,
    pub(crate) burst_used: u64,
    pub(crate) auth_calls: HashMap<String, Vec<Instant>>,
    /// VQL result sets by query id, oldest first, for `next_page`.
    pub(crate) queries: VecDeque<(String, StoredQuery)>,
    /// Tokens minted so far: the next id's number (not `tokens.len()`, which `forget_revoked`
    /// shrinks).
    pub(crate) minted: u64,
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
            recorded: VecDeque::new(),
            connections: 0,
            delayed: 0,
            generation: 0,
            faults: Faults::default(),
            tls: false,
            burst_started: None,
            burst_used: 0,
            auth_calls: HashMap::new(),
            queries: VecDeque::new(),
            minted: 0,
            counter: 0,
            seed: std::collections::hash_map::RandomState::new().build_hasher().finish(),
        }
    }

    /// Back to the fixtures: sessions, tokens, scripts and recordings cleared.
    pub fn reset(&mut self) {
        let (tls, generation) = (self.tls, self.generation + 1);
        *self = State::new(self.fixtures.clone());
        self.tls = tls;
        self.generation = generation;
    }

    pub(crate) fn random_hex(&mut self, bytes: usize) -> String {
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

    pub(crate) fn user(&self, id: u64) -> Option<&UserFixture> {
        self.fixtures.users.iter().find(|u| u.id == id)
    }

    /// Handles one API request (not the `/__mock` admin routes).
    pub fn handle(&mut self, request: &Request) -> Outcome {
        let mut response = self.route(request);
        self.decorate(&mut response);
        Outcome::Respond(response)
    }

    fn route(&mut self, request: &Request) -> Response {
        let segments: Vec<String> = request.path.split('/').skip(1).map(percent_decode).collect();
        let seg: Vec<&str> = segments.iter().map(String::as_str).collect();
        // Clients that cannot send a body with DELETE may send `POST …?_method=DELETE`.
        let method = match query_params(request).get("_method") {
            Some(m) if request.method == "POST" && m.eq_ignore_ascii_case("DELETE") => "DELETE",
            _ => request.method.as_str(),
        };
        match (method, seg.as_slice()) {
            ("GET", ["api"]) | ("GET", ["api", ""]) => self.versions(request),
            ("POST", ["auth", "oauth", "session", profile]) => self.oauth_session(request, profile),
            (_, ["auth", "oauth", "session", _]) => failure(
                "METHOD_NOT_SUPPORTED",
                &format!("Specified resource does not support the [{}] method.", request.method),
            ),
            (_, ["api", version, rest @ ..]) => {
                let Some(v) = parse_version(version) else {
                    return failure("MALFORMED_URL", &format!("Invalid API version [{version}]."));
                };
                match (method, rest) {
                    ("POST", ["auth"]) => self.login(request),
                    ("POST", ["keep-alive"]) => self.with_session(request, |_, _| crate::envelope::success(serde_json::json!({}))),
                    ("DELETE", ["session"]) => self.logout(request),
                    ("GET", ["objects", "users", "me"]) => self.whoami(request),
                    ("POST", ["objects", "users", user, "api_access_token__sys"]) => {
                        self.generate(request, v, Target::User(user.to_string()))
                    }
                    ("POST", ["objects", "sandbox", sandbox, "users", "me", "api_access_token__sys"]) => {
                        self.generate(request, v, Target::Sandbox(sandbox.to_string()))
                    }
                    ("GET" | "POST", ["query"]) => self.query(request, version),
                    ("GET" | "POST", ["query", id]) => self.next_page(request, version, id),
                    ("GET", ["vobjects", "api_access_token__sys", id]) => self.retrieve_token(request, id),
                    ("DELETE", ["vobjects", "api_access_token__sys"]) => self.delete_tokens(request),
                    (_, ["objects", "users", _, "api_access_token__sys"])
                    | (_, ["objects", "sandbox", _, "users", "me", "api_access_token__sys"])
                    | (_, ["query", ..])
                    | (_, ["vobjects", "api_access_token__sys", ..]) => failure(
                        "METHOD_NOT_SUPPORTED",
                        &format!("Specified resource does not support the [{}] method.", request.method),
                    ),
                    _ => failure("MALFORMED_URL", "The specified resource cannot be found."),
                }
            }
            _ => failure("MALFORMED_URL", "The specified resource cannot be found."),
        }
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

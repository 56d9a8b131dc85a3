//! The Vaults, users and sessions the mock knows. Loadable from JSON (`--config`); the built-in
//! default below is what the README, the demo and the tests use.

use std::collections::BTreeMap;

use serde::Deserialize;

/// A Vault the mock pretends to be (all share one listening address).
#[derive(Clone, Debug, Deserialize)]
pub struct VaultFixture {
    pub id: u64,
    pub name: String,
    pub dns: String,
    /// Sandboxes of this Vault, by the name shown on *My Vaults*.
    #[serde(default)]
    pub sandboxes: Vec<String>,
}

/// A user and how the mock treats them.
#[derive(Clone, Debug, Deserialize)]
pub struct UserFixture {
    pub id: u64,
    pub username: String,
    #[serde(default)]
    pub password: String,
    /// Vault ids the user belongs to; the first is the one auth defaulting falls back to.
    pub vaults: Vec<u64>,
    /// May create tokens for other users.
    #[serde(default)]
    pub admin: bool,
    /// VeevaID users cannot have API access tokens.
    #[serde(default)]
    pub veevaid: bool,
    /// `INACTIVE_USER`, `USER_LOCKED_OUT` or `PASSWORD_CHANGE_REQUIRED` on login, if set.
    #[serde(default)]
    pub login_error: Option<String>,
    /// The security profile's maximum token lifetime in days; `None` allows tokens that never
    /// expire (and any expiry).
    #[serde(default)]
    pub max_token_days: Option<u32>,
    /// The user's time-zone offset in hours, used for date-only expiries (23:59:59 local).
    #[serde(default)]
    pub utc_offset_hours: i8,
    /// `users/me` fields; when absent, derived from the user name (see `users::user_record`).
    #[serde(default)]
    pub first_name: Option<String>,
    #[serde(default)]
    pub last_name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    /// An IANA zone name; default `Etc/UTC`, or `Etc/GMT+5` style from `utc_offset_hours`.
    #[serde(default)]
    pub timezone: Option<String>,
    /// Default `en_US`.
    #[serde(default)]
    pub locale: Option<String>,
    /// Default `system_admin__v` for admins, `document_user__v` otherwise.
    #[serde(default)]
    pub security_profile: Option<String>,
    /// Default `full__v`.
    #[serde(default)]
    pub license_type: Option<String>,
}

/// An OAuth 2.0 / OpenID Connect profile (`POST /auth/oauth/session/{id}`) and the IdP access
/// tokens it accepts, each mapped to a user id.
#[derive(Clone, Debug, Deserialize)]
pub struct OAuthProfileFixture {
    pub id: String,
    #[serde(default)]
    pub idp_tokens: BTreeMap<String, u64>,
}

/// A session the mock knows from the start (so tests and curl can skip the login).
#[derive(Clone, Debug, Deserialize)]
pub struct SessionFixture {
    pub session_id: String,
    pub user_id: u64,
    pub vault_id: u64,
}

/// Everything the mock starts with.
#[derive(Clone, Debug, Deserialize)]
pub struct Fixtures {
    pub vaults: Vec<VaultFixture>,
    pub users: Vec<UserFixture>,
    #[serde(default)]
    pub sessions: Vec<SessionFixture>,
    #[serde(default)]
    pub oauth_profiles: Vec<OAuthProfileFixture>,
    /// Calls allowed per burst window (reported in `X-VaultAPI-BurstLimit`).
    #[serde(default = "default_burst_limit")]
    pub burst_limit: u64,
    /// Length of the burst window in seconds (Vault: 300).
    #[serde(default = "default_burst_window")]
    pub burst_window_secs: u64,
    /// Rows per VQL answer page, and the `pagesize` of the first `next_page` link (Vault: 1000).
    #[serde(default = "default_page_size")]
    pub query_page_size: usize,
    /// Send every header name in lower case, as HTTP/2 Vaults do.
    #[serde(default)]
    pub lowercase_headers: bool,
    /// Active tokens allowed per user (Vault: 25).
    #[serde(default = "default_max_tokens")]
    pub max_active_tokens: usize,
    /// Drop a revoked token's record instead of keeping it marked `revoked` (what tests look
    /// at): for long runs (`make soak`), so that the mock's memory and its per-call scans stay
    /// the size of the active tokens, not of every token ever minted.
    #[serde(default)]
    pub forget_revoked: bool,
}

fn default_burst_limit() -> u64 {
    2000
}

fn default_burst_window() -> u64 {
    300
}

fn default_page_size() -> usize {
    1000
}

fn default_max_tokens() -> usize {
    25
}

/// The fixed session for the admin user, documented in the README for curl and tests.
pub const ADMIN_SESSION: &str = "mock-session-admin-0001";

impl Default for Fixtures {
    fn default() -> Self {
        let user = |id, username: &str, vaults: Vec<u64>| UserFixture {
            id,
            username: username.to_owned(),
            password: "mock-password".to_owned(),
            vaults,
            admin: false,
            veevaid: false,
            login_error: None,
            max_token_days: None,
            utc_offset_hours: 0,
            first_name: None,
            last_name: None,
            email: None,
            timezone: None,
            locale: None,
            security_profile: None,
            license_type: None,
        };
        Fixtures {
            vaults: vec![
                VaultFixture {
                    id: 1776,
                    name: "PromoMats".into(),
                    dns: "myvault.veevavault.com".into(),
                    sandboxes: vec!["qa-sandbox".into()],
                },
                VaultFixture { id: 2001, name: "Quality".into(), dns: "other.veevavault.com".into(), sandboxes: vec![] },
            ],
            users: vec![
                UserFixture {
                    admin: true,
                    first_name: Some("Ada".into()),
                    last_name: Some("Admin".into()),
                    ..user(12345, "admin@myvault.example", vec![1776, 2001])
                },
                UserFixture {
                    max_token_days: Some(90),
                    utc_offset_hours: -5,
                    first_name: Some("Lee".into()),
                    last_name: Some("Limited".into()),
                    timezone: Some("America/New_York".into()),
                    ..user(12346, "limited@myvault.example", vec![1776])
                },
                UserFixture { veevaid: true, ..user(12347, "veevaid@myvault.example", vec![1776]) },
                UserFixture { login_error: Some("USER_LOCKED_OUT".into()), ..user(12348, "locked@myvault.example", vec![1776]) },
                UserFixture { login_error: Some("INACTIVE_USER".into()), ..user(12349, "inactive@myvault.example", vec![1776]) },
                // Belongs only to another Vault: asking for myvault triggers auth defaulting.
                user(12350, "elsewhere@other.example", vec![2001]),
            ],
            sessions: vec![SessionFixture { session_id: ADMIN_SESSION.into(), user_id: 12345, vault_id: 1776 }],
            oauth_profiles: vec![OAuthProfileFixture {
                id: "mock-oauth-profile".into(),
                idp_tokens: [("mock-idp-token-admin".to_owned(), 12345), ("mock-idp-token-limited".to_owned(), 12346)]
                    .into_iter()
                    .collect(),
            }],
            burst_limit: default_burst_limit(),
            burst_window_secs: default_burst_window(),
            query_page_size: default_page_size(),
            lowercase_headers: false,
            max_active_tokens: default_max_tokens(),
            forget_revoked: false,
        }
    }
}

//! `make test-live`: the token lifecycle against a real Vault, to check the mock's guesses.
//!
//! Scenario: login → whoami → generate a token expiring in 1 day → list and find it → use it as
//! `Bearer` for whoami → revoke it → list, and check it is gone. Whatever fails, every token
//! this run made (found by its unique name) is revoked at the end, and the session is ended.
//!
//! Settings, from the environment: `VAULT_LIVE_DNS` (e.g. `myvault.veevavault.com`),
//! `VAULT_LIVE_USERNAME`, `VAULT_LIVE_PASSWORD`, and optionally `VAULT_LIVE_USER_ID` (whose
//! token to make; default: the logged-in user). Without the first three it prints one skip
//! line and exits 0. `VAULT_LIVE_BASE_URL` (optional) sends the calls elsewhere, e.g. through a
//! proxy, or to the bundled mock (`VAULT_LIVE_DNS=myvault.veevavault.com`) to try the scenario.
//!
//! It prints no secret: no password, session id or token, only ids, names, dates, error codes
//! and Vault's (masked) messages. Lines starting with `note:` are where the real Vault did
//! something the mock does not; please report them.

use std::process::ExitCode;

use time::{Duration, OffsetDateTime};
use veeva_vault_auth::secrecy::{ExposeSecret, SecretString};
use veeva_vault_auth::{Client, ClientBuilder, Error, ErrorKind, Expiry, TokenInfo, TokenQuery, TokenRequest, TokenTarget};

struct Live {
    dns: String,
    username: String,
    password: SecretString,
    user_id: Option<String>,
    base_url: Option<String>,
}

impl Live {
    fn builder(&self) -> ClientBuilder {
        let builder = Client::builder().vault_dns(&self.dns).client_id("veeva-vault-auth-live-test");
        match &self.base_url {
            Some(url) => builder.base_url(url),
            None => builder,
        }
    }
}

fn settings() -> Option<Live> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    Some(Live {
        dns: var("VAULT_LIVE_DNS")?,
        username: var("VAULT_LIVE_USERNAME")?,
        password: SecretString::from(var("VAULT_LIVE_PASSWORD")?),
        user_id: var("VAULT_LIVE_USER_ID"),
        base_url: var("VAULT_LIVE_BASE_URL"),
    })
}

/// Counts failures and differences while printing one line per step.
#[derive(Default)]
struct Report {
    failures: usize,
    notes: usize,
}

impl Report {
    fn ok(&self, step: &str, detail: impl std::fmt::Display) {
        println!("ok    {step}: {detail}");
    }

    fn fail(&mut self, step: &str, why: impl std::fmt::Display) {
        self.failures += 1;
        println!("FAIL  {step}: {why}");
    }

    fn note(&mut self, what: impl std::fmt::Display) {
        self.notes += 1;
        println!("note: {what}");
    }
}

/// An error's code, message (secret-free by design) and Vault's error types.
fn describe(err: &Error) -> String {
    let types: Vec<&str> = err.vault_errors().iter().map(|m| m.kind.as_str()).collect();
    let mut text = err.to_string();
    if !types.is_empty() {
        text.push_str(&format!(" [Vault types: {}]", types.join(", ")));
    }
    if err.outcome_unknown() {
        text.push_str(" [outcome unknown]");
    }
    text
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let Some(live) = settings() else {
        println!(
            "test-live: skipped (set VAULT_LIVE_DNS, VAULT_LIVE_USERNAME and VAULT_LIVE_PASSWORD, optionally VAULT_LIVE_USER_ID, to run against a real Vault)"
        );
        return ExitCode::SUCCESS;
    };
    let mut report = Report::default();
    let client = match live.builder().login(&live.username, live.password.expose_secret()).await {
        Ok(client) => client,
        Err(e) => {
            report.fail("login", describe(&e));
            return ExitCode::FAILURE;
        }
    };
    let session_user = client.session().and_then(|s| s.user_id()).map(str::to_owned);
    report.ok("login", format!("user {}, vault {}", session_user.as_deref().unwrap_or("?"), client.session().and_then(|s| s.vault_id()).unwrap_or("?")));
    match client.check_api_version().await {
        Ok(v) if v.is_possibly_beta() => report.ok("api version", format!("{} offered (the newest: may be Beta)", v.version())),
        Ok(v) => report.ok("api version", format!("{} offered", v.version())),
        Err(e) => report.fail("api version", describe(&e)),
    }
    let me = match client.whoami().await {
        Ok(me) => {
            report.ok("whoami", format!("user {} ({})", me.id(), me.username()));
            if session_user.as_deref().is_some_and(|id| id != me.id()) {
                report.note(format!("login's userId {session_user:?} differs from whoami's id {}", me.id()));
            }
            Some(me.id().to_owned())
        }
        Err(e) => {
            report.fail("whoami", describe(&e));
            None
        }
    };
    let user_id = live.user_id.clone().or(me).or(session_user);
    if let Some(user_id) = user_id {
        let stamp = OffsetDateTime::now_utc().unix_timestamp();
        let name = format!("veeva-vault-auth live test {stamp}-{}", std::process::id());
        scenario(&client, &live, &user_id, &name, &mut report).await;
        cleanup(&client, &user_id, &name, &mut report).await;
    } else {
        report.fail("scenario", "no user id (whoami failed and login gave none); set VAULT_LIVE_USER_ID");
    }
    match client.logout().await {
        Ok(()) => report.ok("logout", "session ended"),
        Err(e) => report.fail("logout", describe(&e)),
    }
    println!("test-live: {} failure(s), {} note(s) on differences from the mock", report.failures, report.notes);
    if report.failures == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

/// The lifecycle steps; stops at the first failure that makes the rest meaningless.
async fn scenario(client: &Client, live: &Live, user_id: &str, name: &str, report: &mut Report) {
    let requested = OffsetDateTime::now_utc() + Duration::days(1);
    let expiry = match Expiry::at(requested) {
        Ok(e) => e,
        Err(e) => return report.fail("generate", describe(&e)),
    };
    let request = TokenRequest::new(TokenTarget::user(user_id), name).expiry(expiry);
    let token = match client.generate_access_token(&request).await {
        Ok(token) => token,
        Err(e) => return report.fail("generate", describe(&e)),
    };
    report.ok("generate", format!("token {} for user {user_id}, expiring {expiry}", token.id()));
    for w in token.warnings() {
        report.note(format!("generate warned {}: {}", w.kind, w.message));
    }
    let query = TokenQuery::user(user_id).name(name);
    match find(client, &query, token.id()).await {
        Ok(Some(info)) => {
            report.ok("list", format!("found {} ({}), expiry {:?}", info.id(), info.status(), info.expiry()));
            if !info.is_active() {
                report.note(format!("a new token is listed with status {}", info.status()));
            }
            match info.expiry() {
                Some(e) if (e - requested).abs() > Duration::hours(1) => {
                    report.note(format!("expiry_date__sys is {e}, requested {requested}"))
                }
                Some(_) => {}
                None => report.note("expiry_date__sys is empty for a token made with an expiry"),
            }
        }
        Ok(None) => return report.fail("list", format!("token {} not in the listing", token.id())),
        Err(e) => return report.fail("list", describe(&e)),
    }
    match bearer_whoami(live, token.token()).await {
        Ok(id) if id == user_id => report.ok("bearer whoami", format!("the new token authenticates as user {id}")),
        Ok(id) => report.fail("bearer whoami", format!("the token authenticates as user {id}, not {user_id}")),
        Err(e) => report.fail("bearer whoami", describe(&e)),
    }
    match find(client, &query, token.id()).await {
        Ok(Some(info)) if info.last_used().is_none() => {
            report.note("last_used_date__sys is still empty right after the token was used (the mock sets it at once)")
        }
        Ok(_) => {}
        Err(e) => report.note(format!("listing after use failed: {}", describe(&e))),
    }
    match client.revoke_access_tokens(&[token.id()]).await {
        Ok(r) if r.revoked == [token.id()] => report.ok("revoke", format!("token {} revoked", token.id())),
        Ok(r) => return report.fail("revoke", format!("not revoked: {r:?}")),
        Err(e) => return report.fail("revoke", describe(&e)),
    }
    match bearer_whoami(live, token.token()).await {
        Err(e) if e.kind() == ErrorKind::InvalidSession => report.ok("revoked token refused", e.code()),
        Err(e) => report.note(format!("a revoked token is refused with {}", describe(&e))),
        Ok(_) => report.note("a revoked token still authenticated right after the revoke"),
    }
    match find(client, &query.clone().include_inactive(true), token.id()).await {
        Ok(None) => report.ok("list after revoke", "the token is gone"),
        Ok(Some(info)) => report.fail("list after revoke", format!("still listed with status {}", info.status())),
        Err(e) => report.fail("list after revoke", describe(&e)),
    }
}

async fn find(client: &Client, query: &TokenQuery, id: &str) -> Result<Option<TokenInfo>, Error> {
    Ok(client.list_access_tokens(query).await?.into_iter().find(|t| t.id() == id))
}

/// `whoami` with the token as the only credential; returns the user id it authenticates as.
async fn bearer_whoami(live: &Live, token: &SecretString) -> Result<String, Error> {
    let client = live.builder().access_token(token.expose_secret()).build()?;
    Ok(client.whoami().await?.id().to_owned())
}

/// Revokes every token with this run's name, whatever state the scenario left: a token whose
/// create answer was lost is found here too.
async fn cleanup(client: &Client, user_id: &str, name: &str, report: &mut Report) {
    let query = TokenQuery::user(user_id).name(name).include_inactive(true);
    let left: Vec<String> = match client.list_access_tokens(&query).await {
        Ok(tokens) => tokens.into_iter().map(|t| t.id().to_owned()).collect(),
        Err(e) => {
            return report.fail("cleanup", format!("{}; delete tokens named {name:?} by hand", describe(&e)));
        }
    };
    if left.is_empty() {
        return report.ok("cleanup", "nothing left behind");
    }
    match client.revoke_access_tokens(&left).await {
        Ok(r) if r.is_complete() => report.ok("cleanup", format!("revoked leftover token(s) {}", left.join(", "))),
        Ok(r) => report.fail("cleanup", format!("could not revoke all of {left:?}: {r:?}")),
        Err(e) => report.fail("cleanup", format!("{}; delete {left:?} by hand", describe(&e))),
    }
}

//! `make demo`'s Rust step: log in to a Vault (the bundled mock by default), generate a token,
//! print its id and a masked token, list the user's tokens, and revoke the one it made.
//!
//! Usage: `demo [BASE_URL]`. With no argument it starts the mock Vault in-process. Environment:
//! `VAULT_DNS` (default myvault.veevavault.com), `VAULT_USERNAME`, `VAULT_PASSWORD`.

use veeva_vault_auth::secrecy::ExposeSecret;
use veeva_vault_auth::{Client, Expiry, TokenQuery, TokenRequest, TokenTarget};

fn mask(token: &str) -> String {
    let visible: String = token.chars().take(14).collect();
    format!("{visible}…({} chars)", token.chars().count())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let env = |k: &str, default: &str| std::env::var(k).unwrap_or_else(|_| default.to_owned());
    let mut _mock = None;
    let base_url = match std::env::args().nth(1) {
        Some(url) => url,
        None => {
            let mock = mock_vault::MockVault::start()?;
            let url = mock.url();
            _mock = Some(mock);
            url
        }
    };
    let client = Client::builder()
        .vault_dns(env("VAULT_DNS", "myvault.veevavault.com"))
        .base_url(&base_url)
        .login(&env("VAULT_USERNAME", "admin@myvault.example"), &env("VAULT_PASSWORD", "mock-password"))
        .await?;
    let user_id = client.session().and_then(|s| s.user_id()).unwrap_or("me").to_owned();
    let expiry = Expiry::at(time::OffsetDateTime::now_utc() + time::Duration::days(30))?;
    let request = TokenRequest::new(TokenTarget::user(user_id.clone()), "veeva-vault-auth demo (rust)").expiry(expiry);
    let token = client.generate_access_token(&request).await?;
    println!("rust:   token id {}  token {}  (expires {expiry})", token.id(), mask(token.token().expose_secret()));
    let listed = client.list_access_tokens(&TokenQuery::user(user_id.clone())).await?;
    let names: Vec<String> = listed.iter().map(|t| format!("{} {:?}", t.id(), t.name())).collect();
    println!("rust:   {} active token(s) for user {user_id}: {}", listed.len(), names.join(", "));
    let report = client.revoke_access_tokens(&[token.id()]).await?;
    let left = client.list_access_tokens(&TokenQuery::user(user_id)).await?;
    let still_there = left.iter().any(|t| t.id() == token.id());
    println!("rust:   revoked {:?}; still listed: {still_there}", report.revoked);
    Ok(())
}

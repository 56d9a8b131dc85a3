//! Login through `/auth` against the mock: sessions, authentication defaulting, failures.

mod common;

use common::*;
use veeva_vault_auth::secrecy::ExposeSecret;
use veeva_vault_auth::{Client, ErrorKind, TokenRequest, TokenTarget};

#[test]
fn login_gives_a_session_for_the_requested_vault() {
    let mock = mock();
    let client = block_on(builder(&mock).login(ADMIN_USER, PASSWORD)).expect("login");
    let session = client.session().expect("session");
    assert_eq!(session.user_id(), Some("12345"));
    assert_eq!(session.vault_id(), Some("1776"));
    assert_eq!(session.vault_dns(), Some(VAULT_DNS));
    assert!(!session.session_id().expose_secret().is_empty());
    let sent = &mock.requests()[0];
    assert_eq!(sent.path, "/api/v26.2/auth");
    assert_eq!(sent.header("content-type"), Some("application/x-www-form-urlencoded"));
    assert_eq!(sent.body, "username=admin%40myvault.example&password=mock-password&vaultDNS=myvault.veevavault.com");
    // The session works for a token call.
    let token = block_on(client.generate_access_token(&TokenRequest::new(TokenTarget::me(), "after login")))
        .expect("token with the login session");
    assert!(token.id().starts_with("0PI"));
    assert_eq!(mock.requests()[1].header("authorization"), Some(session.session_id().expose_secret()));
}

#[test]
fn authentication_defaulting_is_refused() {
    let mock = mock();
    // This user has no access to myvault: Vault hands out a session for their other Vault.
    let err = block_on(builder(&mock).login("elsewhere@other.example", PASSWORD)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::WrongVault, "{err}");
    assert!(err.message().contains("other.veevavault.com"), "{err}");
    assert!(!err.outcome_unknown());
}

#[test]
fn login_failures_are_typed_and_never_show_the_password() {
    let mock = mock();
    let secret_password = "Sup3r-Secret-Pw";
    let err = block_on(builder(&mock).login(ADMIN_USER, secret_password)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AuthenticationFailed);
    assert_eq!(err.vault().and_then(|v| v.error_type.as_deref()), Some("AUTHENTICATION_FAILED"));
    assert_eq!(err.vault_errors()[0].kind, "USERNAME_OR_PASSWORD_INCORRECT");
    for rendering in [err.to_string(), format!("{err:?}")] {
        assert!(!rendering.contains(secret_password), "{rendering}");
    }
    let locked = block_on(builder(&mock).login("locked@myvault.example", PASSWORD)).unwrap_err();
    assert_eq!(locked.kind(), ErrorKind::AuthenticationFailed);
    assert_eq!(locked.vault_errors()[0].kind, "USER_LOCKED_OUT");
}

#[test]
fn login_input_is_checked_before_sending() {
    let mock = mock();
    for (user, password) in [("", "x"), ("someone", ""), ("a\nb", "x")] {
        let err = block_on(builder(&mock).login(user, password)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    }
    let err = block_on(Client::builder().login(ADMIN_USER, PASSWORD)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument, "no DNS and no base URL");
    assert!(mock.requests().is_empty());
}

#[test]
fn blocking_login_and_generate() {
    let mock = mock();
    let client = veeva_vault_auth::blocking::Client::login(builder(&mock), ADMIN_USER, PASSWORD).expect("login");
    let token = client
        .generate_access_token(&TokenRequest::new(TokenTarget::user("12345"), "blocking"))
        .expect("token");
    assert!(token.token().expose_secret().starts_with("veeva-vault-"));
}

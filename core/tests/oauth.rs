//! OAuth 2.0 / OpenID Connect login against the mock: the request on the wire, the login host
//! override, authentication defaulting, failures, and that the IdP token is never shown.

mod common;

use common::*;
use mock_vault::Script;
use serde_json::{Value, json};
use veeva_vault_auth::{Client, ErrorKind, blocking};

const IDP_TOKEN: &str = "eyJhbGciOiJSUzI1NiJ9.idp-secret-payload.sig-4f1d";

/// What Vault answers a login with, for the given Vault of the admin user.
fn session_answer(vault_id: u64) -> Value {
    json!({
        "responseStatus": "SUCCESS",
        "sessionId": mock_vault::ADMIN_SESSION,
        "userId": 12345,
        "vaultIds": [
            {"id": 1776, "name": "PromoMats", "url": "https://myvault.veevavault.com/api"},
            {"id": 2001, "name": "Quality", "url": "https://other.veevavault.com/api"},
        ],
        "vaultId": vault_id,
    })
}

fn scripted(mock: &mock_vault::MockVault, body: Value) {
    mock.push_script(Script { body: Some(body), ..Script::default() });
}

#[test]
fn oauth_login_sends_the_idp_token_as_bearer_to_the_login_host() {
    // The login host and the Vault are two servers: each request must go to the right one.
    let (vault, login_host) = (mock(), mock());
    scripted(&login_host, session_answer(1776));
    let client = block_on(builder(&vault).login_url(login_host.url()).login_oauth("0oa-profile", IDP_TOKEN, Some("my-app")))
        .expect("oauth login");
    let sent = &login_host.requests()[0];
    assert_eq!((sent.method.as_str(), sent.path.as_str()), ("POST", "/auth/oauth/session/0oa-profile"));
    assert_eq!(sent.header("authorization"), Some(format!("Bearer {IDP_TOKEN}").as_str()));
    assert_eq!(sent.header("content-type"), Some("application/x-www-form-urlencoded"));
    assert_eq!(sent.body, "vaultDNS=myvault.veevavault.com&client_id=my-app");
    assert!(vault.requests().is_empty(), "nothing went to the Vault during login");
    let session = client.session().expect("session");
    assert_eq!((session.user_id(), session.vault_id(), session.vault_dns()), (Some("12345"), Some("1776"), Some(VAULT_DNS)));
    // Later calls go to the Vault, with the Vault session.
    block_on(client.keep_alive()).expect("keep-alive with the OAuth session");
    assert_eq!(vault.requests()[0].header("authorization"), Some(mock_vault::ADMIN_SESSION));
    assert_eq!(login_host.requests().len(), 1);
}

#[test]
fn oauth_login_without_client_id_sends_only_the_vault_dns() {
    let mock = mock();
    scripted(&mock, session_answer(1776));
    let client = blocking::Client::login_oauth(builder(&mock).login_url(mock.url()), "p1", IDP_TOKEN, None).expect("blocking oauth");
    assert_eq!(mock.requests()[0].body, "vaultDNS=myvault.veevavault.com");
    client.keep_alive().expect("keep-alive");
}

#[test]
fn oauth_profile_id_stays_one_path_segment() {
    let mock = mock();
    scripted(&mock, session_answer(1776));
    block_on(builder(&mock).login_url(mock.url()).login_oauth("a/b?c#d é", IDP_TOKEN, None)).expect("login");
    assert_eq!(mock.requests()[0].path, "/auth/oauth/session/a%2Fb%3Fc%23d%20%C3%A9");
}

#[test]
fn oauth_authentication_defaulting_is_refused() {
    let mock = mock();
    scripted(&mock, session_answer(2001));
    let err = block_on(builder(&mock).login_url(mock.url()).login_oauth("p1", IDP_TOKEN, None)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::WrongVault, "{err}");
    assert!(err.message().contains("other.veevavault.com"), "{err}");
}

#[test]
fn oauth_failures_are_typed_and_never_show_the_idp_token() {
    let mock = mock();
    let echo = format!("Token {IDP_TOKEN} is not valid for this profile.");
    scripted(
        &mock,
        json!({"responseStatus": "FAILURE", "errorType": "AUTHENTICATION_FAILED",
               "errors": [{"type": "USERNAME_OR_PASSWORD_INCORRECT", "message": echo}]}),
    );
    let err = block_on(builder(&mock).login_url(mock.url()).login_oauth("p1", IDP_TOKEN, None)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AuthenticationFailed, "{err}");
    assert!(err.vault_errors()[0].message.contains("***"), "{err}");
    for rendering in [err.to_string(), format!("{err:?}"), format!("{:?}", err.vault_errors())] {
        assert!(!rendering.contains("idp-secret-payload"), "{rendering}");
    }
}

#[test]
fn oauth_input_is_checked_before_sending() {
    let mock = mock();
    let login = |profile: &str, token: &str, client_id: Option<&str>| {
        block_on(builder(&mock).login_url(mock.url()).login_oauth(profile, token, client_id)).unwrap_err()
    };
    let failures = [
        login("", IDP_TOKEN, None),
        login(" p1", IDP_TOKEN, None),
        login("..", IDP_TOKEN, None),
        login("p1", "", None),
        login("p1", "Bearer ", None),
        login("p1", "idp secret\n", None),
        login("p1", IDP_TOKEN, Some("")),
        login("p1", IDP_TOKEN, Some("app\u{202E}")),
        block_on(builder(&mock).login_url("http://login.example.com").login_oauth("p1", IDP_TOKEN, None)).unwrap_err(),
        block_on(builder(&mock).login_url("not a url").login_oauth("p1", IDP_TOKEN, None)).unwrap_err(),
        block_on(Client::builder().login_oauth("p1", IDP_TOKEN, None)).unwrap_err(),
    ];
    for err in failures {
        assert_eq!(err.kind(), ErrorKind::InvalidArgument, "{err}");
        assert!(!err.to_string().contains("idp-secret") && !format!("{err:?}").contains("idp-secret"), "{err:?}");
    }
    assert!(mock.requests().is_empty(), "nothing was sent");
    let err = block_on(builder(&mock).login_url("https://user:pw@login.example").login_oauth("p1", IDP_TOKEN, None)).unwrap_err();
    assert!(err.message().contains("login URL"), "{err}");
}

#[test]
fn nothing_secret_in_any_rendering_of_an_oauth_client() {
    let mock = mock();
    scripted(&mock, session_answer(1776));
    let client = block_on(builder(&mock).login_url(mock.url()).login_oauth("p1", IDP_TOKEN, None)).expect("login");
    let blocking_client = blocking::Client::from_async(client.clone());
    for rendering in [format!("{client:?}"), format!("{blocking_client:?}"), format!("{:?}", client.session())] {
        assert!(!rendering.contains("idp-secret") && !rendering.contains(mock_vault::ADMIN_SESSION), "{rendering}");
    }
}

// The mock's own OAuth profile (fixtures): `mock-oauth-profile` accepts `mock-idp-token-admin`
// (user 12345) and `mock-idp-token-limited` (user 12346).
const PROFILE: &str = "mock-oauth-profile";

#[test]
fn oauth_login_with_the_mock_profile_gives_a_working_session() {
    let mock = mock();
    let client = block_on(builder(&mock).login_url(mock.url()).login_oauth(PROFILE, "mock-idp-token-admin", Some("my-app")))
        .expect("oauth login");
    let session = client.session().expect("session");
    assert_eq!((session.user_id(), session.vault_id(), session.vault_dns()), (Some("12345"), Some("1776"), Some(VAULT_DNS)));
    assert_eq!(block_on(client.whoami()).expect("whoami").id(), "12345");
    block_on(client.keep_alive()).expect("keep-alive");
    block_on(client.logout()).expect("logout");
    let limited = blocking::Client::login_oauth(builder(&mock).login_url(mock.url()), PROFILE, "mock-idp-token-limited", None)
        .expect("blocking oauth login");
    assert_eq!(limited.as_async().session().and_then(|s| s.user_id()), Some("12346"));
    assert_eq!(limited.whoami().expect("whoami").username(), "limited@myvault.example");
}

#[test]
fn oauth_authentication_defaulting_with_the_mock_profile_is_refused() {
    let mock = mock();
    // The limited user belongs only to myvault: asking for other.veevavault.com gets a session
    // for myvault instead.
    let builder = Client::builder().vault_dns("other.veevavault.com").base_url(mock.url()).login_url(mock.url());
    let err = block_on(builder.login_oauth(PROFILE, "mock-idp-token-limited", None)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::WrongVault, "{err}");
    assert!(err.message().contains(VAULT_DNS), "{err}");
    assert_eq!(mock.requests()[0].body, "vaultDNS=other.veevavault.com");
}

#[test]
fn oauth_unknown_profile_and_bad_idp_token_are_typed() {
    let mock = mock();
    let err = block_on(builder(&mock).login_url(mock.url()).login_oauth("no-such-profile", "mock-idp-token-admin", None)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidRequest, "{err}");
    assert_eq!(err.vault_errors()[0].kind, "INVALID_DATA");
    let bad_token = "idp-secret-not-known-to-the-profile";
    let err = block_on(builder(&mock).login_url(mock.url()).login_oauth(PROFILE, bad_token, None)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AuthenticationFailed, "{err}");
    assert_eq!(err.vault().and_then(|v| v.error_type.as_deref()), Some("AUTHENTICATION_FAILED"));
    assert_eq!(err.vault_errors()[0].kind, "USERNAME_OR_PASSWORD_INCORRECT");
    for rendering in [err.to_string(), format!("{err:?}")] {
        assert!(!rendering.contains(bad_token), "{rendering}");
    }
    assert!(!err.outcome_unknown());
}

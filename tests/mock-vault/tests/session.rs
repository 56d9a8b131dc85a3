//! Session helpers over real HTTP: `users/me` fields, `/auth` with multipart bodies, keep-alive,
//! `DELETE /session`, `GET /api/`, and the OAuth session endpoint with the fixtures' IdP tokens.

mod common;

use common::*;
use serde_json::{Value, json};

const ME: &str = "/api/v26.2/objects/users/me";

#[test]
fn users_me_returns_the_documented_user_fields() {
    let mock = MockVault::start().unwrap();
    let answer = call(&mock, "GET", ME, &[("Authorization", ADMIN_SESSION)], "");
    assert_eq!(answer["responseStatus"], "SUCCESS", "{answer}");
    let user = &answer["users"][0]["user"];
    assert_eq!(user["id"], 12345);
    assert_eq!(user["user_name__v"], "admin@myvault.example");
    assert_eq!(user["user_first_name__v"], "Ada");
    assert_eq!(user["user_last_name__v"], "Admin");
    assert_eq!(user["user_email__v"], "admin@myvault.example");
    assert_eq!(user["user_timezone__v"], "Etc/UTC");
    assert_eq!(user["user_locale__v"], "en_US");
    assert_eq!(user["security_profile__v"], "system_admin__v");
    assert_eq!(user["license_type__v"], "full__v");
    assert_eq!(user["active__v"], true);
    assert!(user.as_object().unwrap().len() >= 20, "{user}");
    // Vault membership is excluded by default (v25.1+), included on request.
    assert!(user.get("vault_membership").is_none());
    let full = call(&mock, "GET", &format!("{ME}?exclude_vault_membership=false"), &[("Authorization", ADMIN_SESSION)], "");
    assert_eq!(full["users"][0]["user"]["vault_membership"].as_array().unwrap().len(), 2);

    let limited = login(&mock, "limited@myvault.example");
    let user = call(&mock, "GET", ME, &[("Authorization", &format!("Bearer {limited}"))], "")["users"][0]["user"].clone();
    assert_eq!((user["id"].as_u64(), user["user_timezone__v"].as_str()), (Some(12346), Some("America/New_York")));
    assert_eq!(user["security_profile__v"], "document_user__v");
    // Derived from the user name when the fixture gives no names.
    let veevaid = login(&mock, "veevaid@myvault.example");
    let user = call(&mock, "GET", ME, &[("Authorization", &veevaid)], "")["users"][0]["user"].clone();
    assert_eq!((user["user_first_name__v"].as_str(), user["user_last_name__v"].as_str()), (Some("Veevaid"), Some("User")));
}

#[test]
fn auth_accepts_multipart_form_data() {
    let mock = MockVault::start().unwrap();
    let boundary = "----mockboundary7MA4YWxkTrZu0gW";
    let part = |name: &str, value: &str| {
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
    };
    let body = format!(
        "{}{}{}--{boundary}--\r\n",
        part("username", "limited@myvault.example"),
        part("password", "mock-password"),
        part("vaultDNS", "myvault.veevavault.com")
    );
    let content_type = format!("multipart/form-data; boundary={boundary}");
    let answer = call(&mock, "POST", "/api/v26.2/auth", &[("Content-Type", &content_type)], &body);
    assert_eq!(answer["responseStatus"], "SUCCESS", "{answer}");
    assert_eq!((answer["userId"].as_u64(), answer["vaultId"].as_u64()), (Some(12346), Some(1776)));
    let wrong = body.replace("mock-password", "nope");
    let answer = call(&mock, "POST", "/api/v26.2/auth", &[("Content-Type", &content_type)], &wrong);
    assert_eq!(error_type(&answer), "USERNAME_OR_PASSWORD_INCORRECT");
    assert_eq!(answer["errorType"], "AUTHENTICATION_FAILED");
}

#[test]
fn keep_alive_and_delete_session() {
    let mock = MockVault::start().unwrap();
    let session = login(&mock, "admin@myvault.example");
    let keep = send(&mock, "POST", "/api/v26.2/keep-alive", &[("Authorization", &session)], "").unwrap();
    assert_eq!(keep.json(), json!({"responseStatus": "SUCCESS"}));
    assert_eq!(keep.header("X-VaultAPI-Status"), Some("SUCCESS"));

    let bye = call(&mock, "DELETE", "/api/v26.2/session", &[("Authorization", &session)], "");
    assert_eq!(bye, json!({"responseStatus": "SUCCESS"}));
    for (method, path) in [("POST", "/api/v26.2/keep-alive"), ("GET", ME), ("DELETE", "/api/v26.2/session")] {
        assert_eq!(error_type(&call(&mock, method, path, &[("Authorization", &session)], "")), "INVALID_SESSION_ID", "{path}");
    }
    assert_eq!(error_type(&query(&mock, &session, ALL)), "INVALID_SESSION_ID");
    // Only that session ends.
    assert_eq!(call(&mock, "GET", ME, &[("Authorization", ADMIN_SESSION)], "")["responseStatus"], "SUCCESS");
}

#[test]
fn api_lists_versions_with_the_origin() {
    let mock = MockVault::start().unwrap();
    for path in ["/api/", "/api"] {
        let answer = call(&mock, "GET", path, &[], "");
        assert_eq!(answer["responseStatus"], "SUCCESS");
        let values = answer["values"].as_object().unwrap();
        assert_eq!(values["v25.3"], format!("{}/api/v25.3", mock.url()));
        assert_eq!(values["v26.2"], format!("{}/api/v26.2", mock.url()));
    }
}

fn oauth(mock: &MockVault, profile: &str, token: Option<&str>, body: &str) -> Value {
    let bearer = token.map(|t| format!("Bearer {t}"));
    let mut headers = vec![("Content-Type", "application/x-www-form-urlencoded")];
    if let Some(b) = &bearer {
        headers.push(("Authorization", b));
    }
    call(mock, "POST", &format!("/auth/oauth/session/{profile}"), &headers, body)
}

#[test]
fn oauth_session_from_fixture_idp_tokens() {
    let mock = MockVault::start().unwrap();
    let answer = oauth(&mock, "mock-oauth-profile", Some("mock-idp-token-admin"), "vaultDNS=other.veevavault.com&client_id=my-app");
    assert_eq!(answer["responseStatus"], "SUCCESS", "{answer}");
    assert_eq!((answer["userId"].as_u64(), answer["vaultId"].as_u64()), (Some(12345), Some(2001)));
    assert_eq!(answer["vaultIds"].as_array().unwrap().len(), 2);
    let session = answer["sessionId"].as_str().unwrap();
    assert_eq!(call(&mock, "GET", ME, &[("Authorization", session)], "")["users"][0]["user"]["id"], 12345);

    // Without vaultDNS (the Host is 127.0.0.1): authentication defaulting to the first Vault.
    let answer = oauth(&mock, "mock-oauth-profile", Some("mock-idp-token-limited"), "");
    assert_eq!((answer["userId"].as_u64(), answer["vaultId"].as_u64()), (Some(12346), Some(1776)));

    assert_eq!(error_type(&oauth(&mock, "no-such-profile", Some("mock-idp-token-admin"), "")), "INVALID_DATA");
    for token in [Some("mock-idp-token-unknown"), None, Some("mock-session-admin-0001")] {
        let answer = oauth(&mock, "mock-oauth-profile", token, "");
        assert_eq!(error_type(&answer), "USERNAME_OR_PASSWORD_INCORRECT", "{token:?}");
        assert_eq!(answer["errorType"], "AUTHENTICATION_FAILED");
    }
    // Not under /api, and POST only.
    assert_eq!(error_type(&call(&mock, "GET", "/auth/oauth/session/mock-oauth-profile", &[], "")), "METHOD_NOT_SUPPORTED");
}

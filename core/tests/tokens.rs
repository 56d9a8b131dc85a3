//! Token generation against the mock's real (unscripted) behaviour.

mod common;

use common::*;
use veeva_vault_auth::secrecy::ExposeSecret;
use veeva_vault_auth::{Client, ErrorKind, Expiry, TokenRequest, TokenTarget};

fn in_days(days: i64) -> Expiry {
    Expiry::at(time::OffsetDateTime::now_utc() + time::Duration::days(days)).expect("expiry")
}

#[test]
fn a_minted_token_works_as_a_bearer_credential() {
    let mock = mock();
    let admin = admin_client(&mock);
    let first = block_on(admin.generate_access_token(
        &TokenRequest::new(TokenTarget::user("12345"), "IntegrationKey").expiry(in_days(30)),
    ))
    .expect("first token");
    let with_token = builder(&mock).access_token(first.token().expose_secret()).build().expect("client");
    let second = block_on(with_token.generate_access_token(&TokenRequest::new(TokenTarget::me(), "second")))
        .expect("token via Bearer");
    assert_ne!(first.id(), second.id());
    let sent = mock.requests();
    assert_eq!(sent[1].header("authorization"), Some(format!("Bearer {}", first.token().expose_secret()).as_str()));
    assert_eq!(mock.tokens().len(), 2);
    assert!(first.meta().execution_id.is_some());
    assert_eq!(first.meta().burst_limit, Some(2000));
}

#[test]
fn the_25_token_limit_is_reported_as_not_allowed() {
    let mock = mock();
    let admin = admin_client(&mock);
    for i in 0..25 {
        block_on(admin.generate_access_token(&TokenRequest::new(TokenTarget::me(), format!("k{i}"))))
            .expect("within the limit");
    }
    let err = block_on(admin.generate_access_token(&TokenRequest::new(TokenTarget::me(), "k25"))).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::OperationNotAllowed, "{err}");
    assert_eq!(err.vault_errors()[0].kind, "OPERATION_NOT_ALLOWED");
    assert_eq!(err.http_status(), Some(200));
    assert!(!err.outcome_unknown());
}

#[test]
fn vault_rules_map_to_categories() {
    let mock = mock();
    let admin = admin_client(&mock);
    let call = |client: &Client, req: TokenRequest| block_on(client.generate_access_token(&req));
    // VeevaID users cannot have tokens.
    let err = call(&admin, TokenRequest::new(TokenTarget::user("12347"), "x")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::OperationNotAllowed);
    // Unknown user id.
    let err = call(&admin, TokenRequest::new(TokenTarget::user("999"), "x")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidRequest);
    // Sandbox: known and unknown.
    call(&admin, TokenRequest::new(TokenTarget::sandbox("qa-sandbox"), "sandbox key")).expect("sandbox token");
    let err = call(&admin, TokenRequest::new(TokenTarget::sandbox("nope"), "x")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidRequest);
    // A non-admin may not create tokens for others; their profile caps expiry at 90 days.
    let limited = block_on(builder(&mock).login("limited@myvault.example", PASSWORD)).expect("login");
    let err = call(&limited, TokenRequest::new(TokenTarget::user("12345"), "x").expiry(in_days(5))).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PermissionDenied);
    let err = call(&limited, TokenRequest::new(TokenTarget::me(), "never")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::OperationNotAllowed, "profile requires an expiry");
    let err = call(&limited, TokenRequest::new(TokenTarget::me(), "long").expiry(in_days(100))).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::OperationNotAllowed, "over the maximum");
    call(&limited, TokenRequest::new(TokenTarget::me(), "ok").expiry(in_days(89))).expect("within the maximum");
    // A bad session.
    let stranger = builder(&mock).session_id("not-a-session").build().expect("client");
    let err = call(&stranger, TokenRequest::new(TokenTarget::me(), "x")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidSession);
}

#[test]
fn expiry_is_normalised_to_utc_on_the_wire() {
    let mock = mock();
    let admin = admin_client(&mock);
    let expiry = Expiry::parse("2031-07-01T09:30:00.123-07:00").expect("parse");
    block_on(admin.generate_access_token(&TokenRequest::new(TokenTarget::me(), "tz").expiry(expiry))).expect("token");
    assert_eq!(mock.requests()[0].body, "name__v=tz&expiry_date__v=2031-07-01T16%3A30%3A00Z");
    assert_eq!(mock.tokens()[0].expiry.as_deref(), Some("2031-07-01T16:30:00Z"));
}

#[test]
fn many_concurrent_calls_share_one_client() {
    let mock = mock();
    let admin = admin_client(&mock);
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("rt");
    let mut ids = runtime.block_on(async {
        let tasks: Vec<_> = (0..20)
            .map(|i| {
                let client = admin.clone();
                tokio::spawn(async move {
                    client.generate_access_token(&TokenRequest::new(TokenTarget::me(), format!("c{i}"))).await
                })
            })
            .collect();
        let mut ids = Vec::new();
        for t in tasks {
            ids.push(t.await.expect("task").expect("token").id().to_owned());
        }
        ids
    });
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 20);
}

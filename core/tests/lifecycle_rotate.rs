//! Rotation (create, then revoke) and orphan recovery through the mock Vault, including the
//! documented recipe end to end after a create whose answer was lost.

mod common;

use common::*;
use mock_vault::Script;
use veeva_vault_auth::secrecy::ExposeSecret;
use veeva_vault_auth::{ErrorKind, TokenQuery, TokenRequest, TokenTarget, blocking};

fn script(json: serde_json::Value) -> Script {
    serde_json::from_value(json).expect("script")
}

#[test]
fn rotation_creates_then_revokes() {
    let mock = mock();
    let admin = admin_client(&mock);
    let old = mock.add_token(12345, "IntegrationKey", None).unwrap();
    let request = TokenRequest::new(TokenTarget::user("12345"), "IntegrationKey");
    let rotation = block_on(admin.rotate_access_token(&request, &[old.id.as_str()])).expect("rotate");
    assert!(rotation.is_complete());
    assert_eq!(rotation.revoked.revoked, [old.id.as_str()]);
    assert!(rotation.revoke_error.is_none());
    let sent = mock.requests();
    assert_eq!(sent.iter().map(|r| r.method.as_str()).collect::<Vec<_>>(), ["POST", "DELETE"], "create first");
    let new = mock.token(rotation.token.id()).expect("new token exists");
    assert!(new.active && !new.revoked);
    assert!(mock.token(&old.id).unwrap().revoked);
    assert!(!format!("{rotation:?}").contains(rotation.token.token().expose_secret()), "Debug redacts");
    // Nothing to revoke: just the create.
    let rotation = block_on(admin.rotate_access_token::<&str>(&TokenRequest::new(TokenTarget::me(), "k2"), &[])).unwrap();
    assert!(rotation.is_complete());
    assert_eq!(mock.requests().len(), 3);
}

#[test]
fn everything_is_checked_before_the_create() {
    let mock = mock();
    let admin = admin_client(&mock);
    let good = TokenRequest::new(TokenTarget::me(), "k");
    let bad = [
        (good.clone(), vec!["0PI1", "0PI1"]),
        (good.clone(), vec![""]),
        (TokenRequest::new(TokenTarget::me(), " "), vec!["0PI1"]),
        (TokenRequest::new(TokenTarget::user("1 2\n"), "k"), vec![]),
        (TokenRequest::new(TokenTarget::sandbox("qa-sandbox"), "k"), vec!["0PI1"]),
    ];
    for (request, ids) in bad {
        let err = block_on(admin.rotate_access_token(&request, &ids)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidArgument, "{request:?} {ids:?}");
    }
    assert!(mock.requests().is_empty());
}

#[test]
fn a_failed_create_revokes_nothing() {
    let mock = mock();
    let admin = admin_client(&mock);
    let old = mock.add_token(12345, "k", None).unwrap();
    // VeevaID users cannot have tokens: the create fails, the old token stays.
    let err = block_on(admin.rotate_access_token(&TokenRequest::new(TokenTarget::user("12347"), "k"), &[old.id.as_str()]))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::OperationNotAllowed);
    // A create whose answer was lost: also nothing revoked, and the error says to look.
    mock.push_script(script(serde_json::json!({"fault": "drop_after"})));
    let err = block_on(admin.rotate_access_token(&TokenRequest::new(TokenTarget::me(), "k"), &[old.id.as_str()])).unwrap_err();
    assert!(err.outcome_unknown(), "{err}");
    assert!(!mock.token(&old.id).unwrap().revoked);
    assert!(mock.requests().iter().all(|r| r.method == "POST"), "no DELETE was sent");
}

#[test]
fn a_failing_revoke_still_returns_the_new_token() {
    let mock = mock();
    let admin = admin_client(&mock);
    let old = mock.add_token(12345, "k", None).unwrap();
    let request = TokenRequest::new(TokenTarget::me(), "k");
    // The revoke is refused as a whole.
    mock.push_script(Script::default());
    mock.push_script(script(serde_json::json!({"body": {"responseStatus": "FAILURE",
        "errors": [{"type": "INSUFFICIENT_ACCESS", "message": "no"}]}})));
    let rotation = block_on(admin.rotate_access_token(&request, &[old.id.as_str()])).expect("the token is returned");
    assert!(mock.token(rotation.token.id()).is_some());
    assert!(rotation.token.token().expose_secret().starts_with("veeva-vault-"));
    let error = rotation.revoke_error.as_ref().expect("the revoke error");
    assert_eq!(error.kind(), ErrorKind::PermissionDenied);
    assert_eq!(rotation.revoked.failed.len(), 1);
    assert_eq!(rotation.revoked.failed[0].id, old.id);
    assert!(!rotation.is_complete());
    // The revoke's connection drops: outcome unknown, token still returned.
    mock.push_script(Script::default());
    mock.push_script(script(serde_json::json!({"fault": "drop"})));
    let rotation = block_on(admin.rotate_access_token(&request, &[old.id.as_str()])).expect("the token is returned");
    assert!(rotation.revoke_error.as_ref().unwrap().outcome_unknown());
    assert_eq!(rotation.revoked.unknown, [old.id.as_str()]);
    // A row failure is reported, not an error.
    let rotation = block_on(admin.rotate_access_token(&request, &["0PI999999999999"])).expect("rotate");
    assert!(rotation.revoke_error.is_none());
    assert_eq!(rotation.revoked.failed[0].errors[0].kind, "INVALID_DATA");
    assert_eq!(mock.tokens().iter().filter(|t| t.active && t.name == "k").count(), 4, "three new tokens and the old one");
}

#[test]
fn orphans_are_active_never_used_tokens_with_exactly_that_name() {
    let mock = mock();
    let admin = admin_client(&mock);
    let orphan = mock.add_token(12345, "Key-2026", None).unwrap();
    mock.add_token(12345, "key-2026", None).unwrap();
    mock.add_token(12345, "Key-2026 ", None).unwrap();
    mock.add_token(12345, "Key-2026", Some("2020-01-01T00:00:00Z")).unwrap();
    mock.add_token(12346, "Key-2026", None).unwrap();
    let used = block_on(admin.generate_access_token(&TokenRequest::new(TokenTarget::me(), "Key-2026"))).unwrap();
    let bearer = builder(&mock).access_token(used.token().expose_secret()).build().unwrap();
    block_on(bearer.whoami()).unwrap();
    let found = block_on(admin.find_orphaned_tokens(&TokenTarget::user("12345"), "Key-2026")).expect("find");
    assert_eq!(found.iter().map(|t| t.id()).collect::<Vec<_>>(), [orphan.id.as_str()]);
    let err = block_on(admin.find_orphaned_tokens(&TokenTarget::sandbox("qa-sandbox"), "Key-2026")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    let err = block_on(admin.find_orphaned_tokens(&TokenTarget::me(), "")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
}

/// The recipe from the crate docs and the README, end to end: the mock mints the token and
/// drops the connection; the caller finds the orphan, revokes it, and creates again.
#[test]
fn the_orphan_recipe_recovers_from_a_lost_create() {
    let mock = mock();
    let admin = admin_client(&mock);
    let request = TokenRequest::new(TokenTarget::user("12345"), "IntegrationKey-2026-12");
    mock.push_script(script(serde_json::json!({"fault": "drop_after"})));
    let err = block_on(admin.generate_access_token(&request)).unwrap_err();
    assert!(err.outcome_unknown(), "{err}");
    assert_eq!(mock.tokens().len(), 1, "the mock made a token nobody holds");
    let lost = mock.tokens()[0].id.clone();

    let orphans = block_on(admin.find_orphaned_tokens(request.target(), request.name())).expect("find");
    let ids: Vec<&str> = orphans.iter().map(|t| t.id()).collect();
    assert_eq!(ids, [lost.as_str()]);
    let report = block_on(admin.revoke_access_tokens(&ids)).expect("revoke");
    assert!(report.is_complete());
    let token = block_on(admin.generate_access_token(&request)).expect("create again");

    assert!(mock.token(&lost).unwrap().revoked);
    let active = block_on(admin.list_access_tokens(&TokenQuery::user("12345").name(request.name()))).unwrap();
    assert_eq!(active.iter().map(|t| t.id()).collect::<Vec<_>>(), [token.id()], "exactly one token, the one we hold");
}

#[test]
fn blocking_rotate_and_find() {
    let mock = mock();
    let client = blocking::Client::from_async(admin_client(&mock));
    let old = mock.add_token(12345, "b", None).unwrap();
    let orphans = client.find_orphaned_tokens(&TokenTarget::me(), "b").expect("find");
    assert_eq!(orphans.len(), 1);
    let rotation = client.rotate_access_token(&TokenRequest::new(TokenTarget::me(), "b"), &[old.id.as_str()]).expect("rotate");
    assert!(rotation.is_complete());
}

//! Revoking tokens through the mock Vault's real Delete Object Records: per-row outcomes,
//! batches of 500, partial failures and unknown outcomes.

mod common;

use common::*;
use mock_vault::Script;
use veeva_vault_auth::secrecy::ExposeSecret;
use veeva_vault_auth::{ErrorKind, MAX_REVOKE_BATCH, RevokeReport, TokenRequest, TokenTarget, blocking};

fn script(json: serde_json::Value) -> Script {
    serde_json::from_value(json).expect("script")
}

/// Every id must land in exactly one list, in order.
fn accounted(report: &RevokeReport) -> Vec<String> {
    let mut all: Vec<String> = report.revoked.clone();
    all.extend(report.failed.iter().map(|f| f.id.clone()));
    all.extend(report.unknown.iter().cloned());
    all.extend(report.not_sent.iter().cloned());
    all.sort();
    all
}

fn fake_ids(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("0PI9{i:011}")).collect()
}

#[test]
fn each_row_has_its_own_outcome() {
    let mock = mock();
    let admin = admin_client(&mock);
    let mine = mock.add_token(12346, "limited's own", None).unwrap();
    let admins = mock.add_token(12345, "admin's", None).unwrap();
    let limited = block_on(builder(&mock).login("limited@myvault.example", PASSWORD)).expect("login");
    let before = mock.requests().len();
    let ids = [mine.id.as_str(), "0PI999999999999", admins.id.as_str()];
    let report = block_on(limited.revoke_access_tokens(&ids)).expect("top-level SUCCESS is not an error");
    assert_eq!(report.revoked, [mine.id.as_str()]);
    assert_eq!(report.failed.len(), 2);
    assert_eq!(report.failed[0].id, "0PI999999999999");
    assert_eq!(report.failed[0].errors[0].kind, "INVALID_DATA");
    assert_eq!(report.failed[1].id, admins.id);
    assert_eq!(report.failed[1].errors[0].kind, "INSUFFICIENT_ACCESS");
    assert!(report.unknown.is_empty() && report.not_sent.is_empty() && !report.is_complete());
    assert!(mock.token(&mine.id).unwrap().revoked);
    assert!(!mock.token(&admins.id).unwrap().revoked);
    let sent = &mock.requests()[before..];
    assert_eq!(sent.len(), 1);
    assert_eq!((sent[0].method.as_str(), sent[0].path.as_str()), ("DELETE", "/api/v26.2/vobjects/api_access_token__sys"));
    assert_eq!(sent[0].header("content-type"), Some("application/json"));
    let body: serde_json::Value = serde_json::from_str(&sent[0].body).unwrap();
    assert_eq!(body, serde_json::json!([{"id": mine.id}, {"id": "0PI999999999999"}, {"id": admins.id}]));
    // The admin may revoke anyone's; a revoked token no longer works.
    let report = block_on(admin.revoke_access_tokens(&[admins.id.as_str()])).expect("revoke");
    assert!(report.is_complete());
    let gone = block_on(admin.get_access_token_info(&admins.id)).unwrap_err();
    assert_eq!(gone.kind(), ErrorKind::InvalidRequest);
}

#[test]
fn a_revoked_token_stops_working() {
    let mock = mock();
    let admin = admin_client(&mock);
    let token = block_on(admin.generate_access_token(&TokenRequest::new(TokenTarget::me(), "short-lived"))).unwrap();
    let bearer = builder(&mock).access_token(token.token().expose_secret()).build().unwrap();
    block_on(bearer.whoami()).expect("works before");
    assert!(block_on(admin.revoke_access_tokens(&[token.id()])).unwrap().is_complete());
    assert_eq!(block_on(bearer.whoami()).unwrap_err().kind(), ErrorKind::InvalidSession);
}

#[test]
fn bad_id_lists_are_rejected_before_sending() {
    let mock = mock();
    let admin = admin_client(&mock);
    for ids in [vec!["0PI1", "0PI1"], vec!["0PI1", ""], vec![" 0PI1"], vec!["0PI\n1"], vec!["0PI1", "0PI2", "0PI1"]] {
        let err = block_on(admin.revoke_access_tokens(&ids)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidArgument, "{ids:?}");
        assert!(err.partial_revoke().is_none());
    }
    // A duplicate in the 501st place is caught before the first batch goes out.
    let mut many = fake_ids(501);
    many[500] = many[3].clone();
    assert_eq!(block_on(admin.revoke_access_tokens(&many)).unwrap_err().kind(), ErrorKind::InvalidArgument);
    // Nothing to revoke: nothing is sent (Vault refuses an empty body).
    let empty: [&str; 0] = [];
    assert_eq!(block_on(admin.revoke_access_tokens(&empty)).unwrap(), RevokeReport::default());
    assert!(mock.requests().is_empty());
}

#[test]
fn more_than_500_ids_go_in_batches() {
    let mock = mock();
    let admin = admin_client(&mock);
    let real = mock.add_token(12345, "real", None).unwrap();
    let mut ids = fake_ids(1000);
    ids.push(real.id.clone());
    let report = block_on(admin.revoke_access_tokens(&ids)).expect("revoke");
    assert_eq!(report.revoked, [real.id.as_str()]);
    assert_eq!(report.failed.len(), 1000);
    assert_eq!(report.failed[999].id, ids[999], "rows matched by position across batches");
    let sent = mock.requests();
    let sizes: Vec<usize> = sent
        .iter()
        .map(|r| serde_json::from_str::<serde_json::Value>(&r.body).unwrap().as_array().unwrap().len())
        .collect();
    assert_eq!(sizes, [MAX_REVOKE_BATCH, MAX_REVOKE_BATCH, 1]);
}

#[test]
fn a_later_batch_failing_keeps_the_earlier_outcomes() {
    let mock = mock();
    let admin = admin_client(&mock);
    let first = mock.add_token(12345, "first batch", None).unwrap();
    let last = mock.add_token(12345, "third batch", None).unwrap();
    let mut ids = fake_ids(1001);
    ids[0] = first.id.clone();
    ids[1000] = last.id.clone();
    // Batch 1 is handled normally; batch 2 is refused as a whole.
    mock.push_script(Script::default());
    mock.push_script(script(serde_json::json!({"body": {"responseStatus": "FAILURE",
        "errors": [{"type": "API_LIMIT_EXCEEDED", "message": "slow down"}]}})));
    let err = block_on(admin.revoke_access_tokens(&ids)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RateLimited, "{err}");
    assert!(!err.outcome_unknown());
    let report = err.partial_revoke().expect("the partial report");
    assert_eq!(report.revoked, [first.id.as_str()]);
    assert_eq!(report.failed.len(), 499 + 500, "499 unknown ids of batch 1, and batch 2 as a whole");
    assert_eq!(report.failed[499].errors[0].kind, "API_LIMIT_EXCEEDED");
    assert_eq!(report.not_sent, [last.id.as_str()]);
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(accounted(report), sorted);
    assert!(mock.token(&first.id).unwrap().revoked);
    assert!(!mock.token(&last.id).unwrap().revoked);
    assert_eq!(mock.requests().len(), 2, "the third batch was not sent");
}

#[test]
fn a_dropped_revoke_says_its_outcome_is_unknown() {
    let mock = mock();
    let admin = admin_client(&mock);
    let token = mock.add_token(12345, "dropped", None).unwrap();
    mock.push_script(script(serde_json::json!({"fault": "drop_after"})));
    let err = block_on(admin.revoke_access_tokens(&[token.id.as_str()])).unwrap_err();
    assert!(err.outcome_unknown(), "{err}");
    let report = err.partial_revoke().expect("report");
    assert_eq!(report.unknown, [token.id.as_str()]);
    assert!(report.revoked.is_empty() && report.failed.is_empty());
    // It was in fact revoked, which only a look afterwards can tell.
    assert!(mock.token(&token.id).unwrap().revoked);
    assert_eq!(mock.requests().len(), 1, "never retried");
}

#[test]
fn rows_that_do_not_match_the_ids_are_an_unknown_outcome() {
    let mock = mock();
    let admin = admin_client(&mock);
    for rows in [
        serde_json::json!([{"responseStatus": "SUCCESS", "data": {"id": "0PI000000000002"}}, {"responseStatus": "SUCCESS", "data": {"id": "0PI000000000001"}}]),
        serde_json::json!([{"responseStatus": "SUCCESS"}]),
    ] {
        mock.push_script(script(serde_json::json!({"body": {"responseStatus": "SUCCESS", "data": rows}})));
        let err = block_on(admin.revoke_access_tokens(&["0PI000000000001", "0PI000000000002"])).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Decode, "{err}");
        assert!(err.outcome_unknown());
        assert_eq!(err.partial_revoke().unwrap().unknown, ["0PI000000000001", "0PI000000000002"]);
    }
}

#[test]
fn row_messages_are_masked() {
    let mock = mock();
    let admin = admin_client(&mock);
    mock.push_script(script(serde_json::json!({"body": {"responseStatus": "SUCCESS", "data": [{"responseStatus": "FAILURE",
        "errors": [{"type": "INVALID_DATA", "message": format!("session {} is not allowed", mock_vault::ADMIN_SESSION)}]}]}})));
    let report = block_on(admin.revoke_access_tokens(&["0PI000000000001"])).unwrap();
    let message = &report.failed[0].errors[0].message;
    assert!(!message.contains(mock_vault::ADMIN_SESSION), "{message}");
    assert!(!format!("{report:?}").contains(mock_vault::ADMIN_SESSION));
}

#[test]
fn blocking_revoke() {
    let mock = mock();
    let client = blocking::Client::from_async(admin_client(&mock));
    let token = mock.add_token(12345, "blocking", None).unwrap();
    let report = client.revoke_access_tokens(&[token.id.as_str()]).expect("revoke");
    assert_eq!(report.revoked, [token.id]);
}

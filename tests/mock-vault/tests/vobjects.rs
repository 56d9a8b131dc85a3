//! Retrieve and Delete Object Records on `api_access_token__sys` over real HTTP: per-row
//! results in input order, visibility, revoked tokens gone everywhere, `drop_after`, and
//! `last_used_date__sys` on Bearer use.

mod common;

use common::*;
use mock_vault::Script;
use serde_json::{Value, json};

const PATH: &str = "/api/v26.2/vobjects/api_access_token__sys";

fn delete(mock: &MockVault, auth: &str, body: &str) -> Value {
    call(mock, "DELETE", PATH, &[("Authorization", auth), ("Content-Type", "application/json")], body)
}

fn retrieve(mock: &MockVault, auth: &str, id: &str) -> Value {
    call(mock, "GET", &format!("{PATH}/{id}"), &[("Authorization", auth)], "")
}

#[test]
fn retrieve_one_token_with_every_row_field() {
    let mock = MockVault::start().unwrap();
    let mine = mock.add_token(12345, "mine", Some("2031-07-01T16:30:00Z")).unwrap();
    let answer = retrieve(&mock, ADMIN_SESSION, &mine.id);
    assert_eq!(answer["responseStatus"], "SUCCESS", "{answer}");
    assert_eq!(
        answer["data"],
        json!({"id": mine.id, "name__v": "mine", "user__sys": "12345", "status__v": ["active__v"],
               "expiry_date__sys": "2031-07-01T16:30:00.000Z", "last_used_date__sys": null})
    );
    assert_eq!(error_type(&retrieve(&mock, ADMIN_SESSION, "0PI999999999999")), "INVALID_DATA");
    // A non-admin cannot see the admin's token; the admin can see the non-admin's.
    let limited = login(&mock, "limited@myvault.example");
    assert_eq!(error_type(&retrieve(&mock, &limited, &mine.id)), "INVALID_DATA");
    let theirs = mock.add_token(12346, "theirs", Some("2031-01-01T00:00:00Z")).unwrap();
    assert_eq!(retrieve(&mock, ADMIN_SESSION, &theirs.id)["data"]["name__v"], "theirs");
    assert_eq!(retrieve(&mock, &limited, &theirs.id)["data"]["name__v"], "theirs");
}

#[test]
fn delete_answers_one_row_per_record_in_order() {
    let mock = MockVault::start().unwrap();
    let a = mock.add_token(12345, "a", None).unwrap();
    let b = mock.add_token(12345, "b", None).unwrap();
    let keep = mock.add_token(12345, "keep", None).unwrap();
    let body = json!([{"id": a.id}, {"id": "0PI000000000999"}, {"id": b.id}, {"id": a.id}]);
    let answer = delete(&mock, ADMIN_SESSION, &body.to_string());
    assert_eq!(answer["responseStatus"], "SUCCESS", "{answer}");
    let rows = answer["data"].as_array().unwrap();
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[0], json!({"responseStatus": "SUCCESS", "data": {"id": a.id}}));
    assert_eq!(error_type(&rows[1]), "INVALID_DATA");
    assert_eq!(rows[2], json!({"responseStatus": "SUCCESS", "data": {"id": b.id}}));
    assert_eq!(error_type(&rows[3]), "INVALID_DATA", "a second delete of the same id finds nothing");

    // Revoked tokens are gone: not in queries, not retrievable, not usable.
    assert_eq!(names(&query(&mock, ADMIN_SESSION, ALL)), ["keep"]);
    assert_eq!(error_type(&retrieve(&mock, ADMIN_SESSION, &a.id)), "INVALID_DATA");
    let bearer = format!("Bearer {}", a.value);
    assert_eq!(error_type(&call(&mock, "GET", "/api/v26.2/objects/users/me", &[("Authorization", &bearer)], "")), "INVALID_SESSION_ID");
    assert!(mock.token(&a.id).unwrap().revoked);
    assert!(!mock.token(&keep.id).unwrap().revoked);
}

#[test]
fn another_users_token_is_an_insufficient_access_row_for_non_admins() {
    let mock = MockVault::start().unwrap();
    let admins = mock.add_token(12345, "admin's", None).unwrap();
    let own = mock.add_token(12346, "own", Some("2031-01-01T00:00:00Z")).unwrap();
    let limited = login(&mock, "limited@myvault.example");
    let answer = delete(&mock, &limited, &json!([{"id": admins.id}, {"id": own.id}]).to_string());
    assert_eq!(answer["responseStatus"], "SUCCESS", "{answer}");
    assert_eq!(error_type(&answer["data"][0]), "INSUFFICIENT_ACCESS");
    assert_eq!(answer["data"][1]["responseStatus"], "SUCCESS");
    assert!(!mock.token(&admins.id).unwrap().revoked);
    // The admin may revoke anyone's.
    let other = mock.add_token(12346, "other", Some("2031-01-01T00:00:00Z")).unwrap();
    let answer = delete(&mock, ADMIN_SESSION, &json!([{"id": other.id}]).to_string());
    assert_eq!(answer["data"][0]["responseStatus"], "SUCCESS");
}

#[test]
fn malformed_batches_fail_as_a_whole() {
    let mock = MockVault::start().unwrap();
    let t = mock.add_token(12345, "t", None).unwrap();
    let too_many: Vec<Value> = (0..501).map(|_| json!({"id": t.id})).collect();
    let not_records = json!([{"id": t.id}, {"name": "no id"}]).to_string();
    let number_id = json!([{"id": t.id}, {"id": 7}]).to_string();
    let bare_ids = json!([t.id]).to_string();
    for body in ["", "[]", "{\"id\":\"x\"}", "not json", &Value::Array(too_many).to_string(), &not_records, &number_id, &bare_ids] {
        assert_eq!(error_type(&delete(&mock, ADMIN_SESSION, body)), "INVALID_DATA", "{body:.40}");
    }
    assert!(!mock.token(&t.id).unwrap().revoked);
    // 500 is allowed (all but the first are already gone).
    let five_hundred: Vec<Value> = (0..500).map(|_| json!({"id": t.id})).collect();
    let answer = delete(&mock, ADMIN_SESSION, &Value::Array(five_hundred).to_string());
    assert_eq!(answer["data"].as_array().unwrap().len(), 500);
    assert_eq!(error_type(&delete(&mock, "dead-session", &json!([{"id": t.id}]).to_string())), "INVALID_SESSION_ID");
    // `POST …?_method=DELETE` is the documented alternative for clients without DELETE bodies.
    let u = mock.add_token(12345, "u", None).unwrap();
    let answer = call(
        &mock,
        "POST",
        &format!("{PATH}?_method=DELETE"),
        &[("Authorization", ADMIN_SESSION), ("Content-Type", "application/json")],
        &json!([{"id": u.id}]).to_string(),
    );
    assert_eq!(answer["data"][0]["responseStatus"], "SUCCESS", "{answer}");
}

#[test]
fn drop_after_handles_the_request_then_drops_the_connection() {
    let mock = MockVault::start().unwrap();
    let t = mock.add_token(12345, "t", None).unwrap();
    mock.push_script(Script { fault: Some("drop_after".into()), ..Script::default() });
    let answer = send(&mock, "DELETE", PATH, &[("Authorization", ADMIN_SESSION), ("Content-Type", "application/json")], &json!([{"id": t.id}]).to_string());
    assert!(answer.is_none(), "no answer");
    assert!(mock.token(&t.id).unwrap().revoked, "but the delete happened");

    mock.push_script(Script { fault: Some("drop_after".into()), ..Script::default() });
    let minted = send(
        &mock,
        "POST",
        "/api/v26.2/objects/users/me/api_access_token__sys",
        &[("Authorization", ADMIN_SESSION), ("Content-Type", "application/x-www-form-urlencoded")],
        "name__v=orphan",
    );
    assert!(minted.is_none());
    assert_eq!(names(&query(&mock, ADMIN_SESSION, &format!("{ALL} WHERE name__v = 'orphan'"))), ["orphan"]);

    // Plain "drop" does not handle the request.
    mock.push_script(Script { fault: Some("drop".into()), ..Script::default() });
    let u = mock.add_token(12345, "u", None).unwrap();
    assert!(send(&mock, "DELETE", PATH, &[("Authorization", ADMIN_SESSION), ("Content-Type", "application/json")], &json!([{"id": u.id}]).to_string()).is_none());
    assert!(!mock.token(&u.id).unwrap().revoked);
}

#[test]
fn bearer_use_sets_last_used_date() {
    let mock = MockVault::start().unwrap();
    let t = mock.add_token(12345, "used", None).unwrap();
    let before = retrieve(&mock, ADMIN_SESSION, &t.id);
    assert_eq!(before["data"]["last_used_date__sys"], Value::Null);
    let bearer = format!("Bearer {}", t.value);
    let me = call(&mock, "GET", "/api/v26.2/objects/users/me", &[("Authorization", &bearer)], "");
    assert_eq!(me["responseStatus"], "SUCCESS");
    let after = retrieve(&mock, ADMIN_SESSION, &t.id);
    let used = after["data"]["last_used_date__sys"].as_str().expect("set").to_owned();
    // 2026-12-02T10:11:12.000Z, today.
    assert_eq!(used.len(), 24, "{used}");
    assert!(used.ends_with('Z') && used.as_bytes()[19] == b'.', "{used}");
    let today = time::OffsetDateTime::now_utc().date().to_string();
    assert!(used.starts_with(&today), "{used} vs {today}");
    assert_eq!(mock.token(&t.id).unwrap().last_used.as_deref(), Some(used.as_str()));
}

#[test]
fn forget_revoked_drops_revoked_records_and_never_reuses_an_id() {
    let mut fixtures = mock_vault::Fixtures::default();
    fixtures.forget_revoked = true;
    let mock = MockVault::start_with(fixtures).unwrap();
    let keep = mock.add_token(12345, "keep", None).unwrap();
    let mut seen = std::collections::HashSet::from([keep.id.clone()]);
    // More rounds than the 25-token limit, each revoked before the next: the records do not pile up.
    for round in 0..40 {
        let made = call(
            &mock,
            "POST",
            "/api/v26.2/objects/users/12345/api_access_token__sys",
            &[("Authorization", ADMIN_SESSION), ("Content-Type", "application/x-www-form-urlencoded")],
            &form(&[("name__v", "soak")]),
        );
        let id = made["data"]["id"].as_str().unwrap_or_else(|| panic!("round {round}: {made}")).to_owned();
        assert!(seen.insert(id.clone()), "round {round}: id {id} minted twice");
        let answer = delete(&mock, ADMIN_SESSION, &json!([{"id": id}]).to_string());
        assert_eq!(answer["data"][0], json!({"responseStatus": "SUCCESS", "data": {"id": id}}));
        let left: Vec<String> = mock.tokens().into_iter().map(|t| t.id).collect();
        assert_eq!(left, [keep.id.clone()], "round {round}");
        assert_eq!(error_type(&retrieve(&mock, ADMIN_SESSION, &id)), "INVALID_DATA");
    }
    assert_eq!(names(&query(&mock, ADMIN_SESSION, ALL)), ["keep"]);
}

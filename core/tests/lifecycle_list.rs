//! Listing and inspecting tokens, and whoami, through the mock Vault's real `/query`,
//! `/vobjects` and `/objects/users/me`.

mod common;

use std::time::Duration;

use common::*;
use mock_vault::Script;
use veeva_vault_auth::secrecy::ExposeSecret;
use veeva_vault_auth::{ErrorKind, TokenQuery, TokenRequest, TokenTarget, blocking};

fn form_q(request: &mock_vault::Request) -> String {
    url::form_urlencoded::parse(request.body.as_bytes())
        .find(|(k, _)| k == "q")
        .map(|(_, v)| v.into_owned())
        .expect("a q field")
}

fn script(json: serde_json::Value) -> Script {
    serde_json::from_value(json).expect("script")
}

#[test]
fn lists_a_users_active_tokens_with_parsed_dates() {
    let mock = mock();
    let admin = admin_client(&mock);
    let kept = mock.add_token(12345, "IntegrationKey", Some("2031-12-31T12:00:00Z")).unwrap();
    mock.add_token(12345, "Expired", Some("2020-01-01T00:00:00Z")).unwrap();
    mock.add_token(12346, "Limited's", None).unwrap();
    let tokens = block_on(admin.list_access_tokens(&TokenQuery::user("12345"))).expect("list");
    assert_eq!(tokens.len(), 1, "{tokens:?}");
    let t = &tokens[0];
    assert_eq!((t.id(), t.name(), t.user_id(), t.status()), (kept.id.as_str(), "IntegrationKey", "12345", "active__v"));
    assert!(t.is_active());
    assert_eq!(t.expiry().map(|e| e.unix_timestamp()), Some(1_956_484_800));
    assert_eq!(t.last_used(), None);
    let sent = mock.requests();
    assert_eq!(sent.len(), 1);
    assert_eq!((sent[0].method.as_str(), sent[0].path.as_str()), ("POST", "/api/v26.2/query"));
    assert_eq!(sent[0].header("content-type"), Some("application/x-www-form-urlencoded"));
    assert_eq!(
        form_q(&sent[0]),
        "SELECT id, name__v, user__sys, status__v, expiry_date__sys, last_used_date__sys FROM api_access_token__sys \
         WHERE user__sys = '12345' AND status__v = 'active__v'"
    );
    // With inactive ones: the expired token shows as inactive__v.
    let all = block_on(admin.list_access_tokens(&TokenQuery::user("12345").include_inactive(true))).expect("list");
    let expired = all.iter().find(|t| t.name() == "Expired").expect("expired token listed");
    assert!(!expired.is_active());
    assert_eq!(expired.status(), "inactive__v");
}

#[test]
fn names_with_quotes_backslashes_and_unicode_match_exactly() {
    let mock = mock();
    let admin = admin_client(&mock);
    let tricky = ["x' OR name__v != 'y", r"C:\keys\'prod", "say \"hi\"", "Schlüssel 鍵 ✓"];
    for name in tricky {
        mock.add_token(12345, name, None).unwrap();
    }
    mock.add_token(12345, "y", None).unwrap();
    for name in tricky {
        let found = block_on(admin.list_access_tokens(&TokenQuery::user("12345").name(name))).expect("list");
        let names: Vec<&str> = found.iter().map(|t| t.name()).collect();
        assert_eq!(names, [name], "exactly the token named {name:?}");
    }
    let last = mock.requests().pop().unwrap();
    assert!(form_q(&last).ends_with("AND name__v = 'Schlüssel 鍵 ✓'"), "{}", form_q(&last));
    let injected = &mock.requests()[0];
    assert!(form_q(injected).ends_with(r"AND name__v = 'x\' OR name__v != \'y'"), "{}", form_q(injected));
}

#[test]
fn bad_query_input_is_rejected_before_sending() {
    let mock = mock();
    let admin = admin_client(&mock);
    for query in [
        TokenQuery::user(""),
        TokenQuery::user(" 12345"),
        TokenQuery::user("12345").name("a\nb"),
        TokenQuery::user("12345").name("   "),
        TokenQuery::user("12345").name("x".repeat(129)),
        TokenQuery::user("12\u{202E}345"),
    ] {
        let err = block_on(admin.list_access_tokens(&query)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidArgument, "{query:?}: {err}");
    }
    let err = block_on(admin.get_access_token_info("0PI/../x\n")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    assert!(mock.requests().is_empty());
}

#[test]
fn pages_are_followed_on_the_same_origin() {
    let mock = mock();
    let admin = admin_client(&mock);
    mock.set_page_size(2);
    for i in 0..5 {
        mock.add_token(12345, &format!("k{i}"), None).unwrap();
    }
    let tokens = block_on(admin.list_access_tokens(&TokenQuery::user("12345"))).expect("list");
    let mut names: Vec<&str> = tokens.iter().map(|t| t.name()).collect();
    names.sort();
    assert_eq!(names, ["k0", "k1", "k2", "k3", "k4"]);
    let sent = mock.requests();
    assert_eq!(sent.len(), 3);
    for page in &sent[1..] {
        assert_eq!(page.method, "GET");
        assert!(page.path.starts_with("/api/v26.2/query/"), "{}", page.path);
        assert_eq!(page.header("authorization"), Some(mock_vault::ADMIN_SESSION));
    }
}

#[test]
fn a_next_page_to_another_host_is_refused_without_sending() {
    let mock = mock();
    let admin = admin_client(&mock);
    mock.add_token(12345, "k", None).unwrap();
    for next in ["http://evil.example/api/v26.2/query/x", "//evil.example/api/v26.2/query/x", "/auth"] {
        mock.push_script(script(serde_json::json!({"next_page": next})));
        let err = block_on(admin.list_access_tokens(&TokenQuery::user("12345"))).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Decode, "{next}: {err}");
        assert!(err.message().contains("next_page"), "{err}");
    }
    assert_eq!(mock.requests().len(), 3, "only the three first pages were asked for");
}

#[test]
fn a_repeated_next_page_stops_the_listing() {
    let mock = mock();
    let admin = admin_client(&mock);
    mock.add_token(12345, "k", None).unwrap();
    let next = "/api/v26.2/query/loop?pagesize=1000&pageoffset=0";
    mock.push_script(script(serde_json::json!({"next_page": next})));
    // The followed page (an unknown query id to the mock) is answered with a canned page that
    // links to itself again.
    mock.push_script(script(serde_json::json!({"body": {
        "responseStatus": "SUCCESS", "responseDetails": {"next_page": next}, "data": []
    }})));
    let err = block_on(admin.list_access_tokens(&TokenQuery::user("12345"))).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode, "{err}");
    assert!(err.message().contains("twice"), "{err}");
    assert_eq!(mock.requests().len(), 2);
}

#[test]
fn the_page_cap_stops_an_endless_listing() {
    let mock = mock();
    let admin = admin_client(&mock);
    mock.set_page_size(1);
    for i in 0..101 {
        mock.add_token(12345, &format!("k{i}"), None).unwrap();
    }
    let err = block_on(admin.list_access_tokens(&TokenQuery::user("12345"))).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode, "{err}");
    assert!(err.message().contains("100 pages"), "{err}");
    assert_eq!(mock.requests().len(), 100);
    // 100 pages are fine.
    mock.set_page_size(2);
    let tokens = block_on(admin.list_access_tokens(&TokenQuery::user("12345"))).expect("51 pages");
    assert_eq!(tokens.len(), 101);
}

#[test]
fn one_deadline_covers_every_page() {
    let mock = mock();
    let admin = builder(&mock).session_id(mock_vault::ADMIN_SESSION).timeout(Duration::from_millis(900)).build().unwrap();
    mock.set_page_size(1);
    for i in 0..4 {
        mock.add_token(12345, &format!("k{i}"), None).unwrap();
        // Each page alone is well within the timeout; together they are not.
        mock.push_script(script(serde_json::json!({"delay_ms": 350})));
    }
    let started = std::time::Instant::now();
    let err = block_on(admin.list_access_tokens(&TokenQuery::user("12345"))).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
    assert!(!err.outcome_unknown(), "a listing changes nothing");
    assert!(started.elapsed() < Duration::from_millis(1300), "{:?}", started.elapsed());
    assert_eq!(mock.requests().len(), 3);
}

#[test]
fn unreadable_rows_and_dates_are_decode_errors() {
    let mock = mock();
    let admin = admin_client(&mock);
    let row = |expiry: serde_json::Value| {
        serde_json::json!({"body": {"responseStatus": "SUCCESS", "responseDetails": {"size": 1}, "data": [{
            "id": "0PI000000000001", "name__v": "k", "user__sys": "12345", "status__v": ["active__v"],
            "expiry_date__sys": expiry, "last_used_date__sys": null
        }]}})
    };
    for bad in [serde_json::json!("2026-12-31"), serde_json::json!("31/12/2026 12:00"), serde_json::json!(20261231)] {
        mock.push_script(script(row(bad.clone())));
        let err = block_on(admin.list_access_tokens(&TokenQuery::user("12345"))).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Decode, "{bad}: {err}");
        assert!(err.message().contains("expiry_date__sys"), "{err}");
    }
    mock.push_script(script(row(serde_json::json!("2026-12-31T12:00:00.000Z"))));
    let ok = block_on(admin.list_access_tokens(&TokenQuery::user("12345"))).expect("a good date");
    assert_eq!(ok[0].expiry().map(|e| e.unix_timestamp()), Some(1_798_718_400));
    mock.push_script(script(serde_json::json!({"body": {"responseStatus": "SUCCESS"}})));
    let err = block_on(admin.list_access_tokens(&TokenQuery::user("12345"))).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode, "no data list: {err}");
}

#[test]
fn me_is_the_login_user_or_else_whoami() {
    let mock = mock();
    mock.add_token(12346, "mine", Some("2031-01-01T00:00:00Z")).unwrap();
    mock.add_token(12345, "admin's", None).unwrap();
    // Logged in: the session's userId, no extra call.
    let limited = block_on(builder(&mock).login("limited@myvault.example", PASSWORD)).expect("login");
    let before = mock.requests().len();
    let mine = block_on(limited.list_access_tokens(&TokenQuery::me())).expect("list");
    assert_eq!(mine.iter().map(|t| t.name()).collect::<Vec<_>>(), ["mine"]);
    let sent = mock.requests();
    assert_eq!(sent.len(), before + 1);
    assert!(form_q(&sent[before]).contains("user__sys = '12346'"));
    // A non-admin asking for someone else's tokens sees none of them.
    assert!(block_on(limited.list_access_tokens(&TokenQuery::user("12345"))).expect("list").is_empty());
    // Built from a session id: whoami first.
    let admin = admin_client(&mock);
    let before = mock.requests().len();
    let admins = block_on(admin.list_access_tokens(&TokenQuery::user("me"))).expect("list");
    assert_eq!(admins.iter().map(|t| t.name()).collect::<Vec<_>>(), ["admin's"]);
    let sent = &mock.requests()[before..];
    assert_eq!(sent.len(), 2);
    assert_eq!((sent[0].method.as_str(), sent[0].path.as_str()), ("GET", "/api/v26.2/objects/users/me"));
    assert!(form_q(&sent[1]).contains("user__sys = '12345'"));
}

#[test]
fn whoami_reads_the_documented_fields() {
    let mock = mock();
    let user = block_on(admin_client(&mock).whoami()).expect("whoami");
    assert_eq!(user.id(), "12345");
    assert_eq!(user.username(), ADMIN_USER);
    assert_eq!(user.email(), Some(ADMIN_USER));
    assert_eq!((user.first_name(), user.last_name()), (Some("Ada"), Some("Admin")));
    assert_eq!((user.timezone(), user.locale()), (Some("Etc/UTC"), Some("en_US")));
    assert_eq!((user.security_profile(), user.license_type()), (Some("system_admin__v"), Some("full__v")));
    assert_eq!(user.active(), Some(true));
    assert!(user.meta().execution_id.is_some());
    // Another user: their own record.
    let limited = block_on(builder(&mock).login("limited@myvault.example", PASSWORD)).expect("login");
    let user = block_on(limited.whoami()).expect("whoami");
    assert_eq!((user.id(), user.timezone()), ("12346", Some("America/New_York")));
    assert_eq!(user.security_profile(), Some("document_user__v"));
    let stranger = builder(&mock).session_id("dead-session").build().unwrap();
    assert_eq!(block_on(stranger.whoami()).unwrap_err().kind(), ErrorKind::InvalidSession);
}

#[test]
fn one_token_is_retrieved_by_id_and_shows_its_last_use() {
    let mock = mock();
    let admin = admin_client(&mock);
    let token = block_on(admin.generate_access_token(&TokenRequest::new(TokenTarget::me(), "used"))).expect("token");
    let info = block_on(admin.get_access_token_info(token.id())).expect("info");
    assert_eq!((info.id(), info.name(), info.user_id()), (token.id(), "used", "12345"));
    assert_eq!(info.last_used(), None);
    // Used as a Bearer credential, it shows a last use.
    let bearer = builder(&mock).access_token(token.token().expose_secret()).build().unwrap();
    block_on(bearer.whoami()).expect("whoami with the token");
    let info = block_on(admin.get_access_token_info(token.id())).expect("info");
    let used = info.last_used().expect("last used is set");
    assert!((time::OffsetDateTime::now_utc() - used).whole_seconds().abs() < 60);
    let sent = mock.requests();
    assert_eq!(sent.last().unwrap().path, format!("/api/v26.2/vobjects/api_access_token__sys/{}", token.id()));
    // An answer for another record than the one asked for is not taken for it.
    mock.push_script(script(serde_json::json!({"body": {"responseStatus": "SUCCESS", "data": {
        "id": "0PI000000000002", "name__v": "other", "user__sys": "12345", "status__v": ["active__v"]}}})));
    let err = block_on(admin.get_access_token_info(token.id())).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode, "{err}");
    let err = block_on(admin.get_access_token_info("0PI999999999999")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidRequest, "{err}");
    assert_eq!(err.vault_errors()[0].kind, "INVALID_DATA");
}

#[test]
fn blocking_twins_list_inspect_and_whoami() {
    let mock = mock();
    let client = blocking::Client::from_async(admin_client(&mock));
    let added = mock.add_token(12345, "blocking", None).unwrap();
    let listed = client.list_access_tokens(&TokenQuery::me().name("blocking")).expect("list");
    assert_eq!(listed.len(), 1);
    assert_eq!(client.get_access_token_info(&added.id).expect("info").name(), "blocking");
    assert_eq!(client.whoami().expect("whoami").id(), "12345");
}

#[test]
fn read_only_calls_never_leave_an_unknown_outcome() {
    let mock = mock();
    let admin = admin_client(&mock);
    for _ in 0..3 {
        mock.push_script(script(serde_json::json!({"fault": "drop"})));
    }
    let list = block_on(admin.list_access_tokens(&TokenQuery::user("12345"))).unwrap_err();
    let info = block_on(admin.get_access_token_info("0PI000000000001")).unwrap_err();
    let who = block_on(admin.whoami()).unwrap_err();
    for err in [list, info, who] {
        assert_eq!(err.kind(), ErrorKind::Transport, "{err}");
        assert!(!err.outcome_unknown(), "{err}");
    }
}

//! `/query` over real HTTP: the row shape, VQL literals and injection attempts, syntax errors,
//! paging through `next_page` (GET and POST), visibility, and the `next_page` script field.

mod common;

use common::*;
use mock_vault::Script;
use serde_json::Value;

#[test]
fn rows_have_the_documented_shape() {
    let mock = MockVault::start().unwrap();
    let forever = mock.add_token(12345, "forever", None).unwrap();
    mock.add_token(12345, "dated", Some("2031-07-01T16:30:00Z")).unwrap();
    mock.add_token(12345, "expired", Some("2020-01-01T00:00:00Z")).unwrap();
    let answer = query(&mock, ADMIN_SESSION, &format!("{ALL} WHERE user__sys = '12345'"));
    assert_eq!(names(&answer), ["dated", "expired", "forever"]);
    let rows = answer["data"].as_array().unwrap();
    let row = |name: &str| rows.iter().find(|r| r["name__v"] == name).unwrap().clone();
    let f = row("forever");
    assert_eq!(f["id"], forever.id.as_str());
    assert_eq!(f["user__sys"], "12345");
    assert_eq!(f["status__v"], serde_json::json!(["active__v"]));
    assert_eq!(f["expiry_date__sys"], Value::Null);
    assert_eq!(f["last_used_date__sys"], Value::Null);
    assert_eq!(row("dated")["expiry_date__sys"], "2031-07-01T16:30:00.000Z");
    assert_eq!(row("expired")["status__v"], serde_json::json!(["inactive__v"]));
    let details = &answer["responseDetails"];
    assert_eq!((details["pagesize"].as_u64(), details["pageoffset"].as_u64()), (Some(1000), Some(0)));
    assert_eq!((details["size"].as_u64(), details["total"].as_u64()), (Some(3), Some(3)));
    assert!(details.get("next_page").is_none() && details.get("previous_page").is_none());

    // Only the selected fields come back; conditions combine with AND.
    let answer = query(&mock, ADMIN_SESSION, "SELECT id, name__v FROM api_access_token__sys WHERE status__v = 'active__v' AND name__v != 'dated'");
    assert_eq!(names(&answer), ["forever"]);
    assert_eq!(answer["data"][0].as_object().unwrap().len(), 2);
}

#[test]
fn literals_use_vaults_escapes_and_injection_stays_a_literal() {
    let mock = MockVault::start().unwrap();
    let tricky = "x' OR name__v != 'y";
    mock.add_token(12345, tricky, None).unwrap();
    mock.add_token(12345, "y", None).unwrap();
    mock.add_token(12345, "it's", None).unwrap();
    mock.add_token(12345, "back\\slash \"quoted\"\ttab\nline\rcr", None).unwrap();

    let escaped = r"x\' OR name__v != \'y";
    assert_eq!(names(&query(&mock, ADMIN_SESSION, &format!("{ALL} WHERE name__v = '{escaped}'"))), [tricky]);
    // The same characters unescaped are not an OR (which the subset lacks): a syntax error.
    let injected = query(&mock, ADMIN_SESSION, &format!("{ALL} WHERE name__v = '{tricky}'"));
    assert_eq!(error_type(&injected), "INCORRECT_QUERY_SYNTAX_ERROR");
    // The classic `' OR '1' = '1` is one literal too when escaped, and matches nothing.
    assert_eq!(names(&query(&mock, ADMIN_SESSION, &format!("{ALL} WHERE name__v = 'a\\' OR \\'1\\' = \\'1'"))).len(), 0);

    for literal in [r"'it\'s'", "'it''s'"] {
        assert_eq!(names(&query(&mock, ADMIN_SESSION, &format!("{ALL} WHERE name__v = {literal}"))), ["it's"]);
    }
    let all_escapes = r#"'back\\slash \"quoted\"\ttab\nline\rcr'"#;
    assert_eq!(
        names(&query(&mock, ADMIN_SESSION, &format!("{ALL} WHERE name__v = {all_escapes}"))),
        ["back\\slash \"quoted\"\ttab\nline\rcr"]
    );
    assert_eq!(mock_vault::vql_unescape_literal(all_escapes).as_deref(), Some("back\\slash \"quoted\"\ttab\nline\rcr"));
    assert_eq!(mock_vault::vql_unescape_literal(&format!("'{escaped}'")).as_deref(), Some(tricky));
    assert_eq!(mock_vault::vql_unescape_literal("'unterminated"), None);

    // Values are case-sensitive; keywords and field names are not.
    assert_eq!(names(&query(&mock, ADMIN_SESSION, "select NAME__V from api_access_token__sys where name__v = 'Y'")).len(), 0);
    assert_eq!(names(&query(&mock, ADMIN_SESSION, "select name__v FROM Api_Access_Token__Sys WHERE NAME__V = 'y'")), ["y"]);
}

#[test]
fn anything_outside_the_subset_is_a_syntax_error() {
    let mock = MockVault::start().unwrap();
    for bad in [
        "SELECT id FROM users__sys",
        "SELECT secret__v FROM api_access_token__sys",
        "SELECT id FROM api_access_token__sys WHERE token__sys = 'x'",
        "SELECT id FROM api_access_token__sys WHERE name__v = 'a' OR name__v = 'b'",
        "SELECT id FROM api_access_token__sys WHERE name__v LIKE 'a%'",
        "SELECT id FROM api_access_token__sys WHERE name__v IN ('a')",
        "SELECT id FROM api_access_token__sys WHERE name__v = 'a\\%'",
        "SELECT id FROM api_access_token__sys WHERE name__v = 'open",
        "SELECT id FROM api_access_token__sys ORDER BY id",
        "SELECT * FROM api_access_token__sys",
    ] {
        assert_eq!(error_type(&query(&mock, ADMIN_SESSION, bad)), "INCORRECT_QUERY_SYNTAX_ERROR", "{bad}");
    }
    let no_q = call(
        &mock,
        "POST",
        "/api/v26.2/query",
        &[("Authorization", ADMIN_SESSION), ("Content-Type", "application/x-www-form-urlencoded")],
        "",
    );
    assert_eq!(error_type(&no_q), "PARAMETER_REQUIRED");
    assert_eq!(error_type(&query(&mock, "not-a-session", ALL)), "INVALID_SESSION_ID");
}

/// Follows `next_page` with GET (as the core does) or POST.
fn follow(mock: &MockVault, link: &str, post: bool) -> Value {
    let method = if post { "POST" } else { "GET" };
    call(mock, method, link, &[("Authorization", ADMIN_SESSION), ("Content-Type", "application/x-www-form-urlencoded")], "")
}

#[test]
fn pages_follow_next_page_by_get_or_post() {
    let mock = MockVault::start().unwrap();
    mock.set_page_size(2);
    for i in 0..5 {
        mock.add_token(12345, &format!("t{i}"), None).unwrap();
    }
    let first = query(&mock, ADMIN_SESSION, ALL);
    let details = &first["responseDetails"];
    assert_eq!((details["size"].as_u64(), details["total"].as_u64(), details["pagesize"].as_u64()), (Some(2), Some(5), Some(2)));
    let link = details["next_page"].as_str().unwrap().to_owned();
    assert!(link.starts_with("/api/v26.2/query/") && link.ends_with("?pagesize=2&pageoffset=2"), "{link}");

    let mut seen = names(&first);
    let second = follow(&mock, &link, false);
    assert_eq!(second["responseDetails"]["pageoffset"], 2);
    assert_eq!(second["responseDetails"]["previous_page"].as_str().unwrap(), link.replace("pageoffset=2", "pageoffset=0"));
    seen.extend(names(&second));
    let third = follow(&mock, second["responseDetails"]["next_page"].as_str().unwrap(), true);
    assert_eq!(third["responseDetails"]["size"], 1);
    assert!(third["responseDetails"].get("next_page").is_none());
    seen.extend(names(&third));
    seen.sort();
    assert_eq!(seen, ["t0", "t1", "t2", "t3", "t4"]);

    // `pagesize` in the link is honoured, and the links it makes keep it.
    let wide = follow(&mock, &link.replace("pagesize=2&pageoffset=2", "pagesize=3&pageoffset=0"), false);
    assert_eq!(wide["data"].as_array().unwrap().len(), 3);
    assert!(wide["responseDetails"]["next_page"].as_str().unwrap().ends_with("?pagesize=3&pageoffset=3"));

    let unknown = follow(&mock, "/api/v26.2/query/no-such-query?pagesize=2&pageoffset=2", false);
    assert_eq!(error_type(&unknown), "INVALID_DATA");
    assert_eq!(error_type(&follow(&mock, &link.replace("pagesize=2", "pagesize=0"), false)), "INVALID_DATA");
    // Another user cannot page through the admin's result set.
    let limited = login(&mock, "limited@myvault.example");
    let theirs = call(&mock, "GET", &link, &[("Authorization", &limited)], "");
    assert_eq!(error_type(&theirs), "INVALID_DATA");
}

#[test]
fn non_admins_see_only_their_own_tokens() {
    let mock = MockVault::start().unwrap();
    mock.add_token(12345, "admin's", None).unwrap();
    mock.add_token(12346, "limited's", Some("2031-01-01T00:00:00Z")).unwrap();
    assert_eq!(names(&query(&mock, ADMIN_SESSION, ALL)), ["admin's", "limited's"]);
    let limited = login(&mock, "limited@myvault.example");
    assert_eq!(names(&query(&mock, &limited, ALL)), ["limited's"]);
    assert_eq!(names(&query(&mock, &format!("Bearer {limited}"), &format!("{ALL} WHERE user__sys = '12345'"))).len(), 0);
}

#[test]
fn script_next_page_replaces_or_adds_the_link() {
    let mock = MockVault::start().unwrap();
    mock.add_token(12345, "one", None).unwrap();
    let evil = "http://evil.example/api/v26.2/query/x";
    mock.push_script(Script { next_page: Some(evil.into()), ..Script::default() });
    let answer = query(&mock, ADMIN_SESSION, ALL);
    assert_eq!(answer["responseDetails"]["next_page"], evil);
    assert_eq!(names(&answer), ["one"]);
    // Consumed: the next query is the mock's own answer again.
    assert!(query(&mock, ADMIN_SESSION, ALL)["responseDetails"].get("next_page").is_none());
}

#[test]
fn script_next_page_makes_a_loop_from_a_real_link() {
    let mock = MockVault::start().unwrap();
    mock.set_page_size(1);
    for name in ["a", "b", "c"] {
        mock.add_token(12345, name, None).unwrap();
    }
    let link = query(&mock, ADMIN_SESSION, ALL)["responseDetails"]["next_page"].as_str().unwrap().to_owned();
    mock.push_script(Script { next_page: Some(link.clone()), ..Script::default() });
    let second = follow(&mock, &link, false);
    assert_eq!(second["responseDetails"]["next_page"], link.as_str(), "the same link again");
    assert_eq!(second["data"].as_array().unwrap().len(), 1);
}

#[test]
fn get_with_q_in_the_query_string_also_queries() {
    let mock = MockVault::start().unwrap();
    mock.add_token(12345, "x", None).unwrap();
    let path = format!("/api/v26.2/query?{}", form(&[("q", "SELECT name__v FROM api_access_token__sys WHERE name__v = 'x'")]));
    assert_eq!(names(&call(&mock, "GET", &path, &[("Authorization", ADMIN_SESSION)], "")), ["x"]);
}

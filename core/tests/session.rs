//! Session helpers against the mock: keep-alive, logout (and the local refusal after it), and
//! the API version list. OAuth logins are in `oauth.rs`.

mod common;

use common::*;
use mock_vault::Script;
use serde_json::json;
use veeva_vault_auth::{ErrorKind, TokenQuery, TokenRequest, TokenTarget, blocking};

#[test]
fn keep_alive_posts_with_the_session() {
    let mock = mock();
    let client = admin_client(&mock);
    block_on(client.keep_alive()).expect("keep-alive");
    let sent = &mock.requests()[0];
    assert_eq!((sent.method.as_str(), sent.path.as_str()), ("POST", "/api/v26.2/keep-alive"));
    assert_eq!(sent.header("authorization"), Some(mock_vault::ADMIN_SESSION));
    assert_eq!(sent.body, "");
}

#[test]
fn keep_alive_on_a_dead_session_is_invalid_session() {
    let mock = mock();
    let client = builder(&mock).session_id("NO-SUCH-SESSION").build().unwrap();
    let err = block_on(client.keep_alive()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidSession, "{err}");
    // Only logout() closes the client locally.
    assert!(!client.is_logged_out());
}

#[test]
fn logout_ends_the_session_and_every_clone_refuses_later_calls() {
    let mock = mock();
    let client = block_on(builder(&mock).login(ADMIN_USER, PASSWORD)).expect("login");
    let clone = client.clone();
    block_on(client.logout()).expect("logout");
    let sent = mock.requests();
    let last = sent.last().unwrap();
    assert_eq!((last.method.as_str(), last.path.as_str()), ("DELETE", "/api/v26.2/session"));
    let before = sent.len();
    assert!(client.is_logged_out() && clone.is_logged_out());
    let request = TokenRequest::new(TokenTarget::me(), "after logout");
    let failures = [
        block_on(client.keep_alive()).unwrap_err(),
        block_on(clone.keep_alive()).unwrap_err(),
        block_on(clone.logout()).unwrap_err(),
        block_on(clone.api_versions()).unwrap_err(),
        block_on(clone.check_api_version()).unwrap_err(),
        block_on(clone.generate_access_token(&request)).unwrap_err(),
        block_on(clone.whoami()).unwrap_err(),
        block_on(clone.list_access_tokens(&TokenQuery::me())).unwrap_err(),
        block_on(clone.revoke_access_tokens(&["0PI000000000001"])).unwrap_err(),
    ];
    for err in failures {
        assert_eq!(err.kind(), ErrorKind::InvalidArgument, "{err}");
        assert!(err.message().contains("logout"), "{err}");
        assert!(!err.outcome_unknown());
    }
    assert_eq!(mock.requests().len(), before, "nothing is sent after logout");
    // Vault really ended it: the same session id in a new client is refused by the server.
    let session_id = client.session().unwrap().session_id().clone();
    use veeva_vault_auth::secrecy::ExposeSecret;
    let again = builder(&mock).session_id(session_id.expose_secret()).build().unwrap();
    assert_eq!(block_on(again.keep_alive()).unwrap_err().kind(), ErrorKind::InvalidSession);
    // Logging in again gives a fresh, usable client.
    let fresh = block_on(client.login(ADMIN_USER, PASSWORD)).expect("login again");
    assert!(!fresh.is_logged_out());
    block_on(fresh.keep_alive()).expect("keep-alive on the new session");
}

#[test]
fn blocking_logout_stops_every_thread_and_the_async_client() {
    let mock = mock();
    let client = blocking::Client::new(builder(&mock).session_id(mock_vault::ADMIN_SESSION)).unwrap();
    client.keep_alive().expect("keep-alive");
    // Another thread has its own connection (and per-thread copy of the client) before the logout.
    let other = client.clone();
    std::thread::spawn(move || other.keep_alive()).join().unwrap().expect("keep-alive on another thread");
    client.logout().expect("logout");
    let before = mock.requests().len();
    let other = client.clone();
    let on_other_thread = std::thread::spawn(move || other.keep_alive()).join().unwrap().unwrap_err();
    for err in [client.keep_alive().unwrap_err(), on_other_thread, block_on(client.as_async().keep_alive()).unwrap_err()] {
        assert_eq!(err.kind(), ErrorKind::InvalidArgument, "{err}");
    }
    assert_eq!(mock.requests().len(), before);
}

#[test]
fn logout_of_a_session_vault_already_ended_still_closes_the_client() {
    let mock = mock();
    let client = builder(&mock).session_id("ALREADY-DEAD").build().unwrap();
    let err = block_on(client.logout()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidSession, "{err}");
    assert!(client.is_logged_out());
    assert_eq!(block_on(client.keep_alive()).unwrap_err().kind(), ErrorKind::InvalidArgument);
}

#[test]
fn logout_whose_answer_was_lost_can_be_repeated() {
    let mock = mock();
    let client = admin_client(&mock);
    mock.push_script(Script { fault: Some("drop".into()), ..Script::default() });
    let err = block_on(client.logout()).unwrap_err();
    assert!(err.outcome_unknown(), "{err}");
    assert!(!client.is_logged_out());
    block_on(client.logout()).expect("second logout");
    assert!(client.is_logged_out());
}

#[test]
fn logout_refuses_an_access_token_client_locally() {
    let mock = mock();
    let client = builder(&mock).access_token("veeva-vault-not-a-session").build().unwrap();
    let err = block_on(client.logout()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument, "{err}");
    assert!(!err.to_string().contains("not-a-session"), "{err}");
    assert!(mock.requests().is_empty());
    assert!(!client.is_logged_out());
}

#[test]
fn api_versions_come_sorted_with_the_newest_possibly_beta() {
    let mock = mock();
    let client = admin_client(&mock);
    let versions = block_on(client.api_versions()).expect("versions");
    let sent = &mock.requests()[0];
    assert_eq!((sent.method.as_str(), sent.path.as_str()), ("GET", "/api/"));
    let names: Vec<String> = versions.iter().map(|v| v.version().to_string()).collect();
    assert_eq!(names, ["v25.3", "v26.1", "v26.2"]);
    assert!(versions[2].is_possibly_beta() && !versions[1].is_possibly_beta() && !versions[0].is_possibly_beta());
    assert!(versions[2].url().ends_with("/api/v26.2"), "{:?}", versions[2]);
    // Numeric, not textual, order: v26.10 is newer than v26.9.
    let values = json!({"v26.10": "https://h/api/v26.10", "v26.9": "https://h/api/v26.9", "v9.1": "https://h/api/v9.1"});
    mock.push_script(Script { body: Some(json!({"responseStatus": "SUCCESS", "values": values})), ..Script::default() });
    let versions = blocking::Client::from_async(client).api_versions().expect("blocking versions");
    let names: Vec<String> = versions.iter().map(|v| v.version().to_string()).collect();
    assert_eq!(names, ["v9.1", "v26.9", "v26.10"]);
    assert!(versions[2].is_possibly_beta());
}

#[test]
fn check_api_version_accepts_an_offered_version_and_refuses_another() {
    let mock = mock();
    let client = admin_client(&mock);
    let found = block_on(client.check_api_version()).expect("v26.2 is offered");
    assert_eq!(found.version().to_string(), "v26.2");
    let older = builder(&mock).api_version("v26.1").session_id(mock_vault::ADMIN_SESSION).build().unwrap();
    assert!(!blocking::Client::from_async(older).check_api_version().expect("v26.1 is offered").is_possibly_beta());
    let newer = builder(&mock).api_version("v27.1").session_id(mock_vault::ADMIN_SESSION).build().unwrap();
    let err = block_on(newer.check_api_version()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFoundOrUnsupported, "{err}");
    assert!(err.message().contains("v27.1") && err.message().contains("v25.3 to v26.2"), "{err}");
    assert_eq!(err.http_status(), Some(200));
    assert!(err.execution_id().is_some());
}

#[test]
fn malformed_version_lists_are_decode_failed() {
    let mock = mock();
    let client = admin_client(&mock);
    for body in [
        json!({"responseStatus": "SUCCESS"}),
        json!({"responseStatus": "SUCCESS", "values": ["v26.2"]}),
        json!({"responseStatus": "SUCCESS", "values": {"latest": "https://h/api/v26.2"}}),
        json!({"responseStatus": "SUCCESS", "values": {"v26.2": 262}}),
    ] {
        mock.push_script(Script { body: Some(body.clone()), ..Script::default() });
        let err = block_on(client.api_versions()).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Decode, "{body}: {err}");
    }
}

//! Runs every shared vector in `tests/vectors/` through the real core against the mock Vault,
//! and (in `lifecycle_vectors`) the multi-step cases in `tests/vectors/lifecycle/`.

mod common;
mod lifecycle_vectors;

use std::path::PathBuf;
use std::time::Duration;

use serde_json::Value;
use veeva_vault_auth::secrecy::ExposeSecret;
use veeva_vault_auth::{BodyFormat, Client, Error, Expiry, TokenRequest, TokenTarget};

fn vectors_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors")
}

fn str_field<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

/// Builds the client and request a case describes; any client-side rejection is returned as Err.
fn prepare(case: &Value, base_url: &str) -> Result<(Client, TokenRequest), Error> {
    Ok((build_client(case, base_url)?, token_request(&case["call"])?))
}

/// The client a case's `client` settings describe.
fn build_client(case: &Value, base_url: &str) -> Result<Client, Error> {
    let c = &case["client"];
    let mut builder = Client::builder()
        .vault_dns(common::VAULT_DNS)
        .base_url(base_url)
        .timeout(Duration::from_secs(10));
    if let Some(v) = str_field(c, "api_version") {
        builder = builder.api_version(v);
    }
    if let Some(v) = str_field(c, "client_id") {
        builder = builder.client_id(v);
    }
    if str_field(c, "body_format") == Some("json") {
        builder = builder.body_format(BodyFormat::Json);
    }
    let cred = &c["credential"];
    if let Some(s) = str_field(cred, "session_id") {
        builder = builder.session_id(s);
    }
    if let Some(t) = str_field(cred, "access_token") {
        builder = builder.access_token(t);
    }
    builder.build()
}

/// A call's `target`.
fn target(call: &Value) -> TokenTarget {
    let target = &call["target"];
    if let Some(id) = str_field(target, "user_id") {
        TokenTarget::user(id)
    } else if let Some(name) = str_field(target, "sandbox") {
        TokenTarget::sandbox(name)
    } else {
        TokenTarget::me()
    }
}

/// The token request a call's `target`, `name` and `expiry` describe.
fn token_request(call: &Value) -> Result<TokenRequest, Error> {
    let mut request = TokenRequest::new(target(call), str_field(call, "name").unwrap_or_default());
    if let Some(expiry) = str_field(call, "expiry") {
        request = request.expiry(Expiry::parse(expiry)?);
    }
    Ok(request)
}

fn check_request(case: &Value, requests: &[mock_vault::Request], name: &str) {
    let expected = &case["expect_request"];
    if expected.is_null() {
        assert!(requests.is_empty(), "{name}: nothing may be sent, got {}", requests.len());
        return;
    }
    assert_eq!(requests.len(), 1, "{name}: exactly one request must be sent");
    check_one(expected, &requests[0], name);
}

/// One request against its `expect_request` entry.
fn check_one(expected: &Value, got: &mock_vault::Request, name: &str) {
    assert_eq!(got.method, expected["method"].as_str().unwrap_or_default(), "{name}: method");
    let path = match &got.query {
        Some(q) => format!("{}?{q}", got.path),
        None => got.path.clone(),
    };
    assert_eq!(path, expected["path"].as_str().unwrap_or_default(), "{name}: path");
    if let Some(headers) = expected["headers"].as_object() {
        for (k, v) in headers {
            assert_eq!(got.header(k), v.as_str(), "{name}: header {k}");
        }
    }
    if let Some(body) = str_field(expected, "body") {
        assert_eq!(got.body, body, "{name}: body");
    }
    if let Some(body_json) = expected.get("body_json") {
        let parsed: Value = serde_json::from_str(&got.body).expect("JSON body");
        assert_eq!(&parsed, body_json, "{name}: JSON body");
    }
    if let Some(form) = expected.get("form") {
        let fields: serde_json::Map<String, Value> = url::form_urlencoded::parse(got.body.as_bytes())
            .map(|(k, v)| (k.into_owned(), Value::String(v.into_owned())))
            .collect();
        assert_eq!(&Value::Object(fields), form, "{name}: form fields");
    }
}

fn check_error(err: &Error, expected: &Value, name: &str) {
    assert_eq!(err.code(), expected["code"].as_str().unwrap_or_default(), "{name}: code ({err})");
    let types: Vec<&str> = err.vault_errors().iter().map(|e| e.kind.as_str()).collect();
    let want: Vec<&str> = expected["vault_types"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    assert_eq!(types, want, "{name}: vault types");
    assert_eq!(err.http_status().map(u64::from), expected["http_status"].as_u64(), "{name}: http status");
    assert_eq!(err.execution_id(), expected["execution_id"].as_str(), "{name}: execution id");
    assert_eq!(
        err.outcome_unknown(),
        expected["outcome_unknown"].as_bool().unwrap_or(false),
        "{name}: outcome unknown"
    );
    let renderings = [err.to_string(), format!("{err:?}"), err.message().to_owned()];
    for needle in expected["message_contains"].as_array().into_iter().flatten().filter_map(Value::as_str) {
        assert!(err.message().contains(needle), "{name}: message should contain {needle:?}: {err}");
    }
    for needle in expected["message_excludes"].as_array().into_iter().flatten().filter_map(Value::as_str) {
        for r in &renderings {
            assert!(!r.contains(needle), "{name}: {needle:?} leaked into {r}");
        }
    }
}

fn run_case(path: &PathBuf) {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("?").to_owned();
    let case: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("read vector")).expect("vector JSON");
    let mock = common::mock();
    if !case["response"].is_null() {
        mock.push_script(serde_json::from_value(case["response"].clone()).expect("script"));
    }
    let outcome = prepare(&case, &mock.url())
        .and_then(|(client, request)| common::block_on(client.generate_access_token(&request)));
    check_request(&case, &mock.requests(), &name);
    match (&outcome, case["expect"].get("ok"), case["expect"].get("error")) {
        (Ok(token), Some(ok), None) => {
            assert_eq!(token.id(), ok["id"].as_str().unwrap_or_default(), "{name}: id");
            assert_eq!(token.token().expose_secret(), ok["token"].as_str().unwrap_or_default(), "{name}: token");
            let warnings: Vec<&str> = token.warnings().iter().map(|w| w.kind.as_str()).collect();
            let want: Vec<&str> =
                ok["warnings"].as_array().map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
            assert_eq!(warnings, want, "{name}: warnings");
            if let Some(id) = ok.get("execution_id") {
                assert_eq!(token.meta().execution_id.as_deref(), id.as_str(), "{name}: execution id");
            }
            if let Some(n) = ok.get("burst_limit") {
                assert_eq!(token.meta().burst_limit, n.as_u64(), "{name}: burst limit");
            }
            if let Some(n) = ok.get("burst_limit_remaining") {
                assert_eq!(token.meta().burst_limit_remaining, n.as_u64(), "{name}: burst remaining");
            }
            assert!(!format!("{token:?}").contains(token.token().expose_secret()), "{name}: Debug leaks");
        }
        (Err(err), None, Some(expected)) => check_error(err, expected, &name),
        (outcome, _, _) => panic!("{name}: unexpected outcome {outcome:?}"),
    }
}

#[test]
fn every_shared_vector() {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(vectors_dir())
        .expect("vectors dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 30, "expected the shared vectors, found {}", paths.len());
    for path in &paths {
        run_case(path);
    }
}

//! Runs the lifecycle vectors in `tests/vectors/lifecycle/` (several steps per case, several
//! requests per step; see `tests/vectors/README.md`). Part of the `vectors` test binary.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use veeva_vault_auth::secrecy::ExposeSecret;
use veeva_vault_auth::{AccessToken, Client, Error, RevokeReport, TokenInfo, TokenQuery, UserInfo};

use super::{build_client, check_error, check_one, str_field, target, token_request, vectors_dir};

fn lifecycle_dir() -> PathBuf {
    vectors_dir().join("lifecycle")
}

/// What a call returned, in the vectors' JSON shapes (so one comparison covers every op).
fn token_info(t: &TokenInfo) -> Value {
    json!({
        "id": t.id(), "name": t.name(), "user_id": t.user_id(), "status": t.status(),
        "expiry_unix": t.expiry().map(|d| d.unix_timestamp()),
        "last_used_unix": t.last_used().map(|d| d.unix_timestamp()),
        "is_active": t.is_active(),
    })
}

fn report(r: &RevokeReport) -> Value {
    json!({
        "revoked": r.revoked,
        "failed": r.failed.iter().map(|f| json!({"id": f.id, "types": f.errors.iter().map(|e| &e.kind).collect::<Vec<_>>()})).collect::<Vec<_>>(),
        "unknown": r.unknown,
        "not_sent": r.not_sent,
    })
}

fn token(t: &AccessToken) -> Value {
    json!({"id": t.id(), "token": t.token().expose_secret()})
}

fn user(u: &UserInfo) -> Value {
    json!({
        "id": u.id(), "username": u.username(), "first_name": u.first_name(), "last_name": u.last_name(),
        "email": u.email(), "timezone": u.timezone(), "locale": u.locale(),
        "security_profile": u.security_profile(), "license_type": u.license_type(), "active": u.active(),
    })
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array().into_iter().flatten().filter_map(Value::as_str).map(str::to_owned).collect()
}

fn query(v: &Value) -> TokenQuery {
    let q = match str_field(v, "user_id") {
        Some(id) => TokenQuery::user(id),
        None => TokenQuery::me(),
    };
    let q = match str_field(v, "name") {
        Some(name) => q.name(name),
        None => q,
    };
    q.include_inactive(v["include_inactive"].as_bool().unwrap_or(false))
}

/// Runs one step's call; `Ok` is the result in the vectors' shape, plus a rotation's
/// `revoke_error` (checked like any other error).
async fn run_call(client: &Client, call: &Value) -> Result<(Value, Option<Error>), Error> {
    let op = str_field(call, "op").unwrap_or_default();
    Ok((match op {
        "generate_access_token" => json!({"token": token(&client.generate_access_token(&token_request(call)?).await?)}),
        "list_access_tokens" => {
            let tokens = client.list_access_tokens(&query(&call["query"])).await?;
            json!({"tokens": tokens.iter().map(token_info).collect::<Vec<_>>()})
        }
        "get_access_token_info" => {
            json!({"token_info": token_info(&client.get_access_token_info(str_field(call, "id").unwrap_or_default()).await?)})
        }
        "revoke_access_tokens" => json!({"report": report(&client.revoke_access_tokens(&strings(&call["ids"])).await?)}),
        "rotate_access_token" => {
            let rotation = client.rotate_access_token(&token_request(call)?, &strings(&call["revoke"])).await?;
            assert!(!format!("{rotation:?}").contains(rotation.token.token().expose_secret()), "Rotation Debug leaks");
            let value = json!({"token": token(&rotation.token), "report": report(&rotation.revoked)});
            return Ok((value, rotation.revoke_error));
        }
        "find_orphaned_tokens" => {
            let tokens = client.find_orphaned_tokens(&target(call), str_field(call, "name").unwrap_or_default()).await?;
            json!({"tokens": tokens.iter().map(token_info).collect::<Vec<_>>()})
        }
        "whoami" => json!({"user": user(&client.whoami().await?)}),
        "keep_alive" => client.keep_alive().await.map(|()| json!({}))?,
        "logout" => client.logout().await.map(|()| json!({}))?,
        "api_versions" => json!({"versions": client.api_versions().await?.iter().map(api_version).collect::<Vec<_>>()}),
        "check_api_version" => json!({"version": api_version(&client.check_api_version().await?)}),
        other => panic!("unknown op {other:?}"),
    }, None))
}

fn api_version(v: &veeva_vault_auth::ApiVersionInfo) -> Value {
    json!({"version": v.version().to_string(), "url": v.url(), "possibly_beta": v.is_possibly_beta()})
}

fn run_case(path: &Path) {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("?").to_owned();
    let case: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("read vector")).expect("vector JSON");
    let mock = super::common::mock();
    let steps = case["steps"].as_array().expect("steps");
    for (i, step) in steps.iter().enumerate() {
        let name = format!("{name} step {}", i + 1);
        for response in step["responses"].as_array().into_iter().flatten() {
            mock.push_script(serde_json::from_value(response.clone()).expect("script"));
        }
        let before = mock.requests().len();
        let outcome = build_client(&case, &mock.url()).and_then(|client| super::common::block_on(run_call(&client, &step["call"])));
        let sent = &mock.requests()[before..];
        let expected = step["expect_requests"].as_array().expect("expect_requests");
        assert_eq!(sent.len(), expected.len(), "{name}: number of requests");
        for (n, (got, want)) in sent.iter().zip(expected).enumerate() {
            check_one(want, got, &format!("{name} request {}", n + 1));
        }
        match (outcome, step["expect"].get("ok"), step["expect"].get("error")) {
            (Ok((got, revoke_error)), Some(want), None) => {
                let mut want = want.clone();
                let want_revoke_error = want.as_object_mut().and_then(|w| w.remove("revoke_error")).unwrap_or(Value::Null);
                assert_eq!(got, want, "{name}: result");
                match (revoke_error, want_revoke_error) {
                    (None, Value::Null) => {}
                    (Some(err), want) if !want.is_null() => check_error(&err, &want, &format!("{name} revoke_error")),
                    (got, want) => panic!("{name}: revoke_error {got:?}, expected {want}"),
                }
            }
            (Err(err), None, Some(want)) => {
                check_error(&err, want, &name);
                let partial = err.partial_revoke().map(report);
                assert_eq!(partial.as_ref(), want.get("partial_revoke"), "{name}: partial revoke report");
            }
            (outcome, _, _) => panic!("{name}: unexpected outcome {outcome:?}"),
        }
    }
}

#[test]
fn every_lifecycle_vector() {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(lifecycle_dir())
        .expect("lifecycle vectors dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 19, "expected the lifecycle vectors, found {}", paths.len());
    for path in &paths {
        run_case(path);
    }
}

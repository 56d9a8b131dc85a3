//! `vva token create|list|show` through the real binary against the mock Vault, in table and
//! JSON form; where the token goes and where it must not; the token file's mode.

mod common;

use common::*;

#[test]
fn create_prints_the_token_on_stdout_only_and_the_id_on_stderr() {
    let mock = mock();
    let run = run(vva(&mock), &["token", "create", "--user", "12346", "--name", "Key-2026-12", "--expires", "30d"]).expect(0);
    let tokens = mock.tokens();
    assert_eq!(tokens.len(), 1);
    let token = &tokens[0];
    assert_eq!(run.stdout, format!("{}\n", token.value), "stdout is the token and nothing else");
    assert!(run.stderr.contains(&token.id), "{}", run.stderr);
    assert!(run.stderr.contains("expires 20"), "{}", run.stderr);
    assert_no_secret(&mock, "stderr", &run.stderr);
    assert_eq!(token.user_id, 12346);
    assert_eq!(token.name, "Key-2026-12");
}

#[test]
fn create_json_has_the_token_as_a_field() {
    let mock = mock();
    let run = run(vva(&mock), &["token", "create", "--user", "me", "--name", "Key", "--expires", "2099-12-31T12:00:00Z", "--json"]).expect(0);
    let doc = run.json();
    let token = &mock.tokens()[0];
    assert_eq!(doc["id"], token.id.as_str());
    assert_eq!(doc["token"], token.value.as_str());
    assert_eq!(doc["user"], "me");
    assert_eq!(doc["name"], "Key");
    assert_eq!(doc["expiry"], "2099-12-31T12:00:00Z");
    assert_eq!(doc["file"], serde_json::Value::Null);
    assert_no_secret(&mock, "stderr", &run.stderr);
}

#[cfg(unix)]
#[test]
fn create_out_writes_a_0600_file_and_refuses_to_replace_one() {
    let mock = mock();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("key.token");
    let out_arg = out.to_str().unwrap();
    let first = run(vva(&mock), &["token", "create", "--user", "12345", "--name", "K1", "--out", out_arg]).expect(0);
    let token = mock.tokens()[0].clone();
    assert_eq!(std::fs::read_to_string(&out).unwrap(), format!("{}\n", token.value));
    assert_eq!(mode(&out), 0o600);
    assert!(first.stdout.contains(&token.id) && first.stdout.contains(out_arg), "{}", first.stdout);
    assert_no_secret(&mock, "stdout with --out", &first.stdout);
    assert_no_secret(&mock, "stderr", &first.stderr);

    // An existing file is refused before anything is sent: no second token.
    let refused = run(vva(&mock), &["token", "create", "--user", "12345", "--name", "K2", "--out", out_arg]).expect(2);
    assert!(refused.stderr.contains("exists"), "{}", refused.stderr);
    assert_eq!(mock.tokens().len(), 1);

    let forced = run(vva(&mock), &["token", "create", "--user", "12345", "--name", "K2", "--out", out_arg, "--force", "--json"]).expect(0);
    let second = mock.tokens()[1].clone();
    assert_eq!(std::fs::read_to_string(&out).unwrap(), format!("{}\n", second.value));
    assert_eq!(mode(&out), 0o600);
    let doc = forced.json();
    assert_eq!(doc["file"], out_arg);
    assert!(doc.get("token").is_none(), "no token field with --out");
    assert_no_secret(&mock, "stdout with --out --json", &forced.stdout);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left");
}

#[test]
fn create_rejects_bad_input_before_sending() {
    let mock = mock();
    for args in [
        &["token", "create", "--user", "12345", "--name", "K", "--expires", "2025-12-31T12:00:00:00.000Z"][..],
        &["token", "create", "--user", "12345", "--name", "K", "--expires", "0d"],
        &["token", "create", "--user", "12345", "--name", "K", "--expires", "2001-01-01"],
        &["token", "create", "--name", "K"],
        &["token", "create", "--user", "12345", "--sandbox", "qa-sandbox", "--name", "K"],
        &["token", "create", "--user", " 12345", "--name", "K"],
    ] {
        let run = run(vva(&mock), args).expect(2);
        assert!(run.stderr.starts_with("vva: ") || run.stderr.contains("error"), "{args:?}: {}", run.stderr);
    }
    assert!(mock.requests().iter().all(|r| r.method != "POST" || !r.path.contains("api_access_token__sys")), "nothing was created");
}

#[test]
fn vault_refusals_are_errors_with_vault_types() {
    let mock = mock();
    // A VeevaID user cannot have tokens.
    let run = run(vva(&mock), &["token", "create", "--user", "12347", "--name", "K", "--json"]).expect(1);
    let doc = run.json();
    assert_eq!(doc["error"]["code"], "operation_not_allowed");
    assert_eq!(doc["error"]["outcome_unknown"], false);
    assert_eq!(doc["error"]["vault_errors"][0]["type"], "OPERATION_NOT_ALLOWED");
    assert!(doc["error"]["execution_id"].is_string());
}

#[test]
fn list_shows_a_table_with_relative_times_and_json_with_iso_times() {
    let mock = mock();
    let active = mock.add_token(12346, "Nightly", Some("2099-01-01T00:00:00Z")).unwrap();
    let expired = mock.add_token(12346, "Old", Some("2020-01-01T00:00:00Z")).unwrap();
    let other = mock.add_token(12345, "Admin", None).unwrap();

    let table = run(vva(&mock), &["token", "list", "--user", "12346"]).expect(0);
    let lines: Vec<&str> = table.stdout.lines().collect();
    assert!(lines[0].starts_with("ID") && lines[0].contains("LAST USED"), "{}", table.stdout);
    assert_eq!(lines.len(), 2, "{}", table.stdout);
    assert!(lines[1].contains(&active.id) && lines[1].contains("active") && lines[1].contains("in ") && lines[1].contains("years"), "{}", lines[1]);
    assert!(lines[1].trim_end().ends_with("never"), "never used: {}", lines[1]);

    let all = run(vva(&mock), &["token", "list", "--user", "12346", "--all", "--json"]).expect(0).json();
    let tokens = all["tokens"].as_array().unwrap();
    assert_eq!(tokens.len(), 2);
    let old = tokens.iter().find(|t| t["id"] == expired.id.as_str()).unwrap();
    assert_eq!(old["status"], "inactive__v");
    assert_eq!(old["active"], false);
    assert_eq!(old["expiry"], "2020-01-01T00:00:00Z");
    assert_eq!(old["last_used"], serde_json::Value::Null);
    assert_eq!(old["user_id"], "12346");
    assert_eq!(old["name"], "Old");

    let mine = run(vva(&mock), &["token", "list", "--name", "Admin", "--json"]).expect(0).json();
    assert_eq!(mine["tokens"].as_array().unwrap().len(), 1);
    assert_eq!(mine["tokens"][0]["id"], other.id.as_str());
    assert_eq!(mine["tokens"][0]["expiry"], serde_json::Value::Null);
}

#[test]
fn show_in_table_and_json_and_unknown_ids() {
    let mock = mock();
    let t = mock.add_token(12345, "Shown", Some("2099-06-30T12:00:00Z")).unwrap();
    let text = run(vva(&mock), &["token", "show", &t.id]).expect(0);
    assert!(text.stdout.contains(&t.id) && text.stdout.contains("Shown") && text.stdout.contains("2099-06-30T12:00:00Z"), "{}", text.stdout);
    assert!(text.stdout.contains("last used") && text.stdout.contains("never"), "{}", text.stdout);
    let doc = run(vva(&mock), &["token", "show", &t.id, "--json"]).expect(0).json();
    assert_eq!(doc["id"], t.id.as_str());
    assert_eq!(doc["active"], true);
    let missing = run(vva(&mock), &["token", "show", "0PI999999999999", "--json"]).expect(1).json();
    assert_eq!(missing["error"]["code"], "invalid_request");
}

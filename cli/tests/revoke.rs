//! `vva token revoke|rotate|orphans` and the unknown-outcome path (exit 3), through the real
//! binary against the mock Vault.

mod common;

use common::*;
use mock_vault::Script;

#[test]
fn revoke_refuses_without_yes_when_stdin_is_not_a_terminal() {
    let mock = mock();
    let t = mock.add_token(12345, "Keep", None).unwrap();
    let run = run(vva(&mock), &["token", "revoke", &t.id]).expect(2);
    assert!(run.stderr.contains("--yes"), "{}", run.stderr);
    assert!(!mock.token(&t.id).unwrap().revoked, "nothing was revoked");
    assert!(mock.requests().iter().all(|r| r.method != "DELETE"), "nothing was sent");
}

#[test]
fn revoke_prints_per_row_outcomes_and_exits_4_when_partial() {
    let mock = mock();
    let a = mock.add_token(12345, "A", None).unwrap();
    let b = mock.add_token(12346, "B", None).unwrap();
    let all = run(vva(&mock), &["token", "revoke", &a.id, &b.id, "--yes"]).expect(0);
    assert!(all.stdout.lines().filter(|l| l.contains("revoked")).count() == 2, "{}", all.stdout);
    assert!(mock.token(&a.id).unwrap().revoked && mock.token(&b.id).unwrap().revoked);

    let c = mock.add_token(12345, "C", None).unwrap();
    let partial = run(vva(&mock), &["token", "revoke", &c.id, &a.id, "--yes", "--json"]).expect(4);
    let doc = partial.json();
    assert_eq!(doc["complete"], false);
    assert_eq!(doc["rows"][0]["id"], c.id.as_str());
    assert_eq!(doc["rows"][0]["outcome"], "revoked");
    assert_eq!(doc["rows"][1]["outcome"], "failed");
    assert_eq!(doc["rows"][1]["errors"][0]["type"], "INVALID_DATA");

    let twice = run(vva(&mock), &["token", "revoke", &c.id, &c.id, "--yes"]).expect(2);
    assert!(twice.stderr.contains("twice"), "{}", twice.stderr);
}

#[test]
fn a_revoke_with_a_dead_session_is_an_error() {
    let mock = mock();
    let t = mock.add_token(12345, "A", None).unwrap();
    let run = run(vva(&mock).env("VAULT_SESSION_ID", "no-such-session"), &["token", "revoke", &t.id, "--yes", "--json"]).expect(1);
    assert_eq!(run.json()["error"]["code"], "invalid_session");
}

#[cfg(unix)]
#[test]
fn rotate_saves_the_new_token_before_revoking_the_old_ones() {
    let mock = mock();
    let old = mock.add_token(12346, "Svc", None).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("svc.token");
    let out_arg = out.to_str().unwrap();
    let run = run(vva(&mock), &["token", "rotate", "--user", "12346", "--name", "Svc-2027", "--expires", "60d", "--revoke", &old.id, "--out", out_arg, "--json"]).expect(0);
    let doc = run.json();
    let new = mock.token(doc["id"].as_str().unwrap()).unwrap();
    assert_eq!(std::fs::read_to_string(&out).unwrap(), format!("{}\n", new.value));
    assert_eq!(mode(&out), 0o600);
    assert!(mock.token(&old.id).unwrap().revoked);
    assert_eq!(doc["revoke"]["rows"][0]["outcome"], "revoked");
    assert_eq!(doc["complete"], true);
    assert_no_secret(&mock, "rotate stdout", &run.stdout);
    assert_no_secret(&mock, "rotate stderr", &run.stderr);
    // The order on the wire: create, then delete (the file was written in between).
    let methods: Vec<String> = mock.requests().iter().map(|r| r.method.clone()).collect();
    assert_eq!(methods, ["POST", "DELETE"]);
}

#[test]
fn rotate_whose_revoke_fails_keeps_the_new_token_and_exits_4() {
    let mock = mock();
    let old = mock.add_token(12345, "Svc", None).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("svc.token");
    // The create is answered; the revoke's connection is dropped.
    mock.push_script(Script::default());
    mock.push_script(Script { fault: Some("drop".into()), ..Script::default() });
    let run = run(vva(&mock), &["token", "rotate", "--user", "12345", "--name", "Svc-2", "--revoke", &old.id, "--out", out.to_str().unwrap()]).expect(4);
    let new = mock.tokens().into_iter().find(|t| t.name == "Svc-2").unwrap();
    assert_eq!(std::fs::read_to_string(&out).unwrap(), format!("{}\n", new.value));
    assert!(!mock.token(&old.id).unwrap().revoked);
    assert!(run.stdout.contains(&old.id), "{}", run.stdout);
    assert_no_secret(&mock, "stderr", &run.stderr);
}

#[test]
fn rotate_refuses_bad_ids_and_existing_files_before_creating() {
    let mock = mock();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("exists.token");
    std::fs::write(&out, "keep me").unwrap();
    run(vva(&mock), &["token", "rotate", "--user", "12345", "--name", "N", "--revoke", "0PI1", "--out", out.to_str().unwrap()]).expect(2);
    let fresh = dir.path().join("new.token");
    run(vva(&mock), &["token", "rotate", "--user", "12345", "--name", "N", "--revoke", "0PI1", "0PI1", "--out", fresh.to_str().unwrap()]).expect(2);
    assert!(mock.tokens().is_empty());
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");
    assert!(!fresh.exists());
}

#[test]
fn a_lost_create_answer_exits_3_and_orphans_recovers() {
    let mock = mock();
    // The mock mints the token, then drops the connection without answering.
    mock.push_script(Script { fault: Some("drop_after".into()), ..Script::default() });
    let lost = run(vva(&mock), &["token", "create", "--user", "12346", "--name", "Lost-1", "--expires", "30d"]).expect(3);
    assert_eq!(lost.stdout, "");
    assert!(lost.stderr.contains("vva token orphans --user 12346 --name Lost-1 --revoke"), "{}", lost.stderr);
    let orphan = mock.tokens()[0].clone();
    assert!(orphan.active);

    let found = run(vva(&mock), &["token", "orphans", "--user", "12346", "--name", "Lost-1", "--json"]).expect(0).json();
    assert_eq!(found["orphans"][0]["id"], orphan.id.as_str());
    assert_eq!(found["revoke"], serde_json::Value::Null);
    let table = run(vva(&mock), &["token", "orphans", "--user", "12346", "--name", "Lost-1"]).expect(0);
    assert!(table.stdout.contains(&orphan.id), "{}", table.stdout);
    // Revoking asks like revoke does.
    run(vva(&mock), &["token", "orphans", "--user", "12346", "--name", "Lost-1", "--revoke"]).expect(2);
    let revoked = run(vva(&mock), &["token", "orphans", "--user", "12346", "--name", "Lost-1", "--revoke", "--yes", "--json"]).expect(0).json();
    assert_eq!(revoked["revoke"]["rows"][0]["outcome"], "revoked");
    assert!(mock.token(&orphan.id).unwrap().revoked);
    let none = run(vva(&mock), &["token", "orphans", "--user", "12346", "--name", "Lost-1"]).expect(0);
    assert!(none.stdout.contains("no orphaned tokens"), "{}", none.stdout);
}

//! `vva bulk rotate` through the real binary against the mock Vault: rows, files, journal,
//! resume, pacing under a low burst limit, systemic stops and exit statuses.

mod common;

use std::path::Path;

use common::*;
use mock_vault::{MockVault, Script};

/// A CSV with one row per user, each with one old token to revoke; returns the old ids.
fn csv(mock: &MockVault, dir: &Path, users: &[u64], name: &str) -> Vec<String> {
    let mut text = String::from("user_id,name,expires,revoke_ids\n");
    let mut old = Vec::new();
    for user in users {
        let t = mock.add_token(*user, "Old", None).unwrap();
        text.push_str(&format!("{user},{name},90d,{}\n", t.id));
        old.push(t.id);
    }
    std::fs::write(dir.join("rows.csv"), text).unwrap();
    old
}

fn bulk(mock: &MockVault, dir: &Path, extra: &[&str]) -> Run {
    let csv = dir.join("rows.csv");
    let out = dir.join("out");
    let mut args = vec!["bulk", "rotate", "--csv", csv.to_str().unwrap(), "--out-dir", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    run(vva(mock), &args)
}

#[test]
fn rotates_every_row_keeps_secrets_out_of_output_and_journal_and_resumes() {
    let mock = mock();
    let users = add_users(&mock, 4);
    let dir = tempfile::tempdir().unwrap();
    let old = csv(&mock, dir.path(), &users, "Key-2027");
    let run = bulk(&mock, dir.path(), &["--json"]).expect(0);
    let doc = run.json();
    assert_eq!((doc["ok"].as_u64(), doc["failed"].as_u64(), doc["skipped"].as_u64()), (Some(4), Some(0), Some(0)));
    assert_eq!(doc["rows"][0]["outcome"], "ok");
    assert_eq!(doc["rows"][0]["revoked"][0], old[0].as_str());
    assert_eq!(doc["rows"][0]["line"], 2);
    assert_rotated(&mock, dir.path(), &users, "Key-2027", &old);
    let journal = std::fs::read_to_string(dir.path().join("out/journal.jsonl")).unwrap();
    assert_eq!(journal.lines().count(), 12, "intent, done, finished per row:\n{journal}");
    assert_no_secret(&mock, "the journal", &journal);
    assert_no_secret(&mock, "stdout", &run.stdout);
    assert_no_secret(&mock, "stderr", &run.stderr);
    // Without a terminal: a line per row on stderr.
    assert_eq!(run.stderr.lines().filter(|l| l.starts_with('[')).count(), 4, "{}", run.stderr);

    // A rerun skips every row and sends nothing but the probe.
    let before = mock.requests().len();
    let again = bulk(&mock, dir.path(), &[]).expect(0);
    assert!(again.stdout.contains("0 ok, 0 failed, 4 skipped"), "{}", again.stdout);
    assert_eq!(mock.requests().len(), before + 1);
    assert_rotated(&mock, dir.path(), &users, "Key-2027", &old);
}

#[test]
fn dry_run_sends_nothing() {
    let mock = mock();
    let users = add_users(&mock, 2);
    let dir = tempfile::tempdir().unwrap();
    csv(&mock, dir.path(), &users, "K");
    let run = bulk(&mock, dir.path(), &["--dry-run", "--json"]).expect(0);
    let doc = run.json();
    assert_eq!(doc["dry_run"], true);
    assert_eq!(doc["rows"][1]["outcome"], "would_create");
    let text = bulk(&mock, dir.path(), &["--dry-run"]).expect(0);
    assert!(text.stdout.contains("would_create"), "{}", text.stdout);
    assert!(mock.requests().is_empty());
    assert!(!dir.path().join("out").exists());
}

#[test]
fn a_low_burst_limit_is_paced_without_a_single_delayed_answer() {
    let mock = mock();
    let users = add_users(&mock, 12);
    let dir = tempfile::tempdir().unwrap();
    let old = csv(&mock, dir.path(), &users, "Paced");
    // 25 calls (a probe, then a create and a revoke per row) at 16 a window of 2 s.
    mock.set_burst_limit(20, 2);
    let started = std::time::Instant::now();
    let run = bulk(&mock, dir.path(), &["--min-remaining", "4", "--burst-window", "2", "--json"]).expect(0);
    let took = started.elapsed();
    assert_eq!(run.json()["ok"], 12);
    assert_eq!(run.json()["delayed"], 0);
    assert_eq!(mock.delayed(), 0, "no answer was delayed past the burst limit");
    let stats = mock_stats(&mock);
    assert_eq!(stats["delayed"], 0);
    assert!(run.stderr.contains("pausing"), "it waited for the window: {}", run.stderr);
    assert!(took >= std::time::Duration::from_secs(2), "{took:?}");
    assert_rotated(&mock, dir.path(), &users, "Paced", &old);
}

#[test]
fn per_row_failures_do_not_stop_the_run_and_exit_4() {
    let mock = mock();
    let users = add_users(&mock, 2);
    let dir = tempfile::tempdir().unwrap();
    // The VeevaID user cannot have tokens: that row fails, the others go on.
    std::fs::write(dir.path().join("rows.csv"), format!("{},K\n12347,K\n{},K,,0PI999999999999\n", users[0], users[1])).unwrap();
    let run = bulk(&mock, dir.path(), &["--json"]).expect(4);
    let doc = run.json();
    assert_eq!((doc["ok"].as_u64(), doc["failed"].as_u64()), (Some(1), Some(2)));
    assert_eq!(doc["rows"][1]["error"]["code"], "operation_not_allowed");
    // The third row's token is saved even though its old id could not be revoked.
    assert_eq!(doc["rows"][2]["outcome"], "failed");
    assert_eq!(doc["rows"][2]["error"]["code"], "revoke_incomplete");
    assert!(dir.path().join(format!("out/{}.token", users[1])).exists());
    assert_eq!(doc["stopped"], serde_json::Value::Null);
}

#[test]
fn an_invalid_session_stops_the_run_at_once() {
    let mock = mock();
    let users = add_users(&mock, 3);
    let dir = tempfile::tempdir().unwrap();
    csv(&mock, dir.path(), &users, "K");
    let csv = dir.path().join("rows.csv");
    let out = dir.path().join("out");
    let run = run(vva(&mock).env("VAULT_SESSION_ID", "dead-session"), &["bulk", "rotate", "--csv", csv.to_str().unwrap(), "--out-dir", out.to_str().unwrap(), "--json"]).expect(1);
    assert_eq!(run.json()["error"]["code"], "invalid_session");
    assert_eq!(mock.requests().len(), 1, "only the probe was sent");
}

#[test]
fn permission_denied_on_every_row_so_far_is_systemic() {
    let mock = mock();
    let users = add_users(&mock, 5);
    let dir = tempfile::tempdir().unwrap();
    csv(&mock, dir.path(), &users, "K");
    // A non-admin may not create tokens for others: every row is refused.
    let csv = dir.path().join("rows.csv");
    let out = dir.path().join("out");
    let cmd = {
        let mut c = vva_bare(&mock);
        c.env("VAULT_USERNAME", "limited@myvault.example").env("VAULT_PASSWORD", "mock-password");
        c
    };
    let run = run(cmd, &["bulk", "rotate", "--csv", csv.to_str().unwrap(), "--out-dir", out.to_str().unwrap(), "--json"]).expect(1);
    let doc = run.json();
    assert_eq!(doc["failed"], 3);
    assert_eq!(doc["not_run"], 2);
    assert!(doc["stopped"].as_str().unwrap().contains("permission_denied"), "{doc}");
}

#[test]
fn a_lost_create_is_unknown_exit_3_and_the_rerun_recovers_it() {
    let mock = mock();
    let users = add_users(&mock, 2);
    let dir = tempfile::tempdir().unwrap();
    let old = csv(&mock, dir.path(), &users, "Rec");
    // The probe is answered; the first create is carried out but its answer lost.
    mock.push_script(Script::default());
    mock.push_script(Script { fault: Some("drop_after".into()), ..Script::default() });
    let first = bulk(&mock, dir.path(), &["--json"]).expect(3);
    assert_eq!(first.json()["unknown"], 1);
    assert!(first.stderr.contains("rerun"), "{}", first.stderr);
    let lost: Vec<_> = mock.tokens().into_iter().filter(|t| t.user_id == users[0] && t.name == "Rec").collect();
    assert_eq!(lost.len(), 1, "the lost create made a token");
    bulk(&mock, dir.path(), &[]).expect(0);
    assert!(mock.token(&lost[0].id).unwrap().revoked, "the orphan was revoked");
    assert_rotated(&mock, dir.path(), &users, "Rec", &old);
}

#[test]
fn an_existing_token_file_is_refused_unless_forced() {
    let mock = mock();
    let users = add_users(&mock, 1);
    let dir = tempfile::tempdir().unwrap();
    let old = csv(&mock, dir.path(), &users, "F");
    std::fs::create_dir(dir.path().join("out")).unwrap();
    std::fs::write(dir.path().join(format!("out/{}.token", users[0])), "someone else's").unwrap();
    let refused = bulk(&mock, dir.path(), &["--json"]).expect(4);
    assert!(refused.json()["rows"][0]["error"]["message"].as_str().unwrap().contains("exists"));
    assert!(mock.tokens().iter().all(|t| t.name != "F"), "nothing was created");
    bulk(&mock, dir.path(), &["--force"]).expect(0);
    assert_rotated(&mock, dir.path(), &users, "F", &old);
}

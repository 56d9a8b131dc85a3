//! Credentials (never from argv), `whoami`, `keep-alive`, `logout`, `versions`, `--help` and
//! the usage exit status, through the real binary against the mock Vault.

mod common;

use common::*;

#[test]
fn whoami_in_table_and_json() {
    let mock = mock();
    let table = run(vva(&mock), &["whoami"]).expect(0);
    assert!(table.stdout.contains("12345") && table.stdout.contains("admin@myvault.example"), "{}", table.stdout);
    assert!(table.stdout.contains("session_id"), "{}", table.stdout);
    let doc = run(vva(&mock), &["whoami", "--json"]).expect(0).json();
    assert_eq!(doc["id"], "12345");
    assert_eq!(doc["username"], "admin@myvault.example");
    assert_eq!(doc["credential"], "session_id");
    for field in ["first_name", "last_name", "email", "timezone", "locale", "security_profile", "license_type", "active"] {
        assert!(doc.get(field).is_some(), "{field}");
    }
}

#[test]
fn login_with_the_password_from_the_environment_or_stdin_and_log_out_afterwards() {
    let mock = mock();
    let doc = run(vva_bare(&mock).env("VAULT_USERNAME", "limited@myvault.example").env("VAULT_PASSWORD", "mock-password"), &["whoami", "--json"])
        .expect(0)
        .json();
    assert_eq!(doc["id"], "12346");
    assert_eq!(doc["credential"], "login");
    let stdin = run_with_stdin(vva_bare(&mock), &["--username", "admin@myvault.example", "--password-stdin", "whoami", "--json"], "mock-password\n").expect(0);
    assert_eq!(stdin.json()["id"], "12345");
    let requests = mock.requests();
    let paths: Vec<(&str, &str)> = requests.iter().map(|r| (r.method.as_str(), r.path.as_str())).collect();
    assert_eq!(paths.iter().filter(|(m, p)| *m == "POST" && p.ends_with("/auth")).count(), 2);
    assert_eq!(paths.iter().filter(|(m, p)| *m == "DELETE" && p.ends_with("/session")).count(), 2, "each login is logged out: {paths:?}");
    assert!(!stdin.stderr.contains("mock-password"));

    let wrong = run(vva_bare(&mock).env("VAULT_USERNAME", "admin@myvault.example").env("VAULT_PASSWORD", "nope"), &["whoami", "--json"]).expect(1);
    assert_eq!(wrong.json()["error"]["code"], "authentication_failed");
    assert!(!wrong.stdout.contains("nope") && !wrong.stderr.contains("nope"));
}

#[test]
fn credentials_missing_or_ambiguous_are_usage_errors() {
    let mock = mock();
    let none = run(vva_bare(&mock), &["whoami"]).expect(2);
    assert!(none.stderr.contains("VAULT_SESSION_ID"), "{}", none.stderr);
    let no_password = run(vva_bare(&mock).env("VAULT_USERNAME", "admin@myvault.example"), &["whoami"]).expect(2);
    assert!(no_password.stderr.contains("VAULT_PASSWORD"), "{}", no_password.stderr);
    let two = run(vva(&mock).env("VAULT_ACCESS_TOKEN", "veeva-vault-x"), &["whoami", "--json"]).expect(2);
    assert!(two.json()["error"]["message"].as_str().unwrap().contains("more than one credential"));
    assert!(!two.stderr.contains(SESSION) && !two.stderr.contains("veeva-vault-x"));
    let no_vault = run(vva(&mock).env_remove("VAULT_BASE_URL").env_remove("VAULT_DNS"), &["whoami"]).expect(2);
    assert!(no_vault.stderr.contains("--vault"), "{}", no_vault.stderr);
    assert_eq!(mock.requests().len(), 0);
}

#[test]
fn an_access_token_from_a_named_variable_works() {
    let mock = mock();
    let created = run(vva(&mock), &["token", "create", "--user", "12346", "--name", "Bearer", "--expires", "30d", "--json"]).expect(0).json();
    let token = created["token"].as_str().unwrap().to_owned();
    let doc = run(vva_bare(&mock).env("MY_TOKEN", &token), &["--access-token-env", "MY_TOKEN", "whoami", "--json"]).expect(0).json();
    assert_eq!(doc["id"], "12346");
    assert_eq!(doc["credential"], "access_token");
    // An access token has no session to end.
    let logout = run(vva_bare(&mock).env("VAULT_ACCESS_TOKEN", &token), &["logout"]).expect(2);
    assert!(!logout.stderr.contains(&token));
}

#[test]
fn keep_alive_logout_and_versions() {
    let mock = mock();
    assert!(run(vva(&mock), &["keep-alive"]).expect(0).stdout.contains("alive"));
    assert_eq!(run(vva(&mock), &["keep-alive", "--json"]).expect(0).json()["ok"], true);

    let table = run(vva(&mock), &["versions"]).expect(0);
    assert!(table.stdout.contains("v26.2") && table.stdout.contains("possibly Beta"), "{}", table.stdout);
    let versions = run(vva(&mock), &["versions", "--json"]).expect(0).json();
    let list = versions["versions"].as_array().unwrap();
    assert_eq!(list.last().unwrap()["version"], "v26.2");
    assert_eq!(list.last().unwrap()["possibly_beta"], true);
    assert!(list[0]["url"].as_str().unwrap().starts_with("http"));

    assert!(run(vva(&mock), &["logout"]).expect(0).stdout.contains("logged out"));
    let dead = run(vva(&mock), &["whoami", "--json"]).expect(1).json();
    assert_eq!(dead["error"]["code"], "invalid_session");
    let doc = run(vva(&mock), &["logout", "--json"]).expect(1).json();
    assert_eq!(doc["error"]["code"], "invalid_session");
}

#[test]
fn help_documents_json_fields_and_exit_statuses_and_has_no_secret_flag() {
    let mock = mock();
    let help = run(vva(&mock).env("VAULT_PASSWORD", "help-secret"), &["--help"]).expect(0);
    for needle in ["Exit status", "outcome unknown", "partial failure", "token create", "{id, name, user_id, status, active, expiry, last_used}", "VAULT_PASSWORD", "--password-stdin"] {
        assert!(help.stdout.contains(needle), "{needle} not in --help:\n{}", help.stdout);
    }
    assert!(!help.stdout.contains(SESSION) && !help.stdout.contains("help-secret"));
    for sub in [&["token", "create", "--help"][..], &["bulk", "rotate", "--help"], &["token", "revoke", "--help"]] {
        let text = run(vva(&mock).env("VAULT_PASSWORD", "help-secret"), sub).expect(0).stdout;
        assert!(!text.contains(SESSION) && !text.contains("help-secret"), "{sub:?}");
        // No flag takes a secret as its value.
        for flag in ["--password ", "--session-id ", "--token ", "--access-token "] {
            assert!(!text.contains(flag), "{sub:?} has {flag}");
        }
    }
    let usage = run(vva(&mock), &["token", "frobnicate"]).expect(2);
    assert!(usage.stderr.contains("frobnicate"));
    assert!(run(vva(&mock), &["--version"]).expect(0).stdout.starts_with("vva "));
}

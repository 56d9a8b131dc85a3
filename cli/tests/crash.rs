//! The crash test: `vva bulk rotate` killed (SIGKILL) at random moments, several seeds, then
//! rerun to the end with the same journal. Whatever the moments, the mock must end with exactly
//! one new active token per row, saved in its file, and every old token revoked.

mod common;

use std::process::Stdio;
use std::time::Duration;

use common::*;
use mock_vault::Script;

/// xorshift64*: a few random numbers from a seed, reproducible.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n.max(1)
    }
}

#[test]
fn killed_at_random_moments_then_rerun_leaves_exactly_one_new_token_per_row() {
    let (mut total_kills, mut total_orphans) = (0, 0);
    for seed in 1..=5u64 {
        let mock = mock();
        let users = add_users(&mock, 6);
        let dir = tempfile::tempdir().unwrap();
        let mut text = String::from("user_id,name,expires,revoke_ids\n");
        let mut old = Vec::new();
        for user in &users {
            let t = mock.add_token(*user, "Old", None).unwrap();
            text.push_str(&format!("{user},Crash-{seed},30d,{}\n", t.id));
            old.push(t.id);
        }
        let csv = dir.path().join("rows.csv");
        std::fs::write(&csv, text).unwrap();
        let out = dir.path().join("out");
        let args = ["bulk", "rotate", "--csv", csv.to_str().unwrap(), "--out-dir", out.to_str().unwrap()];
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let mut kills = 0;
        // Up to three kills per seed; a run that ends first is simply done.
        for _ in 0..8 {
            // Each API request waits 5-20 ms before the mock handles it (a run takes about
            // 150 ms), so that kills land between every pair of steps, including after a create
            // was carried out but before its answer arrived.
            for _ in 0..20 {
                mock.push_script(Script { delay_ms: Some(5 + rng.below(15)), ..Script::default() });
            }
            let mut child = vva(&mock).args(args).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
            std::thread::sleep(Duration::from_millis(rng.below(150)));
            match child.try_wait().unwrap() {
                Some(status) if status.success() => break,
                Some(status) => panic!("seed {seed}: an uninterrupted run failed: {status}"),
                None => {
                    child.kill().unwrap();
                    child.wait().unwrap();
                    kills += 1;
                    if kills == 3 {
                        break;
                    }
                }
            }
        }
        let last = run(vva(&mock), &args);
        assert_eq!(last.status, 0, "seed {seed} after {kills} kills: {}\n{}", last.stdout, last.stderr);
        assert_rotated(&mock, dir.path(), &users, &format!("Crash-{seed}"), &old);
        let journal = std::fs::read_to_string(out.join("journal.jsonl")).unwrap();
        assert_no_secret(&mock, "the journal", &journal);
        let leftovers: Vec<_> = std::fs::read_dir(&out).unwrap().flatten().map(|e| e.file_name()).filter(|n| n.to_string_lossy().contains(".tmp-")).collect();
        assert!(leftovers.is_empty(), "seed {seed}: temporary files left: {leftovers:?}");
        // Tokens of the new name that were revoked: orphans of creates whose answer a kill lost.
        let orphans = mock.tokens().iter().filter(|t| t.name == format!("Crash-{seed}") && t.revoked).count();
        eprintln!("seed {seed}: {kills} kills, {orphans} orphaned creates recovered");
        total_kills += kills;
        total_orphans += orphans;
    }
    assert!(total_kills >= 5, "the runs were hardly ever interrupted ({total_kills} kills)");
    assert!(total_orphans >= 1, "no kill landed between a create and its answer");
}

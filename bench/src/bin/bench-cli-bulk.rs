//! `bench-cli-bulk VVA_BIN [ROWS] [LIMIT] [WINDOW_SECS] [MIN_REMAINING]`: the CLI's bulk rotation
//! against the in-process mock with a burst limit, timed against the least time the limit
//! allows after the reserve. Defaults: 1,000 rows (a create and a revoke each: 2,000 calls),
//! `--burst-limit 400 --burst-window 10`, `--min-remaining 40`.
//!
//! Prints one Markdown table row: total time, the minimum, their ratio, answers delayed, and
//! the time per row spent outside the pacer's pauses.

use std::process::Command;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(vva) = args.get(1) else {
        eprintln!("usage: bench-cli-bulk VVA_BIN [ROWS] [LIMIT] [WINDOW_SECS] [MIN_REMAINING]");
        std::process::exit(2)
    };
    let num = |i: usize, default: u64| args.get(i).and_then(|a| a.parse().ok()).unwrap_or(default);
    let (rows, limit, window, reserve) = (num(2, 1000), num(3, 400), num(4, 10), num(5, 40));

    let mock = mock_vault::MockVault::start().expect("mock starts");
    let mut csv = String::from("user_id,name,expires,revoke_ids\n");
    let users: Vec<u64> = mock.with_fixtures(|f| {
        let template = f.users.iter().find(|u| u.id == 12345).expect("admin fixture").clone();
        (0..rows)
            .map(|i| {
                let mut user = template.clone();
                user.id = 100_000 + i;
                user.username = format!("bench{i}@myvault.example");
                user.admin = false;
                f.users.push(user);
                100_000 + i
            })
            .collect()
    });
    for user in &users {
        let old = mock.add_token(*user, "Old", None).expect("old token");
        csv.push_str(&format!("{user},Bench-2027,90d,{}\n", old.id));
    }
    let dir = std::env::temp_dir().join(format!("vva-bench-bulk-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("work dir");
    let csv_path = dir.join("rows.csv");
    std::fs::write(&csv_path, csv).expect("csv written");

    mock.set_burst_limit(limit, window);
    let started = Instant::now();
    let out = Command::new(vva)
        .args(["bulk", "rotate", "--json", "--csv"])
        .arg(&csv_path)
        .arg("--out-dir")
        .arg(dir.join("out"))
        .args(["--min-remaining", &reserve.to_string(), "--burst-window", &window.to_string()])
        .env("VAULT_BASE_URL", mock.url())
        .env("VAULT_DNS", "myvault.veevavault.com")
        .env("VAULT_SESSION_ID", "mock-session-admin-0001")
        .output()
        .expect("vva runs");
    let took = started.elapsed().as_secs_f64();
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    let _ = std::fs::remove_dir_all(&dir);

    // A probe, then a create and a revoke per row; each window allows `limit - reserve`.
    let calls = 1 + 2 * rows;
    let minimum = calls as f64 / (limit - reserve) as f64 * window as f64;
    let waited = summary["waited_ms"].as_f64().unwrap_or(f64::NAN) / 1000.0;
    let per_row_ms = (took - waited) / rows as f64 * 1000.0;
    println!("| rows | calls | limit / window / reserve | took | minimum | ratio | delayed (mock) | ok | outside waiting, per row |");
    println!("| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    println!(
        "| {rows} | {calls} | {limit} / {window} s / {reserve} | {took:.1} s | {minimum:.1} s | {:.3} | {} | {} | {per_row_ms:.2} ms |",
        took / minimum,
        mock.delayed(),
        summary["ok"]
    );
    if !out.status.success() || mock.delayed() > 0 {
        eprintln!("vva exited {:?}; stderr tail: {}", out.status.code(), String::from_utf8_lossy(&out.stderr).lines().rev().take(5).collect::<Vec<_>>().join(" | "));
        std::process::exit(1);
    }
}

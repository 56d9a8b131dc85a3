//! `vva bulk rotate`: a new token per CSV row into `DIR/<user_id>.token`, then the row's old ids
//! revoked; paced by the burst budget ([`crate::pacing`]), journaled so that a rerun resumes
//! ([`journal`]), and stopped early only by failures that would repeat on every row.
//!
//! Systemic failures: `invalid_session`, `authentication_failed` or `wrong_vault` on any row;
//! `permission_denied` on each of the first three rows or more (every row so far); a connection
//! failure (`connect_failed`, `timeout`, `transport_failed`, `tls_failed`) on three rows in a
//! row; a journal or token file that cannot be written.

pub mod journal;
pub mod progress;
pub mod rows;
pub mod runner;

use std::path::Path;
use std::time::Duration;

use serde_json::{Value, json};
use time::OffsetDateTime;
use veeva_vault_auth::ErrorKind;

use crate::args::{BulkArgs, Connection};
use crate::exit::{Failure, Outcome, Status};
use crate::output::{print_json, table};
use crate::pacing::Pacer;
use journal::{Event, Journal};
use progress::Progress;
use rows::Row;
use runner::{RowResult, Runner};

pub fn rotate(connection: &Connection, json: bool, args: &BulkArgs) -> Outcome {
    let now = OffsetDateTime::now_utc();
    let default = crate::expires::parse(&args.expires, now)?;
    let rows = rows::read(&args.csv, default, now)?;
    if args.burst_window == 0 {
        return Err(Failure::usage("--burst-window must be at least 1 second"));
    }
    let journal_path = args.journal.clone().unwrap_or_else(|| args.out_dir.join("journal.jsonl"));
    if args.dry_run {
        return dry_run(json, args, &rows, &journal_path);
    }
    create_dir(&args.out_dir)?;
    let journal = Journal::open(&journal_path).map_err(|e| Failure::local("journal_error", format!("{}: {e}", journal_path.display())))?;
    let session = crate::connect::connect(connection)?;
    let pacer = Pacer::new(Duration::from_secs(args.burst_window), args.min_remaining);
    let mut runner = Runner::new(&session.client, pacer, journal, &args.out_dir, args.force, Progress::new(rows.len()));
    let result = run(&mut runner, &rows);
    runner.progress.finish();
    session.finish();
    let (results, stopped) = result?;
    let pacing = Pacing { delayed: runner.pacer.delayed(), waited: runner.waited };
    report(json, &rows, &results, stopped, pacing)
}

/// The rows, in order, until a systemic failure; returns what became of each row tried.
fn run(runner: &mut Runner, rows: &[Row]) -> Result<(Vec<RowResult>, Option<String>), Failure> {
    runner.probe().map_err(|e| Failure::from_core(e).with_hint("nothing was done"))?;
    let mut results: Vec<RowResult> = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let result = runner.row(row);
        runner.progress.row(i, row, &result);
        results.push(result);
        if let Some(why) = systemic(&results) {
            return Ok((results, Some(why)));
        }
    }
    Ok((results, None))
}

/// Why the run must stop, if the failures so far would repeat on every row.
fn systemic(results: &[RowResult]) -> Option<String> {
    let last = results.last()?;
    let (code, message) = last.error.as_ref()?;
    if last.local {
        return Some(format!("{code}: {message}"));
    }
    let kind = last.kind?;
    if matches!(kind, ErrorKind::InvalidSession | ErrorKind::AuthenticationFailed | ErrorKind::WrongVault) {
        return Some(format!("{code}: {message}"));
    }
    let tried: Vec<&RowResult> = results.iter().filter(|r| r.outcome != "skipped").collect();
    if kind == ErrorKind::PermissionDenied && tried.len() >= 3 && tried.iter().all(|r| r.kind == Some(ErrorKind::PermissionDenied)) {
        return Some(format!("permission_denied on every row so far ({message})"));
    }
    let connection = |r: &&RowResult| matches!(r.kind, Some(ErrorKind::Connect | ErrorKind::Timeout | ErrorKind::Transport | ErrorKind::Tls));
    if tried.len() >= 3 && tried[tried.len() - 3..].iter().all(connection) {
        return Some(format!("three rows in a row could not reach Vault ({code}: {message})"));
    }
    None
}

fn create_dir(dir: &Path) -> Result<(), Failure> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(|e| Failure::local("file_error", format!("cannot create {}: {e}", dir.display())))
}

fn row_json(row: &Row, r: &RowResult) -> Value {
    json!({
        "line": row.line, "user_id": row.user_id, "name": row.name, "outcome": r.outcome,
        "token_id": r.token_id, "file": r.file.as_ref().map(|f| f.display().to_string()), "revoked": r.revoked,
        "error": r.error.as_ref().map(|(code, message)| json!({"code": code, "message": message})),
    })
}

/// The summary, and the exit status: 3 if any row's outcome is unknown, 1 if the run stopped,
/// 4 if any row failed, else 0.
/// How the run went with the burst budget: answers delayed anyway, and time spent pausing.
struct Pacing {
    delayed: u64,
    waited: Duration,
}

fn report(json: bool, rows: &[Row], results: &[RowResult], stopped: Option<String>, pacing: Pacing) -> Outcome {
    let count = |o: &str| results.iter().filter(|r| r.outcome == o).count();
    let (ok, failed, skipped, unknown) = (count("ok"), count("failed"), count("skipped"), count("unknown"));
    let not_run = rows.len() - results.len();
    if json {
        let mut list: Vec<Value> = rows.iter().zip(results).map(|(row, r)| row_json(row, r)).collect();
        list.extend(rows[results.len()..].iter().map(|row| row_json(row, &not_run_result())));
        print_json(&json!({
            "ok": ok, "failed": failed, "skipped": skipped, "unknown": unknown, "not_run": not_run,
            "stopped": stopped, "delayed": pacing.delayed, "waited_ms": pacing.waited.as_millis() as u64,
            "dry_run": false, "rows": list,
        }));
    } else {
        println!("bulk rotate: {ok} ok, {failed} failed, {skipped} skipped, {unknown} unknown, {not_run} not run");
    }
    if let Some(why) = &stopped {
        eprintln!("vva: stopped: {why}; rerun the same command to resume");
    }
    if unknown > 0 {
        eprintln!("vva: {unknown} row(s) have an unknown outcome (a token may exist): rerun the same command with the same journal to recover them");
        return Ok(Status::OutcomeUnknown);
    }
    if stopped.is_some() {
        return Ok(Status::Error);
    }
    Ok(if failed > 0 { Status::Partial } else { Status::Success })
}

fn not_run_result() -> RowResult {
    RowResult { outcome: "not_run", token_id: None, file: None, revoked: Vec::new(), error: None, kind: None, local: false }
}

/// What a run would do now, from the CSV, the journal and the files; nothing is sent.
fn dry_run(json: bool, args: &BulkArgs, rows: &[Row], journal_path: &Path) -> Outcome {
    let journal = Journal::peek(journal_path).map_err(|e| Failure::local("journal_error", format!("{}: {e}", journal_path.display())))?;
    let plans: Vec<(&Row, &'static str)> = rows
        .iter()
        .map(|row| {
            let event = journal.get(&(row.user_id.clone(), row.name.clone())).map(|r| r.event);
            let plan = match event {
                Some(Event::Finished) => "would_skip",
                Some(Event::Done) => "would_finish_revoke",
                Some(Event::Intent) => "would_recover_then_create",
                _ if !args.force && args.out_dir.join(row.file_name()).exists() => "would_refuse_existing_file",
                _ => "would_create",
            };
            (row, plan)
        })
        .collect();
    if json {
        let list: Vec<Value> = plans
            .iter()
            .map(|(row, plan)| json!({"line": row.line, "user_id": row.user_id, "name": row.name, "outcome": plan,
                "expiry": crate::commands::token::expiry_json(row.expiry), "revoke": row.revoke}))
            .collect();
        print_json(&json!({"dry_run": true, "rows": list}));
    } else {
        let cells: Vec<Vec<String>> = plans
            .iter()
            .map(|(row, plan)| vec![row.line.to_string(), row.user_id.clone(), row.name.clone(), row.expiry.to_string(), row.revoke.join(" "), plan.to_string()])
            .collect();
        println!("{}", table(&["LINE", "USER", "NAME", "EXPIRES", "REVOKE", "PLAN"], &cells));
    }
    Ok(Status::Success)
}

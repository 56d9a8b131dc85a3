//! `token revoke`, `token rotate` and `token orphans`: everything that revokes, with per-id
//! outcomes printed as a table or as `{rows, complete}`.

use serde_json::{Value, json};
use time::OffsetDateTime;
use veeva_vault_auth::{RevokeReport, TokenRequest, TokenTarget, blocking};

use super::token::{expiry_json, prepare_out, save, warn};
use super::{Ctx, check_ids, confirm, orphans_hint};
use crate::args::RotateArgs;
use crate::exit::{Failure, Outcome, Status};
use crate::output::{self, print_json, revoke_json, revoke_rows, revoke_text, token_json};

/// A revoke's result: the report (also when the call failed midway) and the error, if any.
pub struct Revoked {
    pub report: RevokeReport,
    pub error: Option<veeva_vault_auth::Error>,
}

impl Revoked {
    pub fn complete(&self) -> bool {
        self.error.is_none() && self.report.is_complete()
    }
}

/// A revoke's answer, keeping the per-id report of a call that failed after sending. An error
/// with no report (the ids were refused before sending) stays an error.
pub fn into_revoked(result: Result<RevokeReport, veeva_vault_auth::Error>) -> Result<Revoked, veeva_vault_auth::Error> {
    match result {
        Ok(report) => Ok(Revoked { report, error: None }),
        Err(e) => match e.partial_revoke().cloned() {
            Some(report) => Ok(Revoked { report, error: Some(e) }),
            None => Err(e),
        },
    }
}

fn revoke_ids(client: &blocking::Client, ids: &[String]) -> Result<Revoked, Failure> {
    into_revoked(client.revoke_access_tokens(ids)).map_err(Failure::from_core)
}

/// Prints the rows (text on stdout, the error on stderr) and says what the exit status is.
/// Nothing revoked and a failed call: that call's error. Otherwise 4 unless every id went.
fn finish(ids: &[String], revoked: Revoked) -> Result<(Vec<output::RevokeRow>, Status), Failure> {
    let rows = revoke_rows(&revoked.report, ids);
    let nothing_happened = revoked.report.revoked.is_empty() && revoked.report.unknown.is_empty();
    let status = if revoked.complete() { Status::Success } else { Status::Partial };
    if let Some(error) = revoked.error {
        if nothing_happened {
            return Err(Failure::from_core(error));
        }
        eprintln!("vva: the revoke stopped: {error}");
    }
    Ok((rows, status))
}

pub fn revoke(ctx: &Ctx, ids: &[String], yes: bool) -> Outcome {
    check_ids(ids)?;
    let what = if ids.len() == 1 { format!("Revoke token {}?", ids[0]) } else { format!("Revoke {} tokens ({})?", ids.len(), ids.join(", ")) };
    confirm(&what, yes)?;
    let revoked = revoke_ids(&ctx.session.client, ids)?;
    let (rows, status) = finish(ids, revoked)?;
    if ctx.json {
        print_json(&revoke_json(&rows));
    } else {
        println!("{}", revoke_text(&rows));
    }
    Ok(status)
}

/// Create, save to `--out`, and only then revoke: a rotation never revokes the old key before
/// the new one is safely on disk.
pub fn rotate(ctx: &Ctx, args: &RotateArgs) -> Outcome {
    check_ids(&args.revoke)?;
    let expiry = crate::expires::parse(&args.token.expires, OffsetDateTime::now_utc())?;
    let target = TokenTarget::user(&args.user);
    let request = TokenRequest::new(target.clone(), &args.token.name).expiry(expiry);
    let pending = prepare_out(&args.out, args.force)?;
    let client = &ctx.session.client;
    let token = client.generate_access_token(&request).map_err(|e| {
        let unknown = e.outcome_unknown();
        let failure = Failure::from_core(e).with_hint("nothing was revoked");
        if unknown { failure.with_hint(format!("nothing was revoked; {}", orphans_hint(&target, &args.token.name))) } else { failure }
    })?;
    warn(&token);
    let file = save(client, &token, pending).map_err(|f| {
        let hint = "nothing was revoked";
        f.with_hint(hint)
    })?;
    eprintln!("created token {} (expires {expiry}), saved to {}", token.id(), file.display());
    let revoked = revoke_ids(client, &args.revoke);
    let (rows, status) = match revoked {
        Ok(revoked) => match finish(&args.revoke, revoked) {
            Ok(done) => done,
            // The new token is saved: a revoke that failed as a whole is a partial failure.
            Err(f) => {
                eprintln!("{}", f.to_text());
                let report = RevokeReport::default();
                let mut rows = revoke_rows(&report, &args.revoke);
                for row in &mut rows {
                    row.outcome = "failed";
                    row.errors = vec![(f.code.clone(), f.message.clone())];
                }
                (rows, Status::Partial)
            }
        },
        Err(f) => return Err(f.with_status(Status::Partial).with_hint(format!("the new token is saved in {}", file.display()))),
    };
    if ctx.json {
        let revoke = revoke_json(&rows);
        let complete = revoke["complete"].as_bool().unwrap_or(false);
        print_json(&json!({
            "id": token.id(), "user": args.user, "name": args.token.name, "expiry": expiry_json(expiry),
            "file": file.display().to_string(), "revoke": revoke, "complete": complete,
        }));
    } else {
        println!("{}", revoke_text(&rows));
    }
    Ok(status)
}

pub fn orphans(ctx: &Ctx, user: &str, name: &str, revoke: bool, yes: bool) -> Outcome {
    let client = &ctx.session.client;
    let found = client.find_orphaned_tokens(&TokenTarget::user(user), name)?;
    let ids: Vec<String> = found.iter().map(|t| t.id().to_owned()).collect();
    let mut revoke_doc = Value::Null;
    let mut status = Status::Success;
    let mut rows = None;
    if revoke && !ids.is_empty() {
        confirm(&format!("Revoke {} never-used token(s) named {name:?}?", ids.len()), yes)?;
        let (r, s) = finish(&ids, revoke_ids(client, &ids)?)?;
        revoke_doc = revoke_json(&r);
        status = s;
        rows = Some(r);
    }
    if ctx.json {
        let orphans: Vec<Value> = found.iter().map(token_json).collect();
        print_json(&json!({ "orphans": orphans, "revoke": revoke_doc }));
        return Ok(status);
    }
    if found.is_empty() {
        println!("no orphaned tokens named {name:?} for user {user}");
    } else {
        println!("{}", output::table(&output::TOKEN_HEADERS, &output::token_rows(&found, OffsetDateTime::now_utc())));
    }
    match rows {
        Some(rows) => println!("{}", revoke_text(&rows)),
        None if !found.is_empty() => eprintln!("revoke them with --revoke (or `vva token revoke ID…`), then create again"),
        None => {}
    }
    Ok(status)
}

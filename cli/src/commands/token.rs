//! `token create`, `token list`, `token show`, and [`save`], which every command that creates a
//! token uses to put it in its file.
//!
//! The token's value goes to exactly one place: the `--out` file, or stdout (as the only thing
//! printed there, or as the `token` field with `--json`). The id and expiry go to stderr.

use std::io::Write;
use std::path::PathBuf;

use serde_json::{Value, json};
use time::OffsetDateTime;
use veeva_vault_auth::secrecy::ExposeSecret;
use veeva_vault_auth::{AccessToken, Expiry, TokenQuery, TokenRequest, TokenTarget, blocking};

use super::{Ctx, orphans_hint};
use crate::args::{CreateArgs, ListArgs};
use crate::exit::{Failure, Outcome, Status};
use crate::output::{self, TOKEN_HEADERS, print_json, token_json};
use crate::secure_file::PendingFile;

/// Opens the `--out` file's temporary twin before the token exists (see [`PendingFile`]).
pub fn prepare_out(path: &std::path::Path, force: bool) -> Result<PendingFile, Failure> {
    PendingFile::prepare(path, force).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            Failure::usage(e.to_string())
        } else {
            Failure::local("file_error", e.to_string())
        }
    })
}

/// Writes a new token to its file. If that fails the token is revoked, so that no unsaved
/// token counts towards the user's 25 (or, when it could not be written anywhere but a
/// temporary file, the caller is told where it is).
pub fn save(client: &blocking::Client, token: &AccessToken, pending: PendingFile) -> Result<PathBuf, Failure> {
    let target = pending.target().to_owned();
    match pending.commit(token.token().expose_secret()) {
        Ok(path) => Ok(path),
        Err(not_saved) => {
            if let Some(kept) = not_saved.kept_at {
                return Err(Failure::local(
                    "file_error",
                    format!("token {} could not be moved to {}: {}; it is in {}", token.id(), target.display(), not_saved.error, kept.display()),
                ));
            }
            let revoked = client.revoke_access_tokens(&[token.id()]).map(|r| r.is_complete()).unwrap_or(false);
            let what = if revoked { "it was revoked" } else { "revoking it failed too: revoke it with `vva token revoke`" };
            Err(Failure::local(
                "file_error",
                format!("token {} could not be written to {}: {}; {what}", token.id(), target.display(), not_saved.error),
            ))
        }
    }
}

/// The expiry as sent (`2026-12-31T12:00:00Z`, `2026-12-31`), or null for never.
pub fn expiry_json(expiry: Expiry) -> Value {
    expiry.wire_value().map(Value::String).unwrap_or(Value::Null)
}

pub fn warn(token: &AccessToken) {
    for w in token.warnings() {
        eprintln!("vva: warning: {}: {}", w.kind, w.message);
    }
}

pub fn create(ctx: &Ctx, args: &CreateArgs) -> Outcome {
    let now = OffsetDateTime::now_utc();
    let expiry = crate::expires::parse(&args.token.expires, now)?;
    let target = match (&args.user, &args.sandbox) {
        (_, Some(sandbox)) => TokenTarget::sandbox(sandbox),
        (Some(user), None) => TokenTarget::user(user),
        (None, None) => return Err(Failure::usage("give --user ID (or me) or --sandbox NAME")),
    };
    let request = TokenRequest::new(target.clone(), &args.token.name).expiry(expiry);
    let pending = match &args.out {
        Some(path) => Some(prepare_out(path, args.force)?),
        None => None,
    };
    let client = &ctx.session.client;
    let token = client.generate_access_token(&request).map_err(|e| {
        let unknown = e.outcome_unknown();
        let failure = Failure::from_core(e);
        if unknown { failure.with_hint(orphans_hint(&target, &args.token.name)) } else { failure }
    })?;
    warn(&token);
    let file = match pending {
        Some(pending) => Some(save(client, &token, pending)?),
        None => None,
    };
    let (user, sandbox) = match &target {
        TokenTarget::User(id) => (Value::String(id.clone()), Value::Null),
        TokenTarget::Me => (Value::String("me".into()), Value::Null),
        TokenTarget::Sandbox(name) => (Value::String("me".into()), Value::String(name.clone())),
    };
    if ctx.json {
        let warnings: Vec<Value> = token.warnings().iter().map(|w| json!({"type": w.kind, "message": w.message})).collect();
        let mut doc = json!({
            "id": token.id(), "user": user, "sandbox": sandbox, "name": args.token.name,
            "expiry": expiry_json(expiry), "file": file.as_ref().map(|f| f.display().to_string()), "warnings": warnings,
        });
        if file.is_none() {
            doc["token"] = Value::String(token.token().expose_secret().to_owned());
        }
        print_json(&doc);
        return Ok(Status::Success);
    }
    match &file {
        Some(path) => println!("created token {} (expires {expiry}), saved to {}", token.id(), path.display()),
        None => {
            eprintln!("created token {} (expires {expiry})", token.id());
            let mut out = std::io::stdout().lock();
            writeln!(out, "{}", token.token().expose_secret()).map_err(|e| Failure::local("output_error", e.to_string()))?;
        }
    }
    Ok(Status::Success)
}

pub fn list(ctx: &Ctx, args: &ListArgs) -> Outcome {
    let mut query = TokenQuery::user(&args.user).include_inactive(args.all);
    if let Some(name) = &args.name {
        query = query.name(name);
    }
    let tokens = ctx.session.client.list_access_tokens(&query)?;
    if ctx.json {
        let tokens: Vec<Value> = tokens.iter().map(token_json).collect();
        print_json(&json!({ "tokens": tokens }));
    } else {
        println!("{}", output::table(&TOKEN_HEADERS, &output::token_rows(&tokens, OffsetDateTime::now_utc())));
    }
    Ok(Status::Success)
}

pub fn show(ctx: &Ctx, id: &str) -> Outcome {
    let info = ctx.session.client.get_access_token_info(id)?;
    if ctx.json {
        print_json(&token_json(&info));
        return Ok(Status::Success);
    }
    let now = OffsetDateTime::now_utc();
    let when = |t: Option<OffsetDateTime>| match t {
        Some(t) => format!("{} ({})", output::iso(t), output::relative(t, now)),
        None => "never".into(),
    };
    let rows = vec![
        vec!["id".into(), info.id().to_owned()],
        vec!["name".into(), info.name().to_owned()],
        vec!["user".into(), info.user_id().to_owned()],
        vec!["status".into(), info.status().to_owned()],
        vec!["expires".into(), when(info.expiry())],
        vec!["last used".into(), when(info.last_used())],
    ];
    let text = output::table(&["FIELD", "VALUE"], &rows);
    // No header line for a single record.
    println!("{}", text.lines().skip(1).collect::<Vec<_>>().join("\n"));
    Ok(Status::Success)
}

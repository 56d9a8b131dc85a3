//! `whoami`, `keep-alive`, `logout` and `versions`.

use serde_json::{Value, json};

use super::Ctx;
use crate::exit::{Outcome, Status};
use crate::output::{print_json, table};

pub fn whoami(ctx: &Ctx) -> Outcome {
    let me = ctx.session.client.whoami()?;
    let credential = ctx.session.source.name();
    if ctx.json {
        print_json(&json!({
            "id": me.id(), "username": me.username(), "first_name": me.first_name(), "last_name": me.last_name(),
            "email": me.email(), "timezone": me.timezone(), "locale": me.locale(),
            "security_profile": me.security_profile(), "license_type": me.license_type(), "active": me.active(),
            "credential": credential,
        }));
        return Ok(Status::Success);
    }
    let opt = |v: Option<&str>| v.unwrap_or("-").to_owned();
    let rows = vec![
        vec!["id".into(), me.id().to_owned()],
        vec!["username".into(), me.username().to_owned()],
        vec!["name".into(), format!("{} {}", opt(me.first_name()), opt(me.last_name()))],
        vec!["email".into(), opt(me.email())],
        vec!["timezone".into(), opt(me.timezone())],
        vec!["locale".into(), opt(me.locale())],
        vec!["security profile".into(), opt(me.security_profile())],
        vec!["license".into(), opt(me.license_type())],
        vec!["active".into(), me.active().map(|a| a.to_string()).unwrap_or_else(|| "-".into())],
        vec!["credential".into(), credential.to_owned()],
    ];
    let text = table(&["", ""], &rows);
    println!("{}", text.lines().skip(1).collect::<Vec<_>>().join("\n"));
    Ok(Status::Success)
}

fn ok(ctx: &Ctx, text: &str) -> Outcome {
    if ctx.json {
        print_json(&json!({"ok": true}));
    } else {
        println!("{text}");
    }
    Ok(Status::Success)
}

pub fn keep_alive(ctx: &Ctx) -> Outcome {
    ctx.session.client.keep_alive()?;
    ok(ctx, "the session is alive")
}

pub fn logout(ctx: &Ctx) -> Outcome {
    ctx.session.client.logout()?;
    ok(ctx, "logged out: the session has ended")
}

pub fn versions(ctx: &Ctx) -> Outcome {
    let versions = ctx.session.client.api_versions()?;
    if ctx.json {
        let list: Vec<Value> = versions
            .iter()
            .map(|v| json!({"version": v.version().to_string(), "url": v.url(), "possibly_beta": v.is_possibly_beta()}))
            .collect();
        print_json(&json!({ "versions": list }));
        return Ok(Status::Success);
    }
    let rows: Vec<Vec<String>> = versions
        .iter()
        .map(|v| {
            let note = if v.is_possibly_beta() { "newest: possibly Beta" } else { "" };
            vec![v.version().to_string(), v.url().to_owned(), note.to_owned()]
        })
        .collect();
    println!("{}", table(&["VERSION", "URL", "NOTE"], &rows));
    Ok(Status::Success)
}

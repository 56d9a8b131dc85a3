//! Printing: JSON documents with the documented field names, tables with relative times, and
//! the per-row outcomes of a revoke. Nothing here ever receives a token's value.

use std::io::Write;

use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use veeva_vault_auth::{RevokeReport, TokenInfo};

/// Writes one JSON document (pretty, one trailing newline) to stdout.
pub fn print_json(value: &Value) {
    let text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "null".into());
    let mut out = std::io::stdout().lock();
    // A closed pipe (`vva … | head`) is not worth a panic.
    let _ = writeln!(out, "{text}");
}

/// RFC 3339 in UTC, whole seconds (`2026-12-31T12:00:00Z`).
pub fn iso(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC).replace_nanosecond(0).unwrap_or(t);
    t.format(&Rfc3339).unwrap_or_else(|_| t.unix_timestamp().to_string())
}

pub fn iso_opt(t: Option<OffsetDateTime>) -> Value {
    t.map(|t| Value::String(iso(t))).unwrap_or(Value::Null)
}

/// `in 29 days`, `3 hours ago`, `just now`: coarse on purpose, for a table.
pub fn relative(t: OffsetDateTime, now: OffsetDateTime) -> String {
    let seconds = (t - now).whole_seconds();
    let (future, s) = (seconds >= 0, seconds.unsigned_abs());
    // Rounded to the nearest unit: a token made for 30 days shows "in 30 days", not 29.
    let round = |unit: u64| (s + unit / 2) / unit;
    let amount = match s {
        0..60 => return "just now".into(),
        60..3_570 => plural(round(60), "minute"),
        3_570..84_600 => plural(round(3_600), "hour"),
        84_600..5_184_000 => plural(round(86_400), "day"),
        5_184_000..63_072_000 => plural(round(2_592_000), "month"),
        _ => plural(round(31_536_000), "year"),
    };
    if future { format!("in {amount}") } else { format!("{amount} ago") }
}

fn plural(n: u64, unit: &str) -> String {
    if n == 1 { format!("1 {unit}") } else { format!("{n} {unit}s") }
}

/// A token's metadata under the documented names.
pub fn token_json(t: &TokenInfo) -> Value {
    json!({
        "id": t.id(),
        "name": t.name(),
        "user_id": t.user_id(),
        "status": t.status(),
        "active": t.is_active(),
        "expiry": iso_opt(t.expiry()),
        "last_used": iso_opt(t.last_used()),
    })
}

/// `active__v` → `active`, for tables.
fn short_status(status: &str) -> &str {
    status.strip_suffix("__v").unwrap_or(status)
}

/// The columns of `token list` and `token show`.
pub fn token_rows(tokens: &[TokenInfo], now: OffsetDateTime) -> Vec<Vec<String>> {
    tokens
        .iter()
        .map(|t| {
            vec![
                t.id().to_owned(),
                t.name().to_owned(),
                short_status(t.status()).to_owned(),
                t.expiry().map(|e| relative(e, now)).unwrap_or_else(|| "never".into()),
                t.last_used().map(|u| relative(u, now)).unwrap_or_else(|| "never".into()),
            ]
        })
        .collect()
}

pub const TOKEN_HEADERS: [&str; 5] = ["ID", "NAME", "STATUS", "EXPIRES", "LAST USED"];

/// Left-aligned columns, two spaces apart.
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(cell.chars().count());
            }
        }
    }
    let line = |cells: Vec<&str>| {
        let padded: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c:<width$}", width = widths.get(i).copied().unwrap_or(0)))
            .collect();
        padded.join("  ").trim_end().to_owned()
    };
    let mut out = line(headers.to_vec());
    for row in rows {
        out.push('\n');
        out.push_str(&line(row.iter().map(String::as_str).collect()));
    }
    out
}

/// One id's outcome in a revoke: `revoked`, `failed`, `unknown` or `not_sent`.
pub struct RevokeRow {
    pub id: String,
    pub outcome: &'static str,
    pub errors: Vec<(String, String)>,
}

/// The report's rows in the order the ids were given.
pub fn revoke_rows(report: &RevokeReport, order: &[String]) -> Vec<RevokeRow> {
    order
        .iter()
        .map(|id| {
            let (outcome, errors) = if report.revoked.contains(id) {
                ("revoked", Vec::new())
            } else if let Some(f) = report.failed.iter().find(|f| &f.id == id) {
                ("failed", f.errors.iter().map(|m| (m.kind.clone(), m.message.clone())).collect())
            } else if report.unknown.contains(id) {
                ("unknown", Vec::new())
            } else {
                ("not_sent", Vec::new())
            };
            RevokeRow { id: id.clone(), outcome, errors }
        })
        .collect()
}

pub fn revoke_json(rows: &[RevokeRow]) -> Value {
    let rows: Vec<Value> = rows
        .iter()
        .map(|r| {
            let errors: Vec<Value> = r.errors.iter().map(|(t, m)| json!({"type": t, "message": m})).collect();
            json!({"id": r.id, "outcome": r.outcome, "errors": errors})
        })
        .collect();
    let complete = rows.iter().all(|r| r["outcome"] == "revoked");
    json!({"rows": rows, "complete": complete})
}

pub fn revoke_text(rows: &[RevokeRow]) -> String {
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let why = r.errors.iter().map(|(t, m)| format!("{t}: {m}")).collect::<Vec<_>>().join("; ");
            let why = match r.outcome {
                "unknown" if why.is_empty() => "no answer: list the user's tokens to see if it is gone".to_owned(),
                "not_sent" if why.is_empty() => "not sent: an earlier batch failed".to_owned(),
                _ => why,
            };
            vec![r.id.clone(), r.outcome.to_owned(), why]
        })
        .collect();
    table(&["ID", "OUTCOME", "DETAIL"], &cells)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn relative_times_are_coarse() {
        let now = datetime!(2026-12-02 12:00:00 UTC);
        assert_eq!(relative(now, now), "just now");
        assert_eq!(relative(datetime!(2026-12-02 12:05:00 UTC), now), "in 5 minutes");
        assert_eq!(relative(datetime!(2026-12-02 09:00:00 UTC), now), "3 hours ago");
        assert_eq!(relative(datetime!(2026-12-03 12:00:00 UTC), now), "in 1 day");
        assert_eq!(relative(datetime!(2027-01-01 11:59:50 UTC), now), "in 30 days");
        assert_eq!(relative(datetime!(2026-12-02 11:00:40 UTC), now), "59 minutes ago");
        assert_eq!(relative(datetime!(2027-03-02 12:00:00 UTC), now), "in 3 months");
        assert_eq!(relative(datetime!(2030-12-02 12:00:00 UTC), now), "in 4 years");
    }

    #[test]
    fn iso_is_utc_whole_seconds() {
        assert_eq!(iso(datetime!(2026-12-31 14:00:00.5 +02:00)), "2026-12-31T12:00:00Z");
    }

    #[test]
    fn tables_align() {
        let t = table(&["A", "BB"], &[vec!["xyz".into(), "1".into()]]);
        assert_eq!(t, "A    BB\nxyz  1");
    }
}

//! `--expires`: the core's instants and dates, plus `never` and a span from now (`90d`, `12h`).

use time::{Duration, OffsetDateTime};
use veeva_vault_auth::Expiry;

use crate::exit::Failure;

/// Reads `never`, `90d`, `12h`, or whatever [`Expiry::parse`] takes (`2026-12-31T12:00:00Z`,
/// `2026-12-31`). A span becomes an instant from `now`.
pub fn parse(text: &str, now: OffsetDateTime) -> Result<Expiry, Failure> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("never") {
        return Ok(Expiry::Never);
    }
    let span = |digits: &str, unit: fn(i64) -> Duration| -> Result<Expiry, Failure> {
        let n: i64 = digits
            .parse()
            .ok()
            .filter(|n| *n > 0 && *n <= 3_650_000)
            .ok_or_else(|| Failure::usage(format!("expiry {text:?}: the number must be a whole number from 1")))?;
        Expiry::at(now + unit(n)).map_err(Failure::from_core)
    };
    if let Some(days) = text.strip_suffix('d').filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit())) {
        return span(days, Duration::days);
    }
    if let Some(hours) = text.strip_suffix('h').filter(|h| !h.is_empty() && h.bytes().all(|b| b.is_ascii_digit())) {
        return span(hours, Duration::hours);
    }
    Expiry::parse(text).map_err(|e| Failure::usage(format!("{} (or 90d, 12h, never)", e.message())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn spans_dates_and_never() {
        let now = datetime!(2026-12-02 12:00:00.25 UTC);
        assert_eq!(parse("never", now).unwrap(), Expiry::Never);
        assert_eq!(parse("90d", now).unwrap().wire_value().unwrap(), "2027-03-02T12:00:00Z");
        assert_eq!(parse("12h", now).unwrap().wire_value().unwrap(), "2026-12-03T00:00:00Z");
        assert_eq!(parse("2026-12-31", now).unwrap().wire_value().unwrap(), "2026-12-31");
        assert_eq!(parse("2026-12-31T14:00:00+02:00", now).unwrap().wire_value().unwrap(), "2026-12-31T12:00:00Z");
        for bad in ["", "0d", "d", "-3d", "3w", "2025-12-31T12:00:00:00.000Z", "soon"] {
            assert!(parse(bad, now).is_err(), "{bad}");
        }
    }
}

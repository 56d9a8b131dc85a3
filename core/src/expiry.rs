//! When a generated token expires, and how that is written on the wire (`expiry_date__v`).

use std::fmt;
use std::str::FromStr;

use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime, UtcDateTime};

use crate::error::Error;

/// The expiry of a new token.
///
/// * [`Never`](Expiry::Never): the field is omitted; Vault accepts it only if the user's security
///   profile allows tokens that never expire.
/// * [`At`](Expiry::At): an instant, sent in UTC as `YYYY-MM-DDTHH:MM:SSZ` (fractions dropped).
///   It holds a [`UtcDateTime`], so it cannot carry a local time that would be sent with a `Z`.
/// * [`Date`](Expiry::Date): a calendar date, sent as `YYYY-MM-DD`; Vault reads it as 23:59:59
///   in the *user's* time zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Expiry {
    /// No expiry (the field is not sent).
    #[default]
    Never,
    /// An instant in UTC. [`Expiry::at`] also drops fractions of a second; one built directly
    /// is sent with its fraction dropped.
    At(UtcDateTime),
    /// A calendar date.
    Date(Date),
}

const WIRE_DATE: &[time::format_description::BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]");

const FORMAT_HINT: &str = "use YYYY-MM-DDTHH:MM:SSZ (for example 2026-12-31T12:00:00Z), \
    an instant with an offset (2026-12-31T14:00:00+02:00), or a date (2026-12-31)";

impl Expiry {
    /// An instant in any offset; converted to UTC, fractions of a second dropped. An instant
    /// whose UTC value falls outside the years 0001-9999 is rejected, not wrapped.
    pub fn at(instant: OffsetDateTime) -> Result<Self, Error> {
        let out_of_range = || Error::invalid("expiry instant is out of range: its UTC year must be between 0001 and 9999");
        let utc = instant.checked_to_utc().ok_or_else(out_of_range)?;
        let utc = utc.replace_nanosecond(0).map_err(|_| out_of_range())?;
        if !(1..=9999).contains(&utc.year()) {
            return Err(out_of_range());
        }
        Ok(Expiry::At(utc))
    }

    /// An instant given as seconds since the Unix epoch.
    pub fn at_unix_seconds(seconds: i64) -> Result<Self, Error> {
        let instant = OffsetDateTime::from_unix_timestamp(seconds)
            .map_err(|_| Error::invalid("expiry timestamp is out of range"))?;
        Expiry::at(instant)
    }

    /// A calendar date (Vault applies 23:59:59 in the user's time zone).
    pub fn date(date: Date) -> Self {
        Expiry::Date(date)
    }

    /// Parses an expiry from text.
    ///
    /// Accepts `YYYY-MM-DD`, or an RFC 3339 instant with `Z` or a numeric offset (fractions of a
    /// second allowed and dropped). A time without an offset is rejected rather than guessed, as
    /// is the malformed `2025-12-31T12:00:00:00.000Z` from Veeva's own curl example.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let text = text.trim();
        if text.is_empty() {
            return Err(Error::invalid(format!("expiry is empty; {FORMAT_HINT}")));
        }
        if !text.contains('T') && !text.contains('t') {
            // A signed year such as `-0326` parses as a date, but its wire form is not one Vault
            // (or this parser) reads: years 0001-9999 only, as for instants (found by fuzzing).
            return Date::parse(text, WIRE_DATE)
                .ok()
                .filter(|d| (1..=9999).contains(&d.year()))
                .map(Expiry::Date)
                .ok_or_else(|| Error::invalid(format!("expiry {text:?} is not a valid date; {FORMAT_HINT}")));
        }
        match OffsetDateTime::parse(text, &Rfc3339) {
            Ok(instant) => Expiry::at(instant),
            Err(_) => {
                let time_part = text.split(['T', 't']).nth(1).unwrap_or("");
                let why = if time_part.matches(':').count() > 2 {
                    "has too many time fields"
                } else if !time_part.contains(['Z', 'z', '+', '-']) {
                    "has no UTC offset (add Z for UTC)"
                } else {
                    "is not a valid instant"
                };
                Err(Error::invalid(format!("expiry {text:?} {why}; {FORMAT_HINT}")))
            }
        }
    }

    /// The `expiry_date__v` value to send, or `None` to leave the field out.
    pub fn wire_value(&self) -> Option<String> {
        match self {
            Expiry::Never => None,
            // Written directly rather than through a format description (several times faster,
            // on every call); the years `at` and `parse` admit (0001-9999) always take 4 digits.
            Expiry::At(t) => Some(format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
                t.year(),
                u8::from(t.month()),
                t.day(),
                t.hour(),
                t.minute(),
                t.second()
            )),
            Expiry::Date(d) => Some(format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())),
        }
    }

    /// Rejects an expiry that has already passed (a date is allowed until its day is over
    /// everywhere on Earth, since Vault reads it in the user's zone).
    pub(crate) fn check_not_past(&self, now: OffsetDateTime) -> Result<(), Error> {
        match self {
            Expiry::Never => Ok(()),
            Expiry::At(t) if *t <= now => Err(Error::invalid(format!(
                "expiry {} is in the past",
                self.wire_value().unwrap_or_default()
            ))),
            Expiry::Date(d) if d.next_day().is_some_and(|next| {
                // The latest zone is UTC-12: its day ends at (d + 1) 12:00 UTC.
                next.with_hms(12, 0, 0).map(|e| e.assume_utc() <= now).unwrap_or(false)
            }) =>
            {
                Err(Error::invalid(format!("expiry date {d} is in the past")))
            }
            _ => Ok(()),
        }
    }
}

impl FromStr for Expiry {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        Expiry::parse(s)
    }
}

impl fmt::Display for Expiry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.wire_value() {
            Some(v) => f.write_str(&v),
            None => f.write_str("never"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn wire(text: &str) -> String {
        Expiry::parse(text).unwrap().wire_value().unwrap()
    }

    #[test]
    fn normalises_instants_to_utc_whole_seconds() {
        assert_eq!(wire("2026-12-31T12:00:00Z"), "2026-12-31T12:00:00Z");
        assert_eq!(wire("2026-12-31T14:00:00+02:00"), "2026-12-31T12:00:00Z");
        assert_eq!(wire("2026-12-31T20:30:00-05:00"), "2027-01-01T01:30:00Z");
        assert_eq!(wire("2026-12-31T12:00:00.999Z"), "2026-12-31T12:00:00Z");
        assert_eq!(wire("2026-12-31"), "2026-12-31");
    }

    #[test]
    fn rejects_malformed_with_a_hint() {
        let err = Expiry::parse("2025-12-31T12:00:00:00.000Z").unwrap_err();
        assert!(err.message().contains("too many time fields"), "{err}");
        assert!(err.message().contains("YYYY-MM-DDTHH:MM:SSZ"));
        let err = Expiry::parse("2026-12-31T12:00:00").unwrap_err();
        assert!(err.message().contains("no UTC offset"), "{err}");
        for bad in ["", "tomorrow", "2026-13-01", "2026-02-30", "31/12/2026"] {
            assert!(Expiry::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn an_instant_past_year_9999_in_utc_is_rejected_not_a_panic() {
        let err = Expiry::parse("9999-12-31T23:00:00-05:00").unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::InvalidArgument);
        assert!(err.message().contains("out of range"), "{err}");
        assert!(Expiry::parse("0001-01-01T00:30:00+01:00").is_err());
        assert_eq!(wire("9999-12-31T18:59:59-05:00"), "9999-12-31T23:59:59Z");
    }

    #[test]
    fn a_date_outside_years_0001_to_9999_is_rejected() {
        for bad in ["-0326-03-29", "0000-01-01", "-0001-12-31"] {
            assert_eq!(Expiry::parse(bad).unwrap_err().kind(), crate::ErrorKind::InvalidArgument, "{bad}");
        }
        assert_eq!(wire("0001-01-01"), "0001-01-01");
    }

    #[test]
    fn a_directly_built_instant_is_utc_by_type() {
        let at = Expiry::At(datetime!(2026-12-31 14:00:00.5 +02:00).to_utc());
        assert_eq!(at.wire_value().as_deref(), Some("2026-12-31T12:00:00Z"));
    }

    #[test]
    fn past_checks() {
        let now = datetime!(2026-11-30 12:00:00 UTC);
        assert!(Expiry::parse("2026-11-30T11:59:59Z").unwrap().check_not_past(now).is_err());
        assert!(Expiry::parse("2026-11-30T12:00:01Z").unwrap().check_not_past(now).is_ok());
        // Still Nov 29 somewhere (UTC-12) until 12:00 UTC on Nov 30.
        assert!(Expiry::parse("2026-11-29").unwrap().check_not_past(now).is_err());
        assert!(Expiry::parse("2026-11-30").unwrap().check_not_past(now).is_ok());
        assert!(Expiry::Never.check_not_past(now).is_ok());
    }
}

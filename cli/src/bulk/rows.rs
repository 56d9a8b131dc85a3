//! The bulk CSV: `user_id,name[,expires][,revoke_ids]`, checked as a whole before anything is
//! sent. Old ids may be separated by spaces or `;` within the fourth field, or follow it as
//! more fields. A first line starting with `user_id` is a header.

use std::collections::HashSet;
use std::path::Path;

use time::OffsetDateTime;
use veeva_vault_auth::Expiry;

use crate::exit::Failure;

/// One row to rotate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The line in the file (1-based), for messages.
    pub line: u64,
    pub user_id: String,
    pub name: String,
    pub expiry: Expiry,
    pub revoke: Vec<String>,
}

impl Row {
    /// `DIR/<user_id>.token`.
    pub fn file_name(&self) -> String {
        format!("{}.token", self.user_id)
    }
}

/// Reads and checks every row: a user id usable as a file name, given once; a name; a valid
/// expiry (`default` when empty); old ids without spaces, none twice.
pub fn read(path: &Path, default: Expiry, now: OffsetDateTime) -> Result<Vec<Row>, Failure> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .comment(Some(b'#'))
        .from_path(path)
        .map_err(|e| Failure::usage(format!("cannot read {}: {e}", path.display())))?;
    let mut rows = Vec::new();
    let mut users = HashSet::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| Failure::usage(format!("{}: {e}", path.display())))?;
        let line = record.position().map(|p| p.line()).unwrap_or(i as u64 + 1);
        let at = |what: String| Failure::usage(format!("{} line {line}: {what}", path.display()));
        let field = |n: usize| record.get(n).unwrap_or("");
        if i == 0 && field(0).eq_ignore_ascii_case("user_id") {
            continue;
        }
        if record.iter().all(str::is_empty) {
            continue;
        }
        let user_id = field(0).to_owned();
        if user_id.is_empty() || user_id.starts_with('.') || !user_id.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c)) {
            return Err(at(format!("user id {user_id:?} must be letters, digits, '.', '_' or '-' (it names the token file)")));
        }
        if !users.insert(user_id.clone()) {
            return Err(at(format!("user {user_id} has a row already (one token file per user)")));
        }
        let name = field(1).to_owned();
        if name.is_empty() {
            return Err(at("the token name is empty".into()));
        }
        let expiry = match field(2) {
            "" => default,
            text => crate::expires::parse(text, now).map_err(|f| at(f.message))?,
        };
        let mut revoke = Vec::new();
        for extra in record.iter().skip(3) {
            revoke.extend(extra.split([' ', ';', '\t']).filter(|s| !s.is_empty()).map(str::to_owned));
        }
        let mut seen = HashSet::new();
        if let Some(dup) = revoke.iter().find(|id| !seen.insert(id.as_str())) {
            return Err(at(format!("old token id {dup} is given twice")));
        }
        rows.push(Row { line, user_id, name, expiry, revoke });
    }
    let mut all_ids = HashSet::new();
    for row in &rows {
        if let Some(dup) = row.revoke.iter().find(|id| !all_ids.insert(id.as_str())) {
            return Err(Failure::usage(format!("{} line {}: old token id {dup} is in another row too", path.display(), row.line)));
        }
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn parse(text: &str) -> Result<Vec<Row>, Failure> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rows.csv");
        std::fs::write(&path, text).unwrap();
        read(&path, Expiry::Never, datetime!(2026-12-02 12:00:00 UTC))
    }

    #[test]
    fn reads_headers_optional_fields_and_id_lists() {
        let rows = parse("user_id,name,expires,revoke_ids\n12345,Key-2026,90d,0PI1 0PI2\n12346, Key-2026 ,,0PI3;0PI4\n# comment\n12347,K\n12348,K,2026-12-31,0PI5,0PI6\n").unwrap();
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[0].revoke, ["0PI1", "0PI2"]);
        assert_eq!(rows[0].expiry.wire_value().unwrap(), "2027-03-02T12:00:00Z");
        assert_eq!(rows[1].name, "Key-2026");
        assert_eq!(rows[1].expiry, Expiry::Never);
        assert_eq!(rows[1].revoke, ["0PI3", "0PI4"]);
        assert!(rows[2].revoke.is_empty());
        assert_eq!(rows[3].revoke, ["0PI5", "0PI6"]);
        assert_eq!(rows[3].file_name(), "12348.token");
        assert_eq!(rows[1].line, 3);
    }

    #[test]
    fn refuses_what_it_cannot_do_safely() {
        for bad in [
            "12345,K\n12345,L\n",
            "../etc,K\n",
            ".hidden,K\n",
            "12345,\n",
            "12345,K,tomorrow\n",
            "12345,K,,0PI1 0PI1\n",
            "12345,K,,0PI1\n12346,K,,0PI1\n",
        ] {
            let err = parse(bad).unwrap_err();
            assert_eq!(err.status, crate::exit::Status::Usage, "{bad}");
            assert!(err.message.contains("line"), "{}", err.message);
        }
    }
}

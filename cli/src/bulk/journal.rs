//! The bulk journal: JSON lines, each appended with one write and flushed to disk (fsync)
//! before the step it records is taken further. It never holds a token.
//!
//! Events, per row (a row is its `user_id` and `name`; the last event wins):
//!
//! * `intent`: a create is about to be sent. An intent with nothing after it means the create's
//!   outcome is unknown: a token may exist that nobody holds, so a rerun runs the orphan
//!   recovery (never-used active tokens with that name are revoked) before creating again.
//! * `failed`: the create was refused, so no token was made; a rerun simply tries again.
//! * `done`: the token is in its file (written, flushed and renamed before this is appended).
//! * `finished`: the old ids are revoked too; a rerun skips the row.
//!
//! A line cut short by a crash (no final newline) is dropped when the journal is opened.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    Intent,
    Failed,
    Done,
    Finished,
}

/// One line of the journal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub event: Event,
    pub user_id: String,
    pub name: String,
    /// When it was written (RFC 3339, UTC).
    pub at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub revoked: Vec<String>,
}

impl Record {
    pub fn new(event: Event, user_id: &str, name: &str) -> Self {
        let at = crate::output::iso(time::OffsetDateTime::now_utc());
        Record { event, user_id: user_id.into(), name: name.into(), at, token_id: None, file: None, error: None, revoked: Vec::new() }
    }
}

/// An open journal: its file (locked, so two runs cannot share it) and the last event per row.
pub struct Journal {
    file: File,
    last: HashMap<(String, String), Record>,
}

impl Journal {
    /// Opens (or creates, mode 0600) and reads the journal, and locks it for this run.
    pub fn open(path: &Path) -> io::Result<Journal> {
        let mut options = OpenOptions::new();
        options.read(true).append(true).create(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(path)?;
        file.try_lock().map_err(|_| io::Error::new(io::ErrorKind::WouldBlock, format!("{} is in use by another run", path.display())))?;
        let last = Self::read(&mut file, path)?;
        Ok(Journal { file, last })
    }

    /// Reads the journal without opening it for writing (for `--dry-run`); empty if absent.
    pub fn peek(path: &Path) -> io::Result<HashMap<(String, String), Record>> {
        match File::open(path) {
            Ok(mut file) => Self::read(&mut file, path),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(HashMap::new()),
            Err(e) => Err(e),
        }
    }

    fn read(file: &mut File, path: &Path) -> io::Result<HashMap<(String, String), Record>> {
        let mut text = String::new();
        file.seek(SeekFrom::Start(0))?;
        file.read_to_string(&mut text)?;
        // Everything after the last newline is a write a crash cut short.
        let complete = match text.rfind('\n') {
            Some(i) => i + 1,
            None => 0,
        };
        if complete < text.len() {
            file.set_len(complete as u64).ok();
        }
        let mut last = HashMap::new();
        for (n, line) in text[..complete].lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let record: Record = serde_json::from_str(line).map_err(|e| {
                io::Error::new(io::ErrorKind::InvalidData, format!("{} line {}: not a journal record ({e})", path.display(), n + 1))
            })?;
            last.insert((record.user_id.clone(), record.name.clone()), record);
        }
        Ok(last)
    }

    /// The last event recorded for a row.
    pub fn last(&self, user_id: &str, name: &str) -> Option<&Record> {
        self.last.get(&(user_id.to_owned(), name.to_owned()))
    }

    /// Appends one record and flushes it to disk before returning.
    pub fn append(&mut self, record: Record) -> io::Result<()> {
        let mut line = serde_json::to_string(&record).map_err(io::Error::other)?;
        line.push('\n');
        self.file.write_all(line.as_bytes())?;
        self.file.sync_data()?;
        self.last.insert((record.user_id.clone(), record.name.clone()), record);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_event_wins_and_a_torn_line_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.jsonl");
        {
            let mut j = Journal::open(&path).unwrap();
            j.append(Record::new(Event::Intent, "1", "k")).unwrap();
            let mut done = Record::new(Event::Done, "1", "k");
            done.token_id = Some("0PI1".into());
            j.append(done).unwrap();
            j.append(Record::new(Event::Intent, "2", "k")).unwrap();
        }
        std::fs::OpenOptions::new().append(true).open(&path).unwrap().write_all(b"{\"event\":\"fin").unwrap();
        let j = Journal::open(&path).unwrap();
        assert_eq!(j.last("1", "k").unwrap().event, Event::Done);
        assert_eq!(j.last("1", "k").unwrap().token_id.as_deref(), Some("0PI1"));
        assert_eq!(j.last("2", "k").unwrap().event, Event::Intent);
        assert!(j.last("3", "k").is_none());
        assert!(std::fs::read_to_string(&path).unwrap().ends_with('\n'), "the torn tail was cut");
    }

    #[test]
    fn a_second_run_cannot_open_a_journal_in_use() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.jsonl");
        let _first = Journal::open(&path).unwrap();
        assert_eq!(Journal::open(&path).err().unwrap().kind(), io::ErrorKind::WouldBlock);
    }

    #[test]
    fn a_corrupt_line_in_the_middle_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.jsonl");
        std::fs::write(&path, "nonsense\n{}\n").unwrap();
        assert_eq!(Journal::open(&path).err().unwrap().kind(), io::ErrorKind::InvalidData);
    }
}

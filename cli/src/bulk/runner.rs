//! One bulk run: each row's steps, journaled, every call paced.
//!
//! A row's life: prepare its file, journal the intent, create, write the file, journal `done`,
//! revoke the old ids, journal `finished`. A rerun picks the row up where the journal says it
//! stopped (see [`super::journal`]), so a crash at any moment ends, after a rerun, with exactly
//! one new active token per row, saved in its file.

// Both arms of a step's result are the row's result (`Err` only ends the row early), so the
// large `Err` is the point, not an accident.
#![allow(clippy::result_large_err)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use veeva_vault_auth::{Error, ErrorKind, ResponseMeta, TokenQuery, TokenRequest, TokenTarget, blocking};

use super::journal::{Event, Journal, Record};
use super::progress::Progress;
use super::rows::Row;
use crate::commands::revoke::into_revoked;
use crate::commands::token::{prepare_out, save};
use crate::pacing::{Observation, Pacer};
use crate::secure_file::remove_stale_temps;

/// What became of a row.
#[derive(Clone, Debug)]
pub struct RowResult {
    /// `ok`, `skipped`, `failed`, `unknown` (a token may exist: rerun to recover).
    pub outcome: &'static str,
    pub token_id: Option<String>,
    pub file: Option<PathBuf>,
    pub revoked: Vec<String>,
    pub error: Option<(String, String)>,
    /// The core's error kind, for telling systemic failures from per-row ones.
    pub kind: Option<ErrorKind>,
    /// A local failure (journal, files) that would repeat on every row.
    pub local: bool,
}

impl RowResult {
    fn new(outcome: &'static str) -> Self {
        RowResult { outcome, token_id: None, file: None, revoked: Vec::new(), error: None, kind: None, local: false }
    }

    /// A create's error: `unknown` when a token may exist.
    fn failed(error: &Error) -> Self {
        RowResult::from_error(error, error.outcome_unknown())
    }

    /// Any other call's error (a listing, a revoke): a failed row, since no token can have
    /// been made by it; a rerun finds out what is left.
    fn failed_other(error: &Error) -> Self {
        RowResult::from_error(error, false)
    }

    fn from_error(error: &Error, unknown: bool) -> Self {
        let mut r = RowResult::new(if unknown { "unknown" } else { "failed" });
        r.error = Some((error.code().to_owned(), error.message().to_owned()));
        r.kind = Some(error.kind());
        r
    }

    fn local(code: &str, message: String, systemic: bool) -> Self {
        let mut r = RowResult::new("failed");
        r.error = Some((code.to_owned(), message));
        r.local = systemic;
        r
    }
}

pub struct Runner<'a> {
    pub client: &'a blocking::Client,
    pub pacer: Pacer,
    pub journal: Journal,
    pub out_dir: PathBuf,
    pub force: bool,
    pub progress: Progress,
    /// Time spent pausing for the burst budget.
    pub waited: Duration,
    start: Instant,
}

fn observation(meta: &ResponseMeta) -> Observation {
    Observation {
        remaining: meta.burst_limit_remaining,
        limit: meta.burst_limit,
        delay_ms: meta.response_delay_ms,
        rate_limited: false,
    }
}

impl<'a> Runner<'a> {
    pub fn new(client: &'a blocking::Client, pacer: Pacer, journal: Journal, out_dir: &Path, force: bool, progress: Progress) -> Self {
        Runner { client, pacer, journal, out_dir: out_dir.to_owned(), force, progress, waited: Duration::ZERO, start: Instant::now() }
    }

    fn now(&self) -> Duration {
        self.start.elapsed()
    }

    /// One call (`requests` HTTP requests) after the pacer's wait, its headers fed back.
    fn paced<T>(
        &mut self,
        requests: usize,
        call: impl FnOnce(&blocking::Client) -> Result<T, Error>,
        meta: impl Fn(&T) -> Option<&ResponseMeta>,
    ) -> Result<T, Error> {
        let wait = self.pacer.wait(self.now());
        if !wait.is_zero() {
            self.progress.waiting(wait);
            std::thread::sleep(wait);
            self.waited += wait;
        }
        for _ in 0..requests.max(1) {
            self.pacer.sent();
        }
        let result = call(self.client);
        let seen = match &result {
            Ok(value) => meta(value).map(observation).unwrap_or_default(),
            Err(e) => Observation { rate_limited: e.kind() == ErrorKind::RateLimited, ..observation(e.meta()) },
        };
        self.pacer.observe(self.now(), seen);
        self.progress.remaining(self.pacer.remaining());
        result
    }

    /// The first call: who we are, and how much of the burst budget is left.
    pub fn probe(&mut self) -> Result<(), Error> {
        self.paced(1, |c| c.whoami(), |u| Some(u.meta())).map(|_| ())
    }

    fn append(&mut self, record: Record) -> Result<(), RowResult> {
        self.journal.append(record).map_err(|e| RowResult::local("journal_error", format!("cannot write the journal: {e}"), true))
    }

    /// Takes one row as far as it can go.
    pub fn row(&mut self, row: &Row) -> RowResult {
        match self.try_row(row) {
            Ok(result) | Err(result) => result,
        }
    }

    fn try_row(&mut self, row: &Row) -> Result<RowResult, RowResult> {
        let target = self.out_dir.join(row.file_name());
        let last = self.journal.last(&row.user_id, &row.name).cloned();
        let overwrite = match last.as_ref().map(|r| r.event) {
            Some(Event::Finished) => {
                let mut r = RowResult::new("skipped");
                r.token_id = last.as_ref().and_then(|l| l.token_id.clone());
                r.file = Some(target);
                return Ok(r);
            }
            Some(Event::Done) => {
                let token_id = last.as_ref().and_then(|l| l.token_id.clone());
                return self.revoke_old(row, token_id, target, true);
            }
            // A create whose outcome is unknown: look for what it may have left first. Any file
            // there is this run's own (the file check came before the intent).
            Some(Event::Intent) => {
                self.recover(row)?;
                true
            }
            Some(Event::Failed) | None => self.force,
        };
        // A run killed between making the temporary file and renaming it leaves one behind (the
        // journal's lock means no other run is writing here).
        remove_stale_temps(&target);
        // A file that exists fails this row; a folder that cannot be written fails them all.
        let pending = prepare_out(&target, overwrite).map_err(|f| {
            let systemic = f.status != crate::exit::Status::Usage;
            RowResult::local(&f.code, f.message, systemic)
        })?;
        self.append(Record::new(Event::Intent, &row.user_id, &row.name))?;
        let request = TokenRequest::new(TokenTarget::user(&row.user_id), &row.name).expiry(row.expiry);
        let token = match self.paced(1, |c| c.generate_access_token(&request), |t| Some(t.meta())) {
            Ok(token) => token,
            Err(e) if e.outcome_unknown() => return Err(RowResult::failed(&e)),
            Err(e) => {
                let mut record = Record::new(Event::Failed, &row.user_id, &row.name);
                record.error = Some(e.code().to_owned());
                self.append(record)?;
                return Err(RowResult::failed(&e));
            }
        };
        // If the file cannot be written the token is revoked (or kept in the temporary file);
        // the intent stays, so a rerun's recovery revokes whatever is left.
        let file = save(self.client, &token, pending).map_err(|f| RowResult::local(&f.code, f.message, true))?;
        let mut done = Record::new(Event::Done, &row.user_id, &row.name);
        done.token_id = Some(token.id().to_owned());
        done.file = Some(file.display().to_string());
        self.append(done)?;
        self.revoke_old(row, Some(token.id().to_owned()), file, false)
    }

    /// The orphan recovery for a row whose create's outcome is unknown: revoke every active,
    /// never-used token of that user with that name.
    fn recover(&mut self, row: &Row) -> Result<(), RowResult> {
        let target = TokenTarget::user(&row.user_id);
        let orphans = self.paced(1, |c| c.find_orphaned_tokens(&target, &row.name), |_| None).map_err(|e| RowResult::failed_other(&e))?;
        let ids: Vec<String> = orphans.iter().map(|t| t.id().to_owned()).collect();
        if ids.is_empty() {
            return Ok(());
        }
        let batches = ids.len().div_ceil(veeva_vault_auth::MAX_REVOKE_BATCH);
        let revoked = into_revoked(self.paced(batches, |c| c.revoke_access_tokens(&ids), |_| None)).map_err(|e| RowResult::failed_other(&e))?;
        if revoked.complete() {
            return Ok(());
        }
        let left: Vec<String> = ids.iter().filter(|id| !revoked.report.revoked.contains(id)).cloned().collect();
        let mut failed = RowResult::local("recovery_failed", format!("orphaned tokens not revoked: {}", left.join(", ")), false);
        failed.kind = revoked.error.as_ref().map(Error::kind);
        Err(failed)
    }

    /// Revokes the row's old ids once its new token is saved. On a rerun (`resumed`) some may
    /// be gone already, so only those still listed are revoked.
    fn revoke_old(&mut self, row: &Row, token_id: Option<String>, file: PathBuf, resumed: bool) -> Result<RowResult, RowResult> {
        let mut result = RowResult::new("ok");
        result.token_id = token_id;
        result.file = Some(file);
        let mut ids = row.revoke.clone();
        if resumed && !ids.is_empty() {
            let query = TokenQuery::user(&row.user_id).include_inactive(true);
            let existing = self.paced(1, |c| c.list_access_tokens(&query), |_| None).map_err(|e| RowResult::failed_other(&e))?;
            ids.retain(|id| existing.iter().any(|t| t.id() == id));
        }
        if !ids.is_empty() {
            let batches = ids.len().div_ceil(veeva_vault_auth::MAX_REVOKE_BATCH);
            let revoked = match into_revoked(self.paced(batches, |c| c.revoke_access_tokens(&ids), |_| None)) {
                Ok(r) => r,
                Err(e) => return Err(RowResult { token_id: result.token_id, file: result.file, ..RowResult::failed_other(&e) }),
            };
            result.revoked = revoked.report.revoked.clone();
            if !revoked.complete() {
                let left: Vec<String> = ids.iter().filter(|id| !revoked.report.revoked.contains(id)).cloned().collect();
                let why = revoked.error.as_ref().map(|e| format!(" ({e})")).unwrap_or_default();
                let mut failed = RowResult::local("revoke_incomplete", format!("new token saved; not revoked: {}{why}", left.join(", ")), false);
                failed.kind = revoked.error.as_ref().map(Error::kind);
                failed.token_id = result.token_id;
                failed.file = result.file;
                failed.revoked = result.revoked;
                return Err(failed);
            }
        }
        let mut finished = Record::new(Event::Finished, &row.user_id, &row.name);
        finished.token_id = result.token_id.clone();
        finished.revoked = result.revoked.clone();
        self.append(finished)?;
        Ok(result)
    }
}

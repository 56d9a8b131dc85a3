//! Token files: mode 0600 from the first byte, written to a temporary file in the same folder
//! and moved into place only when complete and flushed to disk.
//!
//! The temporary file is created *before* the token is asked for, so that everything that can
//! fail for local reasons (permissions, a missing folder, a refused overwrite) fails before a
//! token exists. Without `force` the move is a hard link, which refuses an existing file
//! atomically (rename would silently replace one that appeared meanwhile).

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// A token file being written: the temporary file exists, the final one not yet.
#[derive(Debug)]
pub struct PendingFile {
    temp: PathBuf,
    target: PathBuf,
    file: Option<File>,
    force: bool,
    /// Set once the temporary file holds a token that did not reach `target`: then it is kept.
    keep_temp: bool,
}

/// Why a token did not reach its file.
#[derive(Debug)]
pub struct NotSaved {
    pub error: io::Error,
    /// Where the token is instead, if it was written at all.
    pub kept_at: Option<PathBuf>,
}

impl PendingFile {
    /// Checks `target` may be written and creates the temporary file (mode 0600) beside it.
    pub fn prepare(target: &Path, force: bool) -> io::Result<PendingFile> {
        if !force && target.symlink_metadata().is_ok() {
            return Err(io::Error::new(io::ErrorKind::AlreadyExists, format!("{} exists (use --force to replace it)", target.display())));
        }
        let name = target
            .file_name()
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, format!("{} is not a file name", target.display())))?;
        let dir = parent(target);
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        for attempt in 0..100u32 {
            let temp = dir.join(format!(".{}.tmp-{}-{attempt}", name.to_string_lossy(), std::process::id()));
            match options.open(&temp) {
                Ok(file) => return Ok(PendingFile { temp, target: target.to_owned(), file: Some(file), force, keep_temp: false }),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(io::Error::new(e.kind(), format!("cannot create a file in {}: {e}", dir.display()))),
            }
        }
        Err(io::Error::new(io::ErrorKind::AlreadyExists, format!("cannot create a temporary file in {}", dir.display())))
    }

    /// The final path.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Writes `secret` and a newline, flushes it to disk, and moves it into place.
    pub fn commit(mut self, secret: &str) -> Result<PathBuf, NotSaved> {
        let Some(mut file) = self.file.take() else {
            return Err(NotSaved { error: io::Error::other("the file was already used"), kept_at: None });
        };
        let written = file.write_all(secret.as_bytes()).and_then(|()| file.write_all(b"\n")).and_then(|()| file.sync_all());
        drop(file);
        if let Err(error) = written {
            // A partial token is of no use; the caller learns the token was not saved.
            return Err(NotSaved { error, kept_at: None });
        }
        self.keep_temp = true;
        let placed = if self.force {
            std::fs::rename(&self.temp, &self.target)
        } else {
            std::fs::hard_link(&self.temp, &self.target).and_then(|()| std::fs::remove_file(&self.temp))
        };
        if let Err(error) = placed {
            // The token is complete in the temporary file: keep it there rather than lose it,
            // unless it reached the target after all (the link succeeded, the unlink did not).
            let kept_at = if same_file(&self.temp, &self.target) { None } else { Some(self.temp.clone()) };
            self.keep_temp = kept_at.is_some();
            if kept_at.is_none() {
                return Ok(self.target.clone());
            }
            return Err(NotSaved { error, kept_at });
        }
        self.keep_temp = false;
        // The rename itself is durable only once the folder is flushed.
        if let Ok(dir) = File::open(parent(&self.target)) {
            let _ = dir.sync_all();
        }
        Ok(self.target.clone())
    }
}

impl Drop for PendingFile {
    fn drop(&mut self) {
        if !self.keep_temp {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

#[cfg(unix)]
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (a.metadata(), b.metadata()) {
        (Ok(a), Ok(b)) => a.ino() == b.ino() && a.dev() == b.dev(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &Path, _: &Path) -> bool {
    false
}

/// Removes temporary files an earlier, interrupted run left beside `target`.
pub fn remove_stale_temps(target: &Path) {
    let (Some(name), Ok(entries)) = (target.file_name(), std::fs::read_dir(parent(target))) else { return };
    let prefix = format!(".{}.tmp-", name.to_string_lossy());
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_0600_atomically_and_refuses_existing_files() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.token");
        let pending = PendingFile::prepare(&target, false).unwrap();
        assert!(!target.exists());
        assert_eq!(pending.commit("secret-value").unwrap(), target);
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "secret-value\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(target.metadata().unwrap().permissions().mode() & 0o777, 0o600);
        }
        assert_eq!(PendingFile::prepare(&target, false).unwrap_err().kind(), io::ErrorKind::AlreadyExists);
        PendingFile::prepare(&target, true).unwrap().commit("second").unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "second\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file is left");
    }

    #[test]
    fn a_file_that_appears_meanwhile_is_not_replaced_and_the_token_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("b.token");
        let pending = PendingFile::prepare(&target, false).unwrap();
        std::fs::write(&target, "other").unwrap();
        let err = pending.commit("secret-value").unwrap_err();
        let kept = err.kept_at.unwrap();
        assert_eq!(std::fs::read_to_string(&kept).unwrap(), "secret-value\n");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "other");
    }

    #[test]
    fn an_unused_pending_file_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        drop(PendingFile::prepare(&dir.path().join("c.token"), false).unwrap());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        remove_stale_temps(&dir.path().join("c.token"));
    }
}

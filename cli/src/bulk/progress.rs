//! Bulk progress on stderr: an indicatif bar on a terminal (done/total, rate, ETA, burst
//! remaining), otherwise one plain line per row that logs and CI keep readably.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::rows::Row;
use super::runner::RowResult;

pub struct Progress {
    bar: Option<ProgressBar>,
    total: usize,
    remaining: Option<u64>,
}

impl Progress {
    /// A bar when stderr is a terminal, lines otherwise.
    pub fn new(total: usize) -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
            let style = ProgressStyle::with_template("{bar:30} {pos}/{len} rows  {per_sec}  ETA {eta}  {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> ");
            bar.set_style(style);
            bar
        });
        // A terminal indicatif will not draw on (TERM=dumb): lines, rather than nothing.
        let bar = bar.filter(|b| !b.is_hidden());
        Progress { bar, total, remaining: None }
    }

    /// The burst budget as last seen.
    pub fn remaining(&mut self, remaining: Option<u64>) {
        self.remaining = remaining;
        if let (Some(bar), Some(n)) = (&self.bar, remaining) {
            bar.set_message(format!("burst remaining {n}"));
        }
    }

    /// The run pauses for the burst window.
    pub fn waiting(&self, wait: Duration) {
        if wait < Duration::from_millis(200) {
            return;
        }
        let text = format!("pausing {:.1} s for the burst window (remaining {})", wait.as_secs_f64(), self.remaining_text());
        match &self.bar {
            Some(bar) => bar.set_message(text),
            None => eprintln!("vva: {text}"),
        }
    }

    fn remaining_text(&self) -> String {
        self.remaining.map(|n| n.to_string()).unwrap_or_else(|| "unknown".into())
    }

    /// One row is through.
    pub fn row(&self, index: usize, row: &Row, result: &RowResult) {
        let mut line = format!("[{}/{}] line {} user {} {:?}: {}", index + 1, self.total, row.line, row.user_id, row.name, result.outcome);
        if let Some(id) = &result.token_id {
            line.push_str(&format!(" token {id}"));
        }
        if let Some(file) = &result.file {
            line.push_str(&format!(" in {}", file.display()));
        }
        if !result.revoked.is_empty() {
            line.push_str(&format!(", revoked {}", result.revoked.join(" ")));
        }
        if let Some((code, message)) = &result.error {
            line.push_str(&format!(" ({code}: {message})"));
        }
        match &self.bar {
            Some(bar) => {
                if result.outcome != "ok" && result.outcome != "skipped" {
                    bar.println(line);
                }
                bar.inc(1);
            }
            None => eprintln!("{line}"),
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish();
        }
    }
}

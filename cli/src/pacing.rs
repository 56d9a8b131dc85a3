//! Burst-aware pacing: how long to wait before the next call so that a run never draws Vault's
//! burst delays (`X-VaultAPI-ResponseDelay`) and leaves a reserve for other integrations.
//!
//! Pure: time is a [`Duration`] since any fixed instant, passed in by the caller, so the tests
//! drive it with a fake clock. The model, and why it is safe:
//!
//! * Vault counts calls in a fixed window (5 minutes; `--burst-window`) and says in every answer
//!   how many are left (`X-VaultAPI-BurstLimitRemaining`). Answers without headers (the core
//!   gives no metadata for some results) are counted down locally from the last answer seen.
//! * The window's end is not in the headers, so it is bounded from above: a window that is new
//!   at an answer started no later than that answer arrived, so it ends no later than that
//!   moment plus the window. Waiting for that bound never sends early.
//! * The budget is what is left above the reserve (`--min-remaining`, by default a tenth of
//!   `X-VaultAPI-BurstLimit`). Far from the reserve calls go at full speed; over the last
//!   stretch (a twentieth of the limit) they are spread evenly over the rest of the window; at
//!   the reserve the run pauses until the window must have ended. A spread costs no throughput:
//!   the same number of calls fits in each window either way.
//! * An answer that was delayed anyway, or `API_LIMIT_EXCEEDED`, means the estimate was wrong:
//!   the budget is taken as spent until the window ends.

use std::time::Duration;

/// What one answer said about the burst budget.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Observation {
    pub remaining: Option<u64>,
    pub limit: Option<u64>,
    pub delay_ms: Option<u64>,
    /// The call failed with `API_LIMIT_EXCEEDED`.
    pub rate_limited: bool,
}

/// The pacing state of one run.
#[derive(Clone, Debug)]
pub struct Pacer {
    window: Duration,
    min_remaining: Option<u64>,
    limit: Option<u64>,
    /// Calls left in the current window, as last seen and counted down since.
    estimate: Option<u64>,
    /// The latest moment the current window can end; `None` until an answer of this window.
    window_end: Option<Duration>,
    /// Answers that came back delayed or rate-limited.
    delayed: u64,
}

impl Pacer {
    /// `window`: the burst window's length; `min_remaining`: the reserve (`None`: a tenth of
    /// the limit once an answer has said what it is).
    pub fn new(window: Duration, min_remaining: Option<u64>) -> Self {
        Pacer { window, min_remaining, limit: None, estimate: None, window_end: None, delayed: 0 }
    }

    /// The reserve left for others.
    pub fn reserve(&self) -> u64 {
        match (self.min_remaining, self.limit) {
            (Some(n), _) => n,
            (None, Some(limit)) => limit.div_ceil(10),
            (None, None) => 0,
        }
    }

    /// Calls above the reserve over which calls are spread rather than sent at once.
    fn slow_zone(&self) -> u64 {
        self.limit.map(|l| (l / 20).max(1)).unwrap_or(1)
    }

    /// Calls left in the window as far as is known (for the progress display).
    pub fn remaining(&self) -> Option<u64> {
        self.estimate
    }

    /// Answers that came back delayed or rate-limited despite the pacing.
    pub fn delayed(&self) -> u64 {
        self.delayed
    }

    /// Once the window must have ended, a fresh one has the whole limit (until an answer says
    /// otherwise) and an end that the next answer will bound.
    fn roll(&mut self, now: Duration) {
        if self.window_end.is_some_and(|end| now >= end) {
            self.window_end = None;
            self.estimate = self.limit;
        }
    }

    /// How long to wait before sending a call at `now`.
    pub fn wait(&mut self, now: Duration) -> Duration {
        self.roll(now);
        let Some(estimate) = self.estimate else {
            // Nothing known yet: the first answer will tell.
            return Duration::ZERO;
        };
        let budget = estimate.saturating_sub(self.reserve());
        let left = match self.window_end {
            Some(end) => end.saturating_sub(now),
            // This window's end is not bounded yet: at worst it began now.
            None if budget == 0 => self.window,
            None => return Duration::ZERO,
        };
        if budget == 0 {
            left
        } else if budget <= self.slow_zone() {
            // Even spacing over what is left: budget calls, budget + 1 gaps.
            left / u32::try_from(budget + 1).unwrap_or(u32::MAX)
        } else {
            Duration::ZERO
        }
    }

    /// A call is being sent (count it before its answer, which may never come).
    pub fn sent(&mut self) {
        if let Some(e) = &mut self.estimate {
            *e = e.saturating_sub(1);
        }
    }

    /// An answer arrived at `now` with these headers (or none: then `Observation::default()`).
    pub fn observe(&mut self, now: Duration, seen: Observation) {
        if let Some(limit) = seen.limit {
            self.limit = Some(limit);
        }
        if let Some(remaining) = seen.remaining {
            let fresh = match (self.window_end, self.estimate) {
                (Some(end), _) if now >= end => true,
                // More left than counted: the window was reset since the last answer.
                (Some(_), Some(estimate)) => remaining > estimate,
                _ => true,
            };
            if fresh {
                self.window_end = Some(now + self.window);
            }
            self.estimate = Some(remaining);
        }
        if seen.delay_ms.is_some_and(|d| d > 0) || seen.rate_limited {
            self.delayed += 1;
            self.estimate = Some(0);
            if self.window_end.is_none() {
                self.window_end = Some(now + self.window);
            }
        }
    }
}

#[cfg(test)]
#[path = "pacing_tests.rs"]
mod tests;

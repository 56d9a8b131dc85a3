//! Vault's burst limit: `X-VaultAPI-BurstLimit` / `-BurstLimitRemaining` on every API answer,
//! counted in a fixed window (fixtures `burst_limit`, `burst_window_secs`), and once the limit
//! is used up each answer is delayed 500 ms with `X-VaultAPI-ResponseDelay: 500` until the
//! window ends, as Vault does (it slows down rather than refusing).

use std::time::{Duration, Instant};

use crate::http::Response;
use crate::vault::State;

impl State {
    /// Counts one API request and adds the burst and execution-id headers.
    pub(crate) fn decorate(&mut self, response: &mut Response) {
        let window = Duration::from_secs(self.fixtures.burst_window_secs);
        if self.burst_started.is_none_or(|t| t.elapsed() >= window) {
            self.burst_started = Some(Instant::now());
            self.burst_used = 0;
        }
        self.burst_used += 1;
        let limit = self.fixtures.burst_limit;
        let remaining = limit.saturating_sub(self.burst_used);
        let execution_id = format!("mock-{}", self.random_hex(8));
        response.headers.push(("X-VaultAPI-BurstLimit".into(), limit.to_string()));
        response.headers.push(("X-VaultAPI-BurstLimitRemaining".into(), remaining.to_string()));
        response.headers.push(("X-VaultAPI-ExecutionId".into(), execution_id));
        if self.burst_used > limit {
            // Vault slows down rather than refusing once the burst limit is reached.
            response.headers.push(("X-VaultAPI-ResponseDelay".into(), "500".into()));
            response.delay = Some(Duration::from_millis(500));
            self.delayed += 1;
        }
        response.lowercase_headers = self.fixtures.lowercase_headers;
    }
}

//! The pacer against a simulated Vault on a fake clock: a fixed burst window that starts at
//! the first call after the last one ended, as Vault and the mock count.

use super::*;

const MS: Duration = Duration::from_millis(1);

/// Vault's burst counter, on the fake clock.
struct FakeVault {
    limit: u64,
    window: Duration,
    started: Option<Duration>,
    used: u64,
    /// Most calls seen in any window, and calls that would have been delayed.
    peak: u64,
    delayed: u64,
}

impl FakeVault {
    fn new(limit: u64, window: Duration) -> Self {
        FakeVault { limit, window, started: None, used: 0, peak: 0, delayed: 0 }
    }

    /// One call arriving at `now`; returns its headers.
    fn call(&mut self, now: Duration) -> Observation {
        if self.started.is_none_or(|s| now >= s + self.window) {
            self.started = Some(now);
            self.used = 0;
        }
        self.used += 1;
        self.peak = self.peak.max(self.used);
        let over = self.used > self.limit;
        if over {
            self.delayed += 1;
        }
        Observation {
            remaining: Some(self.limit.saturating_sub(self.used)),
            limit: Some(self.limit),
            delay_ms: over.then_some(500),
            rate_limited: false,
        }
    }
}

/// Runs `calls` calls, each taking `rtt`, every `observed_every`-th one without headers;
/// `others` calls by other integrations land before each of ours. Returns the finish time.
fn run(pacer: &mut Pacer, vault: &mut FakeVault, calls: u64, rtt: Duration, observed_every: u64, others: u64) -> Duration {
    let mut now = Duration::ZERO;
    for i in 0..calls {
        now += pacer.wait(now);
        for _ in 0..others {
            vault.call(now);
        }
        pacer.sent();
        let seen = vault.call(now);
        now += rtt;
        if observed_every == 0 || i % observed_every == 0 {
            pacer.observe(now, seen);
        } else {
            pacer.observe(now, Observation::default());
        }
    }
    now
}

#[test]
fn never_draws_a_delay_and_keeps_the_reserve() {
    let window = Duration::from_secs(10);
    let mut vault = FakeVault::new(400, window);
    let mut pacer = Pacer::new(window, Some(40));
    let took = run(&mut pacer, &mut vault, 2000, 2 * MS, 1, 0);
    assert_eq!(vault.delayed, 0);
    assert!(vault.peak <= 360, "peak {} calls in a window", vault.peak);
    // 2,000 calls at 360 a window: 5 full windows and a part; no worse than 1.15 × 2000/360 windows.
    let minimum = window.as_secs_f64() * 2000.0 / 360.0;
    assert!(took.as_secs_f64() <= 1.15 * minimum, "took {took:?}, minimum {minimum} s");
    assert!(took >= Duration::from_secs(50), "took {took:?}: faster than the limit allows");
}

#[test]
fn calls_without_headers_are_counted_down() {
    let window = Duration::from_secs(2);
    let mut vault = FakeVault::new(20, window);
    let mut pacer = Pacer::new(window, Some(4));
    // Every second answer has no headers (a revoke after each create).
    run(&mut pacer, &mut vault, 100, MS, 2, 0);
    assert_eq!(vault.delayed, 0);
    assert!(vault.peak <= 16, "peak {}", vault.peak);
}

#[test]
fn the_default_reserve_is_a_tenth_of_the_limit() {
    let window = Duration::from_secs(5);
    let mut vault = FakeVault::new(100, window);
    let mut pacer = Pacer::new(window, None);
    assert_eq!(pacer.reserve(), 0);
    run(&mut pacer, &mut vault, 300, MS, 1, 0);
    assert_eq!(pacer.reserve(), 10);
    assert!(vault.peak <= 90, "peak {}", vault.peak);
    assert_eq!(vault.delayed, 0);
}

#[test]
fn other_integrations_shrink_our_share_not_the_reserve() {
    let window = Duration::from_secs(4);
    let mut vault = FakeVault::new(100, window);
    let mut pacer = Pacer::new(window, Some(20));
    // One foreign call before each of ours: the answers show the budget going twice as fast.
    run(&mut pacer, &mut vault, 200, MS, 1, 1);
    assert_eq!(vault.delayed, 0, "our calls stop at the reserve, which the others then use");
    assert!(vault.peak <= 82, "peak {}", vault.peak);
}

#[test]
fn a_low_budget_at_the_start_pauses_until_the_window_ends() {
    let window = Duration::from_secs(300);
    let mut pacer = Pacer::new(window, Some(10));
    assert_eq!(pacer.wait(Duration::ZERO), Duration::ZERO, "the first call tells the budget");
    pacer.sent();
    pacer.observe(Duration::from_secs(1), Observation { remaining: Some(8), limit: Some(2000), ..Default::default() });
    assert_eq!(pacer.wait(Duration::from_secs(1)), window);
    // At the bound the window has ended: a fresh one, full speed.
    assert_eq!(pacer.wait(Duration::from_secs(301)), Duration::ZERO);
    assert_eq!(pacer.remaining(), Some(2000));
}

#[test]
fn calls_slow_down_near_the_reserve() {
    let window = Duration::from_secs(100);
    let mut pacer = Pacer::new(window, Some(10));
    pacer.sent();
    pacer.observe(Duration::ZERO, Observation { remaining: Some(200), limit: Some(200), ..Default::default() });
    assert_eq!(pacer.wait(Duration::ZERO), Duration::ZERO);
    // 10 above the reserve (the slow zone is 200 / 20 = 10): 11 gaps over the 100 s left.
    pacer.observe(Duration::ZERO, Observation { remaining: Some(20), limit: Some(200), ..Default::default() });
    let gap = pacer.wait(Duration::ZERO);
    assert!(gap > Duration::from_secs(9) && gap < Duration::from_secs(10), "{gap:?}");
    pacer.observe(Duration::from_secs(50), Observation { remaining: Some(11), limit: Some(200), ..Default::default() });
    assert_eq!(pacer.wait(Duration::from_secs(50)), Duration::from_secs(25));
}

#[test]
fn a_delayed_answer_stops_calls_until_the_window_ends() {
    let window = Duration::from_secs(60);
    let mut pacer = Pacer::new(window, Some(0));
    pacer.sent();
    pacer.observe(Duration::ZERO, Observation { remaining: Some(50), limit: Some(100), ..Default::default() });
    pacer.sent();
    pacer.observe(Duration::from_secs(10), Observation { remaining: Some(0), delay_ms: Some(500), limit: Some(100), ..Default::default() });
    assert_eq!(pacer.delayed(), 1);
    assert_eq!(pacer.wait(Duration::from_secs(10)), Duration::from_secs(50));
    let mut limited = Pacer::new(window, Some(0));
    limited.observe(Duration::ZERO, Observation { rate_limited: true, ..Default::default() });
    assert_eq!(limited.wait(Duration::ZERO), window);
}

#[test]
fn a_reset_seen_early_moves_the_window() {
    let window = Duration::from_secs(10);
    let mut pacer = Pacer::new(window, Some(5));
    pacer.sent();
    pacer.observe(Duration::ZERO, Observation { remaining: Some(6), limit: Some(50), ..Default::default() });
    pacer.sent();
    // Vault's window ended earlier than the bound: more is left than counted.
    pacer.observe(Duration::from_secs(3), Observation { remaining: Some(49), limit: Some(50), ..Default::default() });
    assert_eq!(pacer.wait(Duration::from_secs(3)), Duration::ZERO);
    assert_eq!(pacer.remaining(), Some(49));
}

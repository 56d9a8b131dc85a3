//! Fault modes that last until cleared, for tests under load (unlike a [`Script`](crate::Script),
//! which is consumed by one request): stall every API request, reset every Nth connection, or
//! answer 503 to everything. Set with `POST /__mock/faults`, cleared with `DELETE /__mock/faults`
//! (or `/__mock/reset`); control routes are never affected, so a test can always clear them.

use serde::{Deserialize, Serialize};

use crate::http::Response;

/// The modes in force, and what they did. Several may be on at once: a reset comes first (it is
/// decided when a connection carries its first API request), then the 503, then the stall.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Faults {
    /// Read each API request, then answer nothing until the stall is cleared; then answer it
    /// normally (late: a create made meanwhile is carried out, as a slow Vault would). A
    /// `/__mock/reset` instead closes the held connections without handling their requests.
    #[serde(default)]
    pub stall: bool,
    /// Reset (RST, `SO_LINGER` 0) every Nth connection, counted from when the mode was set, once
    /// it has sent its first API request, which is read in full and not handled. Other
    /// connections answer with `Connection: close`, so every call opens a fresh connection and
    /// exactly every Nth call is reset. 0 or absent: off.
    #[serde(default)]
    pub reset_every: Option<u64>,
    /// Answer every API request with this HTTP status and a plain-text body, as a load balancer
    /// in front of a Vault that is down does (the request is not handled).
    #[serde(default)]
    pub status: Option<u16>,
    /// Connections counted while `reset_every` was set (read-only; ignored when posted).
    #[serde(default, skip_deserializing)]
    pub connections_seen: u64,
    /// Connections reset so far (read-only).
    #[serde(default, skip_deserializing)]
    pub resets: u64,
    /// Requests answered with `status` so far (read-only).
    #[serde(default, skip_deserializing)]
    pub status_answers: u64,
    /// Requests held by a stall so far (read-only).
    #[serde(default, skip_deserializing)]
    pub stalled: u64,
}

impl Faults {
    /// Replaces the modes, keeping the counters (so a test can read them after clearing).
    pub fn set(&mut self, modes: Faults) {
        self.stall = modes.stall;
        self.reset_every = modes.reset_every.filter(|n| *n > 0);
        self.status = modes.status;
        self.connections_seen = 0;
    }

    /// Every mode off; the counters stay.
    pub fn clear(&mut self) {
        self.set(Faults::default());
    }

    /// For a connection's first API request: `true` if this connection is to be reset.
    pub fn reset_this_connection(&mut self) -> bool {
        let Some(n) = self.reset_every else { return false };
        self.connections_seen += 1;
        let reset = self.connections_seen % n == 0;
        self.resets += u64::from(reset);
        reset
    }

    /// Whether answers close their connection (`reset_every` is on).
    pub fn closes_connections(&self) -> bool {
        self.reset_every.is_some()
    }

    /// The answer in `status` mode, or `None`.
    pub fn status_answer(&mut self) -> Option<Response> {
        let status = self.status?;
        self.status_answers += 1;
        Some(Response {
            status,
            headers: vec![("Content-Type".into(), "text/plain".into()), ("Retry-After".into(), "1".into())],
            body: b"Service Unavailable".to_vec(),
            delay: None,
            lowercase_headers: false,
            close_silently: false,
            close: false,
        })
    }
}

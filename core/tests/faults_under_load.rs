//! Faults under load (issue 15): 16 calls in flight through the async client while the mock
//! Vault (the binary, in its own process, so it can be killed) is killed and restarted on the
//! same port, stalls, resets every third connection, and answers 503. Every call ends within its
//! deadline with the error kind and `outcome_unknown` the transport's classification promises;
//! afterwards calls succeed again on fresh connections and the process has no thread more.
//!
//! Half of each batch are creates (`generate_access_token`), half read-only (`whoami`,
//! `list_access_tokens`), whose errors never report an unknown outcome.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::VAULT_DNS;
use veeva_vault_auth::{Client, Error, ErrorKind, TokenQuery, TokenRequest, TokenTarget};

const IN_FLIGHT: usize = 16;
/// Each call's deadline: short, so the stall costs 2 s.
const TIMEOUT: Duration = Duration::from_secs(2);
/// Generous: a loaded CI machine may be slow to schedule, but a hang is caught.
const MARGIN: Duration = Duration::from_secs(3);

/// The mock-vault binary in a process of its own.
struct MockProcess {
    child: Child,
    url: String,
}

fn mock_bin() -> std::path::PathBuf {
    if let Some(path) = std::env::var_os("MOCK_VAULT_BIN") {
        return path.into();
    }
    // target/<triple>/release/deps/this-test → target/<triple>/release/mock-vault
    let exe = std::env::current_exe().expect("test exe");
    exe.parent().and_then(|d| d.parent()).expect("target dir").join("mock-vault")
}

impl MockProcess {
    fn start(port: u16) -> MockProcess {
        let mut child = Command::new(mock_bin())
            .args(["--port", &port.to_string(), "--exit-on-stdin-eof"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("mock-vault starts (make mock, or set MOCK_VAULT_BIN)");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("url line");
        assert!(line.starts_with("http://"), "mock-vault did not start on port {port}: {line:?}");
        MockProcess { child, url: line.trim().to_owned() }
    }

    fn port(&self) -> u16 {
        self.url.rsplit(':').next().and_then(|p| p.parse().ok()).expect("port")
    }

    /// SIGKILL: the kernel closes every socket; nothing is answered.
    fn kill(&mut self) {
        self.child.kill().expect("kill");
        self.child.wait().expect("wait");
    }

    /// One control request (`/__mock/…`) on its own connection; the JSON answer.
    fn control(&self, method: &str, path: &str, body: &str) -> serde_json::Value {
        let addr = self.url.trim_start_matches("http://");
        let mut stream = std::net::TcpStream::connect(addr).expect("control connection");
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .expect("control request");
        let mut answer = String::new();
        stream.read_to_string(&mut answer).expect("control answer");
        let json = answer.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or("");
        serde_json::from_str(json).unwrap_or_else(|e| panic!("control {path}: {e}: {answer}"))
    }

    /// Sets a fault mode on a fresh mock state (no tokens: creates stay under the 25-token limit).
    fn fault(&self, modes: &str) {
        self.control("POST", "/__mock/reset", "");
        self.control("POST", "/__mock/faults", modes);
    }

    /// Back to normal: faults cleared, and the tokens made so far gone.
    fn recover(&self) {
        self.control("POST", "/__mock/reset", "");
    }

    fn faults(&self) -> serde_json::Value {
        self.control("GET", "/__mock/faults", "")
    }
}

impl Drop for MockProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn threads() -> usize {
    std::fs::read_dir("/proc/self/task").expect("/proc/self/task").count()
}

/// What one call was, and how it ended.
struct Ended {
    create: bool,
    result: Result<(), Error>,
}

/// 16 calls at once: every 2nd a create, the others alternately whoami and a listing. Each must
/// end within its deadline.
async fn batch(client: &Client) -> Vec<Ended> {
    let mut set = tokio::task::JoinSet::new();
    for i in 0..IN_FLIGHT {
        let client = client.clone();
        set.spawn(async move {
            let started = Instant::now();
            let create = i % 2 == 0;
            let result = if create {
                let request = TokenRequest::new(TokenTarget::me(), format!("faults {i}"));
                client.generate_access_token(&request).await.map(drop)
            } else if i % 4 == 1 {
                client.whoami().await.map(drop)
            } else {
                client.list_access_tokens(&TokenQuery::user("12345")).await.map(drop)
            };
            let took = started.elapsed();
            assert!(took < TIMEOUT + MARGIN, "call {i} took {took:?}, past its deadline of {TIMEOUT:?}");
            Ended { create, result }
        });
    }
    let mut out = Vec::new();
    while let Some(ended) = set.join_next().await {
        out.push(ended.expect("call task"));
    }
    out
}

/// Every call failed with `kind`; creates with `create_unknown`, read-only calls never unknown.
fn all_failed(phase: &str, ended: &[Ended], kind: ErrorKind, create_unknown: bool) {
    for e in ended {
        let err = e.result.as_ref().err().unwrap_or_else(|| panic!("{phase}: a call succeeded"));
        assert_eq!(err.kind(), kind, "{phase}: {err}");
        let expected = e.create && create_unknown;
        assert_eq!(err.outcome_unknown(), expected, "{phase}: create={} {err}", e.create);
    }
}

fn all_succeeded(phase: &str, ended: &[Ended]) {
    for e in ended {
        if let Err(err) = &e.result {
            panic!("{phase}: a call failed after the mock recovered: {err}");
        }
    }
}

#[test]
fn sixteen_calls_in_flight_survive_kill_stall_reset_and_503_and_recover() {
    let mut mock = MockProcess::start(0);
    let port = mock.port();
    let client = Client::builder()
        .vault_dns(VAULT_DNS)
        .base_url(&mock.url)
        .session_id(mock_vault::ADMIN_SESSION)
        .timeout(TIMEOUT)
        .build()
        .expect("client");
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    runtime.block_on(async {
        all_succeeded("warm-up", &batch(&client).await);
        let before = threads();

        // Kill with 16 requests read and unanswered, then call while it is down, then restart.
        mock.fault(r#"{"stall":true}"#);
        let in_flight = tokio::spawn({
            let client = client.clone();
            async move { batch(&client).await }
        });
        while mock.faults()["stalled"].as_u64() < Some(IN_FLIGHT as u64) {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        mock.kill();
        // The requests were sent: a create may have been carried out.
        all_failed("killed with requests in flight", &in_flight.await.expect("batch"), ErrorKind::Transport, true);
        // Refused connections prove nothing was sent.
        all_failed("mock down", &batch(&client).await, ErrorKind::Connect, false);
        mock = MockProcess::start(port);
        assert_eq!(mock.port(), port, "restarted on the same port");
        all_succeeded("after restart", &batch(&client).await);

        // Stall: the deadline fires with the requests sent.
        mock.fault(r#"{"stall":true}"#);
        all_failed("stall", &batch(&client).await, ErrorKind::Timeout, true);
        mock.recover();
        all_succeeded("after stall", &batch(&client).await);

        // Reset every 3rd connection: only fresh connections count, and in this mode each answer
        // closes its connection, so the second batch is all fresh connections.
        mock.fault(r#"{"reset_every":3}"#);
        let mut failed = 0;
        for round in 0..3 {
            for e in batch(&client).await {
                if let Err(err) = &e.result {
                    failed += 1;
                    assert_eq!(err.kind(), ErrorKind::Transport, "reset round {round}: {err}");
                    assert_eq!(err.outcome_unknown(), e.create, "reset round {round}: create={} {err}", e.create);
                }
            }
        }
        let resets = mock.faults()["resets"].as_u64().expect("resets");
        assert!(resets >= 1, "no connection was reset");
        assert_eq!(failed, resets, "one failed call per reset connection, and no other");
        mock.recover();
        all_succeeded("after resets", &batch(&client).await);

        // 503 from every API request: an HTTP answer without a Vault envelope.
        mock.fault(r#"{"status":503}"#);
        let ended = batch(&client).await;
        all_failed("503", &ended, ErrorKind::HttpStatus, true);
        assert!(ended.iter().all(|e| e.result.as_ref().err().and_then(Error::http_status) == Some(503)));
        mock.recover();
        all_succeeded("after 503", &batch(&client).await);

        let after = threads();
        assert!(after <= before, "threads: {before} after warm-up, {after} at the end");
    });
}

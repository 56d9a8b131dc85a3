//! One HTTP/1.1 connection reused call after call, for a client that makes one call at a time:
//! the blocking facade's per-thread clients.
//!
//! A general pool (checkout, keys, locks, idle bookkeeping, a spawned dispatcher per request)
//! costs about a fifth of a call on loopback; a thread that makes one call at a time only ever
//! needs one connection. Semantics match the pool's: a request is retried on a fresh connection
//! only when hyper hands it back unsent; anything written is never sent again.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::header::HOST;
use http::{HeaderValue, Request, Response, Uri};
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::client::conn::http1::{self, SendRequest};
use tower_service::Service;

use crate::connector::{BoxError, Connector};

/// Why a send failed: before anything was written (`Connect`), or on the connection (`Http`),
/// where the request may have been processed.
pub(crate) enum SendError {
    Connect(BoxError),
    Http(hyper::Error),
}

pub(crate) struct Dedicated {
    connector: Connector,
    origin: Uri,
    /// A forwarding proxy needs the absolute URL in the request line; a server, only the path.
    absolute_form: bool,
    host: HeaderValue,
    idle_timeout: Duration,
    idle: Mutex<Option<Idle>>,
}

struct Idle {
    sender: SendRequest<Full<Bytes>>,
    since: Instant,
}

impl Dedicated {
    pub(crate) fn new(connector: Connector, origin: Uri, absolute_form: bool, idle_timeout: Duration) -> Result<Self, String> {
        let host = match (origin.host(), origin.port_u16()) {
            (Some(host), Some(port)) if Some(port) != default_port(&origin) => format!("{host}:{port}"),
            (Some(host), _) => host.to_owned(),
            (None, _) => return Err("the base URL has no host".into()),
        };
        let host = HeaderValue::from_str(&host).map_err(|e| format!("invalid Host header: {e}"))?;
        Ok(Dedicated { connector, origin, absolute_form, host, idle_timeout, idle: Mutex::new(None) })
    }

    pub(crate) async fn send(&self, mut request: Request<Full<Bytes>>) -> Result<Response<Incoming>, SendError> {
        request.headers_mut().insert(HOST, self.host.clone());
        if !self.absolute_form {
            if let Some(path) = request.uri().path_and_query().cloned() {
                *request.uri_mut() = Uri::from(path);
            }
        }
        loop {
            let (mut sender, reused) = match self.take_idle() {
                Some(sender) => (sender, true),
                None => (self.connect().await.map_err(SendError::Connect)?, false),
            };
            // Err: the connection has closed (the server's idle close, seen by its task).
            if let Err(e) = sender.ready().await {
                if reused {
                    continue;
                }
                return Err(SendError::Http(e));
            }
            match sender.try_send_request(request).await {
                Ok(response) => {
                    // Ready again once this response's body has been read; a body dropped
                    // unread closes the connection, and the next call opens another.
                    self.put_idle(sender);
                    return Ok(response);
                }
                Err(mut e) => match e.take_message() {
                    // Handed back unsent: the connection closed first. Once, on a fresh one.
                    Some(unsent) if reused => request = unsent,
                    _ => return Err(SendError::Http(e.into_error())),
                },
            }
        }
    }

    fn take_idle(&self) -> Option<SendRequest<Full<Bytes>>> {
        let idle = self.idle.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).take()?;
        (idle.since.elapsed() < self.idle_timeout && !idle.sender.is_closed()).then_some(idle.sender)
    }

    fn put_idle(&self, sender: SendRequest<Full<Bytes>>) {
        *self.idle.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(Idle { sender, since: Instant::now() });
    }

    async fn connect(&self) -> Result<SendRequest<Full<Bytes>>, BoxError> {
        let io = self.connector.clone().call(self.origin.clone()).await?;
        let (sender, connection) = http1::handshake(io).await?;
        // Runs on the calling thread's runtime, so only while that thread is in a call.
        tokio::spawn(async move {
            let _ = connection.await;
        });
        Ok(sender)
    }
}

fn default_port(uri: &Uri) -> Option<u16> {
    match uri.scheme_str() {
        Some("https") => Some(443),
        Some("http") => Some(80),
        _ => None,
    }
}

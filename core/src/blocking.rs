//! A blocking facade over [`crate::Client`], running on one runtime shared by the whole process.
//!
//! The Python-sync and C bindings use it; Rust callers without an async runtime can too. The
//! runtime's worker threads drive connections for every client, so connections are reused across
//! calls and threads.

use std::future::Future;
use std::sync::OnceLock;
use std::sync::mpsc;

use tokio::runtime::{Handle, Runtime};

use crate::config::ClientBuilder;
use crate::error::Error;
use crate::request::{AccessToken, TokenRequest};

/// The process-wide runtime this library's blocking calls (and bindings' async calls) run on.
///
/// Built on first use with a few worker threads. Returns `Err` only if the OS refuses threads.
pub fn shared_runtime() -> Result<&'static Runtime, Error> {
    static RUNTIME: OnceLock<Result<Runtime, String>> = OnceLock::new();
    let built = RUNTIME.get_or_init(|| {
        let workers = std::thread::available_parallelism().map(|n| n.get().clamp(1, 4)).unwrap_or(2);
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(workers)
            .thread_name("veeva-vault-auth")
            .enable_all()
            .build()
            .map_err(|e| e.to_string())
    });
    built.as_ref().map_err(|e| Error::internal(format!("could not start the runtime: {e}")))
}

/// Runs `future` to completion on the shared runtime and waits for it on this thread.
///
/// Works from any thread, including one that is itself inside a runtime (where tokio's own
/// `block_on` would panic): there the future is spawned and this thread waits on a channel.
pub fn run<T, F>(future: F) -> Result<T, Error>
where
    F: Future<Output = Result<T, Error>> + Send + 'static,
    T: Send + 'static,
{
    let runtime = shared_runtime()?;
    if Handle::try_current().is_err() {
        return runtime.block_on(future);
    }
    let (sender, receiver) = mpsc::sync_channel(1);
    runtime.spawn(async move {
        let _ = sender.send(future.await);
    });
    // The sender is dropped without sending only if the task panicked.
    receiver.recv().unwrap_or_else(|_| Err(Error::internal("the request task panicked")))
}

/// A blocking client. Cheap to clone; safe to share between threads.
#[derive(Clone, Debug)]
pub struct Client {
    inner: crate::Client,
}

impl Client {
    /// Builds a client (see [`ClientBuilder::build`]).
    pub fn new(builder: ClientBuilder) -> Result<Self, Error> {
        // Building the HTTP client needs no runtime, but do it here so failures surface early.
        Ok(Client { inner: builder.build()? })
    }

    /// Logs in (see [`ClientBuilder::login`]), blocking.
    pub fn login(builder: ClientBuilder, username: &str, password: &str) -> Result<Self, Error> {
        let (username, password) = (username.to_owned(), secrecy::SecretString::from(password.to_owned()));
        let inner = run(async move {
            use secrecy::ExposeSecret;
            builder.login(&username, password.expose_secret()).await
        })?;
        Ok(Client { inner })
    }

    /// Wraps an async client.
    pub fn from_async(inner: crate::Client) -> Self {
        Client { inner }
    }

    /// The async client underneath.
    pub fn as_async(&self) -> &crate::Client {
        &self.inner
    }

    /// Generates an API access token, blocking (see [`crate::Client::generate_access_token`]).
    pub fn generate_access_token(&self, request: &TokenRequest) -> Result<AccessToken, Error> {
        let (client, request) = (self.inner.clone(), request.clone());
        run(async move { client.generate_access_token(&request).await })
    }
}

//! A blocking facade over [`crate::Client`].
//!
//! The Python-sync and C bindings use it; Rust callers without an async runtime can too.
//!
//! Each calling thread drives its own calls: a blocking [`Client`] keeps, per thread that uses
//! it, a single-threaded runtime and one keep-alive connection, so a call runs start to finish on the
//! caller's thread (as libcurl's easy interface does) instead of bouncing between the caller and
//! runtime workers; connections are reused across that thread's calls. A thread that is already
//! inside a tokio runtime (where a nested runtime would panic) uses [`shared_runtime`] instead.

use std::cell::RefCell;
use std::future::Future;
use std::sync::mpsc;
use std::sync::{Mutex, Weak};

use tokio::runtime::{Handle, Runtime, RuntimeFlavor};

use crate::config::ClientBuilder;
use crate::error::Error;
use crate::request::{AccessToken, TokenRequest};
use crate::transport::Transport;

/// The process-wide multi-thread runtime: blocking calls made from inside another runtime, and
/// blocking logins, run on it; bindings may run their async calls on it too (Python does).
///
/// Built on first use with a few worker threads. Returns `Err` only if the OS refuses threads.
///
/// A forked child gets a runtime of its own: the parent's worker threads do not exist there.
pub fn shared_runtime() -> Result<&'static Runtime, Error> {
    // (process id, runtime). Runtimes are leaked, never dropped: dropping a parent's runtime in
    // a child would deregister sockets from the epoll instance both processes share.
    static RUNTIME: Mutex<Option<(u32, &'static Runtime)>> = Mutex::new(None);
    let pid = std::process::id();
    let mut slot = RUNTIME.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((owner, runtime)) = *slot {
        if owner == pid {
            return Ok(runtime);
        }
    }
    let workers = std::thread::available_parallelism().map(|n| n.get().clamp(1, 4)).unwrap_or(2);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .thread_name("veeva-vault-auth")
        .enable_all()
        .build()
        .map_err(|e| Error::internal(format!("could not start the runtime: {e}")))?;
    let runtime: &'static Runtime = Box::leak(Box::new(runtime));
    *slot = Some((pid, runtime));
    Ok(runtime)
}

/// Runs `future` to completion on the shared runtime and waits for it on this thread.
///
/// Works from any thread, including one that is itself inside a runtime (where tokio's own
/// `block_on` would panic). On a worker of a multi-thread runtime (the shared one included) the
/// worker first hands its other tasks to another thread (`block_in_place`): waiting in place
/// would deadlock when the awaited task is queued on this very worker.
pub fn run<T, F>(future: F) -> Result<T, Error>
where
    F: Future<Output = Result<T, Error>> + Send + 'static,
    T: Send + 'static,
{
    let runtime = shared_runtime()?;
    let Ok(current) = Handle::try_current() else { return runtime.block_on(future) };
    if current.runtime_flavor() == RuntimeFlavor::MultiThread {
        // Outside the runtime's context inside `block_in_place`, so `block_on` is allowed.
        return tokio::task::block_in_place(|| runtime.block_on(future));
    }
    // A current-thread runtime cannot lend its thread: run on the shared runtime's workers,
    // which are never this thread, and wait.
    let (sender, receiver) = mpsc::sync_channel(1);
    runtime.spawn(async move {
        let _ = sender.send(future.await);
    });
    // The sender is dropped without sending only if the task panicked.
    receiver.recv().unwrap_or_else(|_| Err(Error::internal("the request task panicked")))
}

/// A blocking client. Cheap to clone; safe to share between threads. Clones, and blocking
/// clients made with [`from_async`](Client::from_async) from clones of one async client, share
/// the per-thread connections.
#[derive(Clone, Debug)]
pub struct Client {
    inner: crate::Client,
}

/// What one thread keeps for one blocking client: its runtime and its own transport (a
/// connection's I/O task belongs to the runtime that opened it, so connections are not shared).
/// No credential: the client's state is only referenced weakly, and each call borrows the
/// caller's.
struct ThreadLocalClient {
    /// The client this state belongs to; the state is dropped once that client is gone.
    owner: Weak<crate::client::State>,
    runtime: Runtime,
    transport: Transport,
}

/// One thread's clients, and the process that made them.
struct ThreadClients {
    pid: u32,
    clients: Vec<ThreadLocalClient>,
}

impl ThreadClients {
    /// Inherited across fork() (a child gets the forking thread's locals): leak it. Dropping it
    /// would deregister the parent's sockets from the epoll instance both processes share.
    fn forget_if_inherited(&mut self) {
        let pid = std::process::id();
        if self.pid != pid {
            std::mem::forget(std::mem::take(&mut self.clients));
            self.pid = pid;
        }
    }
}

impl Drop for ThreadClients {
    /// Also when a forked child exits without ever calling: thread-local destructors run then.
    fn drop(&mut self) {
        self.forget_if_inherited();
    }
}

thread_local! {
    static THREAD_CLIENTS: RefCell<ThreadClients> = RefCell::new(ThreadClients { pid: std::process::id(), clients: Vec::new() });
}

impl Client {
    /// Builds a client (see [`ClientBuilder::build`]).
    pub fn new(builder: ClientBuilder) -> Result<Self, Error> {
        Ok(Client::from_async(builder.build()?))
    }

    /// Logs in (see [`ClientBuilder::login`]), blocking.
    pub fn login(builder: ClientBuilder, username: &str, password: &str) -> Result<Self, Error> {
        let (username, password) = (username.to_owned(), secrecy::SecretString::from(password.to_owned()));
        let inner = run(async move {
            use secrecy::ExposeSecret;
            builder.login(&username, password.expose_secret()).await
        })?;
        Ok(Client::from_async(inner))
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
        let request = request.clone();
        self.call(move |client| async move { client.generate_access_token(&request).await })
    }

    /// Runs one async call of the client to completion, blocking: on this thread's own runtime
    /// and connection when it can, else on [`shared_runtime`]. Every blocking method is one line
    /// over this, so they all share the same threading and fork rules.
    pub(crate) fn call<T, F, Fut>(&self, call: F) -> Result<T, Error>
    where
        F: FnOnce(crate::Client) -> Fut + Send + 'static,
        Fut: Future<Output = Result<T, Error>> + Send + 'static,
        T: Send + 'static,
    {
        if Handle::try_current().is_ok() {
            let client = self.inner.clone();
            return run(async move { call(client).await });
        }
        // `call` is moved into whichever path runs; the fallback is taken only when this
        // thread's local state is gone (a call from a thread-local destructor).
        let mut call = Some(call);
        match self.on_this_thread(&mut call) {
            Ok(result) => result,
            Err(_) => {
                let (client, call) = (self.inner.clone(), call.take());
                match call {
                    Some(call) => run(async move { call(client).await }),
                    None => Err(Error::internal("blocking call state lost")),
                }
            }
        }
    }

    /// Runs a call on this thread's runtime and connection for this client, creating them on first use.
    /// `Err(AccessError)` if this thread's local storage is already being torn down.
    /// `call` is taken only when it runs, so the caller can still run it elsewhere on `Err`.
    fn on_this_thread<T, F, Fut>(&self, call: &mut Option<F>) -> Result<Result<T, Error>, std::thread::AccessError>
    where
        F: FnOnce(crate::Client) -> Fut,
        Fut: Future<Output = Result<T, Error>>,
    {
        THREAD_CLIENTS.try_with(|cell| {
            let mut state = cell.try_borrow_mut().map_err(|_| Error::internal("re-entrant blocking call"))?;
            state.forget_if_inherited();
            let clients = &mut state.clients;
            // Drop (and shut down) the state of clients that no longer exist.
            clients.retain(|c| c.owner.strong_count() > 0);
            let owner = self.inner.identity();
            let index = match clients.iter().position(|c| c.owner.ptr_eq(&owner)) {
                Some(i) => i,
                None => {
                    let runtime = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .map_err(|e| Error::internal(format!("could not start a runtime: {e}")))?;
                    let transport = self.inner.own_transport()?;
                    clients.push(ThreadLocalClient { owner, runtime, transport });
                    clients.len() - 1
                }
            };
            let local = &clients[index];
            let client = self.inner.on_transport(local.transport.clone());
            let Some(call) = call.take() else { return Err(Error::internal("blocking call state lost")) };
            // The connection is driven only while a call runs on this thread, so first
            // let the runtime poll its I/O driver once (`yield_now` resumes only after it has):
            // a server's close of the idle connection is then seen, and a fresh one is opened
            // instead of writing the request into it.
            // `a_connection_the_server_closed_while_idle_is_not_reused` covers it.
            local.runtime.block_on(async move {
                tokio::task::yield_now().await;
                call(client).await
            })
        })
    }
}

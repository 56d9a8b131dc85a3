//! Node.js binding of `veeva-vault-auth` (napi-rs). The public API is the JS layer in
//! `index.js` / `index.d.ts`; this module exposes the native pieces it wraps:
//!
//! * [`NativeClient`]: a core [`Client`] (one connection pool, shared by every call on it);
//!   `create` and the async `login` / `generateAccessToken` here, the token lifecycle in
//!   [`lifecycle`], the session helpers and OAuth login in [`session`];
//! * [`CancelToken`]: lets an `AbortSignal` drop an in-flight call;
//! * [`error_codes`]: the core's stable error codes;
//! * [`testing::NativeMockVault`]: the mock Vault in this process, for `veeva-vault-auth/testing`.
//!
//! Results are plain objects ([`data`]), errors are [`error::Failure`]s; neither holds logic.
//!
//! Every core future runs inside napi's async functions on napi's own tokio runtime (which then
//! owns the connection pools), so the event loop never blocks and a call makes no extra thread
//! hops. Library errors are returned, not thrown (see [`error`]); panics are
//! caught on both sides of the boundary and reported as `internal_error`.

// `Failure` is what JS receives, built once per failed call on a cold path; boxing it would only
// add an allocation.
#![allow(clippy::result_large_err)]

mod data;
mod error;
mod lifecycle;
mod options;
mod session;
mod test_panic;
mod testing;

use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use futures::FutureExt;
use napi::Either;
use napi_derive::napi;
use tokio::sync::Notify;
use veeva_vault_auth::Client;
use veeva_vault_auth::secrecy::{ExposeSecret, SecretString};

pub use data::{RevokeFailureData, RevokeReportData, RotationData, TokenData, TokenInfoData, UserInfoData};
pub use error::{Failure, Metadata, NativeError, VaultMessageData, error_codes};
pub use options::{ClientOptions, ListArgs, OAuthArgs, OrphanArgs, TokenArgs};

/// A client: cheap to share, safe to use from many concurrent calls.
#[napi]
pub struct NativeClient {
    inner: Client,
}

/// What `login` reports about the session (never the session id itself).
#[napi(object)]
pub struct SessionInfo {
    pub user_id: Option<String>,
    pub vault_id: Option<String>,
    pub vault_dns: Option<String>,
}

/// Cancels the native call it was passed to (used for `AbortSignal`).
#[napi]
pub struct CancelToken {
    notify: Arc<Notify>,
}

#[napi]
impl CancelToken {
    #[napi(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        CancelToken { notify: Arc::new(Notify::new()) }
    }

    /// Drops the call's future (closing its connection if a request is in flight). A call that
    /// has not started yet stops before sending; `notify_one` keeps the wake-up until then.
    #[napi]
    pub fn cancel(&self) {
        self.notify.notify_one();
    }
}

impl CancelToken {
    /// What a call keeps of its (optional) token: taken before the call's first `.await`.
    pub(crate) fn handle(token: Option<&CancelToken>) -> Option<Arc<Notify>> {
        token.map(|c| c.notify.clone())
    }
}

#[napi]
impl NativeClient {
    /// Builds a client from options with a `sessionId` or `accessToken`.
    #[napi]
    pub fn create(options: ClientOptions) -> Either<NativeClient, Failure> {
        let built = catch_unwind(AssertUnwindSafe(|| {
            options.builder_with_credential()?.build().map_err(Failure::from)
        }));
        match built {
            Ok(Ok(inner)) => Either::A(NativeClient { inner }),
            Ok(Err(failure)) => Either::B(failure),
            Err(panic) => Either::B(Failure::panic(panic)),
        }
    }

    /// Like `create`, but builds off the event loop (on napi's runtime): building can read the
    /// system trust store, which the one-off `generateAccessToken` keeps off the event loop.
    #[napi]
    pub async fn create_async(options: ClientOptions) -> Either<NativeClient, Failure> {
        let outcome =
            run(None, async move { options.builder_with_credential()?.build().map_err(Failure::from) }).await;
        match outcome {
            Ok(inner) => Either::A(NativeClient { inner }),
            Err(failure) => Either::B(failure),
        }
    }

    /// Logs in with a user name and password; the new client holds the session.
    #[napi]
    pub async fn login(
        options: ClientOptions,
        username: String,
        password: String,
        cancel: Option<&CancelToken>,
    ) -> Either<NativeClient, Failure> {
        let password = SecretString::from(password);
        settle(CancelToken::handle(cancel), async move {
            options.check_no_credential()?;
            let inner = options.builder()?.login(&username, password.expose_secret()).await?;
            Ok(NativeClient { inner })
        })
        .await
    }

    /// Generates an API access token (sent once, never retried).
    #[napi]
    pub async fn generate_access_token(
        &self,
        args: TokenArgs,
        cancel: Option<&CancelToken>,
    ) -> Either<TokenData, Failure> {
        let client = self.inner.clone();
        settle(CancelToken::handle(cancel), async move {
            let request = args.request(false)?;
            let token = client.generate_access_token(&request).await?;
            test_panic::point(request.name());
            Ok(TokenData::from(&token))
        })
        .await
    }

    /// The API version calls use, e.g. `v26.2`.
    #[napi(getter)]
    pub fn api_version(&self) -> String {
        self.inner.api_version().to_string()
    }

    /// The session a login made, if this client came from one.
    #[napi(getter)]
    pub fn session(&self) -> Option<SessionInfo> {
        self.inner.session().map(|s| SessionInfo {
            user_id: s.user_id().map(str::to_owned),
            vault_id: s.vault_id().map(str::to_owned),
            vault_dns: s.vault_dns().map(str::to_owned),
        })
    }
}

/// [`run`], as the `{ error }`-or-value union the JS layer settles.
pub(crate) async fn settle<T, F>(cancel: Option<Arc<Notify>>, work: F) -> Either<T, Failure>
where
    T: Send + 'static,
    F: Future<Output = Result<T, Failure>> + Send + 'static,
{
    match run(cancel, work).await {
        Ok(value) => Either::A(value),
        Err(failure) => Either::B(failure),
    }
}

/// Runs `work` on napi's own runtime, inside the async function that called it: no hand-off to
/// another runtime, so a call costs no extra thread hops (the connection pool lives on this
/// runtime too). A panic in `work` surfaces as `internal_error`; a cancellation drops `work` and
/// reports `aborted`.
async fn run<T, F>(cancel: Option<Arc<Notify>>, work: F) -> Result<T, Failure>
where
    T: Send + 'static,
    F: Future<Output = Result<T, Failure>> + Send + 'static,
{
    let guarded = AssertUnwindSafe(async move {
        match cancel {
            None => work.await,
            Some(cancel) => tokio::select! {
                outcome = work => outcome,
                () = cancel.notified() => Err(Failure::aborted()),
            },
        }
    });
    match guarded.catch_unwind().await {
        Ok(outcome) => outcome,
        Err(panic) => Err(Failure::panic(panic)),
    }
}

/// napi's runtime with one worker thread instead of one per core. JavaScript hands calls over
/// from one thread, and a call's Rust side is a few tens of microseconds, so one worker keeps up;
/// with several, workers wake each other to steal the single task, which measured ~25% slower
/// sequentially (5.0k vs 6.3k calls/s) at the same throughput for 64 calls in flight.
#[napi_derive::module_init]
fn one_worker_runtime() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let built = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("veeva-vault-auth")
            .enable_all()
            .build();
        // If the OS refuses a thread now, napi builds its default runtime on first use instead.
        if let Ok(runtime) = built {
            napi::bindgen_prelude::create_custom_tokio_runtime(runtime);
        }
    });
}

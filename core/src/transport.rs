//! One HTTP exchange: send once, refuse redirects, read a capped body, classify failures.
//!
//! Built on hyper directly: this library sends one kind of request to one origin, so a
//! general-purpose client's per-call work (URL re-parsing, middleware layers, per-request proxy
//! matching) is measurable overhead with nothing to show for it. Async clients share hyper-util's
//! pool; the blocking facade's per-thread clients each keep one connection ([`Dedicated`]).

use std::error::Error as StdError;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::header::{ACCEPT, ACCEPT_ENCODING, AUTHORIZATION, CONTENT_TYPE, PROXY_AUTHORIZATION, USER_AGENT};
use http::{HeaderMap, HeaderName, HeaderValue, Method, Request, Uri};
use http_body_util::Full;
use hyper_util::client::legacy::Client as PooledClient;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use secrecy::ExposeSecret;

use crate::body::{self, BodyError};
use crate::config::Settings;
use crate::connector::{ConnectTimedOut, Connector, Route};
use crate::dedicated::{Dedicated, SendError};
use crate::envelope::Reply;
use crate::error::{Error, ErrorKind};
use crate::meta::ResponseMeta;
use crate::secret::Credential;

const CLIENT_ID_HEADER: HeaderName = HeaderName::from_static("x-vaultapi-clientid");

/// A request body, already encoded.
pub(crate) enum Body {
    Form(String),
    Json(Vec<u8>),
}

impl Body {
    /// `application/x-www-form-urlencoded`: spaces as `+`, everything else outside
    /// `[A-Za-z0-9*-._]` percent-encoded as UTF-8.
    pub(crate) fn form(pairs: &[(&str, &str)]) -> Body {
        let mut form = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in pairs {
            form.append_pair(k, v);
        }
        Body::Form(form.finish())
    }
}

#[derive(Clone)]
pub(crate) struct Transport {
    http: Http,
    connector: Connector,
    origin: Uri,
    /// `{origin}/api/{version}`, without a trailing slash.
    api_base: String,
    api_version: crate::version::ApiVersion,
    /// Headers every call carries (Accept, client id, User-Agent, proxy credentials).
    base_headers: HeaderMap,
    timeout: Duration,
    max_response_bytes: usize,
    /// `host:port` of the origin every call goes to, for error messages.
    host: String,
    /// The process that opened (or would open) these connections: see [`Transport::post`].
    pid: u32,
}

impl Transport {
    pub(crate) fn new(settings: &Settings) -> Result<Self, Error> {
        let tls = crate::tls::client_config(settings.ca_file.as_deref())?;
        let origin: Uri = settings
            .origin
            .as_str()
            .parse()
            .map_err(|e| Error::invalid(format!("base URL is not a valid URI: {e}")))?;
        let route = Route::from_env(&origin).map_err(Error::invalid)?;
        let mut base_headers = HeaderMap::new();
        base_headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        base_headers.insert(ACCEPT_ENCODING, HeaderValue::from_static("gzip"));
        base_headers.insert(USER_AGENT, HeaderValue::from_static(concat!("veeva-vault-auth/", env!("CARGO_PKG_VERSION"))));
        // ClientId only admits [A-Za-z0-9._-], which is always a valid header value.
        if let Ok(value) = HeaderValue::from_str(settings.client_id.as_str()) {
            base_headers.insert(CLIENT_ID_HEADER, value);
        }
        if let Some(auth) = route.request_auth() {
            base_headers.insert(PROXY_AUTHORIZATION, auth.clone());
        }
        let connector = Connector::new(tls, route, settings.connect_timeout);
        Ok(Transport {
            http: Http::Pooled(Box::new(pooled_client(&connector))),
            connector,
            origin,
            api_base: format!("{}/api/{}", settings.origin.as_str().trim_end_matches('/'), settings.api_version),
            api_version: settings.api_version,
            base_headers,
            timeout: settings.timeout,
            max_response_bytes: settings.max_response_bytes,
            host: describe_host(&settings.origin),
            pid: std::process::id(),
        })
    }

    /// The same transport with one connection of its own, for a caller that makes one call at
    /// a time from one thread (see [`Dedicated`]).
    pub(crate) fn with_own_connection(&self) -> Result<Transport, Error> {
        let connector = self.connector.http1_only();
        let dedicated = Dedicated::new(connector.clone(), self.origin.clone(), connector.forwards(), IDLE_TIMEOUT)
            .map_err(Error::invalid)?;
        // Its connection will be opened by this process, even if the pooled transport it copies
        // was made before a fork.
        Ok(Transport { http: Http::Dedicated(Arc::new(dedicated)), connector, pid: std::process::id(), ..self.clone() })
    }

    /// `{origin}/api/{version}/{segments…}`, each segment percent-encoded so that `/`, `?` or
    /// `#` in an id stay inside it.
    pub(crate) fn uri(&self, segments: &[&str]) -> Result<Uri, Error> {
        let mut uri = String::with_capacity(self.api_base.len() + 64);
        uri.push_str(&self.api_base);
        for segment in segments {
            uri.push('/');
            uri.extend(percent_encoding::utf8_percent_encode(segment, PATH_SEGMENT));
        }
        Uri::try_from(uri).map_err(|e| Error::invalid(format!("could not build the request URL: {e}")))
    }

    /// `{origin}{path_and_query}` for a path the server handed back (a query's `next_page`).
    /// The caller checks that it is a relative path under `/api/`; this only joins it to the
    /// origin, so the request can never go to another host.
    pub(crate) fn same_origin(&self, path_and_query: &str) -> Result<Uri, Error> {
        if !path_and_query.starts_with('/') || path_and_query.starts_with("//") {
            return Err(Error::invalid("not a path on this origin"));
        }
        let origin = self.api_base.strip_suffix(&format!("/api/{}", self.api_version)).unwrap_or(&self.api_base);
        Uri::try_from(format!("{origin}{path_and_query}"))
            .map_err(|e| Error::invalid(format!("could not build the request URL: {e}")))
    }

    /// POSTs once and returns whatever came back. Never retries.
    pub(crate) async fn post(&self, uri: Uri, credential: Option<&Credential>, body: Body) -> Result<Reply, Error> {
        self.send(Method::POST, uri, credential, Some(body)).await
    }

    /// Sends one request once and returns whatever came back. Never retries.
    pub(crate) async fn send(
        &self,
        method: Method,
        uri: Uri,
        credential: Option<&Credential>,
        body: Option<Body>,
    ) -> Result<Reply, Error> {
        // A forked child shares the parent's sockets (and epoll instance): using a pooled
        // connection from both processes would interleave their requests and responses.
        if std::process::id() != self.pid {
            return Err(Error::invalid(
                "this client was created before fork(): its pooled connections belong to the parent process; create a new client in this process (blocking clients open their own)",
            ));
        }
        let (content_type, bytes) = match body {
            Some(Body::Form(s)) => (Some("application/x-www-form-urlencoded"), s.into_bytes()),
            Some(Body::Json(b)) => (Some("application/json"), b),
            None => (None, Vec::new()),
        };
        let mut request = Request::new(Full::new(Bytes::from(bytes)));
        *request.method_mut() = method;
        *request.uri_mut() = uri;
        let headers = request.headers_mut();
        *headers = self.base_headers.clone();
        if let Some(credential) = credential {
            let auth = credential.authorization();
            let mut value = HeaderValue::from_str(auth.expose_secret())
                .map_err(|_| Error::invalid("credential is not a valid header value"))?;
            // Keeps it out of hyper's debug output.
            value.set_sensitive(true);
            headers.insert(AUTHORIZATION, value);
        }
        if let Some(content_type) = content_type {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        }
        match tokio::time::timeout(self.timeout, self.exchange(request)).await {
            Ok(reply) => reply,
            // The connect timeout is shorter and reported by the connector: this one fired after
            // the connection was up, so the request may have been processed.
            Err(_) => Err(Error::new(ErrorKind::Timeout, format!("timed out waiting for the response ({})", self.host))
                .with_outcome_unknown(true)),
        }
    }

    async fn exchange(&self, request: Request<Full<Bytes>>) -> Result<Reply, Error> {
        let response = match &self.http {
            Http::Pooled(client) => client.request(request).await.map_err(|e| self.classify_send(&e, e.is_connect()))?,
            Http::Dedicated(connection) => connection.send(request).await.map_err(|e| match e {
                SendError::Connect(e) => self.classify_send(&*e, true),
                SendError::Http(e) => self.classify_send(&e, false),
            })?,
        };
        let status = response.status().as_u16();
        let meta = ResponseMeta::from_headers(response.headers());
        let content_type = header_text(response.headers(), CONTENT_TYPE);
        let encoding = header_text(response.headers(), http::header::CONTENT_ENCODING);
        let body = body::read_capped(response.into_body(), encoding.as_deref(), self.max_response_bytes)
            .await
            .map_err(|e| {
                let error = match e {
                    BodyError::TooLarge => Error::new(
                        ErrorKind::Decode,
                        format!("the response is larger than {} bytes", self.max_response_bytes),
                    ),
                    BodyError::Encoding(why) => Error::new(ErrorKind::Decode, why),
                    BodyError::Read(e) => Error::new(
                        ErrorKind::Transport,
                        format!("connection failed while reading the response from {}: {}", self.host, root_cause(&e)),
                    ),
                };
                error.with_outcome_unknown(true).with_response(status, meta.clone())
            })?;
        Ok(Reply { status, meta, content_type, body })
    }

    /// Maps a failure before any response arrived to a kind, and decides whether the request
    /// may have been processed.
    /// `connecting`: the failure came while connecting, so nothing was sent.
    fn classify_send(&self, err: &(dyn StdError + 'static), connecting: bool) -> Error {
        let host = &self.host;
        let cause = root_cause(err);
        if is_tls(err) {
            return Error::new(ErrorKind::Tls, format!("TLS handshake with {host} failed: {cause}"));
        }
        if connecting {
            if has_source::<ConnectTimedOut>(err) {
                return Error::new(ErrorKind::Timeout, format!("timed out connecting ({host})"));
            }
            return Error::new(ErrorKind::Connect, format!("could not connect to {host}: {cause}"));
        }
        Error::new(ErrorKind::Transport, format!("connection failed while sending the request to {host}: {cause}"))
            .with_outcome_unknown(true)
    }
}

/// How calls are sent: a pool shared by concurrent calls, or one connection for a caller that
/// makes one call at a time.
#[derive(Clone)]
enum Http {
    Pooled(Box<PooledClient<Connector, Full<Bytes>>>),
    Dedicated(Arc<Dedicated>),
}

/// Idle connections are closed after this long (as reqwest's and curl's are).
const IDLE_TIMEOUT: Duration = Duration::from_secs(90);

fn pooled_client(connector: &Connector) -> PooledClient<Connector, Full<Bytes>> {
    PooledClient::builder(TokioExecutor::new())
        // Without a timer hyper would never expire idle connections.
        .pool_timer(TokioTimer::new())
        .pool_idle_timeout(IDLE_TIMEOUT)
        .build(connector.clone())
}

/// What `url` percent-encodes in a path segment of an `http(s)` URL.
const PATH_SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'#')
    .add(b'?')
    .add(b'{')
    .add(b'}')
    .add(b'/')
    .add(b'%')
    .add(b'\\');

fn header_text(headers: &HeaderMap, name: HeaderName) -> Option<String> {
    headers.get(name).and_then(|v| v.to_str().ok()).map(|v| v.chars().take(100).collect())
}

fn describe_host(url: &url::Url) -> String {
    match (url.host_str(), url.port_or_known_default()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_owned(),
        _ => "the server".to_owned(),
    }
}

fn has_source<T: StdError + 'static>(err: &(dyn StdError + 'static)) -> bool {
    let mut source = Some(err);
    while let Some(e) = source {
        if e.is::<T>() {
            return true;
        }
        source = e.source();
    }
    false
}

fn is_tls(err: &(dyn StdError + 'static)) -> bool {
    let mut source: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(e) = source {
        if e.is::<rustls::Error>() {
            return true;
        }
        // io::Error hides its payload from `source()`, and it may nest one in another.
        let mut io = e.downcast_ref::<std::io::Error>();
        while let Some(inner) = io.and_then(std::io::Error::get_ref) {
            if inner.is::<rustls::Error>() {
                return true;
            }
            io = inner.downcast_ref::<std::io::Error>();
        }
        source = e.source();
    }
    false
}

/// The innermost cause (an OS or protocol error): specific, and never holds a credential,
/// since requests carry secrets only in headers marked sensitive.
fn root_cause(err: &(dyn StdError + 'static)) -> String {
    let mut last: &(dyn StdError + 'static) = err;
    while let Some(next) = last.source() {
        last = next;
    }
    let text = last.to_string();
    text.chars().take(200).collect()
}

//! One HTTP exchange over reqwest: send once, refuse redirects, read a capped body, classify
//! failures by whether the request may have reached Vault.
//!
//! reqwest does the HTTP, TLS (with this library's own rustls configuration, see [`crate::tls`]),
//! pooling and proxies. What stays here is what reqwest does not decide for us: the body cap,
//! refusing content encodings we did not ask for, the fork check, the deadline, and the mapping of
//! every failure to an [`ErrorKind`] with the right `outcome_unknown`.

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, USER_AGENT};
use reqwest::{Method, Url};
use zeroize::Zeroizing;

mod body;
mod failure;

pub(crate) use body::Body;
use body::authorization;

use crate::config::Settings;
use crate::envelope::Reply;
use crate::error::{Error, ErrorKind};
use crate::meta::ResponseMeta;
use crate::secret::Credential;

const CLIENT_ID_HEADER: HeaderName = HeaderName::from_static("x-vaultapi-clientid");

/// Idle connections are closed after this long (as curl's are).
const IDLE_TIMEOUT: Duration = Duration::from_secs(90);

/// How the connections of one client are made; kept to build the per-thread clients of the
/// blocking facade with exactly the same TLS and proxy.
struct Setup {
    tls: rustls::ClientConfig,
    proxy: Option<reqwest::Proxy>,
    connect_timeout: Duration,
    /// `{origin}/api/{version}`, without a trailing slash.
    api_base: String,
    /// The origin without a trailing slash (may carry a path prefix), for server-given paths.
    origin: String,
    /// Headers every call carries (Accept, client id, User-Agent).
    base_headers: HeaderMap,
    timeout: Duration,
    max_response_bytes: usize,
    /// `host:port` of the origin every call goes to, for error messages.
    host: String,
}

#[derive(Clone)]
pub(crate) struct Transport {
    http: reqwest::Client,
    setup: Arc<Setup>,
    /// The process that made `http`: a forked child must not use the parent's pooled sockets.
    pid: u32,
}

impl Transport {
    pub(crate) fn new(settings: &Settings) -> Result<Self, Error> {
        let mut base_headers = HeaderMap::new();
        base_headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        base_headers.insert(USER_AGENT, HeaderValue::from_static(concat!("veeva-vault-auth/", env!("CARGO_PKG_VERSION"))));
        // ClientId only admits [A-Za-z0-9._-], which is always a valid header value.
        if let Ok(value) = HeaderValue::from_str(settings.client_id.as_str()) {
            base_headers.insert(CLIENT_ID_HEADER, value);
        }
        let origin = settings.origin.as_str().trim_end_matches('/').to_owned();
        let setup = Setup {
            tls: crate::tls::client_config(settings.ca_file.as_deref())?,
            proxy: crate::proxy::for_origin(&settings.origin)?,
            connect_timeout: connect_timeout_within(settings.connect_timeout, settings.timeout),
            api_base: format!("{origin}/api/{}", settings.api_version),
            origin,
            base_headers,
            timeout: settings.timeout,
            max_response_bytes: settings.max_response_bytes,
            host: describe_host(&settings.origin),
        };
        let http = build_client(&setup, false)?;
        Ok(Transport { http, setup: Arc::new(setup), pid: std::process::id() })
    }

    /// The same transport with a client of its own that keeps one HTTP/1.1 connection, for a
    /// caller that makes one call at a time from one thread (the blocking facade). Its
    /// connections are opened by this process, even if `self` was made before a fork.
    pub(crate) fn with_own_connection(&self) -> Result<Transport, Error> {
        let http = build_client(&self.setup, true)?;
        Ok(Transport { http, setup: self.setup.clone(), pid: std::process::id() })
    }

    /// `{origin}/api/{version}/{segments…}`, each segment percent-encoded so that `/`, `?` or
    /// `#` in an id stay inside it.
    pub(crate) fn uri(&self, segments: &[&str]) -> Result<Url, Error> {
        let mut uri = String::with_capacity(self.setup.api_base.len() + 64);
        uri.push_str(&self.setup.api_base);
        for segment in segments {
            uri.push('/');
            uri.extend(percent_encoding::utf8_percent_encode(segment, PATH_SEGMENT));
        }
        Url::parse(&uri).map_err(|e| Error::invalid(format!("could not build the request URL: {e}")))
    }

    /// `{origin}{path_and_query}` for a path the server handed back (a query's `next_page`).
    /// The caller checks that it is a relative path under `/api/`; this only joins it to the
    /// origin, and refuses anything that would leave it.
    pub(crate) fn same_origin(&self, path_and_query: &str) -> Result<Url, Error> {
        if !path_and_query.starts_with('/') || path_and_query.starts_with("//") || path_and_query.contains('\\') {
            return Err(Error::invalid("not a path on this origin"));
        }
        let url = Url::parse(&format!("{}{path_and_query}", self.setup.origin))
            .map_err(|e| Error::invalid(format!("could not build the request URL: {e}")))?;
        let origin = Url::parse(&self.setup.origin).map_err(|_| Error::invalid("bad origin"))?;
        if url.origin() != origin.origin() {
            return Err(Error::invalid("not a path on this origin"));
        }
        Ok(url)
    }

    /// POSTs once and returns whatever came back. Never retries.
    pub(crate) async fn post(&self, uri: Url, credential: Option<&Credential>, body: Body) -> Result<Reply, Error> {
        self.send(Method::POST, uri, credential, Some(body)).await
    }

    /// Sends one request once and returns whatever came back. reqwest resends only what the
    /// protocol guarantees was not processed (an HTTP/2 `REFUSED_STREAM`, or streams past a
    /// `GOAWAY`'s last id); nothing that may have reached Vault is sent again.
    pub(crate) async fn send(
        &self,
        method: Method,
        uri: Url,
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
        let mut request = reqwest::Request::new(method, uri);
        *request.headers_mut() = self.setup.base_headers.clone();
        if let Some(credential) = credential {
            request.headers_mut().insert(AUTHORIZATION, authorization(credential)?);
        }
        if let Some(body) = body {
            let (content_type, body) = body.into_parts();
            request.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
            *request.body_mut() = Some(body);
        }
        match tokio::time::timeout(self.setup.timeout, self.exchange(request)).await {
            Ok(reply) => reply,
            // The connect timeout ends before the deadline (see `connect_timeout_within`) and is
            // reported by reqwest: this fired with the connection up, after sending.
            Err(_) => Err(Error::new(ErrorKind::Timeout, format!("timed out waiting for the response ({})", self.setup.host))
                .with_outcome_unknown(true)),
        }
    }

    async fn exchange(&self, request: reqwest::Request) -> Result<Reply, Error> {
        let mut response = self.http.execute(request).await.map_err(|e| failure::before_response(&self.setup.host, &e))?;
        let status = response.status().as_u16();
        let meta = ResponseMeta::from_headers(response.headers());
        let content_type = header_text(response.headers(), CONTENT_TYPE);
        let fail = |kind: ErrorKind, message: String| {
            Error::new(kind, message).with_outcome_unknown(true).with_response(status, meta.clone())
        };
        // No Accept-Encoding is sent (answers are ~150 bytes): any encoding but identity is the
        // server's or a middlebox's doing, and reading it raw would be wrong.
        if let Some(encoding) = header_text(response.headers(), CONTENT_ENCODING) {
            if !encoding.trim().is_empty() && !encoding.trim().eq_ignore_ascii_case("identity") {
                return Err(fail(
                    ErrorKind::Decode,
                    format!("the response uses Content-Encoding {:?}, which was not asked for", crate::masking::mask(&encoding, &[])),
                ));
            }
        }
        let max = self.setup.max_response_bytes;
        let too_large = || fail(ErrorKind::Decode, format!("the response is larger than {max} bytes"));
        // Refuse a declared oversize body unread; never size a buffer from the header.
        let declared = header_text(response.headers(), CONTENT_LENGTH).and_then(|v| v.trim().parse::<u64>().ok());
        if declared.is_some_and(|n| n > max as u64) {
            return Err(too_large());
        }
        let mut body = Zeroizing::new(Vec::new());
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if chunk.len() > max - body.len() {
                        return Err(too_large());
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) => {
                    return Err(fail(
                        ErrorKind::Transport,
                        format!("connection failed while reading the response from {}: {}", self.setup.host, failure::root_cause(&e)),
                    ));
                }
            }
        }
        Ok(Reply { status, meta, content_type, body })
    }
}

fn build_client(setup: &Setup, own_connection: bool) -> Result<reqwest::Client, Error> {
    let mut tls = setup.tls.clone();
    let mut builder = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .referer(false)
        .connect_timeout(setup.connect_timeout)
        .pool_idle_timeout(IDLE_TIMEOUT)
        // Requests are small and answered at once: Nagle would only add latency.
        .tcp_nodelay(true);
    if own_connection {
        // One call at a time on one connection: HTTP/2 has nothing to add there.
        tls.alpn_protocols = vec![b"http/1.1".to_vec()];
        builder = builder.http1_only().pool_max_idle_per_host(1);
    }
    builder = match &setup.proxy {
        Some(proxy) => builder.proxy(proxy.clone()),
        // Also keeps reqwest from reading the environment itself.
        None => builder.no_proxy(),
    };
    // Our own config: without it reqwest would use (or panic for lack of) a process-wide
    // crypto provider that the host application may have installed.
    builder
        .tls_backend_preconfigured(tls)
        .build()
        .map_err(|e| Error::invalid(format!("could not set up the HTTP client: {}", failure::root_cause(&e))))
}

/// The connect timeout, shortened to end before the total deadline: a connection still being
/// made when the deadline comes then fails as a connect timeout (nothing was sent) instead of
/// a deadline whose outcome is unknown.
fn connect_timeout_within(connect_timeout: Duration, deadline: Duration) -> Duration {
    let margin = (deadline / 10).min(Duration::from_millis(100));
    connect_timeout.min(deadline.saturating_sub(margin)).max(Duration::from_millis(1))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connecting_ends_before_the_deadline() {
        let ms = Duration::from_millis;
        assert_eq!(connect_timeout_within(ms(10_000), ms(60_000)), ms(10_000));
        assert_eq!(connect_timeout_within(ms(10_000), ms(300)), ms(270));
        assert_eq!(connect_timeout_within(ms(10_000), ms(5_000)), ms(4_900));
        assert_eq!(connect_timeout_within(ms(10), ms(1)), ms(1));
    }
}

//! One HTTP exchange: send once, refuse redirects, read a capped body, classify failures.

use std::error::Error as StdError;

use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use secrecy::ExposeSecret;
use url::Url;

use crate::config::Settings;
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
    http: reqwest::Client,
    /// Headers every call carries (Accept, client id).
    base_headers: HeaderMap,
    max_response_bytes: usize,
    /// `host:port` of the origin every call goes to, for error messages.
    host: String,
}

impl Transport {
    pub(crate) fn new(settings: &Settings) -> Result<Self, Error> {
        let tls = crate::tls::client_config(settings.ca_file.as_deref())?;
        let http = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            // A create must never be sent twice, and a redirect could carry it elsewhere.
            .redirect(reqwest::redirect::Policy::none())
            .retry(reqwest::retry::never())
            .connect_timeout(settings.connect_timeout)
            .timeout(settings.timeout)
            .user_agent(concat!("veeva-vault-auth/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| Error::invalid(format!("could not build the HTTP client: {}", root_cause(&e))))?;
        let mut base_headers = HeaderMap::new();
        base_headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        // ClientId only admits [A-Za-z0-9._-], which is always a valid header value.
        if let Ok(value) = HeaderValue::from_str(settings.client_id.as_str()) {
            base_headers.insert(CLIENT_ID_HEADER, value);
        }
        Ok(Transport {
            http,
            base_headers,
            max_response_bytes: settings.max_response_bytes,
            host: describe_host(&settings.origin),
        })
    }

    /// POSTs once and returns whatever came back. Never retries.
    pub(crate) async fn post(
        &self,
        url: Url,
        credential: Option<&Credential>,
        body: Body,
    ) -> Result<Reply, Error> {
        let mut headers = self.base_headers.clone();
        if let Some(credential) = credential {
            let auth = credential.authorization();
            let mut value = HeaderValue::from_str(auth.expose_secret())
                .map_err(|_| Error::invalid("credential is not a valid header value"))?;
            // Keeps it out of hyper's and reqwest's debug output.
            value.set_sensitive(true);
            headers.insert(AUTHORIZATION, value);
        }
        let (content_type, bytes) = match body {
            Body::Form(s) => ("application/x-www-form-urlencoded", s.into_bytes()),
            Body::Json(b) => ("application/json", b),
        };
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        let mut response = self
            .http
            .post(url)
            .headers(headers)
            .body(bytes)
            .send()
            .await
            .map_err(|e| classify(&e, &self.host, false))?;

        let status = response.status().as_u16();
        let meta = ResponseMeta::from_headers(response.headers());
        let content_type = response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.chars().take(100).collect());
        let too_large = || {
            Error::new(
                ErrorKind::Decode,
                format!("the response is larger than {} bytes", self.max_response_bytes),
            )
            .with_outcome_unknown(true)
            .with_response(status, meta.clone())
        };
        // Known only for an uncompressed body (reqwest drops it when it decompresses).
        let expected = response.content_length();
        if expected.is_some_and(|n| n > self.max_response_bytes as u64) {
            return Err(too_large());
        }
        // Chunks are already decompressed, so the cap also bounds what a compressed body expands to.
        let mut body = Vec::with_capacity(expected.map_or(1024, |n| n as usize));
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| classify(&e, &self.host, true).with_response(status, meta.clone()))?
        {
            if body.len() + chunk.len() > self.max_response_bytes {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
            // All announced bytes are here: asking for the end of the stream would cost one
            // more hand-off from the connection task for nothing.
            if expected == Some(body.len() as u64) {
                break;
            }
        }
        Ok(Reply { status, meta, content_type, body })
    }
}

fn describe_host(url: &Url) -> String {
    match (url.host_str(), url.port_or_known_default()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_owned(),
        _ => "the server".to_owned(),
    }
}

/// Maps a reqwest failure to a kind, and decides whether the request may have been processed.
fn classify(err: &reqwest::Error, host: &str, response_started: bool) -> Error {
    let cause = root_cause(err);
    if is_tls(err) {
        return Error::new(ErrorKind::Tls, format!("TLS handshake with {host} failed: {cause}"));
    }
    if err.is_timeout() {
        // A connect timeout provably sent nothing; any later one may have.
        let sent = !err.is_connect();
        let phase = if sent { "waiting for the response" } else { "connecting" };
        return Error::new(ErrorKind::Timeout, format!("timed out {phase} ({host})"))
            .with_outcome_unknown(sent);
    }
    if err.is_connect() {
        return Error::new(ErrorKind::Connect, format!("could not connect to {host}: {cause}"));
    }
    if err.is_builder() {
        return Error::invalid(format!("could not build the request: {cause}"));
    }
    let what = if response_started { "reading the response from" } else { "sending the request to" };
    Error::new(ErrorKind::Transport, format!("connection failed while {what} {host}: {cause}"))
        .with_outcome_unknown(true)
}

fn is_tls(err: &reqwest::Error) -> bool {
    let mut source: Option<&(dyn StdError + 'static)> = err.source();
    while let Some(e) = source {
        if e.is::<rustls::Error>() {
            return true;
        }
        // io::Error hides its payload from `source()`, and hyper-util nests one in another.
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
/// since requests carry secrets only in headers that reqwest marks sensitive.
fn root_cause(err: &(dyn StdError + 'static)) -> String {
    let mut last: &(dyn StdError + 'static) = err;
    while let Some(next) = last.source() {
        last = next;
    }
    let text = last.to_string();
    text.chars().take(200).collect()
}

//! Opens connections for the HTTP client: TCP, through a proxy when the environment names one
//! (plain forwarding for `http://`, a CONNECT tunnel for `https://`), then TLS for `https://`.
//!
//! Every call of a client goes to one origin, so the route is decided once, when the client is
//! built, from `HTTP_PROXY` / `HTTPS_PROXY` / `ALL_PROXY` / `NO_PROXY` (as curl reads them).

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use http::{HeaderValue, Uri};
use hyper::rt::{Read, ReadBufCursor, Write};
use hyper_util::client::legacy::connect::proxy::Tunnel;
use hyper_util::client::legacy::connect::{Connected, Connection, HttpConnector};
use hyper_util::client::proxy::matcher::Matcher;
use hyper_util::rt::TokioIo;
use rustls::ClientConfig;
use rustls_pki_types::ServerName;
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;

pub(crate) type BoxError = Box<dyn StdError + Send + Sync>;

/// How connections reach the origin.
#[derive(Clone, Debug)]
pub(crate) enum Route {
    Direct,
    /// An `http://` origin through a forwarding proxy: requests carry the absolute URL.
    Forward { proxy: Uri, auth: Option<HeaderValue> },
    /// An `https://` origin through a CONNECT tunnel; TLS runs end to end inside it.
    Tunnel { proxy: Uri, auth: Option<HeaderValue> },
}

impl Route {
    /// The route the environment's proxy variables give for `origin`.
    pub(crate) fn from_env(origin: &Uri) -> Result<Route, String> {
        let Some(intercept) = Matcher::from_env().intercept(origin) else {
            return Ok(Route::Direct);
        };
        let proxy = intercept.uri().clone();
        if proxy.scheme_str() != Some("http") {
            // TLS to the proxy itself (https://) and SOCKS are not implemented; failing here is
            // clearer than a connection that silently bypasses or garbles the proxy.
            return Err(format!("proxy scheme {:?} is not supported (use an http:// proxy)", proxy.scheme_str().unwrap_or("")));
        }
        let auth = intercept.basic_auth().cloned().map(|mut value| {
            value.set_sensitive(true);
            value
        });
        Ok(match origin.scheme_str() {
            Some("https") => Route::Tunnel { proxy, auth },
            _ => Route::Forward { proxy, auth },
        })
    }

    /// `Proxy-Authorization` for each request (only a forwarding proxy reads it per request).
    pub(crate) fn request_auth(&self) -> Option<&HeaderValue> {
        match self {
            Route::Forward { auth, .. } => auth.as_ref(),
            _ => None,
        }
    }
}

/// The connector handed to hyper-util's pooled client.
#[derive(Clone)]
pub(crate) struct Connector {
    tcp: HttpConnector,
    tls_config: Arc<ClientConfig>,
    tls: TlsConnector,
    route: Arc<Route>,
    connect_timeout: Duration,
}

impl Connector {
    pub(crate) fn new(tls: ClientConfig, route: Route, connect_timeout: Duration) -> Self {
        let mut tcp = HttpConnector::new();
        // The scheme is checked here, not by the TCP connector, which only sees host and port.
        tcp.enforce_http(false);
        // Requests are small and answered at once: Nagle would only add latency.
        tcp.set_nodelay(true);
        let tls_config = Arc::new(tls);
        Connector { tcp, tls: TlsConnector::from(tls_config.clone()), tls_config, route: Arc::new(route), connect_timeout }
    }

    /// The same connector offering only HTTP/1.1 in TLS (for connections that only ever carry
    /// one request at a time, where HTTP/2 has nothing to add).
    pub(crate) fn http1_only(&self) -> Connector {
        let mut config = (*self.tls_config).clone();
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        let tls_config = Arc::new(config);
        Connector { tls: TlsConnector::from(tls_config.clone()), tls_config, ..self.clone() }
    }

    /// Whether requests go to a forwarding proxy (and so carry the absolute URL).
    pub(crate) fn forwards(&self) -> bool {
        matches!(*self.route, Route::Forward { .. })
    }

    async fn connect(mut self, dst: Uri) -> Result<Conn, BoxError> {
        let https = match dst.scheme_str() {
            Some("https") => true,
            Some("http") => false,
            other => return Err(format!("unsupported URL scheme {:?}", other.unwrap_or("")).into()),
        };
        let tcp = match &*self.route {
            Route::Direct => tower_call(&mut self.tcp, dst.clone()).await?,
            Route::Forward { proxy, .. } => {
                let tcp = tower_call(&mut self.tcp, proxy.clone()).await?;
                return Ok(Conn::Plain { io: tcp, proxied: true });
            }
            Route::Tunnel { proxy, auth } => {
                let mut tunnel = Tunnel::new(proxy.clone(), self.tcp.clone());
                if let Some(auth) = auth {
                    tunnel = tunnel.with_auth(auth.clone());
                }
                tower_call(&mut tunnel, dst.clone()).await?
            }
        };
        if !https {
            return Ok(Conn::Plain { io: tcp, proxied: false });
        }
        let host = dst.host().unwrap_or_default();
        // `[::1]` in a URI is `::1` to TLS.
        let host = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')).unwrap_or(host);
        let name = ServerName::try_from(host.to_owned()).map_err(|e| format!("invalid TLS server name {host:?}: {e}"))?;
        let tls = self.tls.connect(name, tcp.into_inner()).await?;
        let h2 = tls.get_ref().1.alpn_protocol() == Some(b"h2");
        Ok(Conn::Tls { io: Box::new(TokioIo::new(tls)), h2 })
    }
}

async fn tower_call<S>(service: &mut S, dst: Uri) -> Result<S::Response, BoxError>
where
    S: tower_service::Service<Uri>,
    S::Error: Into<BoxError>,
{
    std::future::poll_fn(|cx| service.poll_ready(cx)).await.map_err(Into::into)?;
    service.call(dst).await.map_err(Into::into)
}

/// The connect timeout elapsed (TCP, proxy tunnel and TLS handshake together): nothing was sent.
#[derive(Debug)]
pub(crate) struct ConnectTimedOut;

impl fmt::Display for ConnectTimedOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("connect timed out")
    }
}

impl StdError for ConnectTimedOut {}

impl tower_service::Service<Uri> for Connector {
    type Response = Conn;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<Conn, BoxError>> + Send>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, dst: Uri) -> Self::Future {
        let (this, limit) = (self.clone(), self.connect_timeout);
        Box::pin(async move {
            match tokio::time::timeout(limit, this.connect(dst)).await {
                Ok(result) => result,
                Err(_) => Err(Box::new(ConnectTimedOut) as BoxError),
            }
        })
    }
}

/// An open connection: plain TCP (possibly to a forwarding proxy) or TLS.
pub(crate) enum Conn {
    Plain { io: TokioIo<TcpStream>, proxied: bool },
    // Boxed: a TLS session is over a kilobyte, a TCP stream a few words.
    Tls { io: Box<TokioIo<TlsStream<TcpStream>>>, h2: bool },
}

impl Connection for Conn {
    fn connected(&self) -> Connected {
        match self {
            // `proxy(true)` makes hyper send the absolute URL, as a forwarding proxy needs.
            Conn::Plain { proxied, .. } => Connected::new().proxy(*proxied),
            Conn::Tls { h2: true, .. } => Connected::new().negotiated_h2(),
            Conn::Tls { .. } => Connected::new(),
        }
    }
}

impl Read for Conn {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: ReadBufCursor<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Conn::Plain { io, .. } => Pin::new(io).poll_read(cx, buf),
            Conn::Tls { io, .. } => Pin::new(&mut **io).poll_read(cx, buf),
        }
    }
}

impl Write for Conn {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Conn::Plain { io, .. } => Pin::new(io).poll_write(cx, buf),
            Conn::Tls { io, .. } => Pin::new(&mut **io).poll_write(cx, buf),
        }
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Conn::Plain { io, .. } => Pin::new(io).poll_write_vectored(cx, bufs),
            Conn::Tls { io, .. } => Pin::new(&mut **io).poll_write_vectored(cx, bufs),
        }
    }

    fn is_write_vectored(&self) -> bool {
        match self {
            Conn::Plain { io, .. } => io.is_write_vectored(),
            Conn::Tls { io, .. } => io.is_write_vectored(),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Conn::Plain { io, .. } => Pin::new(io).poll_flush(cx),
            Conn::Tls { io, .. } => Pin::new(&mut **io).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Conn::Plain { io, .. } => Pin::new(io).poll_shutdown(cx),
            Conn::Tls { io, .. } => Pin::new(&mut **io).poll_shutdown(cx),
        }
    }
}

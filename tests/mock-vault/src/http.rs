//! A small HTTP/1.1 server loop: enough of the protocol for API clients and curl, with full
//! control over header case and connection faults (which a general server would hide).

use std::collections::BTreeMap;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};

const MAX_HEAD: usize = 64 * 1024;
const MAX_BODY: usize = 4 * 1024 * 1024;

/// A parsed request.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Request {
    pub method: String,
    /// The path, percent-encoded as sent.
    pub path: String,
    pub query: Option<String>,
    /// Header names in lower case; repeated headers joined with ", ".
    pub headers: BTreeMap<String, String>,
    /// The body as text (lossy UTF-8).
    pub body: String,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(&name.to_ascii_lowercase()).map(String::as_str)
    }
}

/// What to do with a request.
pub enum Outcome {
    Respond(Response),
    /// Close the connection without answering (the request was read in full).
    Drop,
    /// Reset the connection (RST: `SO_LINGER` 0, then close) without answering; the request
    /// was read in full.
    Reset,
}

/// A response; header names are written exactly as given.
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub delay: Option<Duration>,
    /// Write every header name in lower case, as Vault does over HTTP/2.
    pub lowercase_headers: bool,
    /// Close the connection after this response without saying so (no `Connection: close`),
    /// as a load balancer does when it drops an idle keep-alive connection.
    pub close_silently: bool,
    /// Close the connection after this response, saying so with `Connection: close`.
    pub close: bool,
}

impl Response {
    pub fn json(status: u16, body: &serde_json::Value) -> Response {
        Response {
            status,
            headers: vec![("Content-Type".into(), "application/json;charset=UTF-8".into())],
            body: body.to_string().into_bytes(),
            delay: None,
            lowercase_headers: false,
            close_silently: false,
            close: false,
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        307 => "Temporary Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        411 => "Length Required",
        413 => "Payload Too Large",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

/// Serves one connection until the peer closes it, a handler drops it, or the protocol breaks.
/// Returns the stream when the handler asked for a reset, for the caller to reset it (only it
/// knows the socket under a TLS stream).
pub async fn serve_connection<S, H, F>(stream: S, handler: H) -> Option<S>
where
    S: AsyncRead + AsyncWrite + Unpin,
    H: Fn(Request) -> F,
    F: std::future::Future<Output = Outcome>,
{
    let mut reader = BufReader::new(stream);
    loop {
        let request = match read_request(&mut reader).await {
            Ok(Some(r)) => r,
            Ok(None) => return None,
            Err(status) => {
                let body = format!("{{\"error\":\"bad request ({status})\"}}");
                let _ = write_response(
                    reader.get_mut(),
                    &Response::json(status, &serde_json::from_str(&body).unwrap_or_default()),
                    true,
                )
                .await;
                return None;
            }
        };
        let close = request.header("connection").is_some_and(|v| v.eq_ignore_ascii_case("close"));
        match handler(request).await {
            Outcome::Drop => return None,
            Outcome::Reset => return Some(reader.into_inner()),
            Outcome::Respond(response) => {
                if let Some(delay) = response.delay {
                    tokio::time::sleep(delay).await;
                }
                let close = close || response.close;
                if write_response(reader.get_mut(), &response, close).await.is_err() || close || response.close_silently {
                    return None;
                }
            }
        }
    }
}

async fn read_request<S: AsyncRead + AsyncWrite + Unpin>(reader: &mut BufReader<S>) -> Result<Option<Request>, u16> {
    // A TLS ClientHello (or other binary) on this plain port: answer like a real HTTP server
    // would, with a 400, instead of waiting for a line that never comes.
    let first = reader.fill_buf().await.map_err(|_| 400u16)?;
    if first.is_empty() {
        return Ok(None);
    }
    if !first[0].is_ascii_alphabetic() && first[0] != b'\r' && first[0] != b'\n' {
        return Err(400);
    }
    let mut head = Vec::new();
    loop {
        let before = head.len();
        let n = reader.read_until(b'\n', &mut head).await.map_err(|_| 400u16)?;
        if n == 0 {
            return if head.is_empty() { Ok(None) } else { Err(400) };
        }
        if head.len() > MAX_HEAD {
            return Err(400);
        }
        let line = &head[before..];
        if line == b"\r\n" || line == b"\n" {
            if before == 0 {
                head.clear(); // tolerate stray CRLF between requests
                continue;
            }
            break;
        }
    }
    let text = String::from_utf8_lossy(&head);
    let mut lines = text.lines();
    let request_line = lines.next().ok_or(400u16)?;
    let mut parts = request_line.split_whitespace();
    let method = parts.next().ok_or(400u16)?.to_owned();
    let target = parts.next().ok_or(400u16)?.to_owned();
    let mut headers: BTreeMap<String, String> = BTreeMap::new();
    for line in lines {
        if line.is_empty() {
            continue;
        }
        let (name, value) = line.split_once(':').ok_or(400u16)?;
        let name = name.trim().to_ascii_lowercase();
        let value = value.trim().to_owned();
        headers
            .entry(name)
            .and_modify(|v| {
                v.push_str(", ");
                v.push_str(&value)
            })
            .or_insert(value);
    }
    // A proxy receives absolute-form targets (`POST http://host/path`): keep the path, and the
    // host in `x-mock-proxied-host` so tests can tell the request came through a proxy.
    let target = match target.split_once("://") {
        Some((_, rest)) if target.starts_with("http") => {
            let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            headers.insert("x-mock-proxied-host".into(), host.to_owned());
            if path.is_empty() { "/".to_owned() } else { path.to_owned() }
        }
        _ => target,
    };
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p.to_owned(), Some(q.to_owned())),
        None => (target, None),
    };
    if headers.get("expect").is_some_and(|v| v.eq_ignore_ascii_case("100-continue")) {
        reader.get_mut().write_all(b"HTTP/1.1 100 Continue\r\n\r\n").await.map_err(|_| 400u16)?;
    }
    let body = if headers.get("transfer-encoding").is_some_and(|v| v.to_ascii_lowercase().contains("chunked")) {
        read_chunked(reader).await?
    } else {
        let length = match headers.get("content-length") {
            Some(v) => v.parse::<usize>().map_err(|_| 400u16)?,
            None => 0,
        };
        if length > MAX_BODY {
            return Err(413);
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).await.map_err(|_| 400u16)?;
        body
    };
    Ok(Some(Request { method, path, query, headers, body: String::from_utf8_lossy(&body).into_owned() }))
}

async fn read_chunked<S: AsyncRead + Unpin>(reader: &mut BufReader<S>) -> Result<Vec<u8>, u16> {
    let mut body = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).await.map_err(|_| 400u16)?;
        let size_text = line.trim().split(';').next().unwrap_or("");
        let size = usize::from_str_radix(size_text, 16).map_err(|_| 400u16)?;
        if body.len() + size > MAX_BODY {
            return Err(413);
        }
        if size == 0 {
            // trailers, then the final CRLF
            loop {
                let mut trailer = String::new();
                let n = reader.read_line(&mut trailer).await.map_err(|_| 400u16)?;
                if n == 0 || trailer.trim().is_empty() {
                    return Ok(body);
                }
            }
        }
        let start = body.len();
        body.resize(start + size, 0);
        reader.read_exact(&mut body[start..]).await.map_err(|_| 400u16)?;
        let mut crlf = [0u8; 2];
        reader.read_exact(&mut crlf).await.map_err(|_| 400u16)?;
    }
}

async fn write_response<S: AsyncWrite + Unpin>(stream: &mut S, response: &Response, close: bool) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {} {}\r\n", response.status, reason(response.status));
    let name = |n: &str| if response.lowercase_headers { n.to_ascii_lowercase() } else { n.to_owned() };
    for (n, value) in &response.headers {
        head.push_str(&format!("{}: {value}\r\n", name(n)));
    }
    head.push_str(&format!("{}: {}\r\n", name("Content-Length"), response.body.len()));
    if close {
        head.push_str(&format!("{}: close\r\n", name("Connection")));
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(&response.body);
    stream.write_all(&bytes).await?;
    stream.flush().await
}

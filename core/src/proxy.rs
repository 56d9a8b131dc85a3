//! Which proxy a client's calls go through, decided once when the client is built.
//!
//! Every call of a client goes to one origin, so the environment (`HTTPS_PROXY`, `HTTP_PROXY`,
//! `ALL_PROXY`, `NO_PROXY`, upper or lower case, read as curl reads them) is consulted once, with
//! hyper-util's matcher (the one reqwest uses), and the answer is handed to reqwest as a fixed
//! proxy or as `no_proxy()`. Two rules are added on top of the matcher:
//!
//! * a loopback origin always connects directly: the matcher has no loopback exemption, and a
//!   plain-http mock or tunnel on `127.0.0.1` would otherwise hand its credentials to the proxy;
//! * a proxy variable that applies but cannot be used (unparseable, or a scheme reqwest cannot
//!   speak) fails the build instead of being skipped, which would silently connect directly.

use hyper_util::client::proxy::matcher::Matcher;
use url::Url;

use crate::error::Error;

/// Schemes reqwest can speak to a proxy: HTTP forwarding or CONNECT, over TCP or TLS, and SOCKS.
const SUPPORTED: [&str; 6] = ["http", "https", "socks4", "socks4a", "socks5", "socks5h"];

/// The proxy for calls to `origin`, or `None` to connect directly.
pub(crate) fn for_origin(origin: &Url) -> Result<Option<reqwest::Proxy>, Error> {
    check_variables(origin.scheme())?;
    if is_loopback(origin) {
        return Ok(None);
    }
    let target: http::Uri = origin
        .as_str()
        .parse()
        .map_err(|e| Error::invalid(format!("base URL is not a valid URI: {e}")))?;
    let Some(intercept) = Matcher::from_env().intercept(&target) else { return Ok(None) };
    let mut proxy_url = Url::parse(&intercept.uri().to_string())
        .map_err(|_| Error::invalid("the proxy named by the environment is not a valid URL"))?;
    // SOCKS credentials travel in the handshake, which reqwest reads from the URL; HTTP(S)
    // proxies get them as a ready-made `Proxy-Authorization` header.
    if let Some((user, pass)) = intercept.raw_auth() {
        let (ok_user, ok_pass) = (proxy_url.set_username(user), proxy_url.set_password(Some(pass)));
        if ok_user.is_err() || ok_pass.is_err() {
            return Err(Error::invalid("the proxy named by the environment cannot carry credentials"));
        }
    }
    let proxy = reqwest::Proxy::all(proxy_url.as_str())
        .map_err(|_| Error::invalid("the proxy named by the environment is not usable"))?
        // The matcher has already applied NO_PROXY to this origin.
        .no_proxy(None);
    Ok(Some(match intercept.basic_auth() {
        Some(auth) => proxy.custom_http_auth(auth.clone()),
        None => proxy,
    }))
}

/// Fails on the first variable that applies to `scheme` but names no usable proxy. The error names
/// the variable, never its value (which may hold credentials).
fn check_variables(scheme: &str) -> Result<(), Error> {
    let specific: &[&str] = match scheme {
        "https" => &["HTTPS_PROXY", "https_proxy"],
        // HTTP_PROXY is ignored in CGI programs, where a request header can set it ("httpoxy").
        _ if std::env::var_os("REQUEST_METHOD").is_some() => &["http_proxy"],
        _ => &["HTTP_PROXY", "http_proxy"],
    };
    for group in [specific, &["ALL_PROXY", "all_proxy"][..]] {
        // As the matcher does: the first of a pair that is set wins.
        let Some((name, value)) = group.iter().find_map(|n| std::env::var(n).ok().map(|v| (*n, v))) else { continue };
        if value.trim().is_empty() {
            continue;
        }
        if let Err(why) = check_proxy_url(value.trim()) {
            return Err(Error::invalid(format!("the proxy in {name} is not usable: {why}; fix or unset it")));
        }
    }
    Ok(())
}

fn check_proxy_url(value: &str) -> Result<(), String> {
    // curl and the matcher read a value without a scheme as http://.
    let with_scheme = if value.contains("://") { value.to_owned() } else { format!("http://{value}") };
    let url = Url::parse(&with_scheme).map_err(|e| format!("not a URL ({e})"))?;
    if !SUPPORTED.contains(&url.scheme()) {
        return Err(format!("scheme {:?} is not supported (use {})", url.scheme(), SUPPORTED.join(", ")));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err("it names no host".into());
    }
    Ok(())
}

pub(crate) fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::check_proxy_url;

    #[test]
    fn proxy_urls() {
        for ok in ["http://p:3128", "https://p", "socks5://u:pw@p:1080", "socks5h://p", "p:3128"] {
            assert!(check_proxy_url(ok).is_ok(), "{ok}");
        }
        for bad in ["ftp://p", "http://", "::::", "http://[::1"] {
            assert!(check_proxy_url(bad).is_err(), "{bad}");
        }
    }
}

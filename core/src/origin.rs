//! Where calls go: the Vault DNS name and base URLs (the Vault's and the OAuth login host's),
//! checked before a client exists.

use url::Url;

use crate::error::Error;

pub(crate) fn check_dns(dns: &str) -> Result<String, Error> {
    let dns = dns.trim().trim_end_matches('.').to_ascii_lowercase();
    let valid_label = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    if dns.is_empty() || dns.len() > 253 || !dns.split('.').all(valid_label) {
        return Err(Error::invalid(
            "vault DNS must be a host name such as myvault.veevavault.com (no scheme, port or path)",
        ));
    }
    Ok(dns)
}

pub(crate) fn check_base_url(base: &str, allow_insecure_http: bool) -> Result<Url, Error> {
    let mut url = Url::parse(base.trim())
        .map_err(|_| Error::invalid("base URL is not a valid absolute URL"))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::invalid("base URL must not contain credentials"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::invalid("base URL must not have a query or fragment"));
    }
    match url.scheme() {
        "https" => {}
        "http" if allow_insecure_http || crate::proxy::is_loopback(&url) => {}
        "http" => {
            return Err(Error::invalid(
                "plain http:// is only allowed for loopback hosts (set allow_insecure_http to override)",
            ));
        }
        _ => return Err(Error::invalid("base URL must use https:// (or http:// on loopback)")),
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(Error::invalid("base URL has no host"));
    }
    // `/api/{version}` is appended to the path; keep exactly one slash between them.
    let path = url.path().trim_end_matches('/').to_owned();
    url.set_path(&format!("{path}/"));
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_rules() {
        assert!(check_base_url("http://127.0.0.1:8080", false).is_ok());
        assert!(check_base_url("http://localhost:1", false).is_ok());
        assert!(check_base_url("http://[::1]:1", false).is_ok());
        assert!(check_base_url("http://example.com", false).is_err());
        assert!(check_base_url("http://example.com", true).is_ok());
        assert!(check_base_url("ftp://example.com", true).is_err());
        assert!(check_base_url("https://user:pw@example.com", false).is_err());
        assert_eq!(check_base_url("https://h/prefix/", false).unwrap().as_str(), "https://h/prefix/");
        assert_eq!(check_base_url("https://h/prefix", false).unwrap().as_str(), "https://h/prefix/");
    }

    #[test]
    fn dns_rules() {
        assert_eq!(check_dns("MyVault.VeevaVault.com.").unwrap(), "myvault.veevavault.com");
        for bad in ["", "https://x.com", "x.com/path", "x.com:443", "-x.com", "a..b"] {
            assert!(check_dns(bad).is_err(), "{bad}");
        }
    }
}

//! Request bodies and the `Authorization` header, in bytes this library owns and wipes when the
//! last copy (ours or reqwest's) is dropped.

use bytes::Bytes;
use reqwest::header::HeaderValue;
use zeroize::Zeroizing;

use crate::error::Error;
use crate::secret::Credential;

/// A request body, already encoded. Wiped from memory when the last copy is dropped (a form
/// body may hold a password).
pub(crate) enum Body {
    Form(Zeroizing<String>),
    Json(Zeroizing<Vec<u8>>),
}

impl Body {
    /// `application/x-www-form-urlencoded`: spaces as `+`, everything else outside
    /// `[A-Za-z0-9*-._]` percent-encoded as UTF-8.
    pub(crate) fn form(pairs: &[(&str, &str)]) -> Body {
        let mut form = url::form_urlencoded::Serializer::new(String::with_capacity(256));
        for (k, v) in pairs {
            form.append_pair(k, v);
        }
        Body::Form(Zeroizing::new(form.finish()))
    }

    pub(super) fn into_parts(self) -> (&'static str, reqwest::Body) {
        // Handed to reqwest without a copy; wiped when reqwest drops its last reference.
        let (content_type, bytes) = match self {
            Body::Form(text) => ("application/x-www-form-urlencoded", Bytes::from_owner(Wiped(text))),
            Body::Json(bytes) => ("application/json", Bytes::from_owner(Wiped(bytes))),
        };
        (content_type, reqwest::Body::from(bytes))
    }
}

/// Bytes wiped on drop, in a form `Bytes` can own.
struct Wiped<T: zeroize::Zeroize>(Zeroizing<T>);

impl AsRef<[u8]> for Wiped<Vec<u8>> {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl AsRef<[u8]> for Wiped<String> {
    fn as_ref(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

/// `Authorization` for a credential. The value is built in bytes this library owns and wipes
/// when the header is dropped, and marked sensitive so that no Debug output shows it.
pub(super) fn authorization(credential: &Credential) -> Result<HeaderValue, Error> {
    let mut bytes = Zeroizing::new(Vec::with_capacity(credential.raw().len() + 7));
    if let Credential::AccessToken(_) = credential {
        bytes.extend_from_slice(b"Bearer ");
    }
    bytes.extend_from_slice(credential.raw().as_bytes());
    let mut value = HeaderValue::from_maybe_shared(Bytes::from_owner(Wiped(bytes)))
        .map_err(|_| Error::invalid("credential is not a valid header value"))?;
    value.set_sensitive(true);
    Ok(value)
}

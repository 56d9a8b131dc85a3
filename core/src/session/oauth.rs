//! OAuth 2.0 / OpenID Connect login: trade an identity provider's access token for a Vault
//! session (`POST {login host}/auth/oauth/session/{profile_id}`).

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use secrecy::SecretString;

use crate::client::{Client, check_vault};
use crate::config::{ClientBuilder, Settings};
use crate::envelope::{self, required_str};
use crate::error::{Error, ErrorKind};
use crate::secret::Credential;
use crate::transport::{Body, Transport};

/// Everything but RFC 3986's unreserved characters is percent-encoded in the profile id, so
/// whatever it holds stays one path segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

impl ClientBuilder {
    /// Logs in with an OAuth 2.0 / OpenID Connect access token from the identity provider and
    /// returns a client holding the new Vault session.
    ///
    /// Sends `POST {login URL}/auth/oauth/session/{profile_id}` with
    /// `Authorization: Bearer {idp_access_token}` and a form with `vaultDNS` (the
    /// [Vault DNS](ClientBuilder::vault_dns), else the base URL's host) and, when given,
    /// `client_id` (the OAuth client id Vault uses at the authorization server's introspection
    /// endpoint). The login URL is `https://login.veevavault.com` unless
    /// [`login_url`](ClientBuilder::login_url) says otherwise; later calls go to the Vault as
    /// usual, and both use the same TLS, proxy and limit settings.
    ///
    /// `profile_id` is the OAuth 2.0 / OIDC profile's id in Vault. The IdP token is a secret:
    /// it never appears in `Debug` output or errors, and is masked in any message Vault echoes.
    ///
    /// Like [`login`](ClientBuilder::login) it fails with
    /// [`ErrorKind::WrongVault`] if Vault hands out a session for another Vault (authentication
    /// defaulting), and it is never retried.
    pub async fn login_oauth(
        self,
        profile_id: &str,
        idp_access_token: &str,
        client_id: Option<&str>,
    ) -> Result<Client, Error> {
        crate::validate::id("OAuth profile id", profile_id)?;
        let idp_token = idp_token(idp_access_token)?;
        if let Some(id) = client_id {
            crate::validate::id("OAuth client id", id)?;
        }
        let settings = self.settings()?;
        let login_origin = self.login_origin()?;
        // A copy of the settings with another origin, so TLS, proxies and limits are the same.
        let login_transport = Transport::new(&Settings { origin: login_origin, ..settings.clone() })?;
        let expected_dns = settings.expected_dns();
        let client = Client::from_settings(settings, None)?;

        let mut fields = Vec::with_capacity(2);
        if let Some(dns) = &expected_dns {
            fields.push(("vaultDNS", dns.as_str()));
        }
        if let Some(id) = client_id {
            fields.push(("client_id", id));
        }
        let path = format!("/auth/oauth/session/{}", utf8_percent_encode(profile_id, SEGMENT));
        let url = login_transport.same_origin(&path)?;
        let credential = Credential::AccessToken(idp_token);
        let reply = login_transport.post(url, Some(&credential), Body::form(&fields)).await?;
        let success = envelope::read(reply, &[credential.raw()])?;
        let session_id = required_str(&success.fields, "sessionId").ok_or_else(|| {
            Error::new(ErrorKind::Decode, "OAuth login succeeded without a sessionId").with_response(200, success.meta.clone())
        })?;
        let session = check_vault(expected_dns.as_deref(), session_id, &success.fields)
            .map_err(|e| e.with_response(200, success.meta.clone()))?;
        Ok(client.with_session(session))
    }
}

/// The IdP token goes into a header: checked like a credential, with messages that name it.
/// A leading `Bearer ` is accepted and removed, as for API access tokens.
fn idp_token(value: &str) -> Result<SecretString, Error> {
    let bare = value.strip_prefix("Bearer ").unwrap_or(value);
    if bare.is_empty() {
        return Err(Error::invalid("the IdP access token is empty"));
    }
    if bare.chars().any(|c| c.is_control() || c.is_whitespace() || !c.is_ascii()) {
        return Err(Error::invalid("the IdP access token contains whitespace, control or non-ASCII characters"));
    }
    Ok(SecretString::from(bare.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    #[test]
    fn the_login_host_defaults_to_veeva_and_follows_the_base_url_rules() {
        let builder = ClientBuilder::default();
        assert_eq!(builder.login_origin().unwrap().as_str(), "https://login.veevavault.com/");
        assert_eq!(builder.clone().login_url("http://127.0.0.1:9/").login_origin().unwrap().as_str(), "http://127.0.0.1:9/");
        assert!(builder.clone().login_url("http://login.example").login_origin().is_err());
        let insecure = builder.allow_insecure_http(true).login_url("http://login.example");
        assert!(insecure.login_origin().is_ok());
    }

    #[test]
    fn profile_ids_stay_one_segment() {
        let encoded = utf8_percent_encode("a/b?c#d %e..", SEGMENT).to_string();
        assert_eq!(encoded, "a%2Fb%3Fc%23d%20%25e..");
        assert_eq!(utf8_percent_encode("0oa1-b_c.d~e", SEGMENT).to_string(), "0oa1-b_c.d~e");
    }

    #[test]
    fn idp_tokens_are_checked_without_echoing_them() {
        assert!(idp_token("eyJhbGciOi.abc-_").is_ok());
        assert_eq!(idp_token("Bearer abc").map(|t| t.expose_secret().to_owned()).unwrap(), "abc");
        for bad in ["", "Bearer ", "a b", "a\nb", "tok\u{e9}n-secret"] {
            let err = idp_token(bad).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidArgument);
            assert!(bad.is_empty() || !err.to_string().contains(bad), "{err}");
        }
    }
}

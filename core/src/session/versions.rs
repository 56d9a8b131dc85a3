//! `GET {origin}/api/`: the API versions a Vault offers, and a check that it offers this
//! client's.

use http::Method;
use serde_json::Value;

use crate::client::Client;
use crate::envelope;
use crate::error::{Error, ErrorKind};
use crate::meta::ResponseMeta;
use crate::version::ApiVersion;

/// One API version a Vault offers, from [`Client::api_versions`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiVersionInfo {
    version: ApiVersion,
    url: String,
    possibly_beta: bool,
}

impl ApiVersionInfo {
    /// The version, e.g. `v26.2`.
    pub fn version(&self) -> ApiVersion {
        self.version
    }

    /// The base URL Vault gave for it, verbatim (e.g. `https://myvault.veevavault.com/api/v26.2`).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// `true` for the newest version only: it *may* be a Beta (subject to change).
    ///
    /// Vault gives no flag for this. Its documentation says only that the last version listed
    /// may be Beta, so the newest one is marked as possibly Beta and the others as GA (frozen).
    /// Outside a Vault release's Beta period the newest version is GA, and this is a false
    /// alarm: check Veeva's release calendar when it matters.
    pub fn is_possibly_beta(&self) -> bool {
        self.possibly_beta
    }
}

impl Client {
    /// The API versions this Vault offers (`GET {origin}/api/`), oldest first, ordered
    /// numerically (`v26.10` after `v26.2`); the newest is marked
    /// [possibly Beta](ApiVersionInfo::is_possibly_beta).
    ///
    /// An entry that is not of the form `v<major>.<minor>` with a URL is
    /// [`ErrorKind::Decode`].
    pub async fn api_versions(&self) -> Result<Vec<ApiVersionInfo>, Error> {
        Ok(self.fetch_versions().await?.0)
    }

    /// Checks that this Vault offers the client's [`api_version`](Client::api_version), and
    /// returns its entry. Fails with [`ErrorKind::NotFoundOrUnsupported`] when it does not
    /// (for example a client pinned to a version newer than the Vault's release).
    pub async fn check_api_version(&self) -> Result<ApiVersionInfo, Error> {
        let wanted = self.api_version();
        let (versions, meta) = self.fetch_versions().await?;
        if let Some(found) = versions.iter().find(|v| v.version == wanted) {
            return Ok(found.clone());
        }
        let offered = match (versions.first(), versions.last()) {
            (Some(oldest), Some(newest)) => format!("it offers {} to {}", oldest.version, newest.version),
            _ => "it lists no versions".to_owned(),
        };
        Err(Error::new(
            ErrorKind::NotFoundOrUnsupported,
            format!("this Vault does not offer API version {wanted} ({offered}); choose one it offers with api_version"),
        )
        .with_response(200, meta))
    }

    async fn fetch_versions(&self) -> Result<(Vec<ApiVersionInfo>, ResponseMeta), Error> {
        // Vault does not require authentication here, but every call of a logged-out client is
        // refused, and the credential is only ever sent to this client's own origin.
        let credential = self.require_credential()?;
        let url = self.transport().same_origin("/api/")?;
        let reply = self.transport().send(Method::GET, url, Some(credential), None).await?;
        let success = envelope::read(reply, &[credential.raw()])?;
        versions_from_success(success, &[credential.raw()])
    }
}

/// Reads the `values` map of a `GET /api/` answer.
/// An entry's name is the server's text and goes into the error, so it is masked like any.
pub(crate) fn versions_from_success(success: envelope::Success, secrets: &[&str]) -> Result<(Vec<ApiVersionInfo>, ResponseMeta), Error> {
    let meta = success.meta;
    let decode = |why: String| Error::new(ErrorKind::Decode, why).with_response(200, meta.clone());
    let Some(Value::Object(values)) = success.fields.get("values") else {
        return Err(decode("the API version list has no values object".to_owned()));
    };
    let versions = parse(values).map_err(|why| decode(crate::masking::mask(&why, secrets)))?;
    Ok((versions, meta))
}

/// Sorts the `values` map numerically and marks the newest entry.
fn parse(values: &serde_json::Map<String, Value>) -> Result<Vec<ApiVersionInfo>, String> {
    let mut versions = Vec::with_capacity(values.len());
    for (key, url) in values {
        let shown: String = key.chars().take(40).collect();
        let version: ApiVersion =
            key.parse().map_err(|_| format!("the API version list has an entry {shown:?} that is not a version"))?;
        let Value::String(url) = url else {
            return Err(format!("the API version list gives no URL for {shown}"));
        };
        versions.push(ApiVersionInfo { version, url: url.clone(), possibly_beta: false });
    }
    // serde_json's map does not keep Vault's order, and Vault's order would be no more than a
    // hint anyway: numeric order is what "newest" means.
    versions.sort_by_key(|v| v.version);
    if let Some(newest) = versions.last_mut() {
        newest.possibly_beta = true;
    }
    Ok(versions)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sorted_numerically_with_the_newest_possibly_beta() {
        let values = json!({"v26.10": "u10", "v9.0": "u9", "v26.2": "u2"});
        let versions = parse(values.as_object().unwrap()).unwrap();
        let names: Vec<String> = versions.iter().map(|v| v.version().to_string()).collect();
        assert_eq!(names, ["v9.0", "v26.2", "v26.10"]);
        let beta: Vec<bool> = versions.iter().map(ApiVersionInfo::is_possibly_beta).collect();
        assert_eq!(beta, [false, false, true]);
        assert_eq!(versions[2].url(), "u10");
    }

    #[test]
    fn malformed_entries_are_errors() {
        assert!(parse(json!({"latest": "u"}).as_object().unwrap()).is_err());
        assert!(parse(json!({"v26.2": 5}).as_object().unwrap()).is_err());
        assert!(parse(json!({}).as_object().unwrap()).unwrap().is_empty());
    }
}

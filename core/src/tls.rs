//! The rustls configuration: ring crypto, the platform's trust store, plus an optional PEM file.
//!
//! Built explicitly (rather than through a process-wide default provider) so that this library
//! never changes global state that its host application may also set.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use rustls::ClientConfig;
use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject;
use rustls_platform_verifier::Verifier;

use crate::error::Error;

/// The configuration for `ca_file`, or the shared default one: building the platform verifier
/// costs milliseconds, and most processes only ever need the default.
pub(crate) fn client_config(ca_file: Option<&Path>) -> Result<ClientConfig, Error> {
    static DEFAULT: OnceLock<Result<ClientConfig, Error>> = OnceLock::new();
    match ca_file {
        Some(path) => build(Some(path)),
        None => DEFAULT.get_or_init(|| build(None)).clone(),
    }
}

fn build(ca_file: Option<&Path>) -> Result<ClientConfig, Error> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let extra_roots = match ca_file {
        Some(path) => read_pem_certificates(path)?,
        None => Vec::new(),
    };
    let verifier = if extra_roots.is_empty() {
        Verifier::new(provider.clone())
    } else {
        Verifier::new_with_extra_roots(extra_roots, provider.clone())
    }
    .map_err(|e| Error::invalid(format!("could not set up certificate verification: {e}")))?;
    let mut config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::invalid(format!("could not set up TLS: {e}")))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(config)
}

fn read_pem_certificates(path: &Path) -> Result<Vec<CertificateDer<'static>>, Error> {
    let shown = path.display();
    let certs = CertificateDer::pem_file_iter(path)
        .map_err(|e| Error::invalid(format!("could not read CA file {shown}: {e}")))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| Error::invalid(format!("CA file {shown} is not valid PEM: {e}")))?;
    if certs.is_empty() {
        return Err(Error::invalid(format!("CA file {shown} holds no PEM certificate")));
    }
    Ok(certs)
}

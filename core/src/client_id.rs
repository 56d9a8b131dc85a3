//! The `X-VaultAPI-ClientID` every call carries: checked once, when the client is built.

use std::fmt;

use crate::error::Error;

/// The `X-VaultAPI-ClientID` sent with every call: at most 100 characters of `[A-Za-z0-9._-]`.
///
/// Veeva suggests `{company}-{organization}-{team}-{server|client}-{program}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientId(String);

impl ClientId {
    /// Checks and wraps a client id.
    pub fn new(value: impl Into<String>) -> Result<Self, Error> {
        let value = value.into();
        if value.is_empty() || value.len() > 100 {
            return Err(Error::invalid("client id must be 1 to 100 characters long"));
        }
        if !value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_' || b == b'-') {
            return Err(Error::invalid(
                "client id may only contain letters, digits, '.', '_' and '-'",
            ));
        }
        Ok(ClientId(value))
    }

    /// The default: names this library and its version, e.g. `veeva-vault-auth-rust-0.1.0`.
    pub fn default_for(binding: &str) -> Self {
        let value: String = format!("veeva-vault-auth-{binding}-{}", crate::VERSION)
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '_' })
            .take(100)
            .collect();
        ClientId(value)
    }

    /// The value sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ClientId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_id_rules() {
        assert!(ClientId::new("acme-vault-quality-client-app_1.2").is_ok());
        assert!(ClientId::new("").is_err());
        assert!(ClientId::new("a".repeat(101)).is_err());
        assert!(ClientId::new("has space").is_err());
        assert!(ClientId::new(ClientId::default_for("python").as_str().to_owned()).is_ok());
    }
}

//! Vault API versions (`v26.2`): parsed, compared, and checked against what an endpoint needs.

use std::fmt;
use std::str::FromStr;

use crate::error::Error;

/// The API version used when none is given.
pub const DEFAULT_API_VERSION: ApiVersion = ApiVersion { major: 26, minor: 2 };

/// The first version with the API access token endpoints (26R2).
pub const MIN_TOKEN_API_VERSION: ApiVersion = ApiVersion { major: 26, minor: 2 };

/// A Vault API version, `v<major>.<minor>`. Ordered numerically (`v26.10` > `v26.2`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ApiVersion {
    major: u32,
    minor: u32,
}

impl ApiVersion {
    /// A version from its two numbers.
    pub const fn new(major: u32, minor: u32) -> Self {
        ApiVersion { major, minor }
    }

    /// The major number (26 in `v26.2`).
    pub fn major(self) -> u32 {
        self.major
    }

    /// The minor number (2 in `v26.2`).
    pub fn minor(self) -> u32 {
        self.minor
    }
}

impl FromStr for ApiVersion {
    type Err = Error;

    /// Parses `v<major>.<minor>` (digits only, as Vault's URLs use).
    fn from_str(s: &str) -> Result<Self, Error> {
        let bad = || {
            Error::invalid(format!(
                "API version {s:?} is not of the form v<major>.<minor>, for example v26.2"
            ))
        };
        let rest = s.strip_prefix('v').ok_or_else(bad)?;
        let (major, minor) = rest.split_once('.').ok_or_else(bad)?;
        let number = |part: &str| {
            if part.is_empty() || part.len() > 4 || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            part.parse::<u32>().map_err(|_| bad())
        };
        Ok(ApiVersion { major: number(major)?, minor: number(minor)? })
    }
}

impl fmt::Display for ApiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "v{}.{}", self.major, self.minor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_orders_numerically() {
        let v: ApiVersion = "v26.10".parse().unwrap();
        assert!(v > "v26.2".parse().unwrap());
        assert_eq!(v.to_string(), "v26.10");
        for bad in ["26.2", "v26", "v26.", "v.2", "v26.2.1", "V26.2", "v26.x", "v+1.2", ""] {
            assert!(bad.parse::<ApiVersion>().is_err(), "{bad}");
        }
    }
}

//! Core results as plain JS objects (`#[napi(object)]`): field-for-field copies, dates as
//! milliseconds since the epoch (the JS layer makes `Date`s of them). No rules live here.

use napi_derive::napi;
use veeva_vault_auth::secrecy::ExposeSecret;
use veeva_vault_auth::{AccessToken, RevokeReport, Rotation, TokenInfo, UserInfo};

use crate::error::{Failure, Metadata, NativeError, VaultMessageData, messages};

/// A generated token as the JS layer receives it; `index.js` moves the token into a private
/// field at once.
#[napi(object)]
pub struct TokenData {
    pub id: String,
    pub token: String,
    pub warnings: Vec<VaultMessageData>,
    pub metadata: Metadata,
}

impl From<&AccessToken> for TokenData {
    fn from(t: &AccessToken) -> Self {
        TokenData {
            id: t.id().to_owned(),
            token: t.token().expose_secret().to_owned(),
            warnings: messages(t.warnings()),
            metadata: Metadata::from(t.meta()),
        }
    }
}

/// An existing token's metadata (never its value).
#[napi(object)]
pub struct TokenInfoData {
    pub id: String,
    pub name: String,
    pub user_id: String,
    pub status: String,
    /// Milliseconds since the epoch; absent: never expires.
    pub expiry_ms: Option<f64>,
    /// Milliseconds since the epoch; absent: never used.
    pub last_used_ms: Option<f64>,
    pub is_active: bool,
}

impl From<&TokenInfo> for TokenInfoData {
    fn from(t: &TokenInfo) -> Self {
        // Milliseconds since the epoch, as a JS `Date` holds them (exact: Vault's dates have
        // millisecond precision, and every year the core reads is far inside `Date`'s range).
        TokenInfoData {
            id: t.id().to_owned(),
            name: t.name().to_owned(),
            user_id: t.user_id().to_owned(),
            status: t.status().to_owned(),
            expiry_ms: t.expiry().map(|d| (d.unix_timestamp_nanos() / 1_000_000) as f64),
            last_used_ms: t.last_used().map(|d| (d.unix_timestamp_nanos() / 1_000_000) as f64),
            is_active: t.is_active(),
        }
    }
}

pub(crate) fn token_infos(list: &[TokenInfo]) -> Vec<TokenInfoData> {
    list.iter().map(TokenInfoData::from).collect()
}

/// One id Vault did not revoke, and why.
#[napi(object)]
pub struct RevokeFailureData {
    pub id: String,
    pub errors: Vec<VaultMessageData>,
}

/// What happened to each id of a revoke: every id is in exactly one list.
#[napi(object)]
pub struct RevokeReportData {
    pub revoked: Vec<String>,
    pub failed: Vec<RevokeFailureData>,
    pub unknown: Vec<String>,
    pub not_sent: Vec<String>,
    /// The core's `is_complete()`: every id revoked.
    pub is_complete: bool,
}

impl From<&RevokeReport> for RevokeReportData {
    fn from(r: &RevokeReport) -> Self {
        RevokeReportData {
            revoked: r.revoked.clone(),
            failed: r
                .failed
                .iter()
                .map(|f| RevokeFailureData { id: f.id.clone(), errors: messages(&f.errors) })
                .collect(),
            unknown: r.unknown.clone(),
            not_sent: r.not_sent.clone(),
            is_complete: r.is_complete(),
        }
    }
}

/// A rotation: the new token (always, once created), the report on the old ones, and the
/// error that stopped their revoke, if one did.
#[napi(object)]
pub struct RotationData {
    pub token: TokenData,
    pub revoked: RevokeReportData,
    pub revoke_error: Option<NativeError>,
    /// The core's `is_complete()`: created, and every old id revoked.
    pub is_complete: bool,
}

impl From<&Rotation> for RotationData {
    fn from(r: &Rotation) -> Self {
        RotationData {
            token: TokenData::from(&r.token),
            revoked: RevokeReportData::from(&r.revoked),
            revoke_error: r.revoke_error.as_ref().map(|e| Failure::from(e).error),
            is_complete: r.is_complete(),
        }
    }
}

/// The authenticated user (`GET /objects/users/me`).
#[napi(object)]
pub struct UserInfoData {
    pub id: String,
    pub username: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub timezone: Option<String>,
    pub locale: Option<String>,
    pub security_profile: Option<String>,
    pub license_type: Option<String>,
    pub active: Option<bool>,
    pub metadata: Metadata,
}

impl From<&UserInfo> for UserInfoData {
    fn from(u: &UserInfo) -> Self {
        let owned = |s: Option<&str>| s.map(str::to_owned);
        UserInfoData {
            id: u.id().to_owned(),
            username: u.username().to_owned(),
            first_name: owned(u.first_name()),
            last_name: owned(u.last_name()),
            email: owned(u.email()),
            timezone: owned(u.timezone()),
            locale: owned(u.locale()),
            security_profile: owned(u.security_profile()),
            license_type: owned(u.license_type()),
            active: u.active(),
            metadata: Metadata::from(u.meta()),
        }
    }
}

//! The token lifecycle on [`NativeClient`]: list, inspect, revoke, rotate, find orphans. Each
//! method hands its arguments to the core and its result to [`crate::data`]; every rule
//! (ids, escaping, paging, batches, what a rotation reports) is the core's.

use napi::Either;
use napi_derive::napi;

use crate::data::{RevokeReportData, RotationData, TokenInfoData, token_infos};
use crate::error::Failure;
use crate::options::{ListArgs, OrphanArgs, TokenArgs};
use crate::{CancelToken, NativeClient, settle};

#[napi]
impl NativeClient {
    /// Lists one user's tokens (active ones unless `includeInactive`), following every page.
    #[napi]
    pub async fn list_access_tokens(
        &self,
        args: ListArgs,
        cancel: Option<&CancelToken>,
    ) -> Either<Vec<TokenInfoData>, Failure> {
        let client = self.inner.clone();
        settle(CancelToken::handle(cancel), async move {
            Ok(token_infos(&client.list_access_tokens(&args.query()).await?))
        })
        .await
    }

    /// Retrieves one token's metadata by record id.
    #[napi]
    pub async fn get_access_token_info(
        &self,
        id: String,
        cancel: Option<&CancelToken>,
    ) -> Either<TokenInfoData, Failure> {
        let client = self.inner.clone();
        settle(CancelToken::handle(cancel), async move {
            Ok(TokenInfoData::from(&client.get_access_token_info(&id).await?))
        })
        .await
    }

    /// Revokes tokens by record id; a failure after the ids were checked carries
    /// `partialRevoke`.
    #[napi]
    pub async fn revoke_access_tokens(
        &self,
        ids: Vec<String>,
        cancel: Option<&CancelToken>,
    ) -> Either<RevokeReportData, Failure> {
        let client = self.inner.clone();
        settle(CancelToken::handle(cancel), async move {
            Ok(RevokeReportData::from(&client.revoke_access_tokens(&ids).await?))
        })
        .await
    }

    /// Creates a token, then revokes `revoke`; once created, the token is always returned.
    #[napi]
    pub async fn rotate_access_token(
        &self,
        args: TokenArgs,
        revoke: Vec<String>,
        cancel: Option<&CancelToken>,
    ) -> Either<RotationData, Failure> {
        let client = self.inner.clone();
        settle(CancelToken::handle(cancel), async move {
            let request = args.request(true)?;
            Ok(RotationData::from(&client.rotate_access_token(&request, &revoke).await?))
        })
        .await
    }

    /// Active, never-used tokens of that user with exactly that name (after an unknown outcome).
    #[napi]
    pub async fn find_orphaned_tokens(
        &self,
        args: OrphanArgs,
        cancel: Option<&CancelToken>,
    ) -> Either<Vec<TokenInfoData>, Failure> {
        let client = self.inner.clone();
        settle(CancelToken::handle(cancel), async move {
            let target = args.target()?;
            Ok(token_infos(&client.find_orphaned_tokens(&target, &args.name).await?))
        })
        .await
    }
}

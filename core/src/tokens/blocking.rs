//! Blocking twins of the lifecycle calls and of `whoami`, on [`blocking::Client`]: each is one
//! line over the facade's `call`, so they share its threading and fork rules.

use crate::blocking::Client;
use crate::error::Error;
use crate::request::{TokenRequest, TokenTarget};
use crate::tokens::{RevokeReport, Rotation, TokenInfo, TokenQuery};
use crate::whoami::UserInfo;

/// Owned copies of ids, since a blocking call may run on another thread.
fn owned<S: AsRef<str>>(ids: &[S]) -> Vec<String> {
    ids.iter().map(|id| id.as_ref().to_owned()).collect()
}

impl Client {
    /// Lists API access tokens, blocking (see [`crate::Client::list_access_tokens`]).
    pub fn list_access_tokens(&self, query: &TokenQuery) -> Result<Vec<TokenInfo>, Error> {
        let query = query.clone();
        self.call(move |client| async move { client.list_access_tokens(&query).await })
    }

    /// Retrieves one token's metadata, blocking (see [`crate::Client::get_access_token_info`]).
    pub fn get_access_token_info(&self, id: &str) -> Result<TokenInfo, Error> {
        let id = id.to_owned();
        self.call(move |client| async move { client.get_access_token_info(&id).await })
    }

    /// Revokes tokens, blocking (see [`crate::Client::revoke_access_tokens`]).
    pub fn revoke_access_tokens<S: AsRef<str>>(&self, ids: &[S]) -> Result<RevokeReport, Error> {
        let ids = owned(ids);
        self.call(move |client| async move { client.revoke_access_tokens(&ids).await })
    }

    /// Creates a token, then revokes old ones, blocking (see [`crate::Client::rotate_access_token`]).
    pub fn rotate_access_token<S: AsRef<str>>(&self, request: &TokenRequest, revoke: &[S]) -> Result<Rotation, Error> {
        let (request, ids) = (request.clone(), owned(revoke));
        self.call(move |client| async move { client.rotate_access_token(&request, &ids).await })
    }

    /// Finds never-used tokens with a name, blocking (see [`crate::Client::find_orphaned_tokens`]).
    pub fn find_orphaned_tokens(&self, target: &TokenTarget, name: &str) -> Result<Vec<TokenInfo>, Error> {
        let (target, name) = (target.clone(), name.to_owned());
        self.call(move |client| async move { client.find_orphaned_tokens(&target, &name).await })
    }

    /// The authenticated user, blocking (see [`crate::Client::whoami`]).
    pub fn whoami(&self) -> Result<UserInfo, Error> {
        self.call(move |client| async move { client.whoami().await })
    }
}

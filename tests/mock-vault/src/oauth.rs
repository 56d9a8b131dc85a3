//! OAuth 2.0 / OpenID Connect: `POST {login host}/auth/oauth/session/{profile_id}` exchanges an
//! IdP access token (`Authorization: Bearer …`) for a session, answered exactly like `/auth`.
//!
//! The IdP tokens a profile accepts come from the fixtures; the mock does no introspection.

use crate::envelope::{auth_failed, failure};
use crate::forms::login_form;
use crate::http::{Request, Response};
use crate::vault::State;

impl State {
    pub(crate) fn oauth_session(&mut self, request: &Request, profile_id: &str) -> Response {
        let Some(profile) = self.fixtures.oauth_profiles.iter().find(|p| p.id == profile_id) else {
            return failure("INVALID_DATA", &format!("Invalid OAuth / OpenID Connect profile [{profile_id}]."));
        };
        let token = request.header("authorization").and_then(|v| v.trim().strip_prefix("Bearer ")).map(str::trim);
        let user_id = token.and_then(|t| profile.idp_tokens.get(t)).copied();
        let Some(user) = user_id.and_then(|id| self.user(id)).cloned() else {
            return auth_failed("USERNAME_OR_PASSWORD_INCORRECT", "Authentication failed: the access token is not valid for this profile.");
        };
        let form = login_form(request);
        self.open_session(request, &user, form.get("vaultDNS").map(String::as_str))
    }
}

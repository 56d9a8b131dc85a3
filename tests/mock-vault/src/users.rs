//! `GET /api/{v}/objects/users/me` (Validate Session User): the caller's user record with the
//! documented fields, not just the two a client needs.

use serde_json::{Value, json};

use crate::envelope::{failure, success};
use crate::fixtures::UserFixture;
use crate::forms::query_params;
use crate::http::{Request, Response};
use crate::vault::State;

/// A fixed, plausible date for the fields the mock has no history for.
const CREATED: &str = "2024-01-15T09:30:00.000Z";

impl State {
    pub(crate) fn whoami(&mut self, request: &Request) -> Response {
        let Some(session) = self.authenticate(request) else {
            return crate::envelope::invalid_session();
        };
        let Some(user) = self.user(session.user_id) else {
            return failure("INACTIVE_USER", "User is inactive or not found.");
        };
        let mut record = user_record(user, session.vault_id);
        // Both default to true from v25.1; the mock applies that default to every version.
        let params = query_params(request);
        let included = |name: &str| params.get(name).is_some_and(|v| v.eq_ignore_ascii_case("false"));
        if included("exclude_vault_membership") {
            record["vault_membership"] = Value::Array(
                user.vaults
                    .iter()
                    .map(|id| {
                        json!({"id": id, "active__v": true, "security_profile__v": security_profile(user),
                               "license_type__v": license_type(user)})
                    })
                    .collect(),
            );
        }
        if included("exclude_app_licensing") {
            record["app_licensing"] = json!([]);
        }
        success(json!({"users": [{"user": record}]}))
    }
}

fn security_profile(user: &UserFixture) -> String {
    let default = if user.admin { "system_admin__v" } else { "document_user__v" };
    user.security_profile.clone().unwrap_or_else(|| default.to_owned())
}

fn license_type(user: &UserFixture) -> String {
    user.license_type.clone().unwrap_or_else(|| "full__v".to_owned())
}

/// The user record: fixture values where given, otherwise derived from the user name.
pub fn user_record(user: &UserFixture, vault_id: u64) -> Value {
    let local = user.username.split('@').next().unwrap_or(&user.username);
    let mut first: Vec<char> = local.chars().collect();
    if let Some(c) = first.first_mut() {
        *c = c.to_ascii_uppercase();
    }
    let timezone = user.timezone.clone().unwrap_or_else(|| match user.utc_offset_hours {
        0 => "Etc/UTC".to_owned(),
        // POSIX-style zone names have the sign inverted: Etc/GMT+5 is UTC−5.
        h => format!("Etc/GMT{:+}", -i32::from(h)),
    });
    let locale = user.locale.clone().unwrap_or_else(|| "en_US".to_owned());
    let language = locale.split('_').next().unwrap_or("en").to_owned();
    json!({
        "id": user.id,
        "user_name__v": user.username,
        "user_first_name__v": user.first_name.clone().unwrap_or_else(|| first.into_iter().collect()),
        "user_last_name__v": user.last_name.clone().unwrap_or_else(|| "User".to_owned()),
        "user_email__v": user.email.clone().unwrap_or_else(|| user.username.clone()),
        "user_timezone__v": timezone,
        "user_locale__v": locale,
        "user_language__v": language,
        "user_title__v": null,
        "office_phone__v": null,
        "mobile_phone__v": null,
        "site__v": null,
        "security_profile__v": security_profile(user),
        "license_type__v": license_type(user),
        "security_policy_id__v": 1,
        "user_needs_to_change_password__v": user.login_error.as_deref() == Some("PASSWORD_CHANGE_REQUIRED"),
        "active__v": user.login_error.as_deref() != Some("INACTIVE_USER"),
        "domain_active__v": true,
        "domain_id__v": 1001,
        "is_domain_admin__v": user.admin,
        "federated_id__v": null,
        "vault_id__v": vault_id,
        "created_date__v": CREATED,
        "created_by__v": 1,
        "modified_date__v": CREATED,
        "modified_by__v": 1,
        "last_login__v": null,
    })
}

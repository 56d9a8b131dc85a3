//! Arguments of the lifecycle calls to core values: the listing query, id lists and the
//! orphan search's target. Only shapes and types are checked here; the core checks every value
//! (ids, names, duplicates) before anything is sent.

use pyo3::prelude::*;
use pyo3::types::PyString;
use veeva_vault_auth::{TokenQuery, TokenTarget};

use crate::convert::{target, user_id};
use crate::error::type_error;

/// `list_access_tokens(user_id=None, name=None, include_inactive=False)`: `None` is the
/// authenticated user, as `"me"` is.
pub(crate) fn query(
    user: Option<&Bound<'_, PyAny>>,
    name: Option<String>,
    include_inactive: bool,
) -> PyResult<TokenQuery> {
    let query = match user_id(user)? {
        Some(id) => TokenQuery::user(id),
        None => TokenQuery::me(),
    };
    let query = match name {
        Some(name) => query.name(name),
        None => query,
    };
    Ok(query.include_inactive(include_inactive))
}

/// Any iterable of `str` to owned ids. A bare `str` is refused: iterating it would give its
/// characters, each taken for an id.
pub(crate) fn ids(value: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<String>> {
    if value.is_instance_of::<PyString>() {
        return Err(type_error(&format!(
            "{what} must be an iterable of str (a list, a tuple, ...), not a single str: wrap it in a list"
        )));
    }
    let items = value.try_iter().map_err(|_| {
        type_error(&format!(
            "{what} must be an iterable of str, not {}",
            type_name(value)
        ))
    })?;
    let mut out = Vec::new();
    for (i, item) in items.enumerate() {
        let item = item?;
        if !item.is_instance_of::<PyString>() {
            return Err(type_error(&format!(
                "{what}[{i}] must be a str, not {}",
                type_name(&item)
            )));
        }
        out.push(item.extract::<String>()?);
    }
    Ok(out)
}

/// `find_orphaned_tokens(user_id=None, *, name, sandbox=None)`: no user and no sandbox is the
/// authenticated user. A sandbox goes to the core, which refuses it with the way to do it.
pub(crate) fn orphan_target(
    user: Option<&Bound<'_, PyAny>>,
    sandbox: Option<String>,
) -> PyResult<TokenTarget> {
    if sandbox.is_none() && user_id(user)?.is_none() {
        return Ok(TokenTarget::me());
    }
    target(user, sandbox)
}

fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "this type".to_owned())
}

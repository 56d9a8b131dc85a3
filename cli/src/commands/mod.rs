//! The commands other than bulk: [`token`] (create, list, show), [`revoke`] (revoke, rotate,
//! orphans) and [`session`] (whoami, keep-alive, logout, versions). Each one calls the core and
//! prints; none speaks HTTP.

pub mod revoke;
pub mod session;
pub mod token;

use std::collections::HashSet;
use std::io::{BufRead, IsTerminal, Write};

use veeva_vault_auth::TokenTarget;

use crate::connect::Session;
use crate::exit::Failure;

/// What every command gets: the client, and whether to print JSON.
pub struct Ctx {
    pub json: bool,
    pub session: Session,
}

/// Asks before a revoke. `--yes` skips the question; without it a revoke needs a terminal on
/// stdin to ask on, and refuses otherwise (a script must say `--yes` to revoke).
pub fn confirm(question: &str, yes: bool) -> Result<(), Failure> {
    if yes {
        return Ok(());
    }
    if !std::io::stdin().is_terminal() {
        return Err(Failure::usage(format!(
            "refusing to revoke without --yes: stdin is not a terminal to ask on ({question})"
        )));
    }
    let mut err = std::io::stderr().lock();
    let _ = write!(err, "{question} [y/N] ");
    let _ = err.flush();
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer).map_err(|e| Failure::usage(format!("cannot read the answer: {e}")))?;
    match answer.trim() {
        "y" | "Y" | "yes" | "YES" | "Yes" => Ok(()),
        _ => Err(Failure::local("cancelled", "nothing was revoked")),
    }
}

/// Ids to revoke, checked before a token is created (the core checks them again when it
/// revokes, but by then a rotate's new token would already exist): not empty, no spaces or
/// control characters, none twice.
pub fn check_ids(ids: &[String]) -> Result<(), Failure> {
    let mut seen = HashSet::new();
    for (i, id) in ids.iter().enumerate() {
        if id.is_empty() || id.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(Failure::usage(format!("token id #{} is empty or has spaces or control characters", i + 1)));
        }
        if !seen.insert(id) {
            return Err(Failure::usage(format!("token id #{} ({id}) is given twice", i + 1)));
        }
    }
    Ok(())
}

/// The `vva token orphans` command that recovers after a create's lost answer.
pub fn orphans_hint(target: &TokenTarget, name: &str) -> String {
    let quoted = shell_quote(name);
    match target {
        TokenTarget::User(id) => format!(
            "a token may exist that nobody holds: run `vva token orphans --user {} --name {quoted} --revoke`, then create again",
            shell_quote(id)
        ),
        TokenTarget::Me => {
            format!("a token may exist that nobody holds: run `vva token orphans --user me --name {quoted} --revoke`, then create again")
        }
        TokenTarget::Sandbox(sandbox) => format!(
            "a token may exist in sandbox {sandbox} that nobody holds: run `vva --vault <the sandbox's DNS> token orphans --user me --name {quoted} --revoke`, then create again"
        ),
    }
}

/// Quotes a value for a shell command line shown to the user, when it needs quoting.
pub fn shell_quote(value: &str) -> String {
    if !value.is_empty() && value.chars().all(|c| c.is_ascii_alphanumeric() || "-_.:/@".contains(c)) {
        value.to_owned()
    } else {
        format!("'{}'", value.replace('\'', r"'\''"))
    }
}

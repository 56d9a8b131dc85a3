//! Masks secrets that a server echoes back inside its error messages.

const TOKEN_PREFIX: &str = "veeva-vault-";
const MASK: &str = "***";

/// Runs of letters and digits at least this long are treated as credentials (Vault session ids
/// are long hex strings; record ids such as `0PI00000000C002` are 15 characters).
const LONG_RUN: usize = 32;

/// Replaces every occurrence of the given secrets, anything shaped like an API access token
/// (`veeva-vault-…`), and any long letter-digit run (a session id this client never held) with
/// `***`.
pub(crate) fn mask(text: &str, secrets: &[&str]) -> String {
    let mut out = text.to_owned();
    for secret in secrets {
        // Very short "secrets" would mangle ordinary words; real session ids and tokens are long.
        if secret.len() >= 6 && out.contains(secret) {
            out = out.replace(secret, MASK);
        }
    }
    mask_long_runs(&mask_token_shapes(&out))
}

fn mask_long_runs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.len() >= LONG_RUN {
            out.push_str(MASK);
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

fn mask_token_shapes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find(TOKEN_PREFIX) {
        let after = pos + TOKEN_PREFIX.len();
        out.push_str(&rest[..after]);
        let tail = &rest[after..];
        let secret_len = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.'))
            .unwrap_or(tail.len());
        if secret_len > 0 {
            out.push_str(MASK);
        }
        rest = &tail[secret_len..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::mask;

    #[test]
    fn masks_given_secrets_and_token_shapes() {
        let text = "session ABCDEF123 is bad; token veeva-vault-XyZ_12.3 too, veeva-vault- alone";
        assert_eq!(
            mask(text, &["ABCDEF123"]),
            "session *** is bad; token veeva-vault-*** too, veeva-vault- alone"
        );
    }

    #[test]
    fn masks_long_opaque_runs_but_not_record_ids() {
        let session = "4DEC369FD53F3E9A2A92A851C6CF57AE119E71A0AA564C79613BC8AD20CAEFFA";
        assert_eq!(mask(&format!("bad {session}."), &[]), "bad ***.");
        assert_eq!(mask("record 0PI00000000C002 exists", &[]), "record 0PI00000000C002 exists");
    }

    #[test]
    fn leaves_short_secrets_and_plain_text_alone() {
        assert_eq!(mask("a b c", &["b"]), "a b c");
    }
}

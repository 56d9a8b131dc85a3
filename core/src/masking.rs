//! Masks secrets that a server echoes back inside its error messages.

const TOKEN_PREFIX: &str = "veeva-vault-";
const MASK: &str = "***";

/// Replaces every occurrence of the given secrets, and anything shaped like an API access token
/// (`veeva-vault-…`), with `***`.
pub(crate) fn mask(text: &str, secrets: &[&str]) -> String {
    let mut out = text.to_owned();
    for secret in secrets {
        // Very short "secrets" would mangle ordinary words; real session ids and tokens are long.
        if secret.len() >= 6 && out.contains(secret) {
            out = out.replace(secret, MASK);
        }
    }
    mask_token_shapes(&out)
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
    fn leaves_short_secrets_and_plain_text_alone() {
        assert_eq!(mask("a b c", &["b"]), "a b c");
    }
}

//! Masks secrets that a server echoes back inside its error messages.

const TOKEN_PREFIX: &str = "veeva-vault-";
const MASK: &str = "***";

/// Runs of letters and digits at least this long are treated as credentials (Vault session ids
/// are long hex strings; record ids such as `0PI00000000C002` are 15 characters).
const LONG_RUN: usize = 32;

/// Secrets at least this long are masked wherever they occur. Shorter ones are masked only
/// where they stand as a whole word: masking every `a` of a message because a test credential
/// was `a` would destroy the message without protecting anything.
pub(crate) const SUBSTRING_SECRET: usize = 8;

/// Longest text kept, in characters, after masking: a server-chosen message is bounded before it
/// goes into an error.
pub(crate) const MAX_CHARS: usize = 1000;

/// Replaces every configured secret (see [`SUBSTRING_SECRET`] for short ones), anything shaped
/// like an API access token (`veeva-vault-…`), and any long letter-digit run (a session id this
/// client never held) with `***`, then bounds the length. Used on every text that comes from the
/// server before it can reach an error or a warning.
pub(crate) fn mask(text: &str, secrets: &[&str]) -> String {
    let out = replace_secrets(text, secrets);
    let masked = mask_long_runs(&mask_token_shapes(&out));
    if masked.chars().count() <= MAX_CHARS {
        return masked;
    }
    let mut bounded: String = masked.chars().take(MAX_CHARS).collect();
    bounded.push('…');
    bounded
}

/// Replaces every secret in one pass over `text`, longest first where several start at the same
/// place. One pass, not one per secret: replacing each secret in the output of the previous
/// one let `***` feed the next short secret (`*`), and the text grew exponentially with the
/// number of secrets (found by the masking fuzz target). A short secret is replaced only where
/// it is not part of a longer letter-digit run of the original text.
fn replace_secrets(text: &str, secrets: &[&str]) -> String {
    let mut present: Vec<&str> = secrets.iter().copied().filter(|s| !s.is_empty() && text.contains(s)).collect();
    if present.is_empty() {
        return text.to_owned();
    }
    present.sort_by_key(|s| std::cmp::Reverse(s.len()));
    let bounded = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    let mut out = String::with_capacity(text.len());
    let mut previous: Option<char> = None;
    let mut rest = text;
    'scan: while let Some(c) = rest.chars().next() {
        for secret in &present {
            if let Some(after) = rest.strip_prefix(secret) {
                let long = secret.chars().count() >= SUBSTRING_SECRET;
                if long || (bounded(previous) && bounded(after.chars().next())) {
                    out.push_str(MASK);
                    previous = secret.chars().next_back();
                    rest = after;
                    continue 'scan;
                }
            }
        }
        out.push(c);
        previous = Some(c);
        rest = &rest[c.len_utf8()..];
    }
    out
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
    use super::{MAX_CHARS, mask};

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
    fn short_secrets_are_masked_as_whole_words_only() {
        assert_eq!(mask("a b c", &["b"]), "a *** c");
        assert_eq!(mask("bob ate a big apple", &["b"]), "bob ate a big apple");
        assert_eq!(mask("session s3cr: bad (s3cr)", &["s3cr"]), "session ***: bad (***)");
        assert_eq!(mask("s3cr3t-x s3cr", &["s3cr"]), "s3cr3t-x ***");
    }

    #[test]
    fn long_secrets_are_masked_everywhere_and_output_is_bounded() {
        assert_eq!(mask("xxSECRET-12xx", &["SECRET-12"]), "xx***xx");
        let long = "word ".repeat(1000);
        let out = mask(&long, &[]);
        assert_eq!(out.chars().count(), MAX_CHARS + 1);
        assert!(out.ends_with('…'));
        assert_eq!(mask("", &["", "x"]), "");
    }

    #[test]
    fn many_short_secrets_do_not_compound() {
        // Each `*` secret used to turn every `*` of the previous pass's `***` into `***` again.
        let secrets = ["*"; 30];
        let out = mask("a * b", &secrets);
        assert_eq!(out, "a *** b");
        assert_eq!(mask("x ** y", &["*", "**"]), "x *** y");
    }
}

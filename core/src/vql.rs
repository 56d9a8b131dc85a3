//! VQL text: the one function that turns caller text into a string literal, and the token query
//! built with it.
//!
//! Every caller-supplied value reaches VQL through [`literal`] and nothing else, so a name such as
//! `x' OR name__v != 'y` stays inside its quotes. The escapes are Vault's own (standardised in
//! v21.3; <https://general.veevavault.dev/clinical/vql/references/language-specifications/syntax-basics.md>):
//! `\\` for a backslash, `\'` for a single quote, `\"` for a double quote, and `\n`, `\t`, `\r`
//! for a line feed, a tab and a carriage return. `%` and `*` are wildcards only in `LIKE` and
//! `FIND`, which this library never writes, so they need no escape after `=`.

/// The fields every token listing selects, in the order Vault's docs list them.
pub(crate) const TOKEN_FIELDS: &str = "id, name__v, user__sys, status__v, expiry_date__sys, last_used_date__sys";

/// `value` as a quoted VQL string literal: `'…'` with Vault's backslash escapes.
///
/// Only `'` can end a literal and only `\` can change what follows it; both are escaped, so no
/// input can leave the literal. Line breaks and tabs are written as escapes too, which keeps the
/// query on one line. Other characters, including non-ASCII text, are written as they are (the
/// form encoding of the request body carries them as UTF-8). Callers validate ids and names
/// first, which already rejects other control characters.
pub(crate) fn literal(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            other => out.push(other),
        }
    }
    out.push('\'');
    out
}

/// The listing query for one user's tokens:
/// `SELECT … FROM api_access_token__sys WHERE user__sys = '…' [AND status__v = 'active__v'] [AND name__v = '…']`.
pub(crate) fn token_query(user_id: &str, name: Option<&str>, include_inactive: bool) -> String {
    let mut q = format!("SELECT {TOKEN_FIELDS} FROM api_access_token__sys WHERE user__sys = {}", literal(user_id));
    if !include_inactive {
        q.push_str(" AND status__v = 'active__v'");
    }
    if let Some(name) = name {
        q.push_str(" AND name__v = ");
        q.push_str(&literal(name));
    }
    q
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads a literal back the way Vault does (backslash escapes and `''`): the test's
    /// independent check that [`literal`] round-trips and that nothing follows the closing quote.
    fn parse_literal(text: &str) -> Option<(String, &str)> {
        let rest = text.strip_prefix('\'')?;
        let mut out = String::new();
        let mut chars = rest.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => match chars.next()?.1 {
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    'r' => out.push('\r'),
                    other => out.push(other),
                },
                '\'' => return Some((out, &rest[i + 1..])),
                other => out.push(other),
            }
        }
        None
    }

    #[test]
    fn plain_text_is_only_quoted() {
        assert_eq!(literal("12345"), "'12345'");
        assert_eq!(literal(""), "''");
        assert_eq!(literal("Key & Co = 100% *"), "'Key & Co = 100% *'");
    }

    #[test]
    fn every_escape_is_a_backslash_form() {
        assert_eq!(literal("it's"), r"'it\'s'");
        assert_eq!(literal(r"C:\keys"), r"'C:\\keys'");
        assert_eq!(literal("say \"hi\""), r#"'say \"hi\"'"#);
        assert_eq!(literal("a\nb\tc\rd"), r"'a\nb\tc\rd'");
        // A backslash before a quote must not escape the quote's own escape.
        assert_eq!(literal(r"\'"), r"'\\\''");
        assert_eq!(literal(r"x\"), r"'x\\'");
    }

    #[test]
    fn injection_attempts_stay_inside_the_literal() {
        let attempts = [
            "x' OR name__v != 'y",
            "x' OR 1=1 --",
            r"x\' OR name__v != \'y",
            r"x\\' OR name__v != 'y",
            "x''",
            "'",
            "\\",
            "a\n' OR 'b",
            "x\r\nAND status__v != 'active__v",
        ];
        for attempt in attempts {
            let text = literal(attempt);
            let (back, rest) = parse_literal(&text).expect("a complete literal");
            assert_eq!(back, attempt, "round trip of {attempt:?}");
            assert_eq!(rest, "", "nothing after the literal for {attempt:?}: {text}");
            assert!(!text.contains('\n') && !text.contains('\r'), "{text:?} stays on one line");
        }
    }

    #[test]
    fn non_ascii_text_is_kept() {
        assert_eq!(literal("Schlüssel 鍵 ✓"), "'Schlüssel 鍵 ✓'");
        let (back, _) = parse_literal(&literal("ключ 'é'")).expect("literal");
        assert_eq!(back, "ключ 'é'");
    }

    #[test]
    fn token_query_has_the_documented_shape() {
        assert_eq!(
            token_query("12345", None, false),
            "SELECT id, name__v, user__sys, status__v, expiry_date__sys, last_used_date__sys \
             FROM api_access_token__sys WHERE user__sys = '12345' AND status__v = 'active__v'"
        );
        assert_eq!(
            token_query("12345", Some("it's"), true),
            "SELECT id, name__v, user__sys, status__v, expiry_date__sys, last_used_date__sys \
             FROM api_access_token__sys WHERE user__sys = '12345' AND name__v = 'it\\'s'"
        );
        let q = token_query("1' OR user__sys != '2", Some("x' OR name__v != 'y"), false);
        assert!(q.ends_with(r"WHERE user__sys = '1\' OR user__sys != \'2' AND status__v = 'active__v' AND name__v = 'x\' OR name__v != \'y'"), "{q}");
    }
}

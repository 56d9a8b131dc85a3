//! A lexer and parser for exactly the VQL subset the mock answers:
//! `SELECT f, … FROM api_access_token__sys [WHERE f = 'v' [AND f != 'v' …]]`.
//!
//! Everything else (OR, LIKE, IN, parentheses, ORDER BY, other objects, bad escapes) is a syntax
//! error, so a client that builds VQL wrongly finds out here rather than against a real Vault.
//! Keywords are case-insensitive, as in Vault; field values are case-sensitive.

/// A parsed query.
#[derive(Debug, PartialEq)]
pub struct Query {
    /// The SELECT list, lower-cased, in order.
    pub fields: Vec<String>,
    /// The FROM target, lower-cased.
    pub object: String,
    /// WHERE conditions, all of which must hold (AND).
    pub conditions: Vec<Condition>,
}

/// `field = 'value'` or `field != 'value'`.
#[derive(Debug, PartialEq)]
pub struct Condition {
    pub field: String,
    pub equal: bool,
    pub value: String,
}

#[derive(Debug, PartialEq)]
enum Token {
    Word(String),
    Comma,
    Eq,
    Ne,
    Text(String),
    Number(String),
}

/// Unescapes one VQL string literal, given with its quotes (`'it\'s'`), by Vault's rules:
/// `\\`, `\'`, `\"`, `\n`, `\t`, `\r`, and `''` for a quote. `None` if `quoted` is not exactly
/// one well-formed literal (missing quotes, an unknown escape, text after the closing quote).
pub fn vql_unescape_literal(quoted: &str) -> Option<String> {
    let chars: Vec<char> = quoted.chars().collect();
    let (value, end) = read_literal(&chars, 0)?;
    (end == chars.len()).then_some(value)
}

/// Reads a literal starting at `chars[start] == '\''`; returns the value and the index after it.
fn read_literal(chars: &[char], start: usize) -> Option<(String, usize)> {
    if chars.get(start) != Some(&'\'') {
        return None;
    }
    let mut value = String::new();
    let mut i = start + 1;
    loop {
        match *chars.get(i)? {
            '\\' => {
                value.push(match *chars.get(i + 1)? {
                    '\\' => '\\',
                    '\'' => '\'',
                    '"' => '"',
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    _ => return None,
                });
                i += 2;
            }
            '\'' if chars.get(i + 1) == Some(&'\'') => {
                value.push('\'');
                i += 2;
            }
            '\'' => return Some((value, i + 1)),
            c => {
                value.push(c);
                i += 1;
            }
        }
    }
}

fn lex(text: &str) -> Option<Vec<Token>> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            c if c.is_whitespace() => i += 1,
            ',' => {
                tokens.push(Token::Comma);
                i += 1;
            }
            '=' => {
                tokens.push(Token::Eq);
                i += 1;
            }
            '!' if chars.get(i + 1) == Some(&'=') => {
                tokens.push(Token::Ne);
                i += 2;
            }
            '\'' => {
                let (value, end) = read_literal(&chars, i)?;
                tokens.push(Token::Text(value));
                i = end;
            }
            c if c.is_ascii_digit() => {
                let start = i;
                while chars.get(i).is_some_and(char::is_ascii_digit) {
                    i += 1;
                }
                tokens.push(Token::Number(chars[start..i].iter().collect()));
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                let start = i;
                while chars.get(i).is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_') {
                    i += 1;
                }
                tokens.push(Token::Word(chars[start..i].iter().collect()));
            }
            _ => return None,
        }
    }
    Some(tokens)
}

/// Parses the subset; `None` is Vault's `INCORRECT_QUERY_SYNTAX_ERROR`.
pub fn parse(text: &str) -> Option<Query> {
    let tokens = lex(text)?;
    let mut at = tokens.iter().peekable();
    let keyword = |t: Option<&Token>, k: &str| matches!(t, Some(Token::Word(w)) if w.eq_ignore_ascii_case(k));
    let is_reserved = |w: &str| ["select", "from", "where", "and"].iter().any(|k| w.eq_ignore_ascii_case(k));
    let field = |t: Option<&Token>| match t {
        Some(Token::Word(w)) if !is_reserved(w) => Some(w.to_ascii_lowercase()),
        _ => None,
    };
    if !keyword(at.next(), "select") {
        return None;
    }
    let mut fields = vec![field(at.next())?];
    while at.peek() == Some(&&Token::Comma) {
        at.next();
        fields.push(field(at.next())?);
    }
    if !keyword(at.next(), "from") {
        return None;
    }
    let object = field(at.next())?;
    let mut conditions = Vec::new();
    if at.peek().is_some() {
        if !keyword(at.next(), "where") {
            return None;
        }
        loop {
            let name = field(at.next())?;
            let equal = match at.next()? {
                Token::Eq => true,
                Token::Ne => false,
                _ => return None,
            };
            let value = match at.next()? {
                Token::Text(v) | Token::Number(v) => v.clone(),
                _ => return None,
            };
            conditions.push(Condition { field: name, equal, value });
            match at.next() {
                None => break,
                t if keyword(t, "and") => continue,
                _ => return None,
            }
        }
    }
    Some(Query { fields, object, conditions })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_unescape_by_vaults_rules() {
        assert_eq!(vql_unescape_literal(r"'it\'s'").as_deref(), Some("it's"));
        assert_eq!(vql_unescape_literal("'it''s'").as_deref(), Some("it's"));
        assert_eq!(vql_unescape_literal(r#"'a\\b\"c\nd\te\rf'"#).as_deref(), Some("a\\b\"c\nd\te\rf"));
        assert_eq!(vql_unescape_literal("''").as_deref(), Some(""));
        for bad in ["", "'", "'abc", "abc'", r"'a\%'", r"'a\'", "'a' ", "'a'b'", r"'\x'"] {
            assert_eq!(vql_unescape_literal(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn an_injected_or_stays_inside_the_literal() {
        let q = parse(r"SELECT id FROM api_access_token__sys WHERE name__v = 'x\' OR name__v != \'y'").unwrap();
        assert_eq!(q.conditions.len(), 1);
        assert_eq!(q.conditions[0].value, "x' OR name__v != 'y");
        // Unescaped, the same text is a syntax error rather than an OR.
        assert_eq!(parse("SELECT id FROM api_access_token__sys WHERE name__v = 'x' OR name__v != 'y'"), None);
    }

    #[test]
    fn only_the_subset_parses() {
        let q = parse("select ID, name__v from API_ACCESS_TOKEN__SYS where user__sys = 12345 and status__v != 'x'").unwrap();
        assert_eq!(q.fields, ["id", "name__v"]);
        assert_eq!(q.object, "api_access_token__sys");
        assert_eq!(q.conditions[1], Condition { field: "status__v".into(), equal: false, value: "x".into() });
        for bad in [
            "",
            "SELECT FROM api_access_token__sys",
            "SELECT id, FROM api_access_token__sys",
            "SELECT id api_access_token__sys",
            "SELECT id FROM api_access_token__sys WHERE",
            "SELECT id FROM api_access_token__sys WHERE name__v = 'a' AND",
            "SELECT id FROM api_access_token__sys WHERE name__v LIKE 'a%'",
            "SELECT id FROM api_access_token__sys WHERE (name__v = 'a')",
            "SELECT id FROM api_access_token__sys WHERE name__v <> 'a'",
            "SELECT id FROM api_access_token__sys WHERE name__v = \"a\"",
            "SELECT id FROM api_access_token__sys ORDER BY id",
            "SELECT id FROM api_access_token__sys WHERE name__v = 'a';",
        ] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
    }
}

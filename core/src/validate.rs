//! Checks for caller-supplied ids and names, shared by every call: the same rules everywhere,
//! applied before anything is sent.

use crate::error::Error;

/// Vault's limit for `name__v` on object records. Vault's docs give no figure for
/// `api_access_token__sys`; 128 characters is the documented limit of object name fields, and
/// what the mock enforces. Counted in characters, not bytes.
pub(crate) const MAX_NAME_CHARS: usize = 128;

/// Record ids, user ids and sandbox names are far shorter in practice; this only bounds a
/// path segment.
const MAX_ID_CHARS: usize = 255;

/// Characters that change how text is displayed without being visible: bidirectional overrides
/// and isolates (the "Trojan Source" family) and zero-width characters. In an id or a name they
/// make two values that look the same differ, or hide what a value really is.
fn is_invisible_or_bidi(c: char) -> bool {
    matches!(
        c,
        '\u{061C}'              // Arabic letter mark
            | '\u{200B}'..='\u{200F}' // zero-width space/non-joiner/joiner, LRM, RLM
            | '\u{202A}'..='\u{202E}' // LRE, RLE, PDF, LRO, RLO
            | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
            | '\u{2066}'..='\u{2069}' // LRI, RLI, FSI, PDI
            | '\u{FEFF}'              // zero-width no-break space (BOM)
    )
}

fn check_characters(what: &str, value: &str) -> Result<(), Error> {
    if value.chars().any(char::is_control) {
        return Err(Error::invalid(format!("{what} contains control characters")));
    }
    if value.chars().any(is_invisible_or_bidi) {
        return Err(Error::invalid(format!(
            "{what} contains invisible or bidirectional-override characters (zero-width, U+202A-U+202E, U+2066-U+2069)"
        )));
    }
    Ok(())
}

/// An id-like value that becomes a path segment or a VQL literal: a user id, a token record id,
/// a sandbox name. Nothing is trimmed: surrounding whitespace is an error, not silently removed.
pub(crate) fn id(what: &str, value: &str) -> Result<(), Error> {
    if value.is_empty() || value.trim().is_empty() {
        return Err(Error::invalid(format!("{what} is empty")));
    }
    if value.trim() != value {
        return Err(Error::invalid(format!("{what} has leading or trailing whitespace")));
    }
    check_characters(what, value)?;
    if value == "." || value == ".." {
        return Err(Error::invalid(format!("{what} {value:?} is not a valid path segment")));
    }
    if value.chars().count() > MAX_ID_CHARS {
        return Err(Error::invalid(format!("{what} is longer than {MAX_ID_CHARS} characters")));
    }
    Ok(())
}

/// A token name (`name__v`): not blank, at most [`MAX_NAME_CHARS`] characters.
pub(crate) fn name(what: &str, value: &str) -> Result<(), Error> {
    if value.trim().is_empty() {
        return Err(Error::invalid(format!("{what} is empty")));
    }
    check_characters(what, value)?;
    let count = value.chars().count();
    if count > MAX_NAME_CHARS {
        return Err(Error::invalid(format!("{what} is {count} characters long; Vault allows at most {MAX_NAME_CHARS}")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_not_trimmed_and_must_be_visible() {
        assert!(id("user id", "12345").is_ok());
        assert!(id("user id", "V8T000000002001").is_ok());
        for bad in ["", " ", " 12345", "12345 ", "12\u{200B}345", "12\u{202E}345", "\u{FEFF}1", "1\n", ".", ".."] {
            assert!(id("user id", bad).is_err(), "{bad:?}");
        }
        assert!(id("user id", &"1".repeat(255)).is_ok());
        assert!(id("user id", &"1".repeat(256)).is_err());
    }

    #[test]
    fn names_are_counted_in_characters() {
        // 128 characters of 2 bytes each: 256 bytes, still allowed.
        assert!(name("token name", &"é".repeat(128)).is_ok());
        let err = name("token name", &"é".repeat(129)).unwrap_err();
        assert!(err.message().contains("129 characters"), "{err}");
        assert!(name("token name", "Integration key ünïcode 鍵").is_ok());
        for bad in ["", "   ", "a\u{2066}b", "a\u{200D}b", "tab\tname"] {
            assert!(name("token name", bad).is_err(), "{bad:?}");
        }
    }
}

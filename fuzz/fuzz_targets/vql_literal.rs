//! The VQL literal escaper against the mock Vault's lexer: the escaped literal lexes back to
//! exactly the input, on one line.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(value) = std::str::from_utf8(data) else { return };
    let literal = veeva_vault_auth::fuzzing::vql_literal(value);
    veeva_vault_auth::fuzzing::check_vql_literal_shape(value, &literal);
    assert_eq!(mock_vault::vql_unescape_literal(&literal).as_deref(), Some(value), "literal {literal:?}");
});

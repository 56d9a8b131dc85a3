//! `Expiry::parse`: a value that round-trips through its wire form, or an `InvalidArgument`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        veeva_vault_auth::fuzzing::check_expiry(text);
    }
});

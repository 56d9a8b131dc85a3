//! The masking of server text: `secret\0secret\0…\0\0text`; no configured secret of 8 characters
//! or more survives, and the output is bounded.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| veeva_vault_auth::fuzzing::check_mask(data));

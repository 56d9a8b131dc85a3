//! Every response decoder (token create, login, VQL page, revoke report, whoami, API versions,
//! retrieved record, error envelopes), picked by the first byte; the properties are asserted in
//! `veeva_vault_auth::fuzzing::check_decoder`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| veeva_vault_auth::fuzzing::check_decoder(data));

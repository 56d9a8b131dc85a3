//! Property tests: the same properties the fuzz targets check ([`crate::fuzzing`]), on inputs
//! proptest builds, in seconds; plus the inputs the fuzzer found, as regression tests.

use proptest::prelude::*;

use crate::fuzzing;

/// Envelope-shaped JSON, with the secret placeholders among its strings, so most cases get past
/// the envelope into the decoder behind it.
fn json_text() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("null".to_owned()),
        any::<bool>().prop_map(|b| b.to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        prop_oneof![
            Just("SUCCESS"), Just("FAILURE"), Just("WARNING"), Just("EXCEPTION"), Just("@C"), Just("@T"), Just("@S"),
            Just("v26.2"), Just("0PI1"), Just("/api/v26.2/query/x"), Just("https://myvault.veevavault.com"),
            Just("2026-12-31T12:00:00.000Z"), Just("active__v"), Just("INVALID_DATA"), Just("x @C y"),
        ]
        .prop_map(|s| format!("{s:?}")),
        "[ -~]{0,12}".prop_map(|s| format!("{s:?}")),
    ];
    let keys = prop_oneof![
        Just("responseStatus"), Just("errors"), Just("warnings"), Just("errorType"), Just("type"), Just("message"),
        Just("data"), Just("id"), Just("token__sys"), Just("sessionId"), Just("vaultId"), Just("vaultIds"), Just("url"),
        Just("userId"), Just("users"), Just("user"), Just("user_name__v"), Just("values"), Just("responseDetails"),
        Just("next_page"), Just("name__v"), Just("user__sys"), Just("status__v"), Just("expiry_date__sys"),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(|v| format!("[{}]", v.join(","))),
            prop::collection::vec((keys.clone(), inner), 0..6).prop_map(|kv| {
                let fields: Vec<String> = kv.into_iter().map(|(k, v)| format!("{k:?}:{v}")).collect();
                format!("{{{}}}", fields.join(","))
            }),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn decoders_never_panic_and_never_leak(selector in any::<u8>(), status in any::<u8>(), status_word in prop_oneof![Just("SUCCESS"), Just("FAILURE"), Just("EXCEPTION")], body in json_text()) {
        // Half the cases are wrapped in a well-formed envelope, so the decoders behind it run.
        let body = if selector & 1 == 0 { format!("{{\"responseStatus\":{status_word:?},\"data\":{body},\"values\":{body},\"users\":[{{\"user\":{body}}}],\"errors\":{body}}}") } else { body };
        let mut data = vec![selector & 0x7f, status];
        data.extend_from_slice(body.as_bytes());
        fuzzing::check_decoder(&data);
    }

    #[test]
    fn decoders_survive_arbitrary_bytes(data in prop::collection::vec(any::<u8>(), 0..256)) {
        fuzzing::check_decoder(&data);
    }

    #[test]
    fn expiry_parses_or_fails_typed(text in prop_oneof![
        "[0-9]{1,4}-[0-9]{1,2}-[0-9]{1,2}([Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?([Zz]|[+-][0-9]{2}:[0-9]{2})?)?",
        "\\PC{0,40}",
    ]) {
        fuzzing::check_expiry(&text);
    }

    #[test]
    fn vql_literal_lexes_back_to_its_input(value in "\\PC{0,40}|[\\\\'\"\n\r\t a]{0,20}") {
        let literal = fuzzing::vql_literal(&value);
        fuzzing::check_vql_literal_shape(&value, &literal);
        prop_assert_eq!(mock_vault::vql_unescape_literal(&literal), Some(value));
    }

    #[test]
    fn masking_removes_every_secret_and_bounds_the_output(
        secrets in prop::collection::vec("[a-zA-Z0-9*_-]{1,16}", 0..4),
        pieces in prop::collection::vec("[a-z *.-]{0,8}|veeva-vault-[A-Za-z0-9]{0,8}", 0..8),
        repeat in 1usize..200,
    ) {
        // Text made of secrets and filler, sometimes long enough to be cut.
        let mut text = String::new();
        for (i, piece) in pieces.iter().enumerate() {
            text.push_str(piece);
            if let Some(s) = secrets.get(i % secrets.len().max(1)) { text.push_str(s); }
        }
        let text = text.repeat(if repeat > 150 { repeat } else { 1 });
        let mut data = secrets.join("\0").into_bytes();
        data.extend_from_slice(b"\0\0");
        data.extend_from_slice(text.as_bytes());
        fuzzing::check_mask(&data);
    }
}

/// Every input a fuzz target crashed on, kept in `core/tests/fuzz-regressions/<target>/`: each
/// must now pass its target's checks.
#[test]
fn fuzz_regressions() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let mut count = 0;
    for target in std::fs::read_dir(&dir).unwrap() {
        let target = target.unwrap().path();
        let name = target.file_name().unwrap().to_string_lossy().into_owned();
        for input in std::fs::read_dir(&target).unwrap() {
            let data = std::fs::read(input.unwrap().path()).unwrap();
            match name.as_str() {
                "decoders" => fuzzing::check_decoder(&data),
                "expiry" => fuzzing::check_expiry(&String::from_utf8_lossy(&data)),
                "masking" => fuzzing::check_mask(&data),
                "vql_literal" => {
                    let value = String::from_utf8_lossy(&data);
                    let literal = fuzzing::vql_literal(&value);
                    fuzzing::check_vql_literal_shape(&value, &literal);
                    assert_eq!(mock_vault::vql_unescape_literal(&literal).as_deref(), Some(value.as_ref()));
                }
                other => panic!("no fuzz target {other}"),
            }
            count += 1;
        }
    }
    assert!(count >= 2, "the regression inputs are missing from {}", dir.display());
}

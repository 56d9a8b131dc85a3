//! Test-only panic hook, for the panic-boundary tests (`make test-panic-boundary`).
//!
//! Built with the `test-panic` cargo feature (never in a release artefact: `make build-*` and
//! `make dist` leave it off), a generate call whose token name is [`TRIGGER`] panics after Vault
//! has answered, inside this binding's panic boundary: where a bug in decoding would, with the
//! token already created (so the outcome really is unknown). Without the feature [`point`] is
//! empty and optimised away.

/// The token name that makes a `test-panic` build panic.
#[cfg(feature = "test-panic")]
const TRIGGER: &str = "vva-test-panic";

/// Panics if this is a `test-panic` build and `name` is [`TRIGGER`].
#[inline]
pub(crate) fn point(name: &str) {
    // The payload is a marker: the tests check that the panic happened (it is on stderr, from
    // the default hook) and that it never reaches the caller's error text.
    #[cfg(feature = "test-panic")]
    if name == TRIGGER {
        panic!("vva test-panic hook fired (this payload must not reach the caller)");
    }
    let _ = name;
}

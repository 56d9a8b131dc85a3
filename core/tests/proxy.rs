//! `HTTP_PROXY` is honoured. Its own test binary, because the environment is process-wide.

mod common;

use common::*;
use veeva_vault_auth::{Client, TokenRequest, TokenTarget};

#[test]
fn http_proxy_from_the_environment_is_used() {
    let mock = mock();
    // The mock doubles as the proxy: it accepts absolute-form request targets.
    // SAFETY: this test binary has a single test, so no other thread reads the environment.
    unsafe {
        std::env::set_var("HTTP_PROXY", mock.url());
        std::env::remove_var("NO_PROXY");
        std::env::remove_var("no_proxy");
    }
    // Built after each environment change: the proxy settings are read when a client is built.
    let client_for_remote_host = || {
        Client::builder()
            .vault_dns(VAULT_DNS)
            .base_url("http://vault.proxy-test.invalid")
            .allow_insecure_http(true)
            .session_id(mock_vault::ADMIN_SESSION)
            .build()
            .expect("client")
    };
    let client = client_for_remote_host();
    block_on(client.generate_access_token(&TokenRequest::new(TokenTarget::me(), "via proxy")))
        .expect("token through the proxy");
    let sent = &mock.requests()[0];
    assert_eq!(sent.header("x-mock-proxied-host"), Some("vault.proxy-test.invalid"));
    assert_eq!(sent.path, "/api/v26.2/objects/users/me/api_access_token__sys");

    // NO_PROXY: the same host now bypasses the proxy, and so cannot be reached.
    unsafe { std::env::set_var("NO_PROXY", "vault.proxy-test.invalid") };
    let direct = client_for_remote_host();
    let err = block_on(direct.generate_access_token(&TokenRequest::new(TokenTarget::me(), "direct"))).unwrap_err();
    assert_eq!(err.kind(), veeva_vault_auth::ErrorKind::Connect, "{err}");
    assert_eq!(mock.requests().len(), 1);
}

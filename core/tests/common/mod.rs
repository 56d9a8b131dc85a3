//! Helpers shared by the core's integration tests: a client pointed at an in-process mock Vault.

#![allow(dead_code)]

use std::future::Future;

use mock_vault::MockVault;
use veeva_vault_auth::{Client, ClientBuilder};

pub const VAULT_DNS: &str = "myvault.veevavault.com";
pub const ADMIN_USER: &str = "admin@myvault.example";
pub const PASSWORD: &str = "mock-password";

/// Runs a future on a fresh runtime (plain `#[test]`s keep tokio's features the same as the
/// bindings', so `cargo test` does not rebuild the dependency graph).
pub fn block_on<F: Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("test runtime")
        .block_on(future)
}

pub fn mock() -> MockVault {
    MockVault::start().expect("mock vault starts")
}

/// A builder aimed at the mock, naming the mock's Vault DNS.
pub fn builder(mock: &MockVault) -> ClientBuilder {
    Client::builder().vault_dns(VAULT_DNS).base_url(mock.url())
}

pub fn admin_client(mock: &MockVault) -> Client {
    builder(mock).session_id(mock_vault::ADMIN_SESSION).build().expect("client builds")
}

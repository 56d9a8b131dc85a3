//! The blocking facade from every kind of thread: plain, inside a current-thread runtime, and
//! on a worker of the shared runtime itself (where waiting in place used to deadlock).

mod common;

use std::sync::mpsc;
use std::time::Duration;

use common::*;
use veeva_vault_auth::{TokenRequest, TokenTarget, blocking, shared_runtime};

fn me(name: &str) -> TokenRequest {
    TokenRequest::new(TokenTarget::me(), name)
}

/// Runs `f` on its own thread and fails the test (instead of hanging it) if it does not finish.
fn within<T: Send + 'static>(limit: Duration, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = sender.send(f());
    });
    receiver.recv_timeout(limit).expect("the call did not finish: deadlocked")
}

#[test]
fn a_blocking_call_from_a_task_on_the_shared_runtime_does_not_deadlock() {
    let mock = mock();
    let client = blocking::Client::new(builder(&mock).session_id(mock_vault::ADMIN_SESSION)).expect("client");
    let result = within(Duration::from_secs(20), move || {
        let runtime = shared_runtime().expect("runtime");
        // Several at once, so that both workers are busy in blocking calls.
        runtime.block_on(async move {
            let tasks: Vec<_> = (0..4)
                .map(|i| {
                    let client = client.clone();
                    runtime.spawn(async move { client.generate_access_token(&me(&format!("on worker {i}"))).map(|t| t.id().to_owned()) })
                })
                .collect();
            let mut ids = Vec::new();
            for task in tasks {
                ids.push(task.await.expect("task").map_err(|e| e.to_string()));
            }
            ids
        })
    });
    for id in result {
        id.expect("token");
    }
}

#[test]
fn a_blocking_call_inside_a_current_thread_runtime_works() {
    let mock = mock();
    let client = blocking::Client::new(builder(&mock).session_id(mock_vault::ADMIN_SESSION)).expect("client");
    let id = within(Duration::from_secs(20), move || {
        block_on(async move { client.generate_access_token(&me("inside current-thread")).map(|t| t.id().to_owned()) })
    });
    id.expect("token");
}

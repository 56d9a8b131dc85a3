//! fork(): a child that inherits a thread's blocking-client state and exits without calling must
//! not take the parent's connections down with it. Its own test binary with one test, since
//! forking is process-wide.

mod common;

use std::time::Duration;

use common::*;
use veeva_vault_auth::{TokenRequest, TokenTarget, blocking};

#[test]
fn a_child_that_exits_right_after_fork_leaves_the_parents_connections_working() {
    let mock = mock();
    let client = blocking::Client::new(builder(&mock).session_id(mock_vault::ADMIN_SESSION).timeout(Duration::from_secs(5)))
        .expect("client");
    // This thread now holds a runtime and a kept-alive connection registered in its epoll
    // instance, which a child shares after fork().
    client.generate_access_token(&TokenRequest::new(TokenTarget::me(), "before fork")).expect("first call");
    let connections = mock.connections();
    // SAFETY: the child only calls exit(), which runs this thread's thread-local destructors
    // (the point of the test) and the process's exit handlers; glibc's malloc is fork-safe.
    let pid = unsafe { libc::fork() };
    assert!(pid >= 0, "fork failed");
    if pid == 0 {
        std::process::exit(0);
    }
    let mut status = 0;
    // SAFETY: waiting for the child we just made.
    let waited = unsafe { libc::waitpid(pid, &mut status, 0) };
    assert_eq!(waited, pid);
    assert!(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0, "child status {status}");
    let second = client.generate_access_token(&TokenRequest::new(TokenTarget::me(), "after the child exited"));
    second.unwrap_or_else(|e| panic!("the parent's next call failed after the child exited: {e}"));
    assert_eq!(mock.connections(), connections, "the kept-alive connection was reused, and worked");
}

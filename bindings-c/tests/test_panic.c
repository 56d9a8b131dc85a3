/*
 * The panic boundary, proved on a `test-panic` build of libveeva_vault_auth (make
 * test-panic-boundary): a generate call named "vva-test-panic" panics inside the library after
 * the mock has created the token (src/test_panic.rs). The caller must get VVA_PANIC with an
 * error whose outcome is unknown, the process must live on, the same client must keep working
 * (also from other threads, also after panics on them), and neither the error text nor what the
 * panic printed on stderr may carry the session id or the token.
 *
 * Prints one line per failed check and a closing `N passed, N failed`.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testlib.h"

#define TRIGGER "vva-test-panic"
/* What the hook's panic payload says (src/test_panic.rs): on stderr, never in an error. */
#define PAYLOAD "test-panic hook fired"
#define THREADS 4
#define PER_THREAD 2

static vva_status generate(vva_client *c, const char *name, vva_access_token **t, vva_error **e) {
    return vva_generate_access_token_me(c, name, EXPIRY, t, e);
}

/* One panicking call: status, error and its accessors, and the token it left on the mock. */
static void expect_panic(vva_client *c, const char *what, int count_tokens) {
    vva_access_token *t = NULL;
    vva_error *e = NULL;
    size_t tokens = mock_token_count();
    vva_status st = generate(c, TRIGGER, &t, &e);
    expect_failure(what, st, VVA_PANIC, t, e);
    CHECK(vva_error_outcome_unknown(e) == 1, "%s: outcome must be unknown after a panic", what);
    /* Unknown for real: the create was sent, once, and the token exists. */
    if (count_tokens)
        CHECK(mock_token_count() == tokens + 1, "%s: tokens %zu -> %zu", what, tokens, mock_token_count());
    const char *msg = vva_error_message(e);
    CHECK(msg && strstr(msg, "panic"), "%s: message %s", what, show(msg));
    CHECK(msg && !strstr(msg, PAYLOAD), "%s: the panic payload reached the error: %s", what, show(msg));
    CHECK(msg && !strstr(msg, ADMIN_SESSION), "%s: the session id is in the error", what);
    CHECK(vva_error_http_status(e) == 0, "%s: http status %d", what, vva_error_http_status(e));
    vva_error_free(e);
}

/* A normal call on the same client. */
static void expect_ok(vva_client *c, const char *what) {
    vva_access_token *t = NULL;
    vva_error *e = NULL;
    vva_status st = generate(c, "after a panic", &t, &e);
    CHECK(st == VVA_OK && t && !e, "%s: status %s: %s", what, vva_status_str((int)st), show(vva_error_message(e)));
    CHECK(t && vva_access_token_id(t) && vva_access_token_id(t)[0], "%s: no token id", what);
    vva_access_token_free(t);
    vva_error_free(e);
}

static void *worker_main(void *arg) {
    vva_client *c = arg;
    /* Token counts are not checked here: the other threads create tokens meanwhile. */
    for (int i = 0; i < PER_THREAD; i++) {
        expect_panic(c, "panic on a thread", 0);
        expect_ok(c, "call after a panic on a thread");
    }
    return NULL;
}

/* Everything written to fd 2 while `fn` runs, NUL-terminated, in a static buffer. */
static const char *capture_stderr(void (*fn)(void)) {
    static char text[1 << 16];
    FILE *cap = tmpfile();
    int saved = dup(2);
    CHECK(cap && saved >= 0, "tmpfile/dup");
    if (!cap || saved < 0) return "";
    fflush(stderr);
    dup2(fileno(cap), 2);
    fn();
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    rewind(cap);
    size_t n = fread(text, 1, sizeof text - 1, cap);
    text[n] = '\0';
    fclose(cap);
    return text;
}

static char secret_seen[256];

static void run_all(void) {
    vva_client *c = mock_client(ADMIN_SESSION);
    if (!c) return;
    /* A token made before, whose secret the panic output must not show either. */
    vva_access_token *t = NULL;
    vva_error *e = NULL;
    CHECK(generate(c, "before the panic", &t, &e) == VVA_OK, "first call: %s", show(vva_error_message(e)));
    if (t) snprintf(secret_seen, sizeof secret_seen, "%s", vva_access_token_secret(t));
    vva_access_token_free(t);
    vva_error_free(e);

    expect_panic(c, "first panic", 1);
    expect_ok(c, "same client after the panic");
    expect_panic(c, "second panic", 1);
    expect_ok(c, "same client after the second panic");

    /* The mock allows 25 active tokens per user: start the threads from none. */
    CHECK(mock_reset(mock_url) == 0, "mock reset");
    pthread_t threads[THREADS];
    for (int i = 0; i < THREADS; i++) CHECK(pthread_create(&threads[i], NULL, worker_main, c) == 0, "pthread_create");
    for (int i = 0; i < THREADS; i++) pthread_join(threads[i], NULL);
    expect_ok(c, "main thread after panics on other threads");
    vva_client_free(c);

    /* A fresh client works too (nothing process-wide was poisoned). */
    c = mock_client(ADMIN_SESSION);
    expect_ok(c, "new client after the panics");
    vva_client_free(c);
}

int main(void) {
    mock_url = getenv("VVA_MOCK_URL");
    if (!mock_url || mock_reset(mock_url) != 0) {
        fprintf(stderr, "test_panic: set VVA_MOCK_URL to a running mock Vault (tests/with-mock.sh)\n");
        return 2;
    }
    const char *err = capture_stderr(run_all);
    /* The panics really happened (the default hook printed them: 2 + THREADS * PER_THREAD), and what
       they printed names no secret. */
    CHECK(count_substr(err, PAYLOAD) == 2 + THREADS * PER_THREAD, "%zu panics on stderr, expected %d:\n%s",
          count_substr(err, PAYLOAD), 2 + THREADS * PER_THREAD, err);
    CHECK(!strstr(err, ADMIN_SESSION), "the session id is on stderr");
    CHECK(secret_seen[0] && !strstr(err, secret_seen), "a token secret is on stderr");
    CHECK(!strstr(err, "mock-password"), "a password is on stderr");
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}

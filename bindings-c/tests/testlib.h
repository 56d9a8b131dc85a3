/*
 * What the C test programs (test_capi.c, test_lifecycle.c) share: the CHECK macro and its
 * counters, string helpers, clients pointed at the mock Vault ($VVA_MOCK_URL), counts of what
 * the mock received, and the check every failing call gets. Include it once per program.
 */
#ifndef VVA_TEST_TESTLIB_H
#define VVA_TEST_TESTLIB_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mockctl.h"
#include "veeva_vault_auth.h"

#define ADMIN_SESSION "mock-session-admin-0001"
#define VAULT_DNS "myvault.veevavault.com"
#define EXPIRY "2031-12-31T12:00:00Z"

static int passed, failed;
static const char *mock_url;

#define CHECK(cond, ...)                                              \
    do {                                                              \
        if (cond) {                                                   \
            passed++;                                                 \
        } else {                                                      \
            failed++;                                                 \
            printf("FAIL %s:%d (%s): ", __FILE__, __LINE__, #cond);   \
            printf(__VA_ARGS__);                                      \
            printf("\n");                                             \
        }                                                             \
    } while (0)

static inline int streq(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }
static inline int starts(const char *s, const char *prefix) { return s && strncmp(s, prefix, strlen(prefix)) == 0; }
static inline const char *show(const char *s) { return s ? s : "(null)"; }

/* Options pointing at the mock, with the admin session unless `session` is NULL. */
static inline vva_client_options *mock_options(const char *session) {
    vva_client_options *o = vva_client_options_new();
    CHECK(o != NULL, "vva_client_options_new returned NULL");
    CHECK(vva_client_options_set_vault_dns(o, VAULT_DNS) == VVA_OK, "set_vault_dns");
    CHECK(vva_client_options_set_base_url(o, mock_url) == VVA_OK, "set_base_url");
    CHECK(vva_client_options_set_client_id(o, "vva-c-tests") == VVA_OK, "set_client_id");
    if (session) CHECK(vva_client_options_set_session_id(o, session) == VVA_OK, "set_session_id");
    return o;
}

static inline vva_client *mock_client(const char *session) {
    vva_client_options *o = mock_options(session);
    vva_client *c = NULL;
    vva_error *e = NULL;
    vva_status st = vva_client_new(o, &c, &e);
    CHECK(st == VVA_OK && c != NULL && e == NULL, "vva_client_new: %s", show(vva_error_message(e)));
    vva_error_free(e);
    vva_client_options_free(o);
    return c;
}

/* How many API requests the mock has recorded since the last reset. */
static inline size_t mock_request_count(void) {
    static char body[1 << 20];
    if (mock_request(mock_url, "GET", "/__mock/requests", NULL, body, sizeof body) != 200) return (size_t)-1;
    return count_substr(body, "\"method\"");
}

static inline size_t mock_token_count(void) {
    static char body[1 << 20];
    if (mock_request(mock_url, "GET", "/__mock/tokens", NULL, body, sizeof body) != 200) return (size_t)-1;
    return count_substr(body, "\"user_id\"");
}

/* Checks a failure: status, out-parameter cleared, error consistent with the status. */
static inline void expect_failure(const char *what, vva_status st, vva_status want, const void *out, vva_error *err) {
    CHECK(st == want, "%s: status %d (%s), expected %d (%s)", what, (int)st, vva_status_str((int)st), (int)want,
          vva_status_str((int)want));
    CHECK(out == NULL, "%s: out-parameter not NULL after a failure", what);
    CHECK(err != NULL, "%s: no error object", what);
    if (err) {
        CHECK(vva_error_status(err) == st, "%s: vva_error_status disagrees", what);
        CHECK(streq(vva_error_code(err), vva_status_str((int)want)), "%s: code %s", what, show(vva_error_code(err)));
        CHECK(vva_error_message(err) && vva_error_message(err)[0], "%s: empty message", what);
    }
}

#endif

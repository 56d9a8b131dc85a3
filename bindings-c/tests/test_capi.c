/*
 * C-specific tests of libveeva_vault_auth, against the mock Vault ($VVA_MOCK_URL): NULL and
 * non-UTF-8 arguments everywhere, the status numbers and codes, every error accessor, login,
 * the three token targets, timeouts, and 16 threads sharing one client.
 *
 * Prints one line per failed check and a closing `N passed, N failed` (checks, not functions).
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"

#ifndef EXPECTED_VERSION
#error "compile with -DEXPECTED_VERSION=\"x.y.z\""
#endif

/* The numbers are ABI: a change here is a breaking change, not a test update. */
_Static_assert(VVA_OK == 0, "VVA_OK");
_Static_assert(VVA_INVALID_ARGUMENT == 1, "VVA_INVALID_ARGUMENT");
_Static_assert(VVA_AUTHENTICATION_FAILED == 2, "VVA_AUTHENTICATION_FAILED");
_Static_assert(VVA_INVALID_SESSION == 3, "VVA_INVALID_SESSION");
_Static_assert(VVA_PERMISSION_DENIED == 4, "VVA_PERMISSION_DENIED");
_Static_assert(VVA_INVALID_REQUEST == 5, "VVA_INVALID_REQUEST");
_Static_assert(VVA_OPERATION_NOT_ALLOWED == 6, "VVA_OPERATION_NOT_ALLOWED");
_Static_assert(VVA_NOT_FOUND_OR_UNSUPPORTED == 7, "VVA_NOT_FOUND_OR_UNSUPPORTED");
_Static_assert(VVA_RATE_LIMITED == 8, "VVA_RATE_LIMITED");
_Static_assert(VVA_SERVER_ERROR == 9, "VVA_SERVER_ERROR");
_Static_assert(VVA_VAULT_ERROR == 10, "VVA_VAULT_ERROR");
_Static_assert(VVA_WRONG_VAULT == 11, "VVA_WRONG_VAULT");
_Static_assert(VVA_HTTP_STATUS == 12, "VVA_HTTP_STATUS");
_Static_assert(VVA_CONNECT_FAILED == 13, "VVA_CONNECT_FAILED");
_Static_assert(VVA_TIMEOUT == 14, "VVA_TIMEOUT");
_Static_assert(VVA_TRANSPORT_FAILED == 15, "VVA_TRANSPORT_FAILED");
_Static_assert(VVA_DECODE_FAILED == 16, "VVA_DECODE_FAILED");
_Static_assert(VVA_REDIRECT_REFUSED == 17, "VVA_REDIRECT_REFUSED");
_Static_assert(VVA_TLS_FAILED == 18, "VVA_TLS_FAILED");
_Static_assert(VVA_INTERNAL_ERROR == 19, "VVA_INTERNAL_ERROR");
_Static_assert(VVA_OTHER == 99, "VVA_OTHER");
_Static_assert(VVA_NULL_PARAMETER == 100, "VVA_NULL_PARAMETER");
_Static_assert(VVA_INVALID_UTF8 == 101, "VVA_INVALID_UTF8");
_Static_assert(VVA_PANIC == 102, "VVA_PANIC");
_Static_assert(VVA_BODY_FORMAT_FORM == 0 && VVA_BODY_FORMAT_JSON == 1, "vva_body_format");

static void test_version_and_codes(void) {
    CHECK(streq(vva_version(), EXPECTED_VERSION), "version %s", show(vva_version()));
    static const struct { int status; const char *code; } codes[] = {
        {VVA_OK, "ok"},
        {VVA_INVALID_ARGUMENT, "invalid_argument"},
        {VVA_AUTHENTICATION_FAILED, "authentication_failed"},
        {VVA_INVALID_SESSION, "invalid_session"},
        {VVA_PERMISSION_DENIED, "permission_denied"},
        {VVA_INVALID_REQUEST, "invalid_request"},
        {VVA_OPERATION_NOT_ALLOWED, "operation_not_allowed"},
        {VVA_NOT_FOUND_OR_UNSUPPORTED, "not_found_or_unsupported"},
        {VVA_RATE_LIMITED, "rate_limited"},
        {VVA_SERVER_ERROR, "server_error"},
        {VVA_VAULT_ERROR, "vault_error"},
        {VVA_WRONG_VAULT, "wrong_vault"},
        {VVA_HTTP_STATUS, "http_status"},
        {VVA_CONNECT_FAILED, "connect_failed"},
        {VVA_TIMEOUT, "timeout"},
        {VVA_TRANSPORT_FAILED, "transport_failed"},
        {VVA_DECODE_FAILED, "decode_failed"},
        {VVA_REDIRECT_REFUSED, "redirect_refused"},
        {VVA_TLS_FAILED, "tls_failed"},
        {VVA_INTERNAL_ERROR, "internal_error"},
        {VVA_OTHER, "other"},
        {VVA_NULL_PARAMETER, "null_parameter"},
        {VVA_INVALID_UTF8, "invalid_utf8"},
        {VVA_PANIC, "panic"},
    };
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        CHECK(streq(vva_status_str(codes[i].status), codes[i].code), "status %d: %s", codes[i].status,
              show(vva_status_str(codes[i].status)));
    CHECK(streq(vva_status_str(20), "unknown"), "20");
    CHECK(streq(vva_status_str(-1), "unknown"), "-1");
    CHECK(streq(vva_status_str(1 << 30), "unknown"), "1<<30");
}

static void test_null_everywhere(void) {
    mock_reset(mock_url);
    vva_client_options *o = mock_options(ADMIN_SESSION);
    vva_client *c = mock_client(ADMIN_SESSION);
    vva_client *cout = (vva_client *)&passed; /* garbage that must be overwritten with NULL */
    vva_access_token *tout = (vva_access_token *)&passed;
    vva_error *e = (vva_error *)&passed;

    /* Setters. */
    vva_status (*const setters[])(vva_client_options *, const char *) = {
        vva_client_options_set_vault_dns,  vva_client_options_set_base_url,
        vva_client_options_set_api_version, vva_client_options_set_session_id,
        vva_client_options_set_access_token, vva_client_options_set_client_id,
        vva_client_options_set_ca_file,
    };
    for (size_t i = 0; i < sizeof setters / sizeof setters[0]; i++) {
        CHECK(setters[i](NULL, "x") == VVA_NULL_PARAMETER, "setter %zu with NULL options", i);
        CHECK(setters[i](o, NULL) == VVA_NULL_PARAMETER, "setter %zu with NULL value", i);
    }
    CHECK(vva_client_options_set_connect_timeout_ms(NULL, 5) == VVA_NULL_PARAMETER, "connect timeout");
    CHECK(vva_client_options_set_timeout_ms(NULL, 5) == VVA_NULL_PARAMETER, "timeout");
    CHECK(vva_client_options_set_body_format(NULL, VVA_BODY_FORMAT_JSON) == VVA_NULL_PARAMETER, "body format");
    CHECK(vva_client_options_set_allow_insecure_http(NULL, true) == VVA_NULL_PARAMETER, "insecure");
    CHECK(vva_client_options_set_max_response_bytes(NULL, 5) == VVA_NULL_PARAMETER, "max bytes");

    /* Client construction. */
    vva_status st = vva_client_new(NULL, &cout, &e);
    expect_failure("client_new(NULL opts)", st, VVA_NULL_PARAMETER, cout, e);
    CHECK(strstr(show(vva_error_message(e)), "options") != NULL, "message names the parameter: %s",
          show(vva_error_message(e)));
    vva_error_free(e);
    st = vva_client_new(o, NULL, &e);
    CHECK(st == VVA_NULL_PARAMETER && e != NULL, "client_new(NULL out)");
    vva_error_free(e);
    CHECK(vva_client_new(NULL, NULL, NULL) == VVA_NULL_PARAMETER, "client_new(all NULL)");

    const char *user = "admin@myvault.example", *pw = "mock-password";
    cout = (vva_client *)&passed;
    st = vva_login(NULL, user, pw, &cout, &e);
    expect_failure("login(NULL opts)", st, VVA_NULL_PARAMETER, cout, e);
    vva_error_free(e);
    st = vva_login(o, NULL, pw, &cout, &e);
    expect_failure("login(NULL user)", st, VVA_NULL_PARAMETER, cout, e);
    vva_error_free(e);
    st = vva_login(o, user, NULL, &cout, &e);
    expect_failure("login(NULL password)", st, VVA_NULL_PARAMETER, cout, e);
    vva_error_free(e);
    CHECK(vva_login(o, user, pw, NULL, NULL) == VVA_NULL_PARAMETER, "login(NULL out)");

    /* Token generation. */
    st = vva_generate_access_token(NULL, "12345", "n", NULL, &tout, &e);
    expect_failure("generate(NULL client)", st, VVA_NULL_PARAMETER, tout, e);
    vva_error_free(e);
    st = vva_generate_access_token(c, NULL, "n", NULL, &tout, &e);
    expect_failure("generate(NULL user id)", st, VVA_NULL_PARAMETER, tout, e);
    vva_error_free(e);
    st = vva_generate_access_token(c, "12345", NULL, NULL, &tout, &e);
    expect_failure("generate(NULL name)", st, VVA_NULL_PARAMETER, tout, e);
    vva_error_free(e);
    CHECK(vva_generate_access_token(c, "12345", "n", NULL, NULL, NULL) == VVA_NULL_PARAMETER, "NULL token_out");
    st = vva_generate_access_token_me(NULL, "n", NULL, &tout, &e);
    expect_failure("me(NULL client)", st, VVA_NULL_PARAMETER, tout, e);
    vva_error_free(e);
    st = vva_generate_access_token_me(c, NULL, NULL, &tout, &e);
    expect_failure("me(NULL name)", st, VVA_NULL_PARAMETER, tout, e);
    vva_error_free(e);
    st = vva_generate_access_token_sandbox(c, NULL, "n", NULL, &tout, &e);
    expect_failure("sandbox(NULL sandbox)", st, VVA_NULL_PARAMETER, tout, e);
    vva_error_free(e);
    st = vva_generate_access_token_sandbox(c, "qa-sandbox", NULL, NULL, &tout, NULL);
    CHECK(st == VVA_NULL_PARAMETER && tout == NULL, "sandbox(NULL name, NULL err_out)");

    /* Accessors. */
    CHECK(vva_client_user_id(NULL) == NULL, "client_user_id");
    CHECK(vva_error_status(NULL) == VVA_NULL_PARAMETER, "error_status");
    CHECK(vva_error_code(NULL) == NULL, "error_code");
    CHECK(vva_error_message(NULL) == NULL, "error_message");
    CHECK(vva_error_outcome_unknown(NULL) == false, "outcome_unknown");
    CHECK(vva_error_http_status(NULL) == 0, "http_status");
    CHECK(vva_error_execution_id(NULL) == NULL, "execution_id");
    CHECK(vva_error_vault_response_status(NULL) == NULL, "response_status");
    CHECK(vva_error_vault_error_type(NULL) == NULL, "error_type");
    CHECK(vva_error_vault_type_count(NULL) == 0, "type_count");
    CHECK(vva_error_vault_type_at(NULL, 0) == NULL, "type_at");
    CHECK(vva_error_vault_message_at(NULL, 0) == NULL, "message_at");
    CHECK(vva_access_token_id(NULL) == NULL, "token_id");
    CHECK(vva_access_token_secret(NULL) == NULL, "token_secret");
    CHECK(vva_access_token_warning_count(NULL) == 0, "warning_count");
    CHECK(vva_access_token_warning_type_at(NULL, 0) == NULL, "warning_type_at");
    CHECK(vva_access_token_warning_message_at(NULL, 0) == NULL, "warning_message_at");
    CHECK(vva_access_token_execution_id(NULL) == NULL, "token execution_id");
    uint64_t v = 7;
    CHECK(!vva_access_token_burst_limit(NULL, &v) && v == 7, "burst_limit");
    CHECK(!vva_access_token_burst_limit_remaining(NULL, &v) && v == 7, "burst_limit_remaining");

    /* Frees. */
    vva_client_options_free(NULL);
    vva_client_free(NULL);
    vva_access_token_free(NULL);
    vva_error_free(NULL);
    CHECK(mock_request_count() == 0, "a NULL argument let a request reach the mock");

    vva_client_free(c);
    vva_client_options_free(o);
}

static void test_invalid_utf8(void) {
    mock_reset(mock_url);
    const char *bad = "ab\xff\xfe";
    const char *bad_secret = "pass\xc3\x28word-SECRET";
    vva_client_options *o = mock_options(ADMIN_SESSION);
    CHECK(vva_client_options_set_vault_dns(o, bad) == VVA_INVALID_UTF8, "vault_dns");
    CHECK(vva_client_options_set_base_url(o, bad) == VVA_INVALID_UTF8, "base_url");
    CHECK(vva_client_options_set_api_version(o, bad) == VVA_INVALID_UTF8, "api_version");
    CHECK(vva_client_options_set_session_id(o, bad) == VVA_INVALID_UTF8, "session_id");
    CHECK(vva_client_options_set_access_token(o, bad) == VVA_INVALID_UTF8, "access_token");
    CHECK(vva_client_options_set_client_id(o, bad) == VVA_INVALID_UTF8, "client_id");

    /* A rejected value leaves the options as they were: this client still works. */
    vva_client *c = NULL;
    vva_error *e = NULL;
    CHECK(vva_client_new(o, &c, &e) == VVA_OK, "options still usable: %s", show(vva_error_message(e)));
    vva_error_free(e);

    vva_access_token *t = NULL;
    vva_status st = vva_generate_access_token(c, bad, "n", NULL, &t, &e);
    expect_failure("generate(bad user id)", st, VVA_INVALID_UTF8, t, e);
    CHECK(strstr(show(vva_error_message(e)), "user_id") != NULL, "names the parameter: %s",
          show(vva_error_message(e)));
    vva_error_free(e);
    st = vva_generate_access_token(c, "12345", bad, NULL, &t, &e);
    expect_failure("generate(bad name)", st, VVA_INVALID_UTF8, t, e);
    vva_error_free(e);
    st = vva_generate_access_token(c, "12345", "n", bad, &t, &e);
    expect_failure("generate(bad expiry)", st, VVA_INVALID_UTF8, t, e);
    vva_error_free(e);
    st = vva_generate_access_token_sandbox(c, bad, "n", NULL, &t, &e);
    expect_failure("sandbox(bad name)", st, VVA_INVALID_UTF8, t, e);
    vva_error_free(e);

    vva_client *lc = NULL;
    st = vva_login(o, "admin@myvault.example", bad_secret, &lc, &e);
    expect_failure("login(bad password)", st, VVA_INVALID_UTF8, lc, e);
    CHECK(strstr(show(vva_error_message(e)), "SECRET") == NULL, "the password leaked into the message");
    vva_error_free(e);
    CHECK(mock_request_count() == 0, "a non-UTF-8 argument let a request reach the mock");

    /* A CA file path is bytes, not text: accepted, then reported missing when the client is built. */
    CHECK(vva_client_options_set_ca_file(o, "/nonexistent/\xff.pem") == VVA_OK, "ca_file takes bytes");
    vva_client *cc = NULL;
    st = vva_client_new(o, &cc, &e);
    expect_failure("client_new(missing CA file)", st, VVA_INVALID_ARGUMENT, cc, e);
    vva_error_free(e);

    vva_client_free(c);
    vva_client_options_free(o);
}

static void test_options_checked(void) {
    vva_client *c = NULL;
    vva_error *e = NULL;

    vva_client_options *o = mock_options(NULL);
    vva_status st = vva_client_new(o, &c, &e);
    expect_failure("no credential", st, VVA_INVALID_ARGUMENT, c, e);
    vva_error_free(e);
    CHECK(vva_client_options_set_body_format(o, 7) == VVA_INVALID_ARGUMENT, "unknown body format");
    CHECK(vva_client_options_set_access_token(o, "veeva-vault-abc") == VVA_OK, "access token");
    CHECK(vva_client_options_set_timeout_ms(o, 0) == VVA_OK, "timeout 0 is stored");
    st = vva_client_new(o, &c, &e);
    expect_failure("zero timeout", st, VVA_INVALID_ARGUMENT, c, e);
    vva_error_free(e);
    CHECK(vva_client_options_set_timeout_ms(o, 5000) == VVA_OK, "timeout");
    CHECK(vva_client_options_set_max_response_bytes(o, 0) == VVA_OK, "max bytes 0 is stored");
    st = vva_client_new(o, &c, &e);
    expect_failure("zero max response bytes", st, VVA_INVALID_ARGUMENT, c, e);
    vva_error_free(e);
    CHECK(vva_client_options_set_max_response_bytes(o, 4096) == VVA_OK, "max bytes");
    CHECK(vva_client_options_set_client_id(o, "has spaces") == VVA_OK, "client id is stored");
    st = vva_client_new(o, &c, &e);
    expect_failure("bad client id", st, VVA_INVALID_ARGUMENT, c, e);
    vva_error_free(e);
    CHECK(vva_client_options_set_client_id(o, "ok-id") == VVA_OK, "client id");

    CHECK(vva_client_options_set_base_url(o, "http://example.com") == VVA_OK, "base url");
    st = vva_client_new(o, &c, &e);
    expect_failure("plain http off loopback", st, VVA_INVALID_ARGUMENT, c, e);
    vva_error_free(e);
    CHECK(vva_client_options_set_allow_insecure_http(o, true) == VVA_OK, "insecure");
    st = vva_client_new(o, &c, &e);
    CHECK(st == VVA_OK && c != NULL && e == NULL, "insecure http allowed: %s", show(vva_error_message(e)));
    CHECK(vva_client_user_id(c) == NULL, "a client from vva_client_new has no login user");
    vva_client_free(c);
    vva_error_free(e);
    vva_client_options_free(o);
}

static void test_generate(void) {
    mock_reset(mock_url);
    vva_client *c = mock_client(ADMIN_SESSION);
    vva_access_token *t = NULL;
    vva_error *e = (vva_error *)&passed; /* garbage: must become NULL on success */
    vva_status st = vva_generate_access_token(c, "12345", "C user token", EXPIRY, &t, &e);
    CHECK(st == VVA_OK && t != NULL && e == NULL, "user token: %d", (int)st);
    CHECK(starts(vva_access_token_id(t), "0PI"), "id %s", show(vva_access_token_id(t)));
    CHECK(starts(vva_access_token_secret(t), "veeva-vault-"), "secret shape");
    CHECK(vva_access_token_warning_count(t) == 0, "no warnings");
    CHECK(starts(vva_access_token_execution_id(t), "mock-"), "execution id %s",
          show(vva_access_token_execution_id(t)));
    uint64_t limit = 0, remaining = 0;
    CHECK(vva_access_token_burst_limit(t, &limit) && limit == 2000, "burst limit %llu", (unsigned long long)limit);
    CHECK(vva_access_token_burst_limit_remaining(t, &remaining) && remaining < 2000, "remaining");
    CHECK(!vva_access_token_burst_limit(t, NULL), "NULL value_out");

    /* The secret is the real token: it authenticates a new client. */
    vva_client_options *o = mock_options(NULL);
    CHECK(vva_client_options_set_access_token(o, vva_access_token_secret(t)) == VVA_OK, "set token");
    CHECK(vva_client_options_set_body_format(o, VVA_BODY_FORMAT_JSON) == VVA_OK, "json");
    vva_client *bearer = NULL;
    CHECK(vva_client_new(o, &bearer, NULL) == VVA_OK, "bearer client");
    vva_access_token_free(t);
    t = NULL;
    st = vva_generate_access_token_me(bearer, "C me token", NULL, &t, &e);
    CHECK(st == VVA_OK && t != NULL, "me token with the generated token: %s", show(vva_error_message(e)));
    vva_access_token_free(t);
    vva_error_free(e);
    t = NULL;
    e = NULL;

    st = vva_generate_access_token_sandbox(c, "qa-sandbox", "C sandbox token", "2031-06-30", &t, &e);
    CHECK(st == VVA_OK && t != NULL, "sandbox token: %s", show(vva_error_message(e)));
    vva_access_token_free(t);
    vva_error_free(e);
    t = NULL;
    e = NULL;

    st = vva_generate_access_token_sandbox(c, "no-such-sandbox", "C sandbox token", NULL, &t, &e);
    expect_failure("unknown sandbox", st, VVA_INVALID_REQUEST, t, e);
    vva_error_free(e);

    st = vva_generate_access_token(c, "12345", "past", "2001-01-01T00:00:00Z", &t, &e);
    expect_failure("expiry in the past", st, VVA_INVALID_ARGUMENT, t, e);
    vva_error_free(e);

    CHECK(mock_token_count() == 3, "the mock holds %zu tokens, expected 3", mock_token_count());
    CHECK(mock_request_count() == 4, "%zu requests reached the mock, expected 4", mock_request_count());
    vva_client_free(bearer);
    vva_client_options_free(o);
    vva_client_free(c);
}

static void test_login(void) {
    mock_reset(mock_url);
    vva_client_options *o = mock_options(NULL);
    vva_client *c = NULL;
    vva_error *e = NULL;
    vva_status st = vva_login(o, "admin@myvault.example", "mock-password", &c, &e);
    CHECK(st == VVA_OK && c != NULL && e == NULL, "login: %s", show(vva_error_message(e)));
    CHECK(streq(vva_client_user_id(c), "12345"), "user id %s", show(vva_client_user_id(c)));
    vva_access_token *t = NULL;
    st = vva_generate_access_token_me(c, "after login", EXPIRY, &t, &e);
    CHECK(st == VVA_OK && t != NULL, "token after login: %s", show(vva_error_message(e)));
    vva_access_token_free(t);
    vva_error_free(e);
    vva_client_free(c);
    c = NULL;
    e = NULL;

    st = vva_login(o, "admin@myvault.example", "wrong-password-XYZ", &c, &e);
    expect_failure("wrong password", st, VVA_AUTHENTICATION_FAILED, c, e);
    CHECK(vva_error_vault_type_count(e) == 1 && streq(vva_error_vault_type_at(e, 0), "USERNAME_OR_PASSWORD_INCORRECT"),
          "vault type %s", show(vva_error_vault_type_at(e, 0)));
    CHECK(streq(vva_error_vault_error_type(e), "AUTHENTICATION_FAILED"), "errorType %s",
          show(vva_error_vault_error_type(e)));
    CHECK(strstr(show(vva_error_message(e)), "wrong-password-XYZ") == NULL, "password in the message");
    CHECK(strstr(show(vva_error_vault_message_at(e, 0)), "wrong-password-XYZ") == NULL, "password in vault message");
    CHECK(!vva_error_outcome_unknown(e), "outcome known");
    vva_error_free(e);

    st = vva_login(o, "locked@myvault.example", "mock-password", &c, &e);
    expect_failure("locked user", st, VVA_AUTHENTICATION_FAILED, c, e);
    CHECK(streq(vva_error_vault_type_at(e, 0), "USER_LOCKED_OUT"), "type %s", show(vva_error_vault_type_at(e, 0)));
    vva_error_free(e);

    st = vva_login(o, "elsewhere@other.example", "mock-password", &c, &e);
    expect_failure("authentication defaulting", st, VVA_WRONG_VAULT, c, e);
    CHECK(vva_error_http_status(e) == 200, "http status %u", (unsigned)vva_error_http_status(e));
    vva_error_free(e);
    vva_client_options_free(o);
}

static void test_error_accessors(void) {
    mock_reset(mock_url);
    vva_client *c = mock_client("not-a-session-0001");
    vva_access_token *t = NULL;
    vva_error *e = NULL;
    vva_status st = vva_generate_access_token(c, "12345", "n", NULL, &t, &e);
    expect_failure("invalid session", st, VVA_INVALID_SESSION, t, e);
    CHECK(vva_error_vault_type_count(e) == 1, "count %zu", vva_error_vault_type_count(e));
    CHECK(streq(vva_error_vault_type_at(e, 0), "INVALID_SESSION_ID"), "type");
    CHECK(vva_error_vault_message_at(e, 0) != NULL, "message_at(0)");
    CHECK(vva_error_vault_type_at(e, 1) == NULL && vva_error_vault_message_at(e, 1) == NULL, "index 1 NULL");
    CHECK(vva_error_vault_type_at(e, (size_t)-1) == NULL, "huge index NULL");
    CHECK(vva_error_http_status(e) == 200, "http 200");
    CHECK(starts(vva_error_execution_id(e), "mock-"), "execution id %s", show(vva_error_execution_id(e)));
    CHECK(streq(vva_error_vault_response_status(e), "FAILURE"), "responseStatus");
    CHECK(!vva_error_outcome_unknown(e), "outcome known");
    CHECK(strstr(show(vva_error_message(e)), "not-a-session-0001") == NULL, "session id in the message");
    vva_error_free(e);
    vva_client_free(c);

    c = mock_client(ADMIN_SESSION);
    mock_script(mock_url,
                "{\"status\":200,\"headers\":[[\"X-VaultAPI-ExecutionId\",\"exec-two\"]],\"body\":{"
                "\"responseStatus\":\"FAILURE\",\"errors\":["
                "{\"type\":\"SOMETHING_NEW\",\"message\":\"first\"},"
                "{\"type\":\"INVALID_DATA\",\"message\":\"second\"}]}}");
    st = vva_generate_access_token(c, "12345", "n", NULL, &t, &e);
    expect_failure("two errors", st, VVA_INVALID_REQUEST, t, e);
    CHECK(vva_error_vault_type_count(e) == 2, "count %zu", vva_error_vault_type_count(e));
    CHECK(streq(vva_error_vault_type_at(e, 0), "SOMETHING_NEW") && streq(vva_error_vault_type_at(e, 1), "INVALID_DATA"),
          "order kept");
    CHECK(streq(vva_error_vault_message_at(e, 0), "first") && streq(vva_error_vault_message_at(e, 1), "second"),
          "messages");
    CHECK(vva_error_vault_type_at(e, 2) == NULL, "index 2 NULL");
    CHECK(streq(vva_error_execution_id(e), "exec-two"), "execution id %s", show(vva_error_execution_id(e)));
    CHECK(vva_error_vault_error_type(e) == NULL, "no errorType");
    vva_error_free(e);

    mock_script(mock_url, "{\"status\":200,\"body\":{\"responseStatus\":\"EXCEPTION\",\"errors\":"
                          "[{\"type\":\"UNEXPECTED_ERROR\",\"message\":\"boom\"}]}}");
    st = vva_generate_access_token(c, "12345", "n", NULL, &t, &e);
    expect_failure("exception", st, VVA_SERVER_ERROR, t, e);
    CHECK(vva_error_outcome_unknown(e), "outcome unknown");
    CHECK(streq(vva_error_vault_response_status(e), "EXCEPTION"), "responseStatus");
    CHECK(vva_error_execution_id(e) == NULL, "no execution id");
    vva_error_free(e);

    mock_script(mock_url, "{\"status\":200,\"body\":{\"responseStatus\":\"WARNING\",\"warnings\":"
                          "[{\"type\":\"ATTRIBUTE_NOT_SUPPORTED\",\"message\":\"careful\"}],"
                          "\"data\":{\"id\":\"0PI0000000W\",\"token__sys\":\"odd-token\"}}}");
    st = vva_generate_access_token(c, "12345", "n", NULL, &t, &e);
    CHECK(st == VVA_OK && t != NULL && e == NULL, "warning is success");
    CHECK(vva_access_token_warning_count(t) == 2, "warnings %zu", vva_access_token_warning_count(t));
    CHECK(streq(vva_access_token_warning_type_at(t, 0), "ATTRIBUTE_NOT_SUPPORTED"), "warning 0");
    CHECK(streq(vva_access_token_warning_message_at(t, 0), "careful"), "warning 0 message");
    CHECK(streq(vva_access_token_warning_type_at(t, 1), "CLIENT_UNEXPECTED_TOKEN_FORMAT"), "warning 1");
    CHECK(vva_access_token_warning_type_at(t, 2) == NULL, "warning 2 NULL");
    CHECK(streq(vva_access_token_secret(t), "odd-token") && streq(vva_access_token_id(t), "0PI0000000W"), "values");
    uint64_t v = 9;
    CHECK(!vva_access_token_burst_limit(t, &v) && v == 9, "no burst limit header");
    CHECK(vva_access_token_execution_id(t) == NULL, "no execution id");
    vva_access_token_free(t);
    vva_client_free(c);
}

static void test_transport_errors(void) {
    mock_reset(mock_url);
    vva_client_options *o = mock_options(ADMIN_SESSION);
    CHECK(vva_client_options_set_timeout_ms(o, 300) == VVA_OK, "timeout");
    vva_client *c = NULL;
    CHECK(vva_client_new(o, &c, NULL) == VVA_OK, "client");
    /* A canned answer: the mock still completes the abandoned request 3 s later, and a real
     * token minted then would count against the admin's 25 in a later test. */
    mock_script(mock_url, "{\"delay_ms\":3000,\"body\":{\"responseStatus\":\"SUCCESS\","
                          "\"data\":{\"id\":\"0PI1\",\"token__sys\":\"veeva-vault-zz\"}}}");
    vva_access_token *t = NULL;
    vva_error *e = NULL;
    vva_status st = vva_generate_access_token(c, "12345", "slow", NULL, &t, &e);
    expect_failure("timeout", st, VVA_TIMEOUT, t, e);
    CHECK(vva_error_http_status(e) == 0, "no response");
    CHECK(vva_error_outcome_unknown(e), "the request was sent: outcome unknown");
    vva_error_free(e);
    vva_client_free(c);

    CHECK(vva_client_options_set_base_url(o, "http://127.0.0.1:1") == VVA_OK, "closed port");
    CHECK(vva_client_new(o, &c, NULL) == VVA_OK, "client");
    st = vva_generate_access_token(c, "12345", "n", NULL, &t, &e);
    expect_failure("connect", st, VVA_CONNECT_FAILED, t, e);
    CHECK(!vva_error_outcome_unknown(e), "nothing was sent");
    vva_error_free(e);
    vva_client_free(c);
    vva_client_options_free(o);
}

#define THREADS 16
#define CALLS_PER_THREAD 4

struct worker {
    const vva_client *client;
    int index;
    int ok;
    char ids[CALLS_PER_THREAD][32];
};

static void *worker_main(void *arg) {
    struct worker *w = arg;
    /* Spread over three users so no one reaches Vault's 25-active-token limit. */
    static const char *const users[] = {"12345", "12348", "12349"};
    for (int i = 0; i < CALLS_PER_THREAD; i++) {
        char name[64];
        snprintf(name, sizeof name, "thread %d call %d", w->index, i);
        vva_access_token *t = NULL;
        vva_error *e = NULL;
        vva_status st = vva_generate_access_token(w->client, users[w->index % 3], name, EXPIRY, &t, &e);
        if (st == VVA_OK && starts(vva_access_token_secret(t), "veeva-vault-")) {
            w->ok++;
            snprintf(w->ids[i], sizeof w->ids[i], "%s", vva_access_token_id(t));
        } else {
            printf("thread %d call %d: %s\n", w->index, i, show(vva_error_message(e)));
        }
        vva_access_token_free(t);
        vva_error_free(e);
    }
    return NULL;
}

static void test_threads(void) {
    mock_reset(mock_url);
    vva_client *c = mock_client(ADMIN_SESSION);
    struct worker workers[THREADS];
    pthread_t threads[THREADS];
    for (int i = 0; i < THREADS; i++) {
        memset(&workers[i], 0, sizeof workers[i]);
        workers[i].client = c;
        workers[i].index = i;
        CHECK(pthread_create(&threads[i], NULL, worker_main, &workers[i]) == 0, "pthread_create");
    }
    int ok = 0;
    for (int i = 0; i < THREADS; i++) {
        pthread_join(threads[i], NULL);
        ok += workers[i].ok;
    }
    CHECK(ok == THREADS * CALLS_PER_THREAD, "%d of %d calls succeeded", ok, THREADS * CALLS_PER_THREAD);
    int duplicates = 0;
    for (int a = 0; a < THREADS * CALLS_PER_THREAD; a++)
        for (int b = a + 1; b < THREADS * CALLS_PER_THREAD; b++) {
            const char *x = workers[a / CALLS_PER_THREAD].ids[a % CALLS_PER_THREAD];
            const char *y = workers[b / CALLS_PER_THREAD].ids[b % CALLS_PER_THREAD];
            if (x[0] && strcmp(x, y) == 0) duplicates++;
        }
    CHECK(duplicates == 0, "%d duplicate token ids across threads", duplicates);
    CHECK(mock_request_count() == THREADS * CALLS_PER_THREAD, "requests %zu", mock_request_count());
    CHECK(mock_token_count() == THREADS * CALLS_PER_THREAD, "tokens %zu", mock_token_count());
    vva_client_free(c);
}

int main(void) {
    mock_url = getenv("VVA_MOCK_URL");
    if (!mock_url || mock_reset(mock_url) != 0) {
        fprintf(stderr, "test_capi: set VVA_MOCK_URL to a running mock Vault (tests/with-mock.sh)\n");
        return 2;
    }
    test_version_and_codes();
    test_null_everywhere();
    test_invalid_utf8();
    test_options_checked();
    test_generate();
    test_login();
    test_error_accessors();
    test_transport_errors();
    test_threads();
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}

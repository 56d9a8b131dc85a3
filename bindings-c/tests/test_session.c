/*
 * Tests of the session calls, against the mock Vault ($VVA_MOCK_URL): whoami and every user
 * accessor, keep-alive, logout (and the refusals after it), the API versions, the OAuth login,
 * NULL and non-UTF-8 for every parameter, every free function with NULL, and 8 threads sharing
 * one client for whoami and listings.
 *
 * Prints one line per failed check and a closing `N passed, N failed` (checks, not functions).
 */
#include <pthread.h>

#include "testlib.h"

static void test_nulls(void) {
    mock_reset(mock_url);
    vva_client_options *o = mock_options(NULL);
    vva_client *c = mock_client(ADMIN_SESSION);
    void *garbage = &passed;
    vva_user *u = garbage;
    vva_api_version_list *versions = garbage;
    vva_client *cout = garbage;
    vva_error *e = garbage;
    const char *bad = "ab\xff\xfe";

    vva_status st = vva_whoami(NULL, &u, &e);
    expect_failure("whoami(NULL client)", st, VVA_NULL_PARAMETER, u, e);
    vva_error_free(e);
    CHECK(vva_whoami(c, NULL, NULL) == VVA_NULL_PARAMETER, "whoami(NULL out)");
    e = garbage;
    st = vva_keep_alive(NULL, &e);
    CHECK(st == VVA_NULL_PARAMETER && e != NULL && e != garbage, "keep_alive(NULL)");
    vva_error_free(e);
    CHECK(vva_keep_alive(NULL, NULL) == VVA_NULL_PARAMETER, "keep_alive(NULL, NULL)");
    CHECK(vva_logout(NULL, NULL) == VVA_NULL_PARAMETER, "logout(NULL)");
    CHECK(!vva_client_is_logged_out(NULL), "is_logged_out(NULL)");
    st = vva_api_versions(NULL, &versions, &e);
    expect_failure("api_versions(NULL client)", st, VVA_NULL_PARAMETER, versions, e);
    vva_error_free(e);
    CHECK(vva_api_versions(c, NULL, NULL) == VVA_NULL_PARAMETER, "api_versions(NULL out)");
    st = vva_check_api_version(NULL, &versions, &e);
    expect_failure("check_api_version(NULL client)", st, VVA_NULL_PARAMETER, versions, e);
    vva_error_free(e);
    CHECK(vva_check_api_version(c, NULL, NULL) == VVA_NULL_PARAMETER, "check_api_version(NULL out)");

    const char *p = "mock-oauth-profile", *idp = "mock-idp-token-admin";
    st = vva_login_oauth(NULL, p, idp, NULL, &cout, &e);
    expect_failure("oauth(NULL opts)", st, VVA_NULL_PARAMETER, cout, e);
    vva_error_free(e);
    st = vva_login_oauth(o, NULL, idp, NULL, &cout, &e);
    expect_failure("oauth(NULL profile)", st, VVA_NULL_PARAMETER, cout, e);
    vva_error_free(e);
    st = vva_login_oauth(o, p, NULL, NULL, &cout, &e);
    expect_failure("oauth(NULL token)", st, VVA_NULL_PARAMETER, cout, e);
    vva_error_free(e);
    st = vva_login_oauth(o, p, bad, NULL, &cout, &e);
    expect_failure("oauth(bad token)", st, VVA_INVALID_UTF8, cout, e);
    vva_error_free(e);
    st = vva_login_oauth(o, p, idp, bad, &cout, &e);
    expect_failure("oauth(bad client id)", st, VVA_INVALID_UTF8, cout, e);
    vva_error_free(e);
    CHECK(vva_login_oauth(o, p, idp, NULL, NULL, NULL) == VVA_NULL_PARAMETER, "oauth(NULL out)");
    CHECK(vva_client_options_set_login_url(NULL, "http://x") == VVA_NULL_PARAMETER, "login_url(NULL opts)");
    CHECK(vva_client_options_set_login_url(o, NULL) == VVA_NULL_PARAMETER, "login_url(NULL)");
    CHECK(vva_client_options_set_login_url(o, bad) == VVA_INVALID_UTF8, "login_url(bad)");

    bool active = true;
    CHECK(vva_user_id(NULL) == NULL && vva_user_username(NULL) == NULL, "user id/name");
    CHECK(vva_user_first_name(NULL) == NULL && vva_user_last_name(NULL) == NULL, "user names");
    CHECK(vva_user_email(NULL) == NULL && vva_user_timezone(NULL) == NULL, "email/timezone");
    CHECK(vva_user_locale(NULL) == NULL && vva_user_security_profile(NULL) == NULL, "locale/profile");
    CHECK(vva_user_license_type(NULL) == NULL && vva_user_execution_id(NULL) == NULL, "license/exec");
    CHECK(!vva_user_active(NULL, &active) && active, "active");
    CHECK(vva_api_version_list_len(NULL) == 0 && vva_api_version_list_version_at(NULL, 0) == NULL, "versions");
    CHECK(vva_api_version_list_url_at(NULL, 0) == NULL && !vva_api_version_list_is_possibly_beta_at(NULL, 0), "url");
    vva_user_free(NULL);
    vva_api_version_list_free(NULL);
    CHECK(mock_request_count() == 0, "a rejected argument let %zu requests reach the mock", mock_request_count());
    vva_client_free(c);
    vva_client_options_free(o);
}

static void test_whoami(void) {
    mock_reset(mock_url);
    vva_client *c = mock_client(ADMIN_SESSION);
    vva_user *u = NULL;
    vva_error *e = (vva_error *)&passed;
    vva_status st = vva_whoami(c, &u, &e);
    CHECK(st == VVA_OK && u != NULL && e == NULL, "whoami: %s", show(vva_error_message(e)));
    CHECK(streq(vva_user_id(u), "12345") && streq(vva_user_username(u), "admin@myvault.example"), "id %s",
          show(vva_user_id(u)));
    CHECK(streq(vva_user_first_name(u), "Ada") && streq(vva_user_last_name(u), "Admin"), "names %s %s",
          show(vva_user_first_name(u)), show(vva_user_last_name(u)));
    CHECK(streq(vva_user_email(u), "admin@myvault.example"), "email %s", show(vva_user_email(u)));
    CHECK(vva_user_timezone(u) != NULL && streq(vva_user_locale(u), "en_US"), "timezone, locale");
    CHECK(streq(vva_user_security_profile(u), "system_admin__v"), "profile %s", show(vva_user_security_profile(u)));
    CHECK(streq(vva_user_license_type(u), "full__v"), "license %s", show(vva_user_license_type(u)));
    CHECK(starts(vva_user_execution_id(u), "mock-"), "execution id %s", show(vva_user_execution_id(u)));
    bool active = false;
    CHECK(vva_user_active(u, &active) && active, "active");
    CHECK(!vva_user_active(u, NULL), "NULL out");
    vva_user_free(u);
    vva_client_free(c);

    vva_client_options *o = mock_options(NULL);
    CHECK(vva_login(o, "limited@myvault.example", "mock-password", &c, NULL) == VVA_OK, "login limited");
    st = vva_whoami(c, &u, &e);
    CHECK(st == VVA_OK && streq(vva_user_id(u), "12346"), "limited id %s", show(vva_user_id(u)));
    CHECK(streq(vva_user_security_profile(u), "document_user__v"), "limited profile");
    CHECK(streq(vva_user_timezone(u), "America/New_York"), "limited timezone %s", show(vva_user_timezone(u)));
    vva_user_free(u);
    vva_client_free(c);
    vva_client_options_free(o);

    c = mock_client("not-a-session-0002");
    st = vva_whoami(c, &u, &e);
    expect_failure("dead session", st, VVA_INVALID_SESSION, u, e);
    CHECK(!vva_error_outcome_unknown(e), "read-only: never unknown");
    CHECK(strstr(show(vva_error_message(e)), "not-a-session-0002") == NULL, "session id in the message");
    vva_error_free(e);
    vva_client_free(c);
}

static void test_keep_alive_and_logout(void) {
    mock_reset(mock_url);
    vva_client_options *o = mock_options(NULL);
    vva_client *c = NULL;
    vva_error *e = (vva_error *)&passed;
    CHECK(vva_login(o, "admin@myvault.example", "mock-password", &c, NULL) == VVA_OK, "login");
    CHECK(vva_keep_alive(c, &e) == VVA_OK && e == NULL, "keep alive");
    CHECK(!vva_client_is_logged_out(c), "not logged out yet");
    CHECK(vva_logout(c, &e) == VVA_OK && e == NULL, "logout: %s", show(vva_error_message(e)));
    CHECK(vva_client_is_logged_out(c), "logged out");
    size_t before = mock_request_count();
    vva_status st = vva_keep_alive(c, &e);
    CHECK(st == VVA_INVALID_ARGUMENT && e != NULL, "keep alive after logout: %d", (int)st);
    vva_error_free(e);
    vva_user *u = NULL;
    st = vva_whoami(c, &u, &e);
    expect_failure("whoami after logout", st, VVA_INVALID_ARGUMENT, u, e);
    vva_error_free(e);
    CHECK(vva_logout(c, NULL) == VVA_INVALID_ARGUMENT, "logout twice");
    CHECK(mock_request_count() == before, "a logged-out client sends nothing");
    vva_client_free(c);

    c = mock_client("not-a-session-0003");
    st = vva_keep_alive(c, &e);
    CHECK(st == VVA_INVALID_SESSION && streq(vva_error_code(e), "invalid_session"), "dead session keep-alive");
    vva_error_free(e);
    vva_client_free(c);

    CHECK(vva_client_options_set_access_token(o, "veeva-vault-not-a-session") == VVA_OK, "token");
    CHECK(vva_client_new(o, &c, NULL) == VVA_OK, "token client");
    before = mock_request_count();
    st = vva_logout(c, &e);
    CHECK(st == VVA_INVALID_ARGUMENT && mock_request_count() == before, "a token has no session to end");
    vva_error_free(e);
    vva_client_free(c);
    vva_client_options_free(o);
}

static void test_api_versions(void) {
    mock_reset(mock_url);
    vva_client *c = mock_client(ADMIN_SESSION);
    vva_api_version_list *v = NULL;
    vva_error *e = NULL;
    vva_status st = vva_api_versions(c, &v, &e);
    CHECK(st == VVA_OK && v != NULL && e == NULL, "versions: %s", show(vva_error_message(e)));
    CHECK(vva_api_version_list_len(v) == 3, "3 versions, got %zu", vva_api_version_list_len(v));
    CHECK(streq(vva_api_version_list_version_at(v, 0), "v25.3"), "oldest first");
    CHECK(streq(vva_api_version_list_version_at(v, 2), "v26.2"), "newest last");
    char url[512];
    snprintf(url, sizeof url, "%s/api/v26.2", mock_url);
    CHECK(streq(vva_api_version_list_url_at(v, 2), url), "url %s", show(vva_api_version_list_url_at(v, 2)));
    CHECK(vva_api_version_list_is_possibly_beta_at(v, 2) && !vva_api_version_list_is_possibly_beta_at(v, 0), "beta");
    CHECK(vva_api_version_list_version_at(v, 3) == NULL && vva_api_version_list_url_at(v, 3) == NULL, "past end");
    CHECK(!vva_api_version_list_is_possibly_beta_at(v, 3), "beta past end");
    vva_api_version_list_free(v);
    v = NULL;
    st = vva_check_api_version(c, &v, &e);
    CHECK(st == VVA_OK && v != NULL && e == NULL, "check: %s", show(vva_error_message(e)));
    CHECK(vva_api_version_list_len(v) == 1 && streq(vva_api_version_list_version_at(v, 0), "v26.2"), "the client's version");
    vva_api_version_list_free(v);
    vva_client_free(c);
}

static void test_login_oauth(void) {
    mock_reset(mock_url);
    vva_client_options *o = mock_options(NULL);
    CHECK(vva_client_options_set_login_url(o, mock_url) == VVA_OK, "login url");
    vva_client *c = NULL;
    vva_error *e = (vva_error *)&passed;
    vva_status st = vva_login_oauth(o, "mock-oauth-profile", "mock-idp-token-admin", NULL, &c, &e);
    CHECK(st == VVA_OK && c != NULL && e == NULL, "oauth: %s", show(vva_error_message(e)));
    CHECK(streq(vva_client_user_id(c), "12345"), "user %s", show(vva_client_user_id(c)));
    vva_user *u = NULL;
    CHECK(vva_whoami(c, &u, NULL) == VVA_OK && streq(vva_user_id(u), "12345"), "the session works");
    vva_user_free(u);
    vva_client_free(c);

    st = vva_login_oauth(o, "mock-oauth-profile", "Bearer mock-idp-token-limited", "my-oauth-client", &c, &e);
    CHECK(st == VVA_OK && streq(vva_client_user_id(c), "12346"), "oauth with client id: %s",
          show(vva_error_message(e)));
    vva_client_free(c);
    static char seen[1 << 20];
    mock_request(mock_url, "GET", "/__mock/requests", NULL, seen, sizeof seen);
    CHECK(strstr(seen, "client_id=my-oauth-client") != NULL, "client_id sent");

    st = vva_login_oauth(o, "mock-oauth-profile", "idp-token-WRONG-1234", NULL, &c, &e);
    expect_failure("wrong IdP token", st, VVA_AUTHENTICATION_FAILED, c, e);
    CHECK(strstr(show(vva_error_message(e)), "idp-token-WRONG-1234") == NULL, "token in the message");
    vva_error_free(e);
    st = vva_login_oauth(o, "no-such-profile", "mock-idp-token-admin", NULL, &c, &e);
    expect_failure("unknown profile", st, VVA_INVALID_REQUEST, c, e);
    vva_error_free(e);
    size_t before = mock_request_count();
    st = vva_login_oauth(o, "mock-oauth-profile", "", NULL, &c, &e);
    expect_failure("empty IdP token", st, VVA_INVALID_ARGUMENT, c, e);
    CHECK(mock_request_count() == before, "nothing sent");
    vva_error_free(e);
    vva_client_options_free(o);
}

#define THREADS 8

static void *worker_main(void *arg) {
    const vva_client *c = arg;
    intptr_t ok = 0;
    for (int i = 0; i < 3; i++) {
        vva_user *u = NULL;
        vva_token_list *l = NULL;
        if (vva_whoami(c, &u, NULL) == VVA_OK && streq(vva_user_id(u), "12345")) ok++;
        if (vva_list_access_tokens(c, "12345", NULL, false, &l, NULL) == VVA_OK && vva_token_list_len(l) == 1) ok++;
        vva_user_free(u);
        vva_token_list_free(l);
    }
    return (void *)ok;
}

static void test_threads(void) {
    mock_reset(mock_url);
    vva_client *c = mock_client(ADMIN_SESSION);
    vva_access_token *t = NULL;
    CHECK(vva_generate_access_token(c, "12345", "C threads", EXPIRY, &t, NULL) == VVA_OK, "token");
    vva_access_token_free(t);
    pthread_t threads[THREADS];
    for (int i = 0; i < THREADS; i++) CHECK(pthread_create(&threads[i], NULL, worker_main, c) == 0, "create");
    intptr_t ok = 0;
    for (int i = 0; i < THREADS; i++) {
        void *r = NULL;
        pthread_join(threads[i], &r);
        ok += (intptr_t)r;
    }
    CHECK(ok == THREADS * 6, "%ld of %d calls succeeded", (long)ok, THREADS * 6);
    vva_client_free(c);
}

int main(void) {
    mock_url = getenv("VVA_MOCK_URL");
    if (!mock_url || mock_reset(mock_url) != 0) {
        fprintf(stderr, "test_session: set VVA_MOCK_URL to a running mock Vault (tests/with-mock.sh)\n");
        return 2;
    }
    test_nulls();
    test_whoami();
    test_keep_alive_and_logout();
    test_api_versions();
    test_login_oauth();
    test_threads();
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}

/*
 * Tests of the token-lifecycle calls, against the mock Vault ($VVA_MOCK_URL): NULL and non-UTF-8
 * for every parameter, every accessor and free function with NULL, listing (names, users,
 * inactive, expiry and last use as Unix seconds), retrieving, revoking (per-row failures, the
 * partial report of a failed revoke), rotating (also with a revoke that fails after the create)
 * and finding orphans. Session calls are in test_session.c.
 *
 * Prints one line per failed check and a closing `N passed, N failed` (checks, not functions).
 */
#include <stdint.h>

#include "testlib.h"

#define EXPIRY_UNIX 1956484800LL /* EXPIRY, 2031-12-31T12:00:00Z */
#define UNKNOWN_ID "0PI999999999999"

/* A token for user 12345, or NULL (a failed check). Its id goes to `id_out` (32 bytes). */
static vva_access_token *make_token(const vva_client *c, const char *name, const char *expiry, char *id_out) {
    vva_access_token *t = NULL;
    vva_error *e = NULL;
    vva_status st = vva_generate_access_token(c, "12345", name, expiry, &t, &e);
    CHECK(st == VVA_OK && t != NULL, "generate %s: %s", name, show(vva_error_message(e)));
    vva_error_free(e);
    if (id_out) snprintf(id_out, 32, "%s", t ? vva_access_token_id(t) : "");
    return t;
}

/* Authenticates one call with the token's secret, so Vault records a last use. */
static void use_token(const vva_access_token *t) {
    vva_client_options *o = mock_options(NULL);
    CHECK(vva_client_options_set_access_token(o, vva_access_token_secret(t)) == VVA_OK, "set token");
    vva_client *bearer = NULL;
    CHECK(vva_client_new(o, &bearer, NULL) == VVA_OK, "bearer client");
    vva_user *u = NULL;
    CHECK(vva_whoami(bearer, &u, NULL) == VVA_OK && u != NULL, "whoami with the token");
    vva_user_free(u);
    vva_client_free(bearer);
    vva_client_options_free(o);
}

static void test_nulls(void) {
    mock_reset(mock_url);
    vva_client *c = mock_client(ADMIN_SESSION);
    void *garbage = &passed; /* out-parameters must be overwritten with NULL */
    vva_token_list *list = garbage;
    vva_token_info *info = garbage;
    vva_revoke_report *report = garbage;
    vva_access_token *tok = garbage;
    vva_error *e = garbage;
    const char *ids[] = {"0PI000000000001", NULL};
    const char *bad = "ab\xff\xfe";
    const char *bad_ids[] = {"0PI000000000001", "ab\xff\xfe"};

    vva_status st = vva_list_access_tokens(NULL, NULL, NULL, false, &list, &e);
    expect_failure("list(NULL client)", st, VVA_NULL_PARAMETER, list, e);
    vva_error_free(e);
    CHECK(vva_list_access_tokens(c, NULL, NULL, false, NULL, NULL) == VVA_NULL_PARAMETER, "list(NULL out)");
    st = vva_list_access_tokens(c, bad, NULL, false, &list, &e);
    expect_failure("list(bad user)", st, VVA_INVALID_UTF8, list, e);
    vva_error_free(e);
    st = vva_list_access_tokens(c, NULL, bad, true, &list, &e);
    expect_failure("list(bad name)", st, VVA_INVALID_UTF8, list, e);
    vva_error_free(e);

    st = vva_get_access_token_info(NULL, "0PI1", &info, &e);
    expect_failure("info(NULL client)", st, VVA_NULL_PARAMETER, info, e);
    vva_error_free(e);
    st = vva_get_access_token_info(c, NULL, &info, &e);
    expect_failure("info(NULL id)", st, VVA_NULL_PARAMETER, info, e);
    vva_error_free(e);
    st = vva_get_access_token_info(c, bad, &info, &e);
    expect_failure("info(bad id)", st, VVA_INVALID_UTF8, info, e);
    vva_error_free(e);
    CHECK(vva_get_access_token_info(c, "0PI1", NULL, NULL) == VVA_NULL_PARAMETER, "info(NULL out)");

    st = vva_revoke_access_tokens(NULL, ids, 1, &report, &e);
    expect_failure("revoke(NULL client)", st, VVA_NULL_PARAMETER, report, e);
    vva_error_free(e);
    st = vva_revoke_access_tokens(c, NULL, 1, &report, &e);
    expect_failure("revoke(NULL ids, n 1)", st, VVA_NULL_PARAMETER, report, e);
    vva_error_free(e);
    st = vva_revoke_access_tokens(c, ids, 2, &report, &e);
    expect_failure("revoke(NULL element)", st, VVA_NULL_PARAMETER, report, e);
    CHECK(strstr(show(vva_error_message(e)), "ids[1]") != NULL, "names the element: %s", show(vva_error_message(e)));
    CHECK(vva_error_partial_revoke(e) == NULL, "nothing sent: no partial report");
    vva_error_free(e);
    st = vva_revoke_access_tokens(c, bad_ids, 2, &report, &e);
    expect_failure("revoke(bad element)", st, VVA_INVALID_UTF8, report, e);
    CHECK(strstr(show(vva_error_message(e)), "ids[1]") != NULL, "names the element");
    vva_error_free(e);
    CHECK(vva_revoke_access_tokens(c, ids, 1, NULL, NULL) == VVA_NULL_PARAMETER, "revoke(NULL out)");

    vva_revoke_report *rep2 = garbage;
    st = vva_rotate_access_token(NULL, "12345", NULL, "n", NULL, NULL, 0, &tok, &rep2, &e);
    expect_failure("rotate(NULL client)", st, VVA_NULL_PARAMETER, tok, e);
    CHECK(rep2 == NULL, "rotate: report_out cleared");
    vva_error_free(e);
    st = vva_rotate_access_token(c, "12345", NULL, NULL, NULL, NULL, 0, &tok, &rep2, &e);
    expect_failure("rotate(NULL name)", st, VVA_NULL_PARAMETER, tok, e);
    vva_error_free(e);
    st = vva_rotate_access_token(c, "12345", NULL, "n", NULL, ids, 2, &tok, &rep2, &e);
    expect_failure("rotate(NULL revoke element)", st, VVA_NULL_PARAMETER, tok, e);
    CHECK(strstr(show(vva_error_message(e)), "revoke_ids[1]") != NULL, "names the element");
    vva_error_free(e);
    st = vva_rotate_access_token(c, "12345", NULL, "n", bad, NULL, 0, &tok, &rep2, &e);
    expect_failure("rotate(bad expiry)", st, VVA_INVALID_UTF8, tok, e);
    vva_error_free(e);
    st = vva_rotate_access_token(c, NULL, bad, "n", NULL, NULL, 0, &tok, &rep2, &e);
    expect_failure("rotate(bad sandbox)", st, VVA_INVALID_UTF8, tok, e);
    vva_error_free(e);
    rep2 = garbage;
    st = vva_rotate_access_token(c, "12345", NULL, "n", NULL, NULL, 0, NULL, &rep2, NULL);
    CHECK(st == VVA_NULL_PARAMETER && rep2 == NULL, "rotate(NULL token_out)");
    tok = garbage;
    st = vva_rotate_access_token(c, "12345", NULL, "n", NULL, NULL, 0, &tok, NULL, NULL);
    CHECK(st == VVA_NULL_PARAMETER && tok == NULL, "rotate(NULL report_out)");

    st = vva_find_orphaned_tokens(NULL, "12345", NULL, "n", &list, &e);
    expect_failure("orphans(NULL client)", st, VVA_NULL_PARAMETER, list, e);
    vva_error_free(e);
    st = vva_find_orphaned_tokens(c, "12345", NULL, NULL, &list, &e);
    expect_failure("orphans(NULL name)", st, VVA_NULL_PARAMETER, list, e);
    vva_error_free(e);
    st = vva_find_orphaned_tokens(c, bad, NULL, "n", &list, &e);
    expect_failure("orphans(bad user)", st, VVA_INVALID_UTF8, list, e);
    vva_error_free(e);
    CHECK(vva_find_orphaned_tokens(c, "12345", NULL, "n", NULL, NULL) == VVA_NULL_PARAMETER, "orphans(NULL out)");

    /* Accessors and frees. */
    int64_t when = 7;
    CHECK(vva_token_list_len(NULL) == 0 && vva_token_list_at(NULL, 0) == NULL, "list accessors");
    CHECK(vva_token_info_id(NULL) == NULL && vva_token_info_name(NULL) == NULL, "info id/name");
    CHECK(vva_token_info_user_id(NULL) == NULL && vva_token_info_status(NULL) == NULL, "info user/status");
    CHECK(!vva_token_info_is_active(NULL), "info active");
    CHECK(!vva_token_info_expiry(NULL, &when) && !vva_token_info_last_used(NULL, &when) && when == 7, "info dates");
    CHECK(vva_revoke_report_revoked_count(NULL) == 0 && vva_revoke_report_revoked_at(NULL, 0) == NULL, "revoked");
    CHECK(vva_revoke_report_failed_count(NULL) == 0 && vva_revoke_report_failed_id_at(NULL, 0) == NULL, "failed");
    CHECK(vva_revoke_report_failed_error_count(NULL, 0) == 0, "failed error count");
    CHECK(vva_revoke_report_failed_error_type_at(NULL, 0, 0) == NULL, "failed error type");
    CHECK(vva_revoke_report_failed_error_message_at(NULL, 0, 0) == NULL, "failed error message");
    CHECK(vva_revoke_report_unknown_count(NULL) == 0 && vva_revoke_report_unknown_at(NULL, 0) == NULL, "unknown");
    CHECK(vva_revoke_report_not_sent_count(NULL) == 0 && vva_revoke_report_not_sent_at(NULL, 0) == NULL, "not sent");
    CHECK(!vva_revoke_report_is_complete(NULL) && vva_revoke_report_error(NULL) == NULL, "complete/error");
    CHECK(vva_error_partial_revoke(NULL) == NULL, "partial revoke");
    vva_token_list_free(NULL);
    vva_token_info_free(NULL);
    vva_revoke_report_free(NULL);
    CHECK(mock_request_count() == 0, "a rejected argument let %zu requests reach the mock", mock_request_count());
    vva_client_free(c);
}

static void test_list_and_info(void) {
    mock_reset(mock_url);
    vva_client *c = mock_client(ADMIN_SESSION);
    char a[32], b[32];
    vva_access_token *ta = make_token(c, "C list A", EXPIRY, a);
    vva_access_token *tb = make_token(c, "C list B", NULL, b);
    use_token(tb);

    vva_token_list *list = NULL;
    vva_error *e = (vva_error *)&passed;
    vva_status st = vva_list_access_tokens(c, "12345", "C list A", false, &list, &e);
    CHECK(st == VVA_OK && list != NULL && e == NULL, "list by name: %s", show(vva_error_message(e)));
    CHECK(vva_token_list_len(list) == 1, "one token named A, got %zu", vva_token_list_len(list));
    const vva_token_info *i = vva_token_list_at(list, 0);
    CHECK(streq(vva_token_info_id(i), a) && streq(vva_token_info_name(i), "C list A"), "id and name");
    CHECK(streq(vva_token_info_user_id(i), "12345"), "user %s", show(vva_token_info_user_id(i)));
    CHECK(streq(vva_token_info_status(i), "active__v") && vva_token_info_is_active(i), "active");
    int64_t when = 0;
    CHECK(vva_token_info_expiry(i, &when) && when == EXPIRY_UNIX, "expiry %lld", (long long)when);
    CHECK(!vva_token_info_expiry(i, NULL), "NULL out");
    when = 5;
    CHECK(!vva_token_info_last_used(i, &when) && when == 5, "never used");
    CHECK(vva_token_list_at(list, 1) == NULL && vva_token_list_at(list, (size_t)-1) == NULL, "out of range");
    vva_token_list_free(list);

    /* NULL user: the authenticated user, resolved with whoami; all names; inactive ones too. */
    st = vva_list_access_tokens(c, NULL, NULL, true, &list, &e);
    CHECK(st == VVA_OK && vva_token_list_len(list) == 2, "list me: %zu, %s", vva_token_list_len(list),
          show(vva_error_message(e)));
    vva_token_list_free(list);
    vva_error_free(e);

    vva_token_info *info = NULL;
    st = vva_get_access_token_info(c, b, &info, &e);
    CHECK(st == VVA_OK && info != NULL && e == NULL, "info: %s", show(vva_error_message(e)));
    CHECK(streq(vva_token_info_id(info), b) && streq(vva_token_info_name(info), "C list B"), "info id/name");
    when = 5;
    CHECK(!vva_token_info_expiry(info, &when) && when == 5, "never expires");
    CHECK(vva_token_info_last_used(info, &when) && when > 1700000000LL, "last used %lld", (long long)when);
    vva_token_info_free(info);

    st = vva_get_access_token_info(c, UNKNOWN_ID, &info, &e);
    expect_failure("unknown id", st, VVA_INVALID_REQUEST, info, e);
    CHECK(!vva_error_outcome_unknown(e), "read-only: never unknown");
    vva_error_free(e);
    size_t before = mock_request_count();
    st = vva_list_access_tokens(c, "12345", "a\nb", false, &list, &e);
    expect_failure("newline in name", st, VVA_INVALID_ARGUMENT, list, e);
    CHECK(mock_request_count() == before, "nothing sent");
    vva_error_free(e);
    vva_access_token_free(ta);
    vva_access_token_free(tb);
    vva_client_free(c);
}

static void test_revoke(void) {
    mock_reset(mock_url);
    vva_client *c = mock_client(ADMIN_SESSION);
    char a[32], b[32], d[32];
    vva_access_token *ta = make_token(c, "C revoke A", EXPIRY, a);
    vva_access_token *tb = make_token(c, "C revoke B", EXPIRY, b);
    vva_access_token *td = make_token(c, "C revoke D", EXPIRY, d);
    const char *ids[] = {a, UNKNOWN_ID, b};
    vva_revoke_report *r = NULL;
    vva_error *e = NULL;
    vva_status st = vva_revoke_access_tokens(c, ids, 3, &r, &e);
    CHECK(st == VVA_OK && r != NULL && e == NULL, "revoke: %s", show(vva_error_message(e)));
    CHECK(vva_revoke_report_revoked_count(r) == 2, "revoked %zu", vva_revoke_report_revoked_count(r));
    CHECK(streq(vva_revoke_report_revoked_at(r, 0), a) && streq(vva_revoke_report_revoked_at(r, 1), b), "order");
    CHECK(vva_revoke_report_revoked_at(r, 2) == NULL, "revoked past the end");
    CHECK(vva_revoke_report_failed_count(r) == 1 && streq(vva_revoke_report_failed_id_at(r, 0), UNKNOWN_ID), "failed");
    CHECK(vva_revoke_report_failed_error_count(r, 0) == 1, "one error");
    CHECK(streq(vva_revoke_report_failed_error_type_at(r, 0, 0), "INVALID_DATA"), "type %s",
          show(vva_revoke_report_failed_error_type_at(r, 0, 0)));
    CHECK(vva_revoke_report_failed_error_message_at(r, 0, 0) != NULL, "message");
    CHECK(vva_revoke_report_failed_error_type_at(r, 0, 1) == NULL, "error past the end");
    CHECK(vva_revoke_report_failed_id_at(r, 1) == NULL && vva_revoke_report_failed_error_count(r, 1) == 0, "past end");
    CHECK(vva_revoke_report_unknown_count(r) == 0 && vva_revoke_report_not_sent_count(r) == 0, "nothing else");
    CHECK(!vva_revoke_report_is_complete(r) && vva_revoke_report_error(r) == NULL, "incomplete, no error");
    vva_revoke_report_free(r);

    /* A revoked token no longer authenticates. */
    vva_client_options *o = mock_options(NULL);
    CHECK(vva_client_options_set_access_token(o, vva_access_token_secret(ta)) == VVA_OK, "set token");
    vva_client *revoked = NULL;
    CHECK(vva_client_new(o, &revoked, NULL) == VVA_OK, "client");
    vva_user *u = NULL;
    st = vva_whoami(revoked, &u, &e);
    expect_failure("revoked token", st, VVA_INVALID_SESSION, u, e);
    vva_error_free(e);
    vva_client_free(revoked);
    vva_client_options_free(o);

    size_t before = mock_request_count();
    st = vva_revoke_access_tokens(c, NULL, 0, &r, &e);
    CHECK(st == VVA_OK && r != NULL && vva_revoke_report_is_complete(r), "empty revoke");
    CHECK(vva_revoke_report_revoked_count(r) == 0 && mock_request_count() == before, "sends nothing");
    vva_revoke_report_free(r);
    const char *twice[] = {d, d};
    st = vva_revoke_access_tokens(c, twice, 2, &r, &e);
    expect_failure("repeated id", st, VVA_INVALID_ARGUMENT, r, e);
    CHECK(vva_error_partial_revoke(e) == NULL && mock_request_count() == before, "nothing sent");
    vva_error_free(e);

    /* The connection drops: the error carries what happened to each id. */
    mock_script(mock_url, "{\"fault\":\"drop\"}");
    const char *one[] = {d};
    st = vva_revoke_access_tokens(c, one, 1, &r, &e);
    expect_failure("dropped", st, VVA_TRANSPORT_FAILED, r, e);
    CHECK(vva_error_outcome_unknown(e), "outcome unknown");
    const vva_revoke_report *partial = vva_error_partial_revoke(e);
    CHECK(partial != NULL, "partial report");
    CHECK(vva_revoke_report_unknown_count(partial) == 1 && streq(vva_revoke_report_unknown_at(partial, 0), d),
          "unknown id");
    CHECK(vva_revoke_report_unknown_at(partial, 1) == NULL, "unknown past the end");
    CHECK(vva_revoke_report_revoked_count(partial) == 0 && vva_revoke_report_not_sent_count(partial) == 0, "rest");
    CHECK(vva_revoke_report_not_sent_at(partial, 0) == NULL, "not sent empty");
    CHECK(!vva_revoke_report_is_complete(partial) && vva_revoke_report_error(partial) == NULL, "partial state");
    vva_error_free(e); /* frees the partial report with it (valgrind checks) */
    vva_access_token_free(ta);
    vva_access_token_free(tb);
    vva_access_token_free(td);
    vva_client_free(c);
}

static void test_rotate(void) {
    mock_reset(mock_url);
    vva_client *c = mock_client(ADMIN_SESSION);
    char old[32], old2[32];
    vva_access_token *t_old = make_token(c, "C rotate", EXPIRY, old);
    vva_access_token *t_old2 = make_token(c, "C rotate", EXPIRY, old2);
    const char *ids[] = {old};
    vva_access_token *t = NULL;
    vva_revoke_report *r = NULL;
    vva_error *e = (vva_error *)&passed;
    vva_status st = vva_rotate_access_token(c, "12345", NULL, "C rotate", EXPIRY, ids, 1, &t, &r, &e);
    CHECK(st == VVA_OK && t != NULL && r != NULL && e == NULL, "rotate: %s", show(vva_error_message(e)));
    CHECK(starts(vva_access_token_id(t), "0PI") && starts(vva_access_token_secret(t), "veeva-vault-"), "token");
    CHECK(vva_revoke_report_revoked_count(r) == 1 && streq(vva_revoke_report_revoked_at(r, 0), old), "revoked");
    CHECK(vva_revoke_report_is_complete(r) && vva_revoke_report_error(r) == NULL, "complete");
    vva_access_token_free(t);
    vva_revoke_report_free(r);

    /* The create succeeds, the revoke's connection drops: the new token is still returned. */
    mock_script(mock_url, "[{}, {\"fault\":\"drop\"}]");
    const char *ids2[] = {old2};
    st = vva_rotate_access_token(c, NULL, NULL, "C rotate", EXPIRY, ids2, 1, &t, &r, &e);
    CHECK(st == VVA_OK && t != NULL && r != NULL && e == NULL, "rotate, revoke dropped: %s",
          show(vva_error_message(e)));
    CHECK(starts(vva_access_token_secret(t), "veeva-vault-"), "the new secret is kept");
    CHECK(vva_revoke_report_unknown_count(r) == 1 && streq(vva_revoke_report_unknown_at(r, 0), old2), "unknown");
    CHECK(!vva_revoke_report_is_complete(r), "incomplete");
    const vva_error *why = vva_revoke_report_error(r);
    CHECK(why != NULL && vva_error_status(why) == VVA_TRANSPORT_FAILED, "revoke error %s",
          show(vva_error_code(why)));
    CHECK(vva_error_outcome_unknown(why), "the revoke's outcome is unknown");
    vva_access_token_free(t);
    vva_revoke_report_free(r); /* frees the revoke error with it */

    size_t before = mock_request_count();
    st = vva_rotate_access_token(c, "12345", "qa-sandbox", "C rotate", NULL, NULL, 0, &t, &r, &e);
    expect_failure("user and sandbox", st, VVA_INVALID_ARGUMENT, t, e);
    vva_error_free(e);
    st = vva_rotate_access_token(c, NULL, "qa-sandbox", "C rotate", NULL, ids2, 1, &t, &r, &e);
    expect_failure("sandbox with ids", st, VVA_INVALID_ARGUMENT, t, e);
    vva_error_free(e);
    st = vva_rotate_access_token(c, "12345", NULL, "C rotate", "2001-01-01", ids2, 1, &t, &r, &e);
    expect_failure("past expiry", st, VVA_INVALID_ARGUMENT, t, e);
    vva_error_free(e);
    CHECK(mock_request_count() == before, "nothing sent for rejected arguments");

    /* The create fails: nothing is revoked. */
    mock_script(mock_url, "{\"body\":{\"responseStatus\":\"FAILURE\",\"errors\":"
                          "[{\"type\":\"OPERATION_NOT_ALLOWED\",\"message\":\"limit\"}]}}");
    st = vva_rotate_access_token(c, "12345", NULL, "C rotate", EXPIRY, ids2, 1, &t, &r, &e);
    expect_failure("create fails", st, VVA_OPERATION_NOT_ALLOWED, t, e);
    CHECK(r == NULL, "no report");
    CHECK(mock_request_count() == before + 1, "only the create was sent");
    vva_error_free(e);

    /* Sandbox, nothing to revoke: an empty, complete report. */
    st = vva_rotate_access_token(c, NULL, "qa-sandbox", "C rotate", NULL, NULL, 0, &t, &r, &e);
    CHECK(st == VVA_OK && t != NULL && vva_revoke_report_is_complete(r), "sandbox: %s", show(vva_error_message(e)));
    CHECK(vva_revoke_report_revoked_count(r) == 0, "nothing revoked");
    vva_access_token_free(t);
    vva_revoke_report_free(r);
    vva_access_token_free(t_old);
    vva_access_token_free(t_old2);
    vva_client_free(c);
}

static void test_orphans(void) {
    mock_reset(mock_url);
    vva_client *c = mock_client(ADMIN_SESSION);
    char unused[32], used[32];
    vva_access_token *t1 = make_token(c, "C orphan", NULL, unused);
    vva_access_token *t2 = make_token(c, "C orphan", NULL, used);
    vva_access_token *t3 = make_token(c, "C not an orphan", NULL, NULL);
    use_token(t2);
    vva_token_list *list = NULL;
    vva_error *e = NULL;
    vva_status st = vva_find_orphaned_tokens(c, NULL, NULL, "C orphan", &list, &e);
    CHECK(st == VVA_OK && list != NULL, "orphans: %s", show(vva_error_message(e)));
    CHECK(vva_token_list_len(list) == 1 && streq(vva_token_info_id(vva_token_list_at(list, 0)), unused),
          "only the unused one: %zu", vva_token_list_len(list));
    vva_token_list_free(list);
    st = vva_find_orphaned_tokens(c, "12345", NULL, "nobody has this name", &list, &e);
    CHECK(st == VVA_OK && list != NULL && vva_token_list_len(list) == 0, "an empty list");
    vva_token_list_free(list);
    size_t before = mock_request_count();
    st = vva_find_orphaned_tokens(c, NULL, "qa-sandbox", "C orphan", &list, &e);
    expect_failure("sandbox", st, VVA_INVALID_ARGUMENT, list, e);
    vva_error_free(e);
    st = vva_find_orphaned_tokens(c, "12345", "qa-sandbox", "C orphan", &list, &e);
    expect_failure("user and sandbox", st, VVA_INVALID_ARGUMENT, list, e);
    vva_error_free(e);
    CHECK(mock_request_count() == before, "nothing sent");
    vva_access_token_free(t1);
    vva_access_token_free(t2);
    vva_access_token_free(t3);
    vva_client_free(c);
}

int main(void) {
    mock_url = getenv("VVA_MOCK_URL");
    if (!mock_url || mock_reset(mock_url) != 0) {
        fprintf(stderr, "test_lifecycle: set VVA_MOCK_URL to a running mock Vault (tests/with-mock.sh)\n");
        return 2;
    }
    test_nulls();
    test_list_and_info();
    test_revoke();
    test_rotate();
    test_orphans();
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}

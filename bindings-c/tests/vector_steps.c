/*
 * One step of a lifecycle vector (a case in tests/vectors/lifecycle) through the C API: the call
 * named by the `op` field, with a fresh client from the case's settings (as the Rust runner does),
 * reported as lines for tests/lifecycle_vectors.py:
 *
 *   stage ok|call|client|setup      then, on success, by op:
 *   id HEX / token HEX ...          a token (generate, rotate)
 *   info ID NAME USER STATUS EXPIRY LAST_USED ACTIVE    one per token (list, orphans, get)
 *   section report                  a revoke report (revoke, rotate): lines
 *     revoked ID / failed ID TYPE... / unknown ID / not_sent ID
 *   section revoke_error            a rotation's revoke error (report_error's lines)
 *   section user                    whoami: id, username, first_name, ... active
 *   section versions                api_versions, check_api_version: lines
 *     version VERSION URL POSSIBLY_BETA
 *   (keep_alive and logout print nothing more than the stage)
 * and on failure report_error's lines, then `section partial_revoke` with the error's report.
 * Every value is hex-encoded, `-` for NULL; numbers are decimal text before encoding.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "vector_runner.h"

static void put_hex(const char *value) {
    if (!value) {
        printf(" -");
        return;
    }
    printf(" ");
    for (const unsigned char *p = (const unsigned char *)value; *p; p++) printf("%02x", *p);
}

static void emit_info(const vva_token_info *info) {
    if (!info) {
        problem("NULL token info inside the list's length");
        return;
    }
    char expiry[32], last_used[32];
    int64_t when = 0;
    bool has_expiry = vva_token_info_expiry(info, &when);
    snprintf(expiry, sizeof expiry, "%" PRId64, when);
    bool has_last = vva_token_info_last_used(info, &when);
    snprintf(last_used, sizeof last_used, "%" PRId64, when);
    printf("info");
    put_hex(vva_token_info_id(info));
    put_hex(vva_token_info_name(info));
    put_hex(vva_token_info_user_id(info));
    put_hex(vva_token_info_status(info));
    put_hex(has_expiry ? expiry : NULL);
    put_hex(has_last ? last_used : NULL);
    put_hex(vva_token_info_is_active(info) ? "1" : "0");
    printf("\n");
    if (vva_token_info_is_active(info) != streq(vva_token_info_status(info), "active__v"))
        problem("vva_token_info_is_active disagrees with the status");
}

static void emit_list(const vva_token_list *list) {
    size_t n = vva_token_list_len(list);
    for (size_t i = 0; i < n; i++) emit_info(vva_token_list_at(list, i));
    if (vva_token_list_at(list, n) != NULL) problem("token list entry past the length is not NULL");
}

static void emit_ids(const char *key, const vva_revoke_report *r, size_t (*count)(const vva_revoke_report *),
                     const char *(*at)(const vva_revoke_report *, size_t)) {
    size_t n = count(r);
    for (size_t i = 0; i < n; i++) {
        if (!at(r, i)) problem("NULL id inside a report list");
        emit(key, at(r, i));
    }
    if (at(r, n) != NULL) problem("report id past the count is not NULL");
}

static void emit_report(const char *section, const vva_revoke_report *r) {
    emit("section", section);
    emit_ids("revoked", r, vva_revoke_report_revoked_count, vva_revoke_report_revoked_at);
    size_t n = vva_revoke_report_failed_count(r);
    for (size_t i = 0; i < n; i++) {
        printf("failed");
        put_hex(vva_revoke_report_failed_id_at(r, i));
        size_t m = vva_revoke_report_failed_error_count(r, i);
        for (size_t j = 0; j < m; j++) {
            if (!vva_revoke_report_failed_error_message_at(r, i, j)) problem("NULL failure message");
            put_hex(vva_revoke_report_failed_error_type_at(r, i, j));
        }
        printf("\n");
        if (vva_revoke_report_failed_error_type_at(r, i, m) != NULL) problem("failure type past the count");
    }
    if (vva_revoke_report_failed_id_at(r, n) != NULL) problem("failed id past the count is not NULL");
    emit_ids("unknown", r, vva_revoke_report_unknown_count, vva_revoke_report_unknown_at);
    emit_ids("not_sent", r, vva_revoke_report_not_sent_count, vva_revoke_report_not_sent_at);
    bool complete = vva_revoke_report_failed_count(r) == 0 && vva_revoke_report_unknown_count(r) == 0 &&
                    vva_revoke_report_not_sent_count(r) == 0 && vva_revoke_report_error(r) == NULL;
    if (vva_revoke_report_is_complete(r) != complete) problem("vva_revoke_report_is_complete disagrees");
}

static void emit_user(const vva_user *u) {
    emit("section", "user");
    emit("id", vva_user_id(u));
    emit("username", vva_user_username(u));
    emit("first_name", vva_user_first_name(u));
    emit("last_name", vva_user_last_name(u));
    emit("email", vva_user_email(u));
    emit("timezone", vva_user_timezone(u));
    emit("locale", vva_user_locale(u));
    emit("security_profile", vva_user_security_profile(u));
    emit("license_type", vva_user_license_type(u));
    bool active = false;
    emit("active", vva_user_active(u, &active) ? (active ? "1" : "0") : NULL);
}

static void emit_versions(const vva_api_version_list *l) {
    emit("section", "versions");
    size_t n = vva_api_version_list_len(l);
    for (size_t i = 0; i < n; i++) {
        printf("version");
        put_hex(vva_api_version_list_version_at(l, i));
        put_hex(vva_api_version_list_url_at(l, i));
        put_hex(vva_api_version_list_is_possibly_beta_at(l, i) ? "1" : "0");
        printf("\n");
    }
    if (vva_api_version_list_version_at(l, n) != NULL) problem("version past the length is not NULL");
}

/* The (user_id, sandbox_name) pair of the target fields. */
static void target_pair(const char **user_id, const char **sandbox) {
    const char *kind = fields[F_TARGET] ? fields[F_TARGET] : "";
    *user_id = strcmp(kind, "user") == 0 ? fields[F_TARGET_VALUE] : NULL;
    *sandbox = strcmp(kind, "sandbox") == 0 ? fields[F_TARGET_VALUE] : NULL;
}

void run_step(void) {
    vva_client *c = NULL;
    vva_error *err = NULL;
    vva_status st = make_client(&c, &err);
    if (st == VVA_PANIC && !err) {
        emit("stage", "setup");
        return;
    }
    if (st != VVA_OK) {
        report_error("client", st, err);
        vva_error_free(err);
        return;
    }
    const char *op = fields[F_OP] ? fields[F_OP] : "";
    const char *const *id_list = (const char *const *)ids;
    const char *user_id, *sandbox;
    target_pair(&user_id, &sandbox);
    vva_access_token *tok = NULL;
    vva_token_list *list = NULL;
    vva_token_info *info = NULL;
    vva_revoke_report *report = NULL;
    vva_user *user = NULL;
    vva_api_version_list *versions = NULL;
    bool no_result = false; /* keep-alive and logout return nothing but the status */
    void *out = NULL; /* what the op produced, for the NULL-on-failure check */
    if (strcmp(op, "generate_access_token") == 0) {
        if (sandbox) st = vva_generate_access_token_sandbox(c, sandbox, fields[F_NAME], fields[F_EXPIRY], &tok, &err);
        else if (user_id) st = vva_generate_access_token(c, user_id, fields[F_NAME], fields[F_EXPIRY], &tok, &err);
        else st = vva_generate_access_token_me(c, fields[F_NAME], fields[F_EXPIRY], &tok, &err);
        out = tok;
    } else if (strcmp(op, "list_access_tokens") == 0) {
        st = vva_list_access_tokens(c, fields[F_QUERY_USER], fields[F_QUERY_NAME],
                                    streq(fields[F_INCLUDE_INACTIVE], "1"), &list, &err);
        out = list;
    } else if (strcmp(op, "get_access_token_info") == 0) {
        st = vva_get_access_token_info(c, fields[F_TOKEN_ID], &info, &err);
        out = info;
    } else if (strcmp(op, "revoke_access_tokens") == 0) {
        st = vva_revoke_access_tokens(c, id_list, n_ids, &report, &err);
        out = report;
    } else if (strcmp(op, "rotate_access_token") == 0) {
        st = vva_rotate_access_token(c, user_id, sandbox, fields[F_NAME], fields[F_EXPIRY], id_list, n_ids, &tok,
                                     &report, &err);
        out = tok;
        if ((tok == NULL) != (report == NULL)) problem("rotate returned a token without a report or the reverse");
    } else if (strcmp(op, "find_orphaned_tokens") == 0) {
        st = vva_find_orphaned_tokens(c, user_id, sandbox, fields[F_NAME], &list, &err);
        out = list;
    } else if (strcmp(op, "whoami") == 0) {
        st = vva_whoami(c, &user, &err);
        out = user;
    } else if (strcmp(op, "keep_alive") == 0) {
        st = vva_keep_alive(c, &err);
        no_result = true;
    } else if (strcmp(op, "logout") == 0) {
        st = vva_logout(c, &err);
        no_result = true;
    } else if (strcmp(op, "api_versions") == 0) {
        st = vva_api_versions(c, &versions, &err);
        out = versions;
    } else if (strcmp(op, "check_api_version") == 0) {
        st = vva_check_api_version(c, &versions, &err);
        out = versions;
    } else {
        problem("unknown op");
        emit("stage", "setup");
        vva_client_free(c);
        return;
    }
    if (st == VVA_OK) {
        if (err != NULL) problem("err_out not NULL after success");
        if (out == NULL && !no_result) problem("no result after success");
        emit("stage", "ok");
        if (tok) report_token(tok);
        if (list) emit_list(list);
        if (info) emit_info(info);
        if (report) emit_report("report", report);
        if (report && vva_revoke_report_error(report)) {
            const vva_error *why = vva_revoke_report_error(report);
            emit("section", "revoke_error");
            report_error(NULL, vva_error_status(why), why);
        }
        if (user) emit_user(user);
        if (versions) emit_versions(versions);
    } else {
        if (out != NULL) problem("out-parameter not NULL after a failure");
        report_error("call", st, err);
        const vva_revoke_report *partial = vva_error_partial_revoke(err);
        if (partial) emit_report("partial_revoke", partial);
    }
    vva_access_token_free(tok);
    vva_token_list_free(list);
    vva_token_info_free(info);
    vva_revoke_report_free(report);
    vva_user_free(user);
    vva_api_version_list_free(versions);
    vva_error_free(err);
    vva_client_free(c);
}

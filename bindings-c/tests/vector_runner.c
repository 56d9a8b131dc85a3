/*
 * Runs shared test-vector cases through the C API, driven by tests/run_vectors.py.
 *
 * C has no JSON parser, so the Python harness reads the JSON cases in tests/vectors, sets up the mock
 * Vault and compares; this program makes the calls through libveeva_vault_auth and reports
 * what the library returned. One process runs every case (so valgrind starts once).
 *
 * Protocol on stdin, one line each: `KEY HEX` sets a field (HEX is the hex-encoded UTF-8 value,
 * `-` for NULL; `id HEX` appends to the list of ids instead); `run` makes a generate call (the
 * cases in tests/vectors), `step` one step of a lifecycle case (tests/vectors/lifecycle,
 * see vector_steps.c). Both answer on stdout with `KEY HEX...` lines ended by `end`, and clear
 * the fields. Values are hex-encoded both ways because vectors hold CR, LF and non-ASCII bytes.
 *
 * Besides reporting, it checks what must hold for every case (status and error agree, the
 * accessors are consistent, out-of-range indexes give NULL) and prints `N passed, N failed`.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vector_runner.h"

#define MAX_LINE 65536
#define MAX_VALUE 32768

static const char *const FIELD_NAMES[F_COUNT] = {
    "base_url", "vault_dns", "api_version", "client_id", "body_format", "session_id",
    "access_token", "target", "target_value", "name", "expiry", "op", "query_user",
    "query_name", "include_inactive", "token_id"};

char *fields[F_COUNT];
char **ids;
size_t n_ids;
static size_t ids_cap;
static int passed, failed;
static int case_problems;

void problem(const char *what) {
    fprintf(stderr, "vector_runner: %s\n", what);
    case_problems++;
}

static int hexval(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decodes HEX into a new NUL-terminated buffer; NULL for "-" or bad input. */
static char *unhex(const char *hex) {
    if (strcmp(hex, "-") == 0) return NULL;
    size_t n = strlen(hex);
    if (n % 2 != 0 || n / 2 >= MAX_VALUE) return NULL;
    char *out = malloc(n / 2 + 1);
    if (!out) return NULL;
    for (size_t i = 0; i < n / 2; i++) {
        int hi = hexval(hex[2 * i]), lo = hexval(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            free(out);
            return NULL;
        }
        out[i] = (char)(hi * 16 + lo);
    }
    out[n / 2] = '\0';
    return out;
}

void emit(const char *key, const char *value) {
    printf("%s ", key);
    if (!value) {
        printf("-");
    } else {
        for (const unsigned char *p = (const unsigned char *)value; *p; p++) printf("%02x", *p);
    }
    printf("\n");
}

void emit_num(const char *key, unsigned long long value) {
    char buf[32];
    snprintf(buf, sizeof buf, "%llu", value);
    emit(key, buf);
}

int streq(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

void report_error(const char *stage, vva_status st, const vva_error *err) {
    if (stage) emit("stage", stage);
    emit_num("status", (unsigned long long)st);
    emit("status_str", vva_status_str((int)st));
    if (!err) {
        problem("a failing call returned no vva_error");
        return;
    }
    if (vva_error_status(err) != st) problem("vva_error_status differs from the returned status");
    if (!streq(vva_error_code(err), vva_status_str((int)st)) && st != VVA_OTHER)
        problem("vva_error_code differs from vva_status_str(status)");
    if (!vva_error_message(err) || !vva_error_message(err)[0]) problem("empty error message");
    emit("code", vva_error_code(err));
    emit("message", vva_error_message(err));
    size_t n = vva_error_vault_type_count(err);
    for (size_t i = 0; i < n; i++) {
        if (!vva_error_vault_type_at(err, i) || !vva_error_vault_message_at(err, i))
            problem("NULL vault entry inside the count");
        emit("vault_type", vva_error_vault_type_at(err, i));
        emit("vault_message", vva_error_vault_message_at(err, i));
    }
    if (vva_error_vault_type_at(err, n) != NULL || vva_error_vault_message_at(err, n) != NULL)
        problem("vault entry past the count is not NULL");
    emit_num("http_status", vva_error_http_status(err));
    emit("execution_id", vva_error_execution_id(err));
    emit_num("outcome_unknown", vva_error_outcome_unknown(err) ? 1 : 0);
    emit("response_status", vva_error_vault_response_status(err));
    emit("error_type", vva_error_vault_error_type(err));
}

void report_token(const vva_access_token *tok) {
    if (!vva_access_token_id(tok) || !vva_access_token_secret(tok)) problem("NULL id or secret");
    emit("id", vva_access_token_id(tok));
    emit("token", vva_access_token_secret(tok));
    size_t n = vva_access_token_warning_count(tok);
    for (size_t i = 0; i < n; i++) {
        if (!vva_access_token_warning_type_at(tok, i) || !vva_access_token_warning_message_at(tok, i))
            problem("NULL warning inside the count");
        emit("warning_type", vva_access_token_warning_type_at(tok, i));
    }
    if (vva_access_token_warning_type_at(tok, n) != NULL) problem("warning past the count is not NULL");
    emit("execution_id", vva_access_token_execution_id(tok));
    uint64_t v = 0;
    if (vva_access_token_burst_limit(tok, &v)) emit_num("burst_limit", v); else emit("burst_limit", NULL);
    if (vva_access_token_burst_limit_remaining(tok, &v)) emit_num("burst_limit_remaining", v);
    else emit("burst_limit_remaining", NULL);
}

static vva_status set(vva_client_options *o, int field,
                      vva_status (*setter)(vva_client_options *, const char *)) {
    return fields[field] ? setter(o, fields[field]) : VVA_OK;
}

vva_status make_client(vva_client **client_out, vva_error **err_out) {
    *client_out = NULL;
    *err_out = NULL;
    vva_client_options *opts = vva_client_options_new();
    if (!opts) {
        problem("vva_client_options_new returned NULL");
        return VVA_PANIC;
    }
    int format = streq(fields[F_BODY_FORMAT], "json") ? VVA_BODY_FORMAT_JSON : VVA_BODY_FORMAT_FORM;
    if (set(opts, F_BASE_URL, vva_client_options_set_base_url) != VVA_OK ||
        set(opts, F_VAULT_DNS, vva_client_options_set_vault_dns) != VVA_OK ||
        set(opts, F_API_VERSION, vva_client_options_set_api_version) != VVA_OK ||
        set(opts, F_CLIENT_ID, vva_client_options_set_client_id) != VVA_OK ||
        set(opts, F_SESSION_ID, vva_client_options_set_session_id) != VVA_OK ||
        set(opts, F_ACCESS_TOKEN, vva_client_options_set_access_token) != VVA_OK ||
        vva_client_options_set_body_format(opts, format) != VVA_OK) {
        problem("an options setter failed");
        vva_client_options_free(opts);
        return VVA_PANIC;
    }
    vva_status st = vva_client_new(opts, client_out, err_out);
    vva_client_options_free(opts);
    if (st != VVA_OK && *client_out != NULL) problem("client_out not NULL after a failure");
    if (st == VVA_OK && *err_out != NULL) problem("err_out not NULL after success");
    return st;
}

/* The generate call of a case in tests/vectors. */
static void run_case(void) {
    vva_client *client = NULL;
    vva_error *err = NULL;
    vva_status st = make_client(&client, &err);
    if (st == VVA_PANIC && !err) {
        emit("stage", "setup");
        return;
    }
    if (st != VVA_OK) {
        report_error("client", st, err);
        vva_error_free(err);
        return;
    }

    vva_access_token *tok = NULL;
    const char *target = fields[F_TARGET] ? fields[F_TARGET] : "";
    if (strcmp(target, "me") == 0) {
        st = vva_generate_access_token_me(client, fields[F_NAME], fields[F_EXPIRY], &tok, &err);
    } else if (strcmp(target, "sandbox") == 0) {
        st = vva_generate_access_token_sandbox(client, fields[F_TARGET_VALUE], fields[F_NAME],
                                               fields[F_EXPIRY], &tok, &err);
    } else {
        st = vva_generate_access_token(client, fields[F_TARGET_VALUE], fields[F_NAME], fields[F_EXPIRY],
                                       &tok, &err);
    }
    if (st == VVA_OK) {
        if (err != NULL) problem("err_out not NULL after success");
        emit("stage", "ok");
        emit_num("status", 0);
        report_token(tok);
    } else {
        if (tok != NULL) problem("token_out not NULL after a failure");
        report_error("call", st, err);
    }
    vva_access_token_free(tok);
    vva_error_free(err);
    vva_client_free(client);
}

/* Runs one case or step, reports, and resets the fields. */
static void finish(void (*body)(void)) {
    case_problems = 0;
    body();
    emit("section", "main");
    if (case_problems == 0) passed++; else failed++;
    emit_num("problems", (unsigned long long)case_problems);
    printf("end\n");
    fflush(stdout);
    for (int i = 0; i < F_COUNT; i++) {
        free(fields[i]);
        fields[i] = NULL;
    }
    for (size_t i = 0; i < n_ids; i++) free(ids[i]);
    n_ids = 0;
}

/* Appends an id (NULL stays NULL: the C API must reject it). */
static void add_id(char *id) {
    if (n_ids == ids_cap) {
        size_t cap = ids_cap ? ids_cap * 2 : 16;
        char **grown = realloc(ids, cap * sizeof *grown);
        if (!grown) {
            free(id);
            problem("out of memory");
            return;
        }
        ids = grown;
        ids_cap = cap;
    }
    ids[n_ids++] = id;
}

int main(void) {
    static char line[MAX_LINE];
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (strcmp(line, "run") == 0) {
            finish(run_case);
            continue;
        }
        if (strcmp(line, "step") == 0) {
            finish(run_step);
            continue;
        }
        char *space = strchr(line, ' ');
        if (!space) continue;
        *space = '\0';
        if (strcmp(line, "id") == 0) {
            add_id(unhex(space + 1));
            continue;
        }
        for (int i = 0; i < F_COUNT; i++) {
            if (strcmp(line, FIELD_NAMES[i]) == 0) {
                free(fields[i]);
                fields[i] = unhex(space + 1);
            }
        }
    }
    for (int i = 0; i < F_COUNT; i++) free(fields[i]);
    free(ids);
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}

/*
 * What vector_runner.c (the protocol, the generate cases) and vector_steps.c (the lifecycle
 * steps) share: the fields read from stdin and the helpers that report on stdout.
 */
#ifndef VVA_TEST_VECTOR_RUNNER_H
#define VVA_TEST_VECTOR_RUNNER_H

#include <stddef.h>

#include "veeva_vault_auth.h"

enum { F_BASE_URL, F_VAULT_DNS, F_API_VERSION, F_CLIENT_ID, F_BODY_FORMAT, F_SESSION_ID,
       F_ACCESS_TOKEN, F_TARGET, F_TARGET_VALUE, F_NAME, F_EXPIRY, F_OP, F_QUERY_USER,
       F_QUERY_NAME, F_INCLUDE_INACTIVE, F_TOKEN_ID, F_COUNT };

/* The current case's fields (NULL: not given or null), and its list of ids (`id` lines). */
extern char *fields[F_COUNT];
extern char **ids;
extern size_t n_ids;

/* Counts an inconsistency of the C API (reported on stderr; the case fails). */
void problem(const char *what);
/* Writes `KEY HEX` (or `KEY -` for NULL). */
void emit(const char *key, const char *value);
void emit_num(const char *key, unsigned long long value);
int streq(const char *a, const char *b);
/* Every detail of an error (after `stage STAGE` unless `stage` is NULL), checking consistency. */
void report_error(const char *stage, vva_status st, const vva_error *err);
/* A token's id, secret, warnings, execution id and burst limits. */
void report_token(const vva_access_token *tok);
/* A client from the fields; on failure the error is in *err_out (or VVA_PANIC without one). */
vva_status make_client(vva_client **client_out, vva_error **err_out);
/* One lifecycle step (vector_steps.c). */
void run_step(void);

#endif

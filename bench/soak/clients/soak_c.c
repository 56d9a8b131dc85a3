/* `make soak`'s C client: --inflight threads sharing one vva_client from the shared library, each
 * cycling generate (for its user), list (must show the new id), revoke (its own token) and whoami
 * (must be --me) until --seconds have passed. Prints one JSON line per 10 s window (see
 * bench/soak/README.md). The session id comes from VVA_SOAK_SESSION; nothing secret is printed.
 *
 * usage: soak_c --url URL --users ID,ID --me ID [--seconds 600] [--inflight 64]
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <veeva_vault_auth.h>

#define MAX_USERS 16
#define BUCKETS 400 /* floor(ln(us) * 20) < 400 up to e^20 us */
static const char *const OPS[4] = {"generate", "list", "revoke", "whoami"};
static const char *EXPIRY = "2031-12-31T12:00:00Z";

typedef struct {
  unsigned long calls, errors, ops[4], hist[BUCKETS];
  char error[160];
} window;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static window win;
static unsigned long total_calls, total_errors;
static double started, deadline;
static const vva_client *client;
static const char *users[MAX_USERS], *me;
static int n_users;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* `error` is NULL for success, else a short code (never a message with request data). */
static void record(int op, double since, const char *error) {
  double us = (now() - since) * 1e6;
  int b = (int)floor(log(us < 1 ? 1 : us) * 20);
  if (b >= BUCKETS) b = BUCKETS - 1;
  pthread_mutex_lock(&lock);
  total_calls++;
  win.calls++;
  win.ops[op]++;
  win.hist[b]++;
  if (error) {
    total_errors++;
    win.errors++;
    if (!win.error[0]) snprintf(win.error, sizeof win.error, "%s: %s", OPS[op], error);
  }
  pthread_mutex_unlock(&lock);
}

/* Records a failed call with the library's code, and frees the error. */
static void record_err(int op, double since, vva_error *err) {
  const char *code = err ? vva_error_code(err) : NULL;
  record(op, since, code ? code : "no error code");
  vva_error_free(err);
}

static void emit(void) {
  window w;
  pthread_mutex_lock(&lock);
  w = win;
  memset(&win, 0, sizeof win);
  pthread_mutex_unlock(&lock);
  printf("{\"t\":%.3f,\"calls\":%lu,\"errors\":%lu,\"ops\":{", now() - started, w.calls, w.errors);
  for (int i = 0; i < 4; i++) printf("%s\"%s\":%lu", i ? "," : "", OPS[i], w.ops[i]);
  printf("},\"hist\":{");
  for (int b = 0, first = 1; b < BUCKETS; b++)
    if (w.hist[b]) { printf("%s\"%d\":%lu", first ? "" : ",", b, w.hist[b]); first = 0; }
  /* The error text is a library code plus our own words: no quotes or backslashes to escape. */
  if (w.error[0]) printf("},\"error\":\"%s\"}\n", w.error);
  else printf("},\"error\":null}\n");
  fflush(stdout);
}

static void cycle(const char *user, const char *name) {
  vva_error *err = NULL;
  vva_access_token *tok = NULL;
  double t = now();
  if (vva_generate_access_token(client, user, name, EXPIRY, &tok, &err) != VVA_OK) {
    record_err(0, t, err);
    return;
  }
  const char *secret = vva_access_token_secret(tok);
  if (!secret || strncmp(secret, "veeva-vault-", 12) != 0) {
    record(0, t, "unexpected token shape");
    vva_access_token_free(tok);
    return;
  }
  record(0, t, NULL);
  const char *id = vva_access_token_id(tok);

  vva_token_list *list = NULL;
  t = now();
  if (vva_list_access_tokens(client, user, NULL, false, &list, &err) != VVA_OK) {
    record_err(1, t, err);
  } else {
    int found = 0;
    for (size_t i = 0; i < vva_token_list_len(list); i++)
      if (strcmp(vva_token_info_id(vva_token_list_at(list, i)), id) == 0) found = 1;
    record(1, t, found ? NULL : "new token not listed");
    vva_token_list_free(list);
  }

  vva_revoke_report *report = NULL;
  const char *ids[1] = {id};
  t = now();
  if (vva_revoke_access_tokens(client, ids, 1, &report, &err) != VVA_OK) {
    record_err(2, t, err);
  } else {
    int ok = vva_revoke_report_is_complete(report) && vva_revoke_report_revoked_count(report) == 1 &&
             strcmp(vva_revoke_report_revoked_at(report, 0), id) == 0;
    record(2, t, ok ? NULL : "revoke report incomplete");
    vva_revoke_report_free(report);
  }
  vva_access_token_free(tok);

  vva_user *u = NULL;
  t = now();
  if (vva_whoami(client, &u, &err) != VVA_OK) {
    record_err(3, t, err);
  } else {
    record(3, t, strcmp(vva_user_id(u), me) == 0 ? NULL : "whoami: another user");
    vva_user_free(u);
  }
}

static void *worker(void *arg) {
  long w = (long)arg;
  char name[64];
  snprintf(name, sizeof name, "soak-c-%ld", w);
  while (now() < deadline) cycle(users[w % n_users], name);
  return NULL;
}

int main(int argc, char **argv) {
  const char *url = NULL;
  double seconds = 600;
  long inflight = 64;
  static char user_list[512];
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--url")) url = argv[i + 1];
    else if (!strcmp(argv[i], "--users")) snprintf(user_list, sizeof user_list, "%s", argv[i + 1]);
    else if (!strcmp(argv[i], "--me")) me = argv[i + 1];
    else if (!strcmp(argv[i], "--seconds")) seconds = atof(argv[i + 1]);
    else if (!strcmp(argv[i], "--inflight")) inflight = atol(argv[i + 1]);
  }
  for (char *save = NULL, *u = strtok_r(user_list, ",", &save); u && n_users < MAX_USERS; u = strtok_r(NULL, ",", &save))
    users[n_users++] = u;
  const char *session = getenv("VVA_SOAK_SESSION");
  if (!url || !me || !n_users || !session || !*session || inflight < 1) {
    fprintf(stderr, "usage: VVA_SOAK_SESSION=... soak_c --url URL --users ID,ID --me ID [--seconds N] [--inflight N]\n");
    return 2;
  }
  vva_client_options *opts = vva_client_options_new();
  vva_client *c = NULL;
  vva_error *err = NULL;
  if (!opts || vva_client_options_set_vault_dns(opts, "myvault.veevavault.com") != VVA_OK ||
      vva_client_options_set_base_url(opts, url) != VVA_OK || vva_client_options_set_session_id(opts, session) != VVA_OK ||
      vva_client_new(opts, &c, &err) != VVA_OK) {
    fprintf(stderr, "soak_c: client: %s\n", err && vva_error_code(err) ? vva_error_code(err) : "options");
    vva_error_free(err);
    vva_client_options_free(opts);
    return 1;
  }
  vva_client_options_free(opts);
  client = c;
  started = now();
  deadline = started + seconds;
  pthread_t *threads = calloc((size_t)inflight, sizeof *threads);
  if (!threads) return 1;
  for (long w = 0; w < inflight; w++)
    if (pthread_create(&threads[w], NULL, worker, (void *)w) != 0) { fprintf(stderr, "soak_c: pthread_create\n"); return 1; }
  /* Emit every 10 s until the deadline; the workers then finish their cycle. */
  for (double next = started + 10; next < deadline; next += 10) {
    double wait = next - now();
    if (wait > 0) {
      struct timespec ts = {(time_t)wait, (long)((wait - (time_t)wait) * 1e9)};
      nanosleep(&ts, NULL);
    }
    if (now() < deadline) emit();
  }
  for (long w = 0; w < inflight; w++) pthread_join(threads[w], NULL);
  free(threads);
  emit();
  printf("{\"done\":true,\"calls\":%lu,\"errors\":%lu}\n", total_calls, total_errors);
  vva_client_free(c);
  return 0;
}

/* C runners: this library (sequential, and 64 threads sharing one client) and libcurl (a reused
 * easy handle; multi with 64 transfers in flight). Each call: POST the form, read the JSON, find
 * data.token__sys. Prints one JSON result line (see bench/run.py).
 *
 * usage: c_clients --client curl-easy|curl-multi|vva-seq|vva-threads --url URL [--ca FILE]
 *                  [--calls N] [--concurrency 64]
 */
#define _POSIX_C_SOURCE 200809L
#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <veeva_vault_auth.h>

static const char *FORM = "name__v=bench&expiry_date__v=2031-12-31T12%3A00%3A00Z";
static const char *client_name, *base_url, *ca_file;
static int calls = 2000, width = 64;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static void report(const char *mode, double seconds, double *lat, int n) {
  qsort(lat, n, sizeof *lat, cmp);
  printf("{\"client\":\"%s\",\"mode\":\"%s\",\"calls\":%d,\"seconds\":%f,\"p50_us\":%f,\"p99_us\":%f}\n",
         client_name, mode, n, seconds, n ? lat[(int)((n - 1) * 0.5 + 0.5)] * 1e6 : 0,
         n ? lat[(int)((n - 1) * 0.99 + 0.5)] * 1e6 : 0);
}

/* The JSON "parse" a libcurl user would do at minimum: find the token field and check it. */
typedef struct { char buf[4096]; size_t len; } body;
static size_t on_data(char *p, size_t s, size_t n, void *u) {
  body *b = u;
  size_t k = s * n;
  if (b->len + k >= sizeof b->buf) return 0;
  memcpy(b->buf + b->len, p, k);
  b->len += k;
  b->buf[b->len] = 0;
  return k;
}
static void check_body(const body *b) {
  const char *t = strstr(b->buf, "\"token__sys\":\"veeva-vault-");
  if (!t) { fprintf(stderr, "c_clients: no token in response\n"); exit(1); }
}

static char url[1024];
static struct curl_slist *headers;

static CURL *easy_new(body *b) {
  CURL *h = curl_easy_init();
  curl_easy_setopt(h, CURLOPT_URL, url);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, FORM);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, b);
  curl_easy_setopt(h, CURLOPT_TCP_NODELAY, 1L);
  if (ca_file) curl_easy_setopt(h, CURLOPT_CAINFO, ca_file);
  return h;
}

static void run_curl_easy(void) {
  body b = {0};
  CURL *h = easy_new(&b);
  double *lat = malloc(sizeof *lat * calls);
  double t0 = 0;
  for (int i = 0; i < 50 + calls; i++) {
    if (i == 50) t0 = now();
    double t = now();
    b.len = 0;
    if (curl_easy_perform(h) != CURLE_OK) { fprintf(stderr, "curl failed\n"); exit(1); }
    check_body(&b);
    if (i >= 50) lat[i - 50] = now() - t;
  }
  report("seq", now() - t0, lat, calls);
  curl_easy_cleanup(h);
  free(lat);
}

static void run_curl_multi(void) {
  CURLM *m = curl_multi_init();
  /* No connection cap: `width` handles in flight open `width` connections, kept alive. */
  CURL **handles = calloc(width, sizeof *handles);
  body *bodies = calloc(width, sizeof *bodies);
  double *started = calloc(width, sizeof *started);
  double *lat = malloc(sizeof *lat * calls);
  int started_n = 0, done = 0;
  for (int i = 0; i < width; i++) handles[i] = easy_new(&bodies[i]);
  /* warm-up: one round of `width` transfers opens the connections */
  int warm = width, warm_done = 0;
  for (int i = 0; i < width; i++) curl_multi_add_handle(m, handles[i]);
  double t0 = 0;
  int running = 1;
  for (int phase = 0; phase < 2; phase++) {
    if (phase == 1) {
      t0 = now();
      for (int i = 0; i < width && started_n < calls; i++, started_n++) {
        bodies[i].len = 0;
        started[i] = now();
        curl_multi_add_handle(m, handles[i]);
      }
    }
    while (phase == 0 ? warm_done < warm : done < calls) {
      curl_multi_perform(m, &running);
      CURLMsg *msg;
      int left;
      while ((msg = curl_multi_info_read(m, &left))) {
        if (msg->msg != CURLMSG_DONE) continue;
        CURL *h = msg->easy_handle;
        int idx = 0;
        while (handles[idx] != h) idx++;
        if (msg->data.result != CURLE_OK) { fprintf(stderr, "curl multi failed\n"); exit(1); }
        check_body(&bodies[idx]);
        curl_multi_remove_handle(m, h);
        if (phase == 0) { warm_done++; bodies[idx].len = 0; continue; }
        lat[done++] = now() - started[idx];
        if (started_n < calls) {
          started_n++;
          bodies[idx].len = 0;
          started[idx] = now();
          curl_multi_add_handle(m, h);
        }
      }
      /* Wait only when nothing finished: on loopback a whole transfer often completes inside
       * one perform call, and polling then would sleep for the full timeout. */
      if (running > 0) curl_multi_poll(m, NULL, 0, 100, NULL);
    }
  }
  report("conc", now() - t0, lat, calls);
  for (int i = 0; i < width; i++) curl_easy_cleanup(handles[i]);
  curl_multi_cleanup(m);
  free(handles); free(bodies); free(started); free(lat);
}

static vva_client *vva;
static double *vlat;
static int per_thread;

static void vva_call(double *out) {
  vva_access_token *tok = NULL;
  vva_error *err = NULL;
  double t = now();
  if (vva_generate_access_token(vva, "12345", "bench", "2031-12-31T12:00:00Z", &tok, &err) != VVA_OK) {
    fprintf(stderr, "vva: %s\n", vva_error_message(err));
    exit(1);
  }
  if (strncmp(vva_access_token_secret(tok), "veeva-vault-", 12) != 0) exit(1);
  vva_access_token_free(tok);
  if (out) *out = now() - t;
}

static void *vva_thread(void *arg) {
  long k = (long)arg;
  for (int i = 0; i < per_thread; i++) vva_call(&vlat[k * per_thread + i]);
  return NULL;
}

static void run_vva(int threads) {
  vva_client_options *o = vva_client_options_new();
  vva_client_options_set_vault_dns(o, "myvault.veevavault.com");
  vva_client_options_set_base_url(o, base_url);
  vva_client_options_set_session_id(o, "bench-session-0001");
  if (ca_file) vva_client_options_set_ca_file(o, ca_file);
  vva_error *err = NULL;
  if (vva_client_new(o, &vva, &err) != VVA_OK) { fprintf(stderr, "vva: %s\n", vva_error_message(err)); exit(1); }
  vva_client_options_free(o);
  for (int i = 0; i < 50; i++) vva_call(NULL);
  per_thread = calls / threads;
  int n = per_thread * threads;
  vlat = malloc(sizeof *vlat * n);
  double t0 = now();
  if (threads == 1) {
    vva_thread((void *)0);
  } else {
    pthread_t *ts = malloc(sizeof *ts * threads);
    for (long i = 0; i < threads; i++) pthread_create(&ts[i], NULL, vva_thread, (void *)i);
    for (int i = 0; i < threads; i++) pthread_join(ts[i], NULL);
    free(ts);
  }
  report(threads == 1 ? "seq" : "conc", now() - t0, vlat, n);
  free(vlat);
  vva_client_free(vva);
}

int main(int argc, char **argv) {
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--client")) client_name = argv[i + 1];
    else if (!strcmp(argv[i], "--url")) base_url = argv[i + 1];
    else if (!strcmp(argv[i], "--ca")) ca_file = *argv[i + 1] ? argv[i + 1] : NULL;
    else if (!strcmp(argv[i], "--calls")) calls = atoi(argv[i + 1]);
    else if (!strcmp(argv[i], "--concurrency")) width = atoi(argv[i + 1]);
  }
  if (!client_name || !base_url) { fprintf(stderr, "usage: see source\n"); return 2; }
  snprintf(url, sizeof url, "%s/api/v26.2/objects/users/12345/api_access_token__sys", base_url);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  headers = curl_slist_append(NULL, "Authorization: bench-session-0001");
  headers = curl_slist_append(headers, "Accept: application/json");
  headers = curl_slist_append(headers, "Content-Type: application/x-www-form-urlencoded");
  headers = curl_slist_append(headers, "Expect:");
  if (!strcmp(client_name, "curl-easy")) run_curl_easy();
  else if (!strcmp(client_name, "curl-multi")) run_curl_multi();
  else if (!strcmp(client_name, "vva-seq")) run_vva(1);
  else if (!strcmp(client_name, "vva-threads")) run_vva(width);
  else { fprintf(stderr, "unknown client\n"); return 2; }
  curl_slist_free_all(headers);
  curl_global_cleanup();
  return 0;
}

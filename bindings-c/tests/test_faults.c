/*
 * Faults under load (issue 15), through the C library: 16 pthreads share one client, one call
 * each per batch, while the mock Vault ($MOCK_VAULT_BIN, started here so that it can be killed
 * and restarted on the same port) is killed, stalls, resets every third connection and answers
 * 503. Every call ends within its deadline with the code and `vva_error_outcome_unknown` the
 * core's classification promises: creates report an unknown outcome whenever the request was
 * sent and no Vault answer came back; read-only calls (whoami, listing) never do; a refused
 * connection proves nothing was sent. After each fault, calls succeed again on fresh
 * connections, and the process has no thread more than after the warm-up.
 *
 * Starts its own mock (not through with-mock.sh), so it runs under valgrind as the other tests
 * do (about 9 s there, 2 s without). Prints one line per failed check and a closing
 * `N passed, N failed`.
 */
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>

#include "testlib.h"

#define IN_FLIGHT 16
#define TIMEOUT_MS 2000 /* each call's deadline: the stall costs this much */
#define MARGIN_MS 3000  /* generous, for a loaded machine; a hang is still caught */

static char url_buf[64];
static pid_t mock_pid;
static int mock_stdin = -1; /* the mock exits when this closes (--exit-on-stdin-eof) */

/* Starts $MOCK_VAULT_BIN on `port` (0: any) and reads its URL; exits on failure. */
static void start_mock(int port) {
    const char *bin = getenv("MOCK_VAULT_BIN");
    int out[2], in[2];
    if (!bin || pipe(out) != 0 || pipe(in) != 0) {
        printf("FAIL: set MOCK_VAULT_BIN to the mock-vault binary\n");
        exit(1);
    }
    char port_text[16];
    snprintf(port_text, sizeof port_text, "%d", port);
    mock_pid = fork();
    if (mock_pid == 0) {
        dup2(out[1], 1);
        dup2(in[0], 0);
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) dup2(null, 2);
        close(out[0]);
        close(in[1]);
        execl(bin, bin, "--port", port_text, "--exit-on-stdin-eof", (char *)NULL);
        _exit(127);
    }
    close(out[1]);
    close(in[0]);
    mock_stdin = in[1];
    size_t len = 0;
    char c;
    while (len + 1 < sizeof url_buf && read(out[0], &c, 1) == 1 && c != '\n') url_buf[len++] = c;
    url_buf[len] = '\0';
    close(out[0]);
    if (!starts(url_buf, "http://")) {
        printf("FAIL: mock-vault did not start on port %d: %s\n", port, url_buf);
        exit(1);
    }
    mock_url = url_buf;
}

static void kill_mock(void) {
    kill(mock_pid, SIGKILL);
    waitpid(mock_pid, NULL, 0);
    close(mock_stdin);
}

static int mock_port(void) { return atoi(strrchr(mock_url, ':') + 1); }

/* A fault mode on a fresh state (no tokens: creates stay under the 25-token limit). */
static void fault(const char *modes) {
    CHECK(mock_reset(mock_url) == 0, "reset");
    CHECK(mock_request(mock_url, "POST", "/__mock/faults", modes, NULL, 0) == 200, "faults %s", modes);
}

/* A number field of GET /__mock/faults. */
static long faults_field(const char *name) {
    char body[1024], key[64];
    if (mock_request(mock_url, "GET", "/__mock/faults", NULL, body, sizeof body) != 200) return -1;
    snprintf(key, sizeof key, "\"%s\":", name);
    const char *at = strstr(body, key);
    return at ? atol(at + strlen(key)) : -1;
}

static long now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

static void sleep_ms(long ms) {
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

static int threads(void) {
    int n = 0;
    DIR *d = opendir("/proc/self/task");
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL)
        if (e->d_name[0] != '.') n++;
    if (d) closedir(d);
    return n;
}

struct call {
    const vva_client *client;
    int index;
    int create;
    long took_ms;
    vva_status status;
    char code[32];
    int outcome_unknown;
    int http_status;
};

static void *call_main(void *arg) {
    struct call *call = arg;
    vva_error *e = NULL;
    long started = now_ms();
    call->create = call->index % 2 == 0;
    if (call->create) {
        char name[32];
        snprintf(name, sizeof name, "faults %d", call->index);
        vva_access_token *t = NULL;
        call->status = vva_generate_access_token_me(call->client, name, NULL, &t, &e);
        vva_access_token_free(t);
    } else if (call->index % 4 == 1) {
        vva_user *u = NULL;
        call->status = vva_whoami(call->client, &u, &e);
        vva_user_free(u);
    } else {
        vva_token_list *l = NULL;
        call->status = vva_list_access_tokens(call->client, "12345", NULL, false, &l, &e);
        vva_token_list_free(l);
    }
    call->took_ms = now_ms() - started;
    snprintf(call->code, sizeof call->code, "%s", e ? show(vva_error_code(e)) : "");
    call->outcome_unknown = e ? vva_error_outcome_unknown(e) : 0;
    call->http_status = e ? vva_error_http_status(e) : 0;
    vva_error_free(e);
    return NULL;
}

static struct call calls[IN_FLIGHT];
static pthread_t running[IN_FLIGHT];

static void batch_start(const vva_client *client) {
    for (int i = 0; i < IN_FLIGHT; i++) {
        memset(&calls[i], 0, sizeof calls[i]);
        calls[i].client = client;
        calls[i].index = i;
        CHECK(pthread_create(&running[i], NULL, call_main, &calls[i]) == 0, "pthread_create");
    }
}

static void batch_join(void) {
    for (int i = 0; i < IN_FLIGHT; i++) {
        pthread_join(running[i], NULL);
        CHECK(calls[i].took_ms < TIMEOUT_MS + MARGIN_MS, "call %d took %ld ms, past its deadline", i, calls[i].took_ms);
    }
}

static void batch(const vva_client *client) {
    batch_start(client);
    batch_join();
}

/* Every call failed with `code`; creates with `create_unknown`, read-only calls never unknown. */
static void all_failed(const char *phase, const char *code, int create_unknown) {
    for (int i = 0; i < IN_FLIGHT; i++) {
        struct call *c = &calls[i];
        CHECK(c->status != VVA_OK && streq(c->code, code), "%s: call %d: %s, expected %s", phase, i, c->code, code);
        CHECK(c->outcome_unknown == (c->create && create_unknown), "%s: call %d (create=%d): outcome_unknown=%d", phase,
              i, c->create, c->outcome_unknown);
    }
}

static void all_succeeded(const char *phase) {
    for (int i = 0; i < IN_FLIGHT; i++)
        CHECK(calls[i].status == VVA_OK, "%s: call %d failed after the mock recovered: %s", phase, i, calls[i].code);
}

int main(void) {
    signal(SIGPIPE, SIG_IGN);
    start_mock(0);
    vva_client_options *o = mock_options(ADMIN_SESSION);
    CHECK(vva_client_options_set_timeout_ms(o, TIMEOUT_MS) == VVA_OK, "set_timeout_ms");
    vva_client *client = NULL;
    vva_error *e = NULL;
    CHECK(vva_client_new(o, &client, &e) == VVA_OK, "vva_client_new: %s", show(vva_error_message(e)));
    vva_error_free(e);
    vva_client_options_free(o);
    if (!client) return 1;

    batch(client);
    all_succeeded("warm-up");
    int before = threads();

    /* Kill with 16 requests read and unanswered, call while it is down, restart on the port. */
    fault("{\"stall\":true}");
    batch_start(client);
    long deadline = now_ms() + TIMEOUT_MS;
    while (faults_field("stalled") < IN_FLIGHT && now_ms() < deadline) sleep_ms(10);
    int port = mock_port();
    kill_mock();
    batch_join();
    /* The requests were sent: a create may have been carried out. */
    all_failed("killed with requests in flight", "transport_failed", 1);
    /* A refused connection proves nothing was sent. */
    batch(client);
    all_failed("mock down", "connect_failed", 0);
    start_mock(port);
    CHECK(mock_port() == port, "restarted on port %d, not %d", mock_port(), port);
    batch(client);
    all_succeeded("after restart");

    /* Stall: the deadline fires with the requests sent. */
    fault("{\"stall\":true}");
    batch(client);
    all_failed("stall", "timeout", 1);
    mock_reset(mock_url);
    batch(client);
    all_succeeded("after stall");

    /* Reset every 3rd connection. Answers close their connection in this mode, so after the first
     * batch (on kept-alive connections) every call opens a fresh one. */
    fault("{\"reset_every\":3}");
    long failures = 0;
    for (int round = 0; round < 3; round++) {
        batch(client);
        for (int i = 0; i < IN_FLIGHT; i++) {
            struct call *c = &calls[i];
            if (c->status == VVA_OK) continue;
            failures++;
            CHECK(streq(c->code, "transport_failed"), "reset: call %d: %s", i, c->code);
            CHECK(c->outcome_unknown == c->create, "reset: call %d (create=%d): outcome_unknown=%d", i, c->create,
                  c->outcome_unknown);
        }
    }
    long resets = faults_field("resets");
    CHECK(resets >= 1, "no connection was reset");
    CHECK(failures == resets, "%ld calls failed, %ld connections were reset", failures, resets);
    mock_reset(mock_url);
    batch(client);
    all_succeeded("after resets");

    /* 503 to every API request: an HTTP answer without a Vault envelope. */
    fault("{\"status\":503}");
    batch(client);
    all_failed("503", "http_status", 1);
    for (int i = 0; i < IN_FLIGHT; i++) CHECK(calls[i].http_status == 503, "503: call %d: HTTP %d", i, calls[i].http_status);
    mock_reset(mock_url);
    batch(client);
    all_succeeded("after 503");

    /* Joined threads are gone once their thread-local runtime and connection are dropped. */
    long settle = now_ms() + MARGIN_MS;
    int after;
    while ((after = threads()) > before && now_ms() < settle) sleep_ms(10);
    CHECK(after <= before, "threads: %d after the warm-up, %d at the end", before, after);

    vva_client_free(client);
    kill_mock();
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}

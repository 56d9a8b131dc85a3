/*
 * mock_vault_test: how to test your own code against the mock Vault that `make install` puts
 * next to the library (PREFIX/bin/mock-vault), without a live Vault.
 *
 * The test starts `mock-vault --port 0 --exit-on-stdin-eof`: the mock picks a free loopback
 * port and prints its base URL as the first line on stdout; it exits when its stdin closes, so
 * it also goes away if the test dies. The mock's fixtures: user admin@myvault.example (id
 * 12345, password mock-password) in the Vault myvault.veevavault.com, among others.
 *
 * Run: MOCK_VAULT=/opt/vva/bin/mock-vault ./mock_vault_test   (default: mock-vault on PATH)
 * Build: cc mock_vault_test.c $(pkg-config --cflags --libs veeva_vault_auth) -o mock_vault_test
 */
#define _POSIX_C_SOURCE 200809L /* posix_spawnp, fdopen */
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <veeva_vault_auth.h>

extern char **environ;

struct mock {
    pid_t pid;
    int stdin_fd;
    FILE *stdout_of_mock; /* kept open: the mock may write more */
    char url[256];
};

/* Starts the mock and reads its URL; 0 on success. */
static int mock_start(struct mock *m) {
    const char *bin = getenv("MOCK_VAULT") ? getenv("MOCK_VAULT") : "mock-vault";
    int in[2], out[2];
    if (pipe(in) != 0 || pipe(out) != 0) return -1;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in[0], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, in[1]);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    char *argv[] = {(char *)bin, "--port", "0", "--exit-on-stdin-eof", NULL};
    int rc = posix_spawnp(&m->pid, bin, &actions, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    close(in[0]);
    close(out[1]);
    if (rc != 0) {
        close(in[1]);
        close(out[0]);
        return -1;
    }
    m->stdin_fd = in[1];
    m->stdout_of_mock = fdopen(out[0], "r");
    m->url[0] = '\0';
    if (!m->stdout_of_mock || !fgets(m->url, sizeof m->url, m->stdout_of_mock)) m->url[0] = '\0';
    m->url[strcspn(m->url, "\r\n")] = '\0';
    return strncmp(m->url, "http://", 7) == 0 ? 0 : -1;
}

static void mock_stop(struct mock *m) {
    close(m->stdin_fd); /* --exit-on-stdin-eof: the mock exits */
    waitpid(m->pid, NULL, 0);
    if (m->stdout_of_mock) fclose(m->stdout_of_mock);
}

static int failures;
#define EXPECT(cond)                                                 \
    do {                                                             \
        if (!(cond)) {                                               \
            failures++;                                              \
            fprintf(stderr, "FAIL line %d: %s\n", __LINE__, #cond);  \
        }                                                            \
    } while (0)

/* Your code under test would go here; this one makes a token and revokes it again. (err_out
 * is NULL throughout: a test only needs the status.) */
static void test_generate_list_revoke(const char *mock_url) {
    vva_client_options *opts = vva_client_options_new();
    vva_client_options_set_vault_dns(opts, "myvault.veevavault.com");
    vva_client_options_set_base_url(opts, mock_url); /* http:// is allowed on loopback */
    vva_client *client = NULL;
    EXPECT(vva_login(opts, "admin@myvault.example", "mock-password", &client, NULL) == VVA_OK);
    vva_client_options_free(opts);

    vva_access_token *token = NULL;
    EXPECT(vva_generate_access_token_me(client, "my-integration", NULL, &token, NULL) == VVA_OK);
    EXPECT(strncmp(vva_access_token_secret(token), "veeva-vault-", 12) == 0);

    vva_token_list *list = NULL;
    EXPECT(vva_list_access_tokens(client, NULL, "my-integration", false, &list, NULL) == VVA_OK);
    EXPECT(vva_token_list_len(list) == 1);
    EXPECT(strcmp(vva_token_info_id(vva_token_list_at(list, 0)), vva_access_token_id(token)) == 0);
    vva_token_list_free(list);

    const char *ids[] = {vva_access_token_id(token)};
    vva_revoke_report *report = NULL;
    EXPECT(vva_revoke_access_tokens(client, ids, 1, &report, NULL) == VVA_OK);
    EXPECT(vva_revoke_report_is_complete(report));
    vva_revoke_report_free(report);

    EXPECT(vva_list_access_tokens(client, NULL, "my-integration", false, &list, NULL) == VVA_OK);
    EXPECT(vva_token_list_len(list) == 0);
    vva_token_list_free(list);
    vva_access_token_free(token);
    vva_client_free(client);
}

int main(void) {
    struct mock mock;
    if (mock_start(&mock) != 0) {
        fprintf(stderr, "could not start mock-vault (set MOCK_VAULT or put it on PATH)\n");
        return 2;
    }
    test_generate_list_revoke(mock.url);
    mock_stop(&mock);
    printf("%s\n", failures == 0 ? "ok" : "FAILED");
    return failures == 0 ? 0 : 1;
}

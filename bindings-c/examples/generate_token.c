/*
 * generate_token: create a Veeva Vault API access token with libveeva_vault_auth.
 *
 *   generate_token [--dns DNS] [--base-url URL] [--user-id ID | --sandbox NAME]
 *                  [--name NAME] [--expiry WHEN] [--client-id ID]
 *
 * Every option can also come from the environment (VAULT_DNS, VAULT_BASE_URL, VAULT_USER_ID,
 * VAULT_SANDBOX, VAULT_TOKEN_NAME, VAULT_TOKEN_EXPIRY, VAULT_CLIENT_ID). Credentials come from
 * the environment only, never the command line (where other users could read them):
 * VAULT_SESSION_ID, or VAULT_ACCESS_TOKEN, or VAULT_USERNAME and VAULT_PASSWORD to log in.
 *
 * Without --user-id or --sandbox the token is for the authenticated user. Prints the token's
 * id and a masked token; a real program would put the token into a secret store instead.
 *
 * Build: cc generate_token.c $(pkg-config --cflags --libs veeva_vault_auth) -o generate_token
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <veeva_vault_auth.h>

static void usage(FILE *to) {
    fprintf(to,
            "usage: generate_token [--dns DNS] [--base-url URL] [--user-id ID | --sandbox NAME]\n"
            "                      [--name NAME] [--expiry WHEN] [--client-id ID]\n"
            "credentials (environment only): VAULT_SESSION_ID, VAULT_ACCESS_TOKEN, or\n"
            "                                VAULT_USERNAME + VAULT_PASSWORD\n"
            "every option also reads an environment variable: VAULT_DNS, VAULT_BASE_URL,\n"
            "VAULT_USER_ID, VAULT_SANDBOX, VAULT_TOKEN_NAME, VAULT_TOKEN_EXPIRY, VAULT_CLIENT_ID\n");
}

/* An environment variable, treating an empty value as unset. */
static const char *env(const char *name) {
    const char *value = getenv(name);
    return value && value[0] ? value : NULL;
}

/* Prints a failed call's details; returns the exit status to use. */
static int report(const char *what, vva_status status, const vva_error *err) {
    fprintf(stderr, "%s failed: %s (%s)\n", what, err ? vva_error_message(err) : "no details",
            vva_status_str((int)status));
    for (size_t i = 0; i < vva_error_vault_type_count(err); i++)
        fprintf(stderr, "  Vault error %s: %s\n", vva_error_vault_type_at(err, i), vva_error_vault_message_at(err, i));
    if (vva_error_execution_id(err)) fprintf(stderr, "  execution id: %s\n", vva_error_execution_id(err));
    if (vva_error_outcome_unknown(err))
        fprintf(stderr, "  the outcome is unknown: look for the token in Vault before trying again\n");
    return 1;
}

int main(int argc, char **argv) {
    const char *dns = env("VAULT_DNS"), *base_url = env("VAULT_BASE_URL");
    const char *user_id = env("VAULT_USER_ID"), *sandbox = env("VAULT_SANDBOX");
    const char *name = env("VAULT_TOKEN_NAME"), *expiry = env("VAULT_TOKEN_EXPIRY");
    const char *client_id = env("VAULT_CLIENT_ID");
    for (int i = 1; i < argc; i++) {
        const char **slot = NULL;
        if (strcmp(argv[i], "--dns") == 0) slot = &dns;
        else if (strcmp(argv[i], "--base-url") == 0) slot = &base_url;
        else if (strcmp(argv[i], "--user-id") == 0) slot = &user_id;
        else if (strcmp(argv[i], "--sandbox") == 0) slot = &sandbox;
        else if (strcmp(argv[i], "--name") == 0) slot = &name;
        else if (strcmp(argv[i], "--expiry") == 0) slot = &expiry;
        else if (strcmp(argv[i], "--client-id") == 0) slot = &client_id;
        else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        }
        if (!slot || i + 1 >= argc) {
            usage(stderr);
            return 2;
        }
        *slot = argv[++i];
    }
    const char *session_id = env("VAULT_SESSION_ID"), *access_token = env("VAULT_ACCESS_TOKEN");
    const char *username = env("VAULT_USERNAME"), *password = env("VAULT_PASSWORD");
    if (!dns && !base_url) {
        fprintf(stderr, "generate_token: give the Vault with --dns (or VAULT_DNS)\n");
        return 2;
    }
    if (!session_id && !access_token && !(username && password)) {
        fprintf(stderr, "generate_token: set VAULT_SESSION_ID, VAULT_ACCESS_TOKEN, or VAULT_USERNAME and "
                        "VAULT_PASSWORD\n");
        return 2;
    }
    if (user_id && sandbox) {
        fprintf(stderr, "generate_token: --user-id and --sandbox exclude each other\n");
        return 2;
    }
    if (!name) name = "generate_token example";

    /* Setters only fail on NULL or non-UTF-8 input; the values are checked by vva_client_new. */
    vva_client_options *opts = vva_client_options_new();
    if (!opts) return 1;
    vva_status st = VVA_OK;
    if (dns && st == VVA_OK) st = vva_client_options_set_vault_dns(opts, dns);
    if (base_url && st == VVA_OK) st = vva_client_options_set_base_url(opts, base_url);
    if (client_id && st == VVA_OK) st = vva_client_options_set_client_id(opts, client_id);
    if (session_id && st == VVA_OK) st = vva_client_options_set_session_id(opts, session_id);
    else if (access_token && st == VVA_OK) st = vva_client_options_set_access_token(opts, access_token);
    if (st != VVA_OK) {
        fprintf(stderr, "generate_token: bad option value (%s)\n", vva_status_str((int)st));
        vva_client_options_free(opts);
        return 2;
    }

    vva_client *client = NULL;
    vva_error *err = NULL;
    if (session_id || access_token) {
        st = vva_client_new(opts, &client, &err);
    } else {
        st = vva_login(opts, username, password, &client, &err);
    }
    vva_client_options_free(opts);
    if (st != VVA_OK) {
        int code = report(session_id || access_token ? "setting up the client" : "login", st, err);
        vva_error_free(err);
        return code;
    }
    if (vva_client_user_id(client)) printf("logged in as user %s\n", vva_client_user_id(client));

    vva_access_token *token = NULL;
    if (sandbox) {
        st = vva_generate_access_token_sandbox(client, sandbox, name, expiry, &token, &err);
    } else if (user_id) {
        st = vva_generate_access_token(client, user_id, name, expiry, &token, &err);
    } else {
        st = vva_generate_access_token_me(client, name, expiry, &token, &err);
    }
    int code = 0;
    if (st == VVA_OK) {
        const char *secret = vva_access_token_secret(token);
        size_t len = strlen(secret);
        /* Enough to recognise the token, never enough to use it. */
        int shown = len > 20 ? 16 : 0;
        printf("token id: %s\n", vva_access_token_id(token));
        printf("token:    %.*s... (%zu characters, masked)\n", shown, secret, len);
        for (size_t i = 0; i < vva_access_token_warning_count(token); i++)
            printf("warning:  %s: %s\n", vva_access_token_warning_type_at(token, i),
                   vva_access_token_warning_message_at(token, i));
    } else {
        code = report("generating the token", st, err);
    }
    vva_access_token_free(token); /* wipes the secret */
    vva_error_free(err);
    vva_client_free(client);
    return code;
}

/*
 * token_lifecycle: a token's life with libveeva_vault_auth: log in, ask who we are, generate a
 * token, list the user's tokens, revoke the one we made, and log out.
 *
 *   token_lifecycle [--dns DNS] [--base-url URL] [--name NAME]
 *
 * Options also come from the environment (VAULT_DNS, VAULT_BASE_URL, VAULT_TOKEN_NAME); the
 * credentials from the environment only: VAULT_USERNAME and VAULT_PASSWORD. `make demo-c` runs
 * it against the mock Vault.
 *
 * Build: cc token_lifecycle.c $(pkg-config --cflags --libs veeva_vault_auth) -o token_lifecycle
 */
#define _POSIX_C_SOURCE 200809L /* gmtime_r */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <veeva_vault_auth.h>

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
    if (vva_error_outcome_unknown(err)) fprintf(stderr, "  the outcome is unknown: look before trying again\n");
    return 1;
}

/* A Unix time as UTC text, or `never`. */
static const char *when(bool has_value, int64_t unix_seconds, char *buf, size_t size) {
    if (!has_value) return "never";
    time_t t = (time_t)unix_seconds;
    struct tm tm;
    if (!gmtime_r(&t, &tm) || strftime(buf, size, "%Y-%m-%d %H:%M:%SZ", &tm) == 0) return "?";
    return buf;
}

static int list_tokens(const vva_client *client, const char *user_id, const char *mine) {
    vva_token_list *list = NULL;
    vva_error *err = NULL;
    vva_status st = vva_list_access_tokens(client, user_id, NULL, false, &list, &err);
    if (st != VVA_OK) {
        int code = report("listing the tokens", st, err);
        vva_error_free(err);
        return code;
    }
    printf("%zu active token(s) of user %s:\n", vva_token_list_len(list), user_id);
    for (size_t i = 0; i < vva_token_list_len(list); i++) {
        const vva_token_info *t = vva_token_list_at(list, i); /* borrowed from the list */
        int64_t expiry = 0, used = 0;
        char e[32], u[32];
        bool has_expiry = vva_token_info_expiry(t, &expiry), has_used = vva_token_info_last_used(t, &used);
        printf("  %s  %-40s expires %-20s last used %s%s\n", vva_token_info_id(t), vva_token_info_name(t),
               when(has_expiry, expiry, e, sizeof e), when(has_used, used, u, sizeof u),
               mine && strcmp(vva_token_info_id(t), mine) == 0 ? "   <- made just now" : "");
    }
    vva_token_list_free(list); /* also frees every vva_token_info in it */
    return 0;
}

int main(int argc, char **argv) {
    const char *dns = env("VAULT_DNS"), *base_url = env("VAULT_BASE_URL"), *name = env("VAULT_TOKEN_NAME");
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--dns") == 0) dns = argv[i + 1];
        else if (strcmp(argv[i], "--base-url") == 0) base_url = argv[i + 1];
        else if (strcmp(argv[i], "--name") == 0) name = argv[i + 1];
        else {
            fprintf(stderr, "usage: token_lifecycle [--dns DNS] [--base-url URL] [--name NAME]\n");
            return 2;
        }
    }
    const char *username = env("VAULT_USERNAME"), *password = env("VAULT_PASSWORD");
    if ((!dns && !base_url) || !username || !password) {
        fprintf(stderr, "token_lifecycle: set VAULT_DNS (or --dns), VAULT_USERNAME and VAULT_PASSWORD\n");
        return 2;
    }
    if (!name) name = "token_lifecycle example";

    vva_client_options *opts = vva_client_options_new();
    if (!opts) return 1;
    if ((dns && vva_client_options_set_vault_dns(opts, dns) != VVA_OK) ||
        (base_url && vva_client_options_set_base_url(opts, base_url) != VVA_OK)) {
        fprintf(stderr, "token_lifecycle: bad option value\n");
        vva_client_options_free(opts);
        return 2;
    }
    vva_client *client = NULL;
    vva_error *err = NULL;
    vva_status st = vva_login(opts, username, password, &client, &err);
    vva_client_options_free(opts);
    if (st != VVA_OK) {
        int code = report("login", st, err);
        vva_error_free(err);
        return code;
    }

    int code = 0;
    vva_user *me = NULL;
    vva_access_token *token = NULL;
    vva_revoke_report *revoked = NULL;
    if ((st = vva_whoami(client, &me, &err)) != VVA_OK) {
        code = report("whoami", st, err);
        goto done;
    }
    printf("logged in as %s (user %s, %s)\n", vva_user_username(me), vva_user_id(me),
           vva_user_security_profile(me) ? vva_user_security_profile(me) : "no profile");

    if ((st = vva_generate_access_token(client, vva_user_id(me), name, NULL, &token, &err)) != VVA_OK) {
        code = report("generating a token", st, err);
        goto done;
    }
    printf("generated token %s\n", vva_access_token_id(token));
    if ((code = list_tokens(client, vva_user_id(me), vva_access_token_id(token))) != 0) goto done;

    const char *ids[] = {vva_access_token_id(token)};
    if ((st = vva_revoke_access_tokens(client, ids, 1, &revoked, &err)) != VVA_OK) {
        code = report("revoking the token", st, err);
        goto done;
    }
    for (size_t i = 0; i < vva_revoke_report_revoked_count(revoked); i++)
        printf("revoked token %s\n", vva_revoke_report_revoked_at(revoked, i));
    for (size_t i = 0; i < vva_revoke_report_failed_count(revoked); i++)
        printf("Vault refused to revoke %s: %s\n", vva_revoke_report_failed_id_at(revoked, i),
               vva_revoke_report_failed_error_type_at(revoked, i, 0));
    if (!vva_revoke_report_is_complete(revoked)) code = 1;
    if (code == 0) code = list_tokens(client, vva_user_id(me), NULL);

    if (code == 0 && (st = vva_logout(client, &err)) != VVA_OK) code = report("logout", st, err);
    else if (code == 0) printf("logged out\n");
done:
    vva_revoke_report_free(revoked);
    vva_access_token_free(token); /* wipes the secret */
    vva_user_free(me);
    vva_error_free(err);
    vva_client_free(client);
    return code;
}

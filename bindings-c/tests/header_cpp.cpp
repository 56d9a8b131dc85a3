// The header compiles as C++ (extern "C", no C-only constructs) and links from a C++ program.
// Prints `N passed, N failed`.
#include <cstdio>
#include <cstring>

#include "veeva_vault_auth.h"

static int passed, failed;

static void check(bool ok, const char *what) {
    if (ok) {
        passed++;
    } else {
        failed++;
        std::printf("FAIL %s\n", what);
    }
}

int main() {
    check(vva_version() != nullptr && std::strlen(vva_version()) > 0, "vva_version");
    check(std::strcmp(vva_status_str(VVA_INVALID_SESSION), "invalid_session") == 0, "vva_status_str");
    vva_client_options *opts = vva_client_options_new();
    check(opts != nullptr, "vva_client_options_new");
    check(vva_client_options_set_body_format(opts, VVA_BODY_FORMAT_JSON) == VVA_OK, "set_body_format");
    vva_client *client = nullptr;
    vva_error *err = nullptr;
    vva_status st = vva_client_new(opts, &client, &err);  // no Vault, no credential
    check(st == VVA_INVALID_ARGUMENT && client == nullptr, "vva_client_new rejects empty options");
    check(err != nullptr && std::strcmp(vva_error_code(err), "invalid_argument") == 0, "vva_error_code");
    vva_error_free(err);
    vva_client_free(client);
    vva_client_options_free(opts);
    std::printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}

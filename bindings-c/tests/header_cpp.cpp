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
    // The lifecycle handles, from C++: accessors and frees accept NULL.
    const char *ids[] = {"0PI000000000001"};
    vva_revoke_report *report = nullptr;
    st = vva_revoke_access_tokens(nullptr, ids, 1, &report, nullptr);
    check(st == VVA_NULL_PARAMETER && report == nullptr, "vva_revoke_access_tokens(NULL client)");
    check(vva_token_list_len(nullptr) == 0 && vva_token_list_at(nullptr, 0) == nullptr, "vva_token_list");
    check(vva_revoke_report_error(nullptr) == nullptr, "vva_revoke_report_error");
    vva_token_list_free(nullptr);
    vva_token_info_free(nullptr);
    vva_revoke_report_free(nullptr);
    vva_user_free(nullptr);
    vva_api_version_list_free(nullptr);
    std::printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}

/*
 * A minimal HTTP/1.1 client for the mock Vault's control routes (/__mock/reset, /__mock/script,
 * /__mock/requests, /__mock/tokens), so the C tests can set up cases without another library.
 * Test code only: plain sockets, one request per connection, loopback.
 */
#ifndef VVA_TEST_MOCKCTL_H
#define VVA_TEST_MOCKCTL_H

#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Sends one request to the mock at `base` ("http://HOST:PORT"); copies the response body into
 * `out` (if not NULL) and returns the HTTP status, or -1 on failure. */
static inline int mock_request(const char *base, const char *method, const char *path, const char *body,
                        char *out, size_t out_size) {
    char host[256];
    char port[16];
    if (sscanf(base, "http://%255[^:]:%15[0-9]", host, port) != 2) return -1;
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(host, port, &hints, &res) != 0) return -1;
    int fd = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
    if (fd < 0 || connect(fd, res->ai_addr, res->ai_addrlen) != 0) {
        if (fd >= 0) close(fd);
        freeaddrinfo(res);
        return -1;
    }
    freeaddrinfo(res);
    size_t body_len = body ? strlen(body) : 0;
    size_t cap = body_len + 512;
    char *req = malloc(cap);
    if (!req) {
        close(fd);
        return -1;
    }
    int n = snprintf(req, cap,
                     "%s %s HTTP/1.1\r\nHost: %s:%s\r\nConnection: close\r\n"
                     "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
                     method, path, host, port, body_len, body ? body : "");
    ssize_t sent = (n > 0 && (size_t)n < cap) ? send(fd, req, (size_t)n, 0) : -1;
    free(req);
    if (sent != n) {
        close(fd);
        return -1;
    }
    size_t resp_cap = 1 << 20, len = 0;
    char *resp = malloc(resp_cap + 1);
    if (!resp) {
        close(fd);
        return -1;
    }
    ssize_t got;
    while (len < resp_cap && (got = recv(fd, resp + len, resp_cap - len, 0)) > 0) len += (size_t)got;
    close(fd);
    resp[len] = '\0';
    int status = -1;
    if (sscanf(resp, "HTTP/1.1 %d", &status) != 1) status = -1;
    if (out && out_size > 0) {
        const char *start = strstr(resp, "\r\n\r\n");
        start = start ? start + 4 : "";
        strncpy(out, start, out_size - 1);
        out[out_size - 1] = '\0';
    }
    free(resp);
    return status;
}

static inline int mock_reset(const char *base) {
    return mock_request(base, "POST", "/__mock/reset", "", NULL, 0) == 200 ? 0 : -1;
}

static inline int mock_script(const char *base, const char *script_json) {
    return mock_request(base, "POST", "/__mock/script", script_json, NULL, 0) == 200 ? 0 : -1;
}

/* Counts the occurrences of `needle` in `haystack` (used on JSON from /__mock/requests). */
static inline size_t count_substr(const char *haystack, const char *needle) {
    size_t n = 0, step = strlen(needle);
    for (const char *p = strstr(haystack, needle); p; p = strstr(p + step, needle)) n++;
    return n;
}

#endif

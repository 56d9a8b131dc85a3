#!/usr/bin/env python3
"""Writes the lifecycle vectors in this folder (run: python3 tests/vectors/lifecycle/generate.py tests/vectors/lifecycle).

The JSON files are what runners read and what reviewers check; this script only keeps the long
ones (a 501-id revoke) and the shared pieces (headers, the VQL escaping) consistent. Edit here, re-run,
and review the diff of the JSON. Standard library only.
"""
import json, os, sys
OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)
SESSION = "vector-session-0001"
CLIENT = {"api_version": "v26.2", "client_id": "vva-vectors", "body_format": "form", "credential": {"session_id": SESSION}}
FIELDS = "id, name__v, user__sys, status__v, expiry_date__sys, last_used_date__sys"
def q(user, name=None, inactive=False):
    s = f"SELECT {FIELDS} FROM api_access_token__sys WHERE user__sys = {lit(user)}"
    if not inactive: s += " AND status__v = 'active__v'"
    if name is not None: s += " AND name__v = " + lit(name)
    return s
def lit(v):
    out = "'"
    for c in v:
        out += {"\\": "\\\\", "'": "\\'", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}.get(c, c)
    return out + "'"
def hdr(ct):
    return {"authorization": SESSION, "content-type": ct, "accept": "application/json", "x-vaultapi-clientid": "vva-vectors"}
def query_req(user, name=None, inactive=False):
    return {"method": "POST", "path": "/api/v26.2/query", "headers": hdr("application/x-www-form-urlencoded"), "form": {"q": q(user, name, inactive)}}
def get_req(path):
    return {"method": "GET", "path": path, "headers": hdr(None), "body": ""}
def delete_req(ids):
    return {"method": "DELETE", "path": "/api/v26.2/vobjects/api_access_token__sys", "headers": hdr("application/json"), "body_json": [{"id": i} for i in ids]}
def create_req(user, name):
    return {"method": "POST", "path": f"/api/v26.2/objects/users/{user}/api_access_token__sys", "headers": hdr("application/x-www-form-urlencoded"), "form": {"name__v": name}}
def ok(body, headers=None):
    return {"status": 200, "headers": headers or [["X-VaultAPI-ExecutionId", "vec-exec-1"]], "body": body}
def row(id, name, user="12345", status=["active__v"], expiry=None, last_used=None):
    return {"id": id, "name__v": name, "user__sys": user, "status__v": status, "expiry_date__sys": expiry, "last_used_date__sys": last_used}
def page(rows, **details):
    d = {"pagesize": 1000, "pageoffset": 0, "size": len(rows), "total": len(rows)}
    d.update(details)
    return ok({"responseStatus": "SUCCESS", "responseDetails": d, "data": rows})
def info(id, name, user="12345", status="active__v", expiry_unix=None, last_used_unix=None):
    return {"id": id, "name": name, "user_id": user, "status": status, "expiry_unix": expiry_unix, "last_used_unix": last_used_unix, "is_active": status == "active__v"}
def err(code, types=(), http=200, exec_id="vec-exec-1", unknown=False, **extra):
    e = {"code": code, "vault_types": list(types), "http_status": http, "execution_id": exec_id, "outcome_unknown": unknown}
    e.update(extra)
    return {"error": e}
def local_err(code="invalid_argument", **extra):
    return err(code, http=None, exec_id=None, **extra)
def failure(t, m):
    return ok({"responseStatus": "FAILURE", "errors": [{"type": t, "message": m}]})
def report(revoked=(), failed=(), unknown=(), not_sent=()):
    return {"revoked": list(revoked), "failed": [{"id": i, "types": list(t)} for i, t in failed], "unknown": list(unknown), "not_sent": list(not_sent)}
def step(call, responses, requests, expect):
    return {"call": call, "responses": responses, "expect_requests": requests, "expect": expect}
import re
def compact(text):
    # Objects and arrays holding only scalars go on one line (keeps 500-row batches readable).
    pat = re.compile(r'[\[{]\n\s*((?:(?:"(?:[^"\\]|\\.)*"\s*:\s*)?(?:"(?:[^"\\]|\\.)*"|-?\d+|true|false|null),?\n\s*)*)[\]}]')
    def one(m):
        whole = m.group(0)
        inner = " ".join(part.strip() for part in m.group(1).split("\n") if part.strip())
        return whole[0] + inner + whole[-1]
    prev = None
    while prev != text:
        prev, text = text, pat.sub(one, text)
    return text
def case(n, name, description, steps):
    with open(os.path.join(OUT, f"{n:02d}_{name}.json"), "w") as f:
        text = json.dumps({"name": name, "description": description, "client": CLIENT, "steps": steps}, indent=2, ensure_ascii=False)
        f.write(compact(text) + "\n")

EXP = "2026-12-31T12:00:00.000Z"; EXP_UNIX = 1798718400
USED = "2026-12-02T10:11:12.000Z"; USED_UNIX = 1796206272
INJ = "x' OR name__v != 'y"
case(1, "list_escaping_injection", "A name that tries to end the VQL literal is escaped with backslashes; a plain-string status and a numeric user id are accepted.", [
    step({"op": "list_access_tokens", "query": {"user_id": "12345", "name": INJ}},
         [page([row("0PI000000000101", INJ, user=12345, status="active__v", expiry=EXP)])],
         [query_req("12345", INJ)],
         {"ok": {"tokens": [info("0PI000000000101", INJ, expiry_unix=EXP_UNIX)]}})])
TRICKY = 'C:\\keys\\"prod" ключ'
case(2, "list_escaping_backslash_quote_unicode", "Backslashes and double quotes get backslash escapes, non-ASCII text is kept; include_inactive drops the status condition.", [
    step({"op": "list_access_tokens", "query": {"user_id": "12345", "name": TRICKY, "include_inactive": True}},
         [page([row("0PI000000000102", TRICKY, status=["inactive__v"], expiry="2025-01-01T00:00:00.000Z", last_used=USED)])],
         [query_req("12345", TRICKY, inactive=True)],
         {"ok": {"tokens": [info("0PI000000000102", TRICKY, status="inactive__v", expiry_unix=1735689600, last_used_unix=USED_UNIX)]}})])
case(3, "list_newline_in_name_rejected", "A name with a line break is rejected locally: nothing is sent.", [
    step({"op": "list_access_tokens", "query": {"user_id": "12345", "name": "a\nb"}}, [], [], local_err())])
NEXT = "/api/v26.2/query/0f3c9a2e-1111-2222-3333-444455556666?pagesize=1&pageoffset=1"
case(4, "list_paging", "next_page (a relative path under /api/) is fetched with GET on the same origin, with the same Authorization; rows of both pages are returned.", [
    step({"op": "list_access_tokens", "query": {"user_id": "12345"}},
         [page([row("0PI000000000201", "k1")], pagesize=1, total=2, next_page=NEXT),
          page([row("0PI000000000202", "k2", expiry=EXP)], pagesize=1, pageoffset=1, total=2, previous_page="/api/v26.2/query/0f3c9a2e-1111-2222-3333-444455556666?pagesize=1&pageoffset=0")],
         [query_req("12345"), get_req(NEXT)],
         {"ok": {"tokens": [info("0PI000000000201", "k1"), info("0PI000000000202", "k2", expiry_unix=EXP_UNIX)]}})])
case(5, "list_next_page_other_host", "A next_page on another host is not followed (the session would go with it): decode_failed after one request.", [
    step({"op": "list_access_tokens", "query": {"user_id": "12345"}},
         [page([row("0PI000000000201", "k1")], next_page="http://evil.example/api/v26.2/query/x?pagesize=1&pageoffset=1")],
         [query_req("12345")],
         err("decode_failed", message_contains=["next_page"]))])
LOOP = "/api/v26.2/query/loop?pagesize=1&pageoffset=1"
case(6, "list_next_page_loop", "A next_page that repeats stops the listing with decode_failed instead of looping.", [
    step({"op": "list_access_tokens", "query": {"user_id": "12345"}},
         [page([row("0PI000000000201", "k1")], next_page=LOOP), page([row("0PI000000000202", "k2")], next_page=LOOP)],
         [query_req("12345"), get_req(LOOP)],
         err("decode_failed", message_contains=["twice"]))])
USER = {"id": 12345, "user_name__v": "admin@myvault.example", "user_first_name__v": "Ada", "user_last_name__v": "Admin",
        "user_email__v": "admin@myvault.example", "user_timezone__v": "America/New_York", "user_locale__v": "en_US",
        "security_profile__v": "system_admin__v", "license_type__v": "full__v", "active__v": True}
WHOAMI = ok({"responseStatus": "SUCCESS", "users": [{"user": USER}]})
case(7, "list_me_resolves_with_whoami", "Without a login session, `me` is resolved with GET /objects/users/me before the query.", [
    step({"op": "list_access_tokens", "query": {"me": True}},
         [WHOAMI, page([])],
         [get_req("/api/v26.2/objects/users/me"), query_req("12345")],
         {"ok": {"tokens": []}})])
case(8, "list_unparseable_date", "An expiry that is not an RFC 3339 date-time is decode_failed, not silently 'never'.", [
    step({"op": "list_access_tokens", "query": {"user_id": "12345"}},
         [page([row("0PI000000000201", "k1", expiry="31/12/2026")])],
         [query_req("12345")],
         err("decode_failed", message_contains=["expiry_date__sys"]))])
case(9, "get_access_token_info", "One record by id: GET /vobjects/api_access_token__sys/{id}.", [
    step({"op": "get_access_token_info", "id": "0PI000000000101"},
         [ok({"responseStatus": "SUCCESS", "data": row("0PI000000000101", "IntegrationKey", expiry=EXP, last_used=USED)})],
         [get_req("/api/v26.2/vobjects/api_access_token__sys/0PI000000000101")],
         {"ok": {"token_info": info("0PI000000000101", "IntegrationKey", expiry_unix=EXP_UNIX, last_used_unix=USED_UNIX)}})])
IDS3 = ["0PI000000000301", "0PI000000000302", "0PI000000000303"]
case(10, "revoke_partial_rows", "A top-level SUCCESS with failing rows is not an error: each id gets its row's outcome, matched by position.", [
    step({"op": "revoke_access_tokens", "ids": IDS3},
         [ok({"responseStatus": "SUCCESS", "data": [
             {"responseStatus": "SUCCESS", "data": {"id": IDS3[0]}},
             {"responseStatus": "FAILURE", "errors": [{"type": "INVALID_DATA", "message": "Invalid record ID [0PI000000000302]."}]},
             {"responseStatus": "FAILURE", "errors": [{"type": "INSUFFICIENT_ACCESS", "message": "User does not have sufficient privileges."}]}]})],
         [delete_req(IDS3)],
         {"ok": {"report": report([IDS3[0]], [(IDS3[1], ["INVALID_DATA"]), (IDS3[2], ["INSUFFICIENT_ACCESS"])])}})])
case(11, "revoke_duplicate_rejected", "A repeated id is rejected locally before anything is sent.", [
    step({"op": "revoke_access_tokens", "ids": [IDS3[0], IDS3[1], IDS3[0]]}, [], [], local_err(message_contains=["repeats"]))])
IDS501 = [f"0PI5{i:011d}" for i in range(501)]
case(12, "revoke_second_batch_fails", "501 ids go as 500 + 1; the second batch is refused after the first revoked everything: the error carries the partial report.", [
    step({"op": "revoke_access_tokens", "ids": IDS501},
         [ok({"responseStatus": "SUCCESS", "data": [{"responseStatus": "SUCCESS", "data": {"id": i}} for i in IDS501[:500]]}),
          failure("API_LIMIT_EXCEEDED", "API burst limit exceeded.")],
         [delete_req(IDS501[:500]), delete_req(IDS501[500:])],
         err("rate_limited", ["API_LIMIT_EXCEEDED"], partial_revoke=report(IDS501[:500], [(IDS501[500], ["API_LIMIT_EXCEEDED"])])))])
case(13, "revoke_dropped_outcome_unknown", "The connection drops after the revoke was sent: outcome unknown, the ids are reported as unknown, nothing is retried.", [
    step({"op": "revoke_access_tokens", "ids": IDS3[:2]},
         [{"fault": "drop"}],
         [delete_req(IDS3[:2])],
         err("transport_failed", http=None, exec_id=None, unknown=True, partial_revoke=report(unknown=IDS3[:2])))])
TOKEN = "veeva-vault-0123456789abcdef0123456789abcdef"
CREATED = ok({"responseStatus": "SUCCESS", "data": {"id": "0PI000000000401", "token__sys": TOKEN}})
case(14, "rotate_failing_revoke", "Rotation creates first; the revoke is refused, and the new token is still returned with the failure in the report.", [
    step({"op": "rotate_access_token", "target": {"user_id": "12345"}, "name": "IntegrationKey", "expiry": None, "revoke": ["0PI000000000101"]},
         [CREATED, failure("INSUFFICIENT_ACCESS", "User does not have sufficient privileges.")],
         [create_req("12345", "IntegrationKey"), delete_req(["0PI000000000101"])],
         {"ok": {"token": {"id": "0PI000000000401", "token": TOKEN}, "report": report(failed=[("0PI000000000101", ["INSUFFICIENT_ACCESS"])]),
                 "revoke_error": err("permission_denied", ["INSUFFICIENT_ACCESS"])["error"]}})])
case(15, "rotate_revoke_dropped", "Rotation whose revoke connection drops: the new token is returned, the old id's outcome is unknown.", [
    step({"op": "rotate_access_token", "target": {"user_id": "12345"}, "name": "IntegrationKey", "expiry": None, "revoke": ["0PI000000000101"]},
         [CREATED, {"fault": "drop"}],
         [create_req("12345", "IntegrationKey"), delete_req(["0PI000000000101"])],
         {"ok": {"token": {"id": "0PI000000000401", "token": TOKEN}, "report": report(unknown=["0PI000000000101"]),
                 "revoke_error": err("transport_failed", http=None, exec_id=None, unknown=True)["error"]}})])
case(16, "rotate_create_fails_nothing_revoked", "If the create fails, nothing is revoked: exactly one request.", [
    step({"op": "rotate_access_token", "target": {"user_id": "12345"}, "name": "IntegrationKey", "expiry": None, "revoke": ["0PI000000000101"]},
         [failure("OPERATION_NOT_ALLOWED", "User already has the maximum number of active API access tokens.")],
         [create_req("12345", "IntegrationKey")],
         err("operation_not_allowed", ["OPERATION_NOT_ALLOWED"]))])
NAME = "IntegrationKey-2026-12"
case(17, "orphan_recovery", "The documented recipe: a create whose connection drops (outcome unknown), find_orphaned_tokens (active, that name, never used: the used one is left alone), revoke them, create again.", [
    step({"op": "generate_access_token", "target": {"user_id": "12345"}, "name": NAME, "expiry": None},
         [{"fault": "drop"}], [create_req("12345", NAME)],
         err("transport_failed", http=None, exec_id=None, unknown=True)),
    step({"op": "find_orphaned_tokens", "target": {"user_id": "12345"}, "name": NAME},
         [page([row("0PI000000000501", NAME), row("0PI000000000502", NAME, last_used=USED)])],
         [query_req("12345", NAME)],
         {"ok": {"tokens": [info("0PI000000000501", NAME)]}}),
    step({"op": "revoke_access_tokens", "ids": ["0PI000000000501"]},
         [ok({"responseStatus": "SUCCESS", "data": [{"responseStatus": "SUCCESS", "data": {"id": "0PI000000000501"}}]})],
         [delete_req(["0PI000000000501"])],
         {"ok": {"report": report(["0PI000000000501"])}}),
    step({"op": "generate_access_token", "target": {"user_id": "12345"}, "name": NAME, "expiry": None},
         [CREATED], [create_req("12345", NAME)],
         {"ok": {"token": {"id": "0PI000000000401", "token": TOKEN}}})])
case(18, "find_orphans_sandbox_rejected", "A sandbox's tokens are listed in the sandbox itself: invalid_argument, nothing sent.", [
    step({"op": "find_orphaned_tokens", "target": {"sandbox": "qa-sandbox"}, "name": NAME}, [], [], local_err())])
case(19, "whoami", "GET /objects/users/me: the documented user fields.", [
    step({"op": "whoami"}, [WHOAMI], [get_req("/api/v26.2/objects/users/me")],
         {"ok": {"user": {"id": "12345", "username": "admin@myvault.example", "first_name": "Ada", "last_name": "Admin",
                          "email": "admin@myvault.example", "timezone": "America/New_York", "locale": "en_US",
                          "security_profile": "system_admin__v", "license_type": "full__v", "active": True}}})])
def post_req(path):
    return {"method": "POST", "path": path, "headers": hdr(None), "body": ""}
def delete_session_req():
    return {"method": "DELETE", "path": "/api/v26.2/session", "headers": hdr(None), "body": ""}
VERSIONS = ok({"responseStatus": "SUCCESS", "values": {
    "v26.2": "https://myvault.veevavault.com/api/v26.2",
    "v25.3": "https://myvault.veevavault.com/api/v25.3",
    "v26.10": "https://myvault.veevavault.com/api/v26.10",
    "v26.1": "https://myvault.veevavault.com/api/v26.1"}})
def version(v, beta=False):
    return {"version": v, "url": f"https://myvault.veevavault.com/api/{v}", "possibly_beta": beta}
case(20, "keep_alive", "POST /keep-alive with the session and no body: SUCCESS is an empty result.", [
    step({"op": "keep_alive"}, [ok({"responseStatus": "SUCCESS"})], [post_req("/api/v26.2/keep-alive")], {"ok": {}})])
case(21, "logout", "DELETE /session with the session: SUCCESS is an empty result (afterwards the client refuses every call locally).", [
    step({"op": "logout"}, [ok({"responseStatus": "SUCCESS"})], [delete_session_req()], {"ok": {}})])
case(22, "api_versions_sorted", "GET /api/ (no version): numerically sorted (v26.10 after v26.2), the newest marked as possibly Beta, since Vault gives no flag.", [
    step({"op": "api_versions"}, [VERSIONS], [get_req("/api/")],
         {"ok": {"versions": [version("v25.3"), version("v26.1"), version("v26.2"), version("v26.10", True)]}})])
case(23, "check_api_version_missing", "A Vault that does not offer the client's version (v26.2) is not_found_or_unsupported.", [
    step({"op": "check_api_version"},
         [ok({"responseStatus": "SUCCESS", "values": {"v25.3": "https://myvault.veevavault.com/api/v25.3", "v26.1": "https://myvault.veevavault.com/api/v26.1"}})],
         [get_req("/api/")], err("not_found_or_unsupported"))])

#!/usr/bin/env python3
"""Writes the seed corpora under fuzz/corpus/<target>/ from tests/vectors (the response bodies
the vectors give, for each decoder) plus a few hand-made edge cases. Run by hand after a vector
changes: python3 fuzz/seeds.py (the files are committed)."""
import hashlib, json, pathlib, re

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "fuzz" / "corpus"
STATUS = {200: 0, 400: 6, 401: 7, 403: 8, 404: 9, 429: 10, 500: 11, 502: 12, 503: 13, 302: 14, 204: 15}
# The decoder selector of fuzzing::check_decoder, by the vector's call.
DECODER = {"token": 0, "login": 1, "list": 3, "revoke": 4, "whoami": 5, "versions": 6, "info": 7}

def put(target, data):
    d = OUT / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()[:16]).write_bytes(data)

def decoder_of(vector):
    text = json.dumps(vector.get("call", {})) + vector.get("name", "")
    for word, sel in [("revoke", 4), ("list", 3), ("whoami", 5), ("version", 6), ("info", 7), ("login", 1)]:
        if word in text:
            return sel
    return 0

def responses(vector):
    for key in ("response", "responses"):
        r = vector.get(key)
        for item in (r if isinstance(r, list) else [r] if r else []):
            if isinstance(item, dict) and "body" in item:
                yield item

for path in sorted((ROOT / "tests" / "vectors").rglob("*.json")):
    vector = json.loads(path.read_text())
    for r in responses(vector):
        body = r["body"]
        body = body if isinstance(body, str) else json.dumps(body)
        # Put the placeholders where the vectors have their secrets.
        body = re.sub(r"veeva-vault-[0-9a-f]{8,}", "@T", body)
        status = STATUS.get(r.get("status", 200), 0)
        put("decoders", bytes([decoder_of(vector), status]) + body.encode())

edge = [
    (1, 0, '{"responseStatus":"SUCCESS","sessionId":"@S","userId":1,"vaultId":2,"vaultIds":[{"id":2,"url":"https://other.veevavault.com"}]}'),
    (2, 0, '{"responseStatus":"SUCCESS","sessionId":"@S","vaultId":"2","vaultIds":[{"id":"2","url":"https://myvault.veevavault.com"}]}'),
    (3, 0, '{"responseStatus":"SUCCESS","data":[],"responseDetails":{"next_page":"/api/v26.2/query/%2e%2e/x"}}'),
    (4, 0, '{"responseStatus":"SUCCESS","data":[{"responseStatus":"FAILURE","errors":[{"type":"@C","message":"@C @T"}]}]}'),
    (5, 0, '{"responseStatus":"SUCCESS","users":[{"user":{"id":"1","user_name__v":"u@x"}}]}'),
    (6, 0, '{"responseStatus":"SUCCESS","values":{"v26.2":"u","v26.10":"u","v9.0":"u"}}'),
    (8, 6, '{"responseStatus":"FAILURE","errors":[{"type":"INVALID_SESSION_ID","message":"session @C is bad"}],"errorType":"@C"}'),
    (8, 11, '{"responseStatus":"EXCEPTION"}'),
    (0x88, 12, 'text/html; @C\n<html>bad gateway</html>'),
    (0, 0, '{"responseStatus":"WARNING","warnings":[{"type":"W","message":"@T"}],"data":{"id":"0PI1","token__sys":"@T"}}'),
]
for sel, status, body in edge:
    put("decoders", bytes([sel, status]) + body.encode())

for text in ["2026-12-31T12:00:00Z", "2026-12-31T14:00:00+02:00", "2026-12-31", "2025-12-31T12:00:00:00.000Z",
             "2026-12-31T12:00:00", "9999-12-31T23:00:00-05:00", "0001-01-01T00:30:00+01:00", "2026-12-31t12:00:00.999999999z", " 2026-02-29 "]:
    put("expiry", text.encode())

for value in ["12345", "", "it's", "C:\\keys", 'say "hi"', "a\nb\tc\rd", "\\'", "x' OR name__v != 'y", "Schlüssel 鍵 ✓", "''"]:
    put("vql_literal", value.encode())

for secrets, text in [(["ABCDEF123"], "session ABCDEF123 is bad; token veeva-vault-XyZ_12.3 too"),
                      (["b"], "bob ate a big apple b"), (["SECRET-12"], "xxSECRET-12xx"),
                      (["pa***word"], "pa" + "4DEC369FD53F3E9A2A92A851C6CF57AE119E71A0" + "word"),
                      ([], "word " * 300), (["s3cr", "longer-secret"], "s3cr3t-x s3cr longer-secret")]:
    put("masking", "\0".join(secrets).encode() + b"\0\0" + text.encode())

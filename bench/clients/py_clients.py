"""Python runners: this library (sync and async) and the peers a Python user would pick.

Each does the same per call: POST the form, parse the JSON, take ``data.token__sys``.
Prints one JSON result line (see ``bench/run.py``).
"""

import argparse
import asyncio
import json
import ssl
import sys
import time

FORM = {"name__v": "bench", "expiry_date__v": "2031-12-31T12:00:00Z"}
SESSION = "bench-session-0001"
HEADERS = {"Authorization": SESSION, "Accept": "application/json"}
PATH = "/api/v26.2/objects/users/12345/api_access_token__sys"


def report(args, elapsed, latencies):
    latencies.sort()

    def pct(p):
        return latencies[round((len(latencies) - 1) * p)] * 1e6 if latencies else 0.0

    print(json.dumps({"client": args.client, "mode": args.mode, "calls": len(latencies),
                      "seconds": elapsed, "p50_us": pct(0.5), "p99_us": pct(0.99)}))


def take_token(body):
    token = json.loads(body)["data"]["token__sys"]
    if not token.startswith("veeva-vault-"):
        raise SystemExit("bad token")


def sync_runner(args):
    url = args.url + PATH
    if args.client == "requests":
        import requests
        s = requests.Session()
        verify = args.ca or True
        def call():
            take_token(s.post(url, data=FORM, headers=HEADERS, verify=verify).content)
    elif args.client == "httpx":
        import httpx
        c = httpx.Client(verify=ssl.create_default_context(cafile=args.ca) if args.ca else True)
        def call():
            take_token(c.post(url, data=FORM, headers=HEADERS).content)
    elif args.client == "urllib3":
        import urllib3
        pool = urllib3.PoolManager(ca_certs=args.ca) if args.ca else urllib3.PoolManager()
        def call():
            take_token(pool.request("POST", url, fields=FORM, headers=HEADERS, encode_multipart=False).data)
    elif args.client == "vva-sync":
        import veeva_vault_auth as vva
        c = vva.VaultClient(vault_dns="myvault.veevavault.com", base_url=args.url, session_id=SESSION,
                            ca_file=args.ca)
        def call():
            tok = c.generate_access_token(user_id="12345", name="bench", expiry_date="2031-12-31T12:00:00Z")
            if not tok.token.startswith("veeva-vault-"):
                raise SystemExit("bad token")
    else:
        raise SystemExit(f"unknown client {args.client}")
    for _ in range(50):
        call()
    latencies = []
    start = time.perf_counter()
    for _ in range(args.calls):
        t = time.perf_counter()
        call()
        latencies.append(time.perf_counter() - t)
    report(args, time.perf_counter() - start, latencies)


async def async_runner(args):
    url = args.url + PATH
    if args.client == "aiohttp":
        import aiohttp
        ctx = ssl.create_default_context(cafile=args.ca) if args.ca else None
        session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=args.concurrency, ssl=ctx))
        async def call():
            async with session.post(url, data=FORM, headers=HEADERS) as r:
                take_token(await r.read())
        close = session.close
    elif args.client == "vva-async":
        import veeva_vault_auth as vva
        c = vva.AsyncVaultClient(vault_dns="myvault.veevavault.com", base_url=args.url, session_id=SESSION,
                                 ca_file=args.ca)
        async def call():
            tok = await c.generate_access_token(user_id="12345", name="bench", expiry_date="2031-12-31T12:00:00Z")
            if not tok.token.startswith("veeva-vault-"):
                raise SystemExit("bad token")
        async def close():
            pass
    else:
        raise SystemExit(f"unknown client {args.client}")
    for _ in range(50):
        await call()
    remaining = args.calls
    latencies = []

    async def worker():
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            t = time.perf_counter()
            await call()
            latencies.append(time.perf_counter() - t)

    start = time.perf_counter()
    width = args.concurrency if args.mode == "conc" else 1
    await asyncio.gather(*(worker() for _ in range(width)))
    elapsed = time.perf_counter() - start
    await close()
    report(args, elapsed, latencies)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--client", required=True)
    p.add_argument("--url", required=True)
    p.add_argument("--ca", default=None)
    p.add_argument("--mode", default="seq")
    p.add_argument("--calls", type=int, default=2000)
    p.add_argument("--concurrency", type=int, default=64)
    args = p.parse_args()
    args.ca = args.ca or None
    if args.client in ("aiohttp", "vva-async"):
        asyncio.run(async_runner(args))
    else:
        sync_runner(args)


if __name__ == "__main__":
    sys.exit(main())

"""``make soak``'s Python clients: ``--mode sync`` (VaultClient, one thread per call in flight)
and ``--mode async`` (AsyncVaultClient, one task per call in flight), from the installed wheel.
Each worker cycles generate (for its user), list (must show the new id), revoke (its own token)
and whoami (must be ``--me``) until ``--seconds`` have passed; one JSON line per 10 s window.
The session id comes from ``VVA_SOAK_SESSION``; no token or session id is ever printed."""

import argparse
import asyncio
import os
import sys
import threading
import time

import veeva_vault_auth as vva

from window import Counter, error_code

EXPIRY = "2031-12-31T12:00:00Z"
WINDOW = 10.0


def options(args):
    return dict(vault_dns="myvault.veevavault.com", base_url=args.url, session_id=os.environ["VVA_SOAK_SESSION"])


def after_generate(c, user, me, tok):
    """The cycle's steps after a generate, as (op, call, check): the same for both clients (the
    async client's calls return awaitables, which its cycle awaits)."""
    return (
        ("list", lambda: c.list_access_tokens(user_id=user),
         lambda r: None if any(i.id == tok.id for i in r) else "new token not listed"),
        ("revoke", lambda: c.revoke_access_tokens([tok.id]),
         lambda r: None if r.is_complete and r.revoked == [tok.id] else "revoke report incomplete"),
        ("whoami", c.whoami, lambda u: None if u.id == me else "whoami: another user"),
    )


def sync_cycle(c, user, me, name, counter):
    t = time.perf_counter()
    try:
        tok = c.generate_access_token(user_id=user, name=name, expiry_date=EXPIRY)
        bad = None if tok.token.startswith("veeva-vault-") else "unexpected token shape"
    except Exception as e:  # any failure is an error to count, not a dead worker
        return counter.record("generate", time.perf_counter() - t, error_code(e))
    counter.record("generate", time.perf_counter() - t, bad)
    if bad:
        return
    for op, call, check in after_generate(c, user, me, tok):
        t = time.perf_counter()
        try:
            result = call()
        except Exception as e:  # any failure is an error to count, not a dead worker
            counter.record(op, time.perf_counter() - t, error_code(e))
            continue
        counter.record(op, time.perf_counter() - t, check(result))


async def async_cycle(c, user, me, name, counter):
    t = time.perf_counter()
    try:
        tok = await c.generate_access_token(user_id=user, name=name, expiry_date=EXPIRY)
        bad = None if tok.token.startswith("veeva-vault-") else "unexpected token shape"
    except Exception as e:  # any failure is an error to count, not a dead worker
        return counter.record("generate", time.perf_counter() - t, error_code(e))
    counter.record("generate", time.perf_counter() - t, bad)
    if bad:
        return
    for op, call, check in after_generate(c, user, me, tok):
        t = time.perf_counter()
        try:
            result = await call()
        except Exception as e:  # any failure is an error to count, not a dead worker
            counter.record(op, time.perf_counter() - t, error_code(e))
            continue
        counter.record(op, time.perf_counter() - t, check(result))


def run_sync(args, counter):
    c = vva.VaultClient(**options(args))
    deadline = time.monotonic() + args.seconds

    def worker(w):
        user, name = args.users[w % len(args.users)], f"soak-py-sync-{w}"
        while time.monotonic() < deadline:
            sync_cycle(c, user, args.me, name, counter)

    threads = [threading.Thread(target=worker, args=(w,), daemon=True) for w in range(args.inflight)]
    for th in threads:
        th.start()
    next_emit = time.monotonic() + WINDOW
    while any(th.is_alive() for th in threads):
        threads[0].join(timeout=max(0.0, min(next_emit - time.monotonic(), 1.0)))
        if time.monotonic() >= next_emit:
            counter.emit()
            next_emit += WINDOW
    for th in threads:
        th.join()


async def run_async(args, counter):
    c = vva.AsyncVaultClient(**options(args))
    deadline = time.monotonic() + args.seconds

    async def worker(w):
        user, name = args.users[w % len(args.users)], f"soak-py-async-{w}"
        while time.monotonic() < deadline:
            await async_cycle(c, user, args.me, name, counter)

    async def ticker():
        while True:
            await asyncio.sleep(WINDOW)
            counter.emit()

    tick = asyncio.create_task(ticker())
    await asyncio.gather(*(worker(w) for w in range(args.inflight)))
    tick.cancel()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--mode", choices=("sync", "async"), required=True)
    p.add_argument("--url", required=True)
    p.add_argument("--users", required=True, type=lambda s: [u for u in s.split(",") if u])
    p.add_argument("--me", required=True)
    p.add_argument("--seconds", type=float, default=600)
    p.add_argument("--inflight", type=int, default=64)
    args = p.parse_args()
    if not os.environ.get("VVA_SOAK_SESSION"):
        sys.exit("soak_py: set VVA_SOAK_SESSION")
    counter = Counter()
    if args.mode == "sync":
        run_sync(args, counter)
    else:
        asyncio.run(run_async(args, counter))
    counter.emit()
    counter.done()


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Loads a running node with concurrent `revocation_statusList` calls and reports latencies.

N clients each ask for the status list of one registry once per round, all on the same ticks,
for a bounded time. Meanwhile the script polls `system_health` and the best block. It reports:

- the status list calls' latencies and errors (by JSON-RPC code; -32009 is "server is busy");
- `system_health` latency before and under load;
- each new block's import delay: when the script first saw it as the best block, minus the
  block's timestamp (when its slot began).

It exits with 1 if, under load, `system_health` took longer than --max-delay, or a block's
import delay grew by more than --max-delay over the unloaded figure, or no block came.

It only talks to a node on this machine (127.0.0.1, ::1 or localhost), stops by itself after
--seconds (at most 300) and runs at most 256 clients. It needs nothing beyond Python 3.

    scripts/run-dev.sh --tmp &    # then create a registry (docs/revocation.md)
    scripts/load-status-list.py --registry 0
    scripts/load-status-list.py --url http://127.0.0.1:9944 --callers 32 --seconds 24

The end-to-end test node/tests/e2e/load.rs does the same against a fresh dev node with a
2^20-slot registry and asserts the limits.
"""

import argparse
import json
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

LOOPBACK = {"127.0.0.1", "::1", "localhost"}
MAX_CALLERS = 256
MAX_SECONDS = 300
HTTP_TIMEOUT = 30.0

# XXH64, for the `Timestamp::Now` storage key (twox128 of "Timestamp" and of "Now").
_P1, _P2, _P3, _P4, _P5 = (
    11400714785074694791,
    14029467366897019727,
    1609587929392839161,
    9650029242287828579,
    2870177450012600261,
)
_M = (1 << 64) - 1


def _rotl(x, r):
    return ((x << r) | (x >> (64 - r))) & _M


def _round(acc, lane):
    return (_rotl((acc + lane * _P2) & _M, 31) * _P1) & _M


def xxh64(data: bytes, seed: int) -> int:
    n, i = len(data), 0
    if n >= 32:
        v = [(seed + _P1 + _P2) & _M, (seed + _P2) & _M, seed, (seed - _P1) & _M]
        while i + 32 <= n:
            for k in range(4):
                v[k] = _round(v[k], int.from_bytes(data[i + 8 * k:i + 8 * k + 8], "little"))
            i += 32
        h = (_rotl(v[0], 1) + _rotl(v[1], 7) + _rotl(v[2], 12) + _rotl(v[3], 18)) & _M
        for k in range(4):
            h = ((h ^ _round(0, v[k])) * _P1 + _P4) & _M
    else:
        h = (seed + _P5) & _M
    h = (h + n) & _M
    while i + 8 <= n:
        h = (_rotl(h ^ _round(0, int.from_bytes(data[i:i + 8], "little")), 27) * _P1 + _P4) & _M
        i += 8
    if i + 4 <= n:
        h = (_rotl(h ^ (int.from_bytes(data[i:i + 4], "little") * _P1) & _M, 23) * _P2 + _P3) & _M
        i += 4
    while i < n:
        h = (_rotl(h ^ (data[i] * _P5) & _M, 11) * _P1) & _M
        i += 1
    h ^= h >> 33
    h = (h * _P2) & _M
    h ^= h >> 29
    h = (h * _P3) & _M
    h ^= h >> 32
    return h


def twox128(data: bytes) -> bytes:
    return xxh64(data, 0).to_bytes(8, "little") + xxh64(data, 1).to_bytes(8, "little")


TIMESTAMP_NOW = "0x" + (twox128(b"Timestamp") + twox128(b"Now")).hex()


class Rpc:
    def __init__(self, url):
        self.url = url

    def call(self, method, params):
        """The answer's result, or raises RuntimeError with the JSON-RPC error."""
        body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params})
        request = urllib.request.Request(
            self.url, data=body.encode(), headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT) as response:
            answer = json.loads(response.read())
        if "error" in answer:
            raise RuntimeError(answer["error"])
        return answer["result"]


def describe(name, values):
    if not values:
        return f"{name}: no samples"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (
        f"{name}: {len(values)} samples, median {statistics.median(values) * 1000:.0f} ms, "
        f"p95 {p95 * 1000:.0f} ms, max {max(values) * 1000:.0f} ms"
    )


def watch(rpc, seconds, poll):
    """Polls system_health and the best block for `seconds`: (health latencies, imports)."""
    health, imports = [], []
    best = int(rpc.call("chain_getHeader", [])["number"], 16)
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        asked = time.monotonic()
        try:
            rpc.call("system_health", [])
        except (RuntimeError, urllib.error.URLError, OSError, ValueError) as e:
            print(f"system_health failed after {time.monotonic() - asked:.3f} s: {e}")
        health.append(time.monotonic() - asked)
        number = int(rpc.call("chain_getHeader", [])["number"], 16)
        if number > best:
            seen_ms = time.time() * 1000
            block_hash = rpc.call("chain_getBlockHash", [number])
            raw = rpc.call("state_getStorage", [TIMESTAMP_NOW, block_hash])
            stamp = int.from_bytes(bytes.fromhex(raw[2:]), "little") if raw else seen_ms
            imports.append((number, max(0.0, (seen_ms - stamp) / 1000)))
            best = number
        time.sleep(poll)
    return health, imports


def client(rpc, registry, start, seconds, round_s, out, lock):
    latencies, errors = [], {}
    start.wait()
    started = time.monotonic()
    k = 0
    while True:
        tick = started + k * round_s
        if tick >= started + seconds:
            break
        time.sleep(max(0.0, tick - time.monotonic()))
        asked = time.monotonic()
        try:
            result = rpc.call("revocation_statusList", [registry])
            if result is None:
                errors["null"] = errors.get("null", 0) + 1
        except RuntimeError as e:
            code = e.args[0].get("code") if isinstance(e.args[0], dict) else str(e)
            errors[f"code {code}"] = errors.get(f"code {code}", 0) + 1
        except (urllib.error.URLError, OSError, ValueError, KeyError) as e:
            errors[type(e).__name__] = errors.get(type(e).__name__, 0) + 1
        latencies.append(time.monotonic() - asked)
        k = int((time.monotonic() - started) / round_s) + 1
    with lock:
        out["latencies"].extend(latencies)
        for key, count in errors.items():
            out["errors"][key] = out["errors"].get(key, 0) + count


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:9944", help="the node's JSON-RPC (HTTP)")
    parser.add_argument("--registry", type=int, default=0, help="the registry to ask for")
    parser.add_argument("--callers", type=int, default=32, help=f"concurrent clients (1..{MAX_CALLERS})")
    parser.add_argument("--seconds", type=float, default=24, help=f"load duration (1..{MAX_SECONDS})")
    parser.add_argument("--baseline", type=float, default=14, help="unloaded watch first (0..60 s)")
    parser.add_argument("--round", type=float, default=0.25, help="seconds between a client's calls")
    parser.add_argument("--poll", type=float, default=0.1, help="seconds between health polls")
    parser.add_argument("--max-delay", type=float, default=1.0, help="allowed delay (s)")
    args = parser.parse_args()

    url = urllib.parse.urlparse(args.url)
    if url.scheme != "http" or url.hostname not in LOOPBACK:
        sys.exit(f"refusing {args.url}: only http:// to a node on this machine ({', '.join(sorted(LOOPBACK))})")
    if not 1 <= args.callers <= MAX_CALLERS:
        sys.exit(f"--callers must be in 1..{MAX_CALLERS}")
    if not 1 <= args.seconds <= MAX_SECONDS:
        sys.exit(f"--seconds must be in 1..{MAX_SECONDS}")
    if not 0 <= args.baseline <= 60 or args.round < 0.05 or args.poll < 0.01:
        sys.exit("--baseline must be in 0..60, --round at least 0.05 and --poll at least 0.01")

    rpc = Rpc(args.url)
    try:
        first = rpc.call("revocation_statusList", [args.registry])
    except (RuntimeError, urllib.error.URLError, OSError) as e:
        sys.exit(f"cannot reach {args.url}: {e}")
    if first is None:
        sys.exit(f"registry {args.registry} does not exist (or is being closed)")
    capacity = first["didimoChainState"]["capacity"]
    print(f"registry {args.registry}: {capacity} slots; {args.callers} clients, "
          f"one call each every {args.round} s for {args.seconds} s")

    base_health, base_imports = watch(rpc, args.baseline, args.poll) if args.baseline else ([], [])
    print(describe("baseline system_health", base_health))
    print("baseline import delays (block, s):", [(n, round(d, 3)) for n, d in base_imports])

    start = threading.Barrier(args.callers + 1)
    out, lock = {"latencies": [], "errors": {}}, threading.Lock()
    threads = [
        threading.Thread(
            target=client,
            args=(rpc, args.registry, start, args.seconds, args.round, out, lock),
            daemon=True,
        )
        for _ in range(args.callers)
    ]
    for thread in threads:
        thread.start()
    start.wait()
    health, imports = watch(rpc, args.seconds, args.poll)
    for thread in threads:
        # Each client stops after --seconds plus at most one call in flight.
        thread.join(timeout=args.seconds + HTTP_TIMEOUT + 5)

    print(describe("revocation_statusList under load", out["latencies"]))
    print("errors:", out["errors"] or "none")
    print(describe("system_health under load", health))
    print("import delays under load (block, s):", [(n, round(d, 3)) for n, d in imports])

    failures = []
    if health and max(health) > args.max_delay:
        failures.append(f"system_health took {max(health):.3f} s")
    if not imports:
        failures.append("no block was imported under load")
    base_delay = max((d for _, d in base_imports), default=0.0)
    late = [(n, d) for n, d in imports if d > base_delay + args.max_delay]
    if late:
        failures.append(f"blocks imported late: {late} (unloaded: {base_delay:.3f} s)")
    if failures:
        print("FAIL:", "; ".join(failures))
        return 1
    print("OK: no delay above", args.max_delay, "s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

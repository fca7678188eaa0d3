#!/usr/bin/env bash
# Load tests of a release dev node on loopback (issue 21; figures in docs/load.md). Builds the
# release node and the load generator (didimo-load) in one build, with the features
# scripts/bench.sh uses, so one release build serves both. Then starts a fresh dev node (Alice
# authoring 6-second blocks, its database in a temporary folder, every port on 127.0.0.1) and
# runs the scenarios against it, one after another, on the same chain:
#
#   dids         DID creations until blocks are full: inclusion rate, fullness, finality lag
#   resolve      did_resolve of one DID, then of 2,000 in turn, from 1, 16 and 64 clients
#   revocations  revocation batches (64 indices per DID-signed call) from 32 issuers
#   consent      consent grants from 32 data subjects to 64 grantees
#
# Every scenario is bounded in time and count and stops by itself; the node is stopped at the
# end (or on Ctrl-C). CPU use of the node and of the generator, and the pool's size, are
# printed with each scenario.
#
#   scripts/load.sh                       # all four
#   scripts/load.sh dids resolve          # some
#   DIDIMO_LOAD_SECONDS=30 scripts/load.sh   # shorter block-filling phases (default 60)
#   DIDIMO_RESOLVE_SECONDS=5 scripts/load.sh resolve   # per resolve phase (default 10)
set -euo pipefail
cd "$(dirname "$0")/.."

scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=(dids resolve revocations consent)
for s in "${scenarios[@]}"; do
  case "$s" in dids|resolve|revocations|consent) ;; *)
    echo "usage: scripts/load.sh [dids|resolve|revocations|consent]..." >&2; exit 2 ;;
  esac
done
seconds="${DIDIMO_LOAD_SECONDS:-60}"
resolve_seconds="${DIDIMO_RESOLVE_SECONDS:-10}"

bash scripts/setup.sh
source scripts/env.sh
# Built like an operator's node, by plain rustc (see scripts/bench.sh).
unset RUSTC_WORKSPACE_WRAPPER CLIPPY_ARGS

echo "[load] building didimo-node and didimo-load (release)"
cargo build --locked --release -p didimo-node -p didimo-load --features didimo-node/runtime-benchmarks
node_bin="$CARGO_TARGET_DIR/release/didimo-node"
load_bin="$CARGO_TARGET_DIR/release/didimo-load"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rpc_port=$(free_port); prom_port=$(free_port); p2p_port=$(free_port)
data=$(mktemp -d "${TMPDIR:-/tmp}/didimo-load.XXXXXX")
node_pid=
cleanup() {
  if [ -n "$node_pid" ] && kill -0 "$node_pid" 2>/dev/null; then
    kill -INT "$node_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$node_pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$node_pid" 2>/dev/null || true
  fi
  rm -rf "$data"
}
trap cleanup EXIT INT TERM

echo "[load] starting a release dev node: RPC 127.0.0.1:$rpc_port, log $data/node.log"
"$node_bin" --dev --base-path "$data/chain" --no-telemetry --no-mdns \
  --rpc-port "$rpc_port" --prometheus-port "$prom_port" \
  --listen-addr "/ip4/127.0.0.1/tcp/$p2p_port" >"$data/node.log" 2>&1 &
node_pid=$!
url="http://127.0.0.1:$rpc_port"
python3 - "$url" <<'EOF'
import json, sys, time, urllib.request
url = sys.argv[1]
deadline = time.time() + 120
body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "chain_getHeader", "params": []}).encode()
while True:
    try:
        req = urllib.request.Request(url, body, {"content-type": "application/json"})
        header = json.load(urllib.request.urlopen(req, timeout=2))["result"]
        if int(header["number"], 16) >= 1:
            break
    except Exception:
        pass
    if time.time() > deadline:
        sys.exit("[load] the node did not author its first block within two minutes")
    time.sleep(0.5)
EOF

load() { "$load_bin" --url "$url" --node-pid "$node_pid" --metrics "http://127.0.0.1:$prom_port/metrics" "$@"; }
for s in "${scenarios[@]}"; do
  echo "[load] === $s ==="
  case "$s" in
    dids) load dids --seconds "$seconds" ;;
    resolve)
      load resolve --seconds "$resolve_seconds" --dids 1
      load resolve --seconds "$resolve_seconds" --dids 2000 ;;
    revocations) load revocations --seconds "$seconds" ;;
    consent) load consent --seconds "$seconds" ;;
  esac
done
echo "[load] done"

#!/usr/bin/env bash
# The local testnet of docker-compose.yml as processes on this host: the same five nodes
# (network/local.json: the `local` chain's four validators and the RPC node), the same keys,
# peer ids, boot node and ports, on loopback, without Docker. scripts/network.py turns the
# description into each node's arguments, so this and the compose file cannot drift.
#
#   scripts/local-net.sh start [DIR]   start every node not running (databases and logs in DIR,
#                                       default $HOME/.cache/didimo/local-net), wait until each
#                                       answers /health/readiness
#   scripts/local-net.sh stop  [DIR]   stop them by their process ids (SIGINT, then SIGKILL
#                                       after 30 s)
#   scripts/local-net.sh stop-node NAME [DIR]    stop one node (to see the network without it)
#   scripts/local-net.sh start-node NAME [DIR]   start one node again
#   scripts/local-net.sh status [DIR]  each node's pid, best and finalized block
#
# The node binary is $DIDIMO_NODE, else the release build, else the debug build, under
# $CARGO_TARGET_DIR (scripts/env.sh). Wallets and applications use the RPC node:
# ws://127.0.0.1:9944, and its DID resolver at http://127.0.0.1:8088.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh >/dev/null

command="${1:-}"
case "$command" in
  start-node|stop-node) node_name="${2:?usage: scripts/local-net.sh $command NAME [DIR]}"; dir="${3:-}";;
  *) dir="${2:-}";;
esac
dir="${dir:-$HOME/.cache/didimo/local-net}"
mkdir -p "$dir"

say() { echo "[local-net] $*"; }
node_bin() {
  if [ -n "${DIDIMO_NODE:-}" ]; then echo "$DIDIMO_NODE"; return; fi
  for profile in release debug; do
    if [ -x "$CARGO_TARGET_DIR/$profile/didimo-node" ]; then echo "$CARGO_TARGET_DIR/$profile/didimo-node"; return; fi
  done
  say "no didimo-node built: run cargo build --release -p didimo-node (or set DIDIMO_NODE)" >&2
  exit 1
}
nodes() { python3 scripts/network.py nodes; }
pid_of() { cat "$dir/$1.pid" 2>/dev/null || true; }
running() { local pid; pid=$(pid_of "$1"); [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }

# "best #N, finalized #M" of the node whose RPC is at 127.0.0.1:PORT (Python: no curl needed).
heads() {
  python3 - "$1" <<'PY'
import json, sys, urllib.request
def call(method, params=()):
    request = urllib.request.Request(f"http://127.0.0.1:{sys.argv[1]}",
        data=json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": list(params)}).encode(),
        headers={"Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(request, timeout=5))["result"]
try:
    best = int(call("chain_getHeader")["number"], 16)
    finalized = int(call("chain_getHeader", [call("chain_getFinalizedHead")])["number"], 16)
    print(f"best #{best}, finalized #{finalized}")
except Exception as error:
    print(f"RPC unreachable ({error.__class__.__name__})")
PY
}
ready() {
  python3 - "$1" <<'PY'
import sys, urllib.request
try:
    sys.exit(0 if urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/health/readiness", timeout=5).status == 200 else 1)
except Exception:
    sys.exit(1)
PY
}

start_node() {
  local name=$1 rpc_port=$2
  if running "$name"; then say "$name is running (pid $(pid_of "$name"))"; return; fi
  local -a args
  mapfile -t args < <(python3 scripts/network.py args "$name" --base-path "$dir/$name")
  "$(node_bin)" "${args[@]}" >>"$dir/$name.log" 2>&1 &
  echo $! >"$dir/$name.pid"
  say "started $name (pid $!, RPC 127.0.0.1:$rpc_port, log $dir/$name.log)"
}

wait_ready() {
  local name=$1 rpc_port=$2 waited=0
  until ready "$rpc_port"; do
    running "$name" || { say "$name exited; the end of its log:"; tail -20 "$dir/$name.log"; exit 1; }
    sleep 1; waited=$((waited + 1))
    [ "$waited" -lt 180 ] || { say "$name not ready after 180 s; see $dir/$name.log"; exit 1; }
  done
  say "$name ready"
}

stop_node() {
  local name=$1 pid waited=0
  pid=$(pid_of "$name")
  if ! running "$name"; then rm -f "$dir/$name.pid"; return; fi
  kill -INT "$pid"
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1; waited=$((waited + 1))
    if [ "$waited" -ge 30 ]; then say "$name did not stop in 30 s: SIGKILL"; kill -KILL "$pid"; fi
  done
  rm -f "$dir/$name.pid"
  say "stopped $name"
}

case "$command" in
  start)
    while read -r name role rpc_port p2p_port; do start_node "$name" "$rpc_port"; done < <(nodes)
    while read -r name role rpc_port p2p_port; do wait_ready "$name" "$rpc_port"; done < <(nodes)
    say "up: RPC ws://127.0.0.1:9944; stop with scripts/local-net.sh stop"
    ;;
  start-node)
    line=$(nodes | awk -v n="$node_name" '$1 == n') || true
    [ -n "$line" ] || { say "no node $node_name"; exit 1; }
    read -r name role rpc_port p2p_port <<<"$line"
    start_node "$name" "$rpc_port"; wait_ready "$name" "$rpc_port"
    ;;
  stop-node)
    stop_node "$node_name"
    ;;
  stop)
    while read -r name role rpc_port p2p_port; do stop_node "$name"; done < <(nodes)
    ;;
  status)
    while read -r name role rpc_port p2p_port; do
      if running "$name"; then
        echo "$name ($role) pid $(pid_of "$name"): $(heads "$rpc_port")"
      else
        echo "$name ($role): not running"
      fi
    done < <(nodes)
    ;;
  *)
    sed -n '2,20p' "$0"; exit 2;;
esac

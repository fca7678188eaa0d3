#!/usr/bin/env bash
# Sets up the machine, builds didimo-node and starts a single-validator development chain
# (Alice authors and finalizes). The chain is kept in ParityDb under the base path, so a
# restart resumes it; pass --tmp for a throwaway chain. Extra arguments go to the node.
#
#   scripts/run-dev.sh                 # JSON-RPC on ws://127.0.0.1:9944
#   scripts/run-dev.sh --tmp           # a fresh chain every time
#   DIDIMO_BASE_PATH=/data/didimo scripts/run-dev.sh
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
source scripts/env.sh

echo "[run-dev] building didimo-node (target dir: $CARGO_TARGET_DIR)"
cargo build --locked --workspace --all-targets "${DIDIMO_FEATURES[@]}"

base_path="${DIDIMO_BASE_PATH:-${XDG_DATA_HOME:-$HOME/.local/share}/didimo/dev}"
args=(--dev)
case " $* " in
  *" --tmp "*|*" --base-path "*|*" -d "*) ;;
  *) args+=(--base-path "$base_path"); echo "[run-dev] chain data in $base_path (use --tmp for a throwaway chain)" ;;
esac
exec "$CARGO_TARGET_DIR/debug/didimo-node" "${args[@]}" "$@"

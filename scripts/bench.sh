#!/usr/bin/env bash
# Runs a pallet's FRAME benchmarks (v2) in the wasm runtime and writes its weights.rs from the
# checked-in template. Builds didimo-node in the release profile with `runtime-benchmarks`: the
# node operators run is a release build, and the benchmarks time the host side too (the
# storage overlay and trie, the wasm executor, the allocator, host-function crypto), which
# unoptimised costs several times more. The first build takes about an hour here; later runs
# rebuild only what changed. Run it on an otherwise idle machine.
#
#   scripts/bench.sh pallet_did            # -> pallets/did/src/weights.rs
#   STEPS=10 REPEAT=5 scripts/bench.sh pallet_did   # quicker, noisier
set -euo pipefail
cd "$(dirname "$0")/.."

pallet="${1:?usage: scripts/bench.sh <pallet_name, e.g. pallet_did>}"
name="${pallet#pallet_}"
crate_dir="pallets/${name//_/-}"
[ -d "$crate_dir" ] || { echo "[bench] no crate directory $crate_dir for $pallet" >&2; exit 1; }

bash scripts/setup.sh
source scripts/env.sh
# The benchmarked node is built like an operator's, by plain rustc: clippy's driver (env.sh)
# turns MIR optimisations off, which the timings must not depend on.
unset RUSTC_WORKSPACE_WRAPPER CLIPPY_ARGS

echo "[bench] building didimo-node (release) with runtime-benchmarks"
cargo build --locked --release -p didimo-node --features runtime-benchmarks

"$CARGO_TARGET_DIR/release/didimo-node" benchmark pallet \
  --chain dev \
  --pallet "$pallet" \
  --extrinsic '*' \
  --wasm-execution compiled \
  --steps "${STEPS:-50}" \
  --repeat "${REPEAT:-20}" \
  --heap-pages 4096 \
  --template .maintain/frame-weight-template.hbs \
  --output "$crate_dir/src/weights.rs"
echo "[bench] wrote $crate_dir/src/weights.rs"

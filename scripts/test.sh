#!/usr/bin/env bash
# Sets up the machine, checks the house rules and runs every test:
#
# 1. formatting (`cargo fmt --check`) and feature propagation (`zepter`, .config/zepter.yaml);
# 2. the build of every crate and target, linted by clippy with `-D warnings` as it compiles
#    (scripts/env.sh, scripts/clippy-rustc.sh);
# 3. the check that docker-compose.yml is what network/local.json describes (and its peer ids
#    what its node keys give); every test: unit, pallet and runtime tests, and the end-to-end
#    tests that drive the real didimo-node binary over JSON-RPC and HTTP (a five-node network
#    among them);
# 4. the pallets' tests again with `runtime-benchmarks`, which adds each pallet's benchmark
#    test suite (every benchmark run once against its mock). Only the pallets get that feature
#    set, so the node is not built twice.
#
#   scripts/test.sh              # everything
#   scripts/test.sh -- <filter>  # only tests whose name contains <filter>
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
source scripts/env.sh

echo "[test] cargo fmt --check"
cargo fmt --all -- --check

echo "[test] feature propagation (zepter run check)"
zepter run check

echo "[test] building, linted by clippy -D warnings (target dir: $CARGO_TARGET_DIR)"
# DIDIMO_BUILD_TIMINGS=1 writes cargo's timing report (target dir, cargo-timings/).
timings=()
[ "${DIDIMO_BUILD_TIMINGS:-0}" = 1 ] && timings=(--timings)
cargo build --locked --workspace --all-targets "${DIDIMO_FEATURES[@]}" "${timings[@]}"

status=0
echo "[test] the network description against docker-compose.yml (scripts/network.py check)"
python3 scripts/network.py check --node "$CARGO_TARGET_DIR/debug/didimo-node" || status=$?

echo "[test] running tests"
cargo test --locked --workspace --no-fail-fast "${DIDIMO_FEATURES[@]}" "$@" || status=$?

echo "[test] pallet tests with runtime-benchmarks (the benchmark test suites)"
pallets=(pallet-did pallet-revocation pallet-consent pallet-presentation pallet-validator-set)
bench_features=()
for p in "${pallets[@]}"; do bench_features+=("$p/runtime-benchmarks" "$p/try-runtime"); done
cargo test --locked --no-fail-fast "${pallets[@]/#/--package=}" \
  --features "$(IFS=,; echo "${bench_features[*]}")" "$@" || status=$?
exit $status

#!/usr/bin/env bash
# Sets up the machine, builds everything and runs every test: unit, runtime and pallet tests,
# and the end-to-end tests that drive the real didimo-node binary over JSON-RPC.
#
#   scripts/test.sh              # everything
#   scripts/test.sh -- <filter>  # only tests whose name contains <filter>
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
source scripts/env.sh

echo "[test] cargo fmt --check"
cargo fmt --all -- --check

echo "[test] building (target dir: $CARGO_TARGET_DIR)"
# DIDIMO_BUILD_TIMINGS=1 writes cargo's timing report (target dir, cargo-timings/).
timings=()
[ "${DIDIMO_BUILD_TIMINGS:-0}" = 1 ] && timings=(--timings)
cargo build --locked --workspace --all-targets "${DIDIMO_FEATURES[@]}" "${timings[@]}"

echo "[test] running tests"
cargo test --locked --workspace --no-fail-fast "${DIDIMO_FEATURES[@]}" "$@"

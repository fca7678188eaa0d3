#!/usr/bin/env bash
# Formatting and clippy over every crate and target, with the same feature set as the tests.
# The runtime's wasm is not needed to lint, so its build is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

echo "[lint] cargo fmt --check"
cargo fmt --all -- --check
echo "[lint] cargo clippy"
SKIP_WASM_BUILD=1 cargo clippy --locked --workspace --all-targets "${DIDIMO_FEATURES[@]}" -- -D warnings

#!/usr/bin/env bash
# The house rules without the tests: formatting, feature propagation, and the build of every
# crate and target linted by clippy with -D warnings (the same build scripts/test.sh makes, so
# running one after the other compiles nothing twice).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh

echo "[lint] cargo fmt --check"
cargo fmt --all -- --check
echo "[lint] zepter run check"
zepter run check
echo "[lint] build with clippy -D warnings"
cargo build --locked --workspace --all-targets "${DIDIMO_FEATURES[@]}"

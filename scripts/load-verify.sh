#!/usr/bin/env bash
# Presentation verification under load: the figures of docs/presentation.md ("The node's
# verification service"). Builds the release node (the benchmark build, `runtime-benchmarks`,
# which scripts/bench.sh also builds, so one release build serves both) and the end-to-end
# tests against it, then runs node/tests/e2e/verification_load.rs: a fresh dev node on
# 127.0.0.1 with an issuer list, a request and four presentations; one client, then 16 at
# once, then batches of 64, each phase DIDIMO_LOAD_SECONDS long (default 12, at most 120),
# while system_health and block import are watched. It prints latency percentiles and
# verifications per second, and fails if a call fails or health or import slow by more than
# a second. Everything stays on loopback and stops by itself.
#
#   scripts/load-verify.sh
#   DIDIMO_LOAD_SECONDS=30 scripts/load-verify.sh
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
source scripts/env.sh
# Built like an operator's node, by plain rustc (see scripts/bench.sh).
unset RUSTC_WORKSPACE_WRAPPER CLIPPY_ARGS

cargo test --locked --release -p didimo-node --features runtime-benchmarks --test e2e -- \
  --exact verification_load::verification_under_load_keeps_import_and_health --nocapture

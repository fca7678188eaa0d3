#!/usr/bin/env bash
# Sets up the machine, checks the house rules and runs every test:
#
# 1. formatting (`cargo fmt --check`) and feature propagation (`zepter`, .config/zepter.yaml);
# 2. the build of every crate and target, linted by clippy with `-D warnings` as it compiles
#    (scripts/env.sh, scripts/clippy-rustc.sh);
# 3. the check that docker-compose.yml is what network/local.json describes (and its peer ids
#    what its node keys give); the check that a second checkout of the tree, in another folder
#    and target directory, builds the same runtime wasm byte for byte; every test: unit, pallet and runtime tests, and the end-to-end
#    tests that drive the real didimo-node binary over JSON-RPC and HTTP (a five-node network
#    among them);
# 4. the pallets' tests again with `runtime-benchmarks`, which adds each pallet's benchmark
#    test suite (every benchmark run once against its mock). Only the pallets get that feature
#    set, so the node is not built twice;
# 5. a short fuzzing run of the runtime and decoder targets under AFL++ (scripts/fuzz.sh; the
#    corpus itself is replayed by fuzz/'s tests above): DIDIMO_FUZZ_SECONDS per target, 30 by
#    default, 0 to skip;
# 6. pruning of the shared build cache: what no checkout's run of the last three days built goes
#    (scripts/prune-target.py).
#
#   scripts/test.sh              # everything
#   scripts/test.sh -- <filter>  # only tests whose name contains <filter>
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
source scripts/env.sh

# The build cache is shared by every checkout and CI run and cargo never deletes from it: when
# the disk runs low, stale units and incremental state go before anything builds
# (scripts/prune-target.py; each run also prunes what no recent run used, at its end).
prune=(python3 scripts/prune-target.py)
free_gib=$("${prune[@]}" free --target-dir "$CARGO_TARGET_DIR")
if [ "$free_gib" -lt "${DIDIMO_MIN_FREE_GIB:-30}" ]; then
  echo "[test] only $free_gib GiB free for the build cache: pruning it first"
  "${prune[@]}" prune --target-dir "$CARGO_TARGET_DIR" --low-disk
fi

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
echo "[test] the runtime wasm from a second checkout elsewhere (scripts/check-reproducible.py)"
python3 scripts/check-reproducible.py --target-dir "$CARGO_TARGET_DIR" || status=$?
echo "[test] the scripts' own tests (python3 -m unittest, scripts/test_*.py)"
python3 -m unittest discover -s scripts -p 'test_*.py' || status=$?

echo "[test] running tests"
cargo test --locked --workspace --no-fail-fast "${DIDIMO_FEATURES[@]}" "$@" || status=$?

echo "[test] pallet tests with runtime-benchmarks (the benchmark test suites)"
pallets=(pallet-did pallet-revocation pallet-consent pallet-presentation pallet-validator-set)
bench_features=()
for p in "${pallets[@]}"; do bench_features+=("$p/runtime-benchmarks" "$p/try-runtime"); done
bench_args=("${pallets[@]/#/--package=}" --features "$(IFS=,; echo "${bench_features[*]}")")
cargo test --locked --no-fail-fast "${bench_args[@]}" "$@" || status=$?

fuzz_seconds="${DIDIMO_FUZZ_SECONDS:-30}"
if [ "$fuzz_seconds" -gt 0 ]; then
  echo "[test] fuzzing the runtime and the decoders for $fuzz_seconds s each (scripts/fuzz.sh)"
  scripts/fuzz.sh --time "$fuzz_seconds" runtime decoders || status=$?
fi

echo "[test] recording the units this checkout builds; pruning what no recent run used"
# Cargo lists every unit of a build, fresh ones too, in its JSON messages; nothing recompiles.
messages=$(mktemp -d)
if cargo build --locked --workspace --all-targets "${DIDIMO_FEATURES[@]}" --message-format json \
    >"$messages/build.json" 2>/dev/null \
  && cargo test --locked --workspace --no-run "${DIDIMO_FEATURES[@]}" --message-format json \
    >"$messages/test.json" 2>/dev/null \
  && cargo test --locked --no-run "${bench_args[@]}" --message-format json \
    >"$messages/bench.json" 2>/dev/null; then
  "${prune[@]}" record --target-dir "$CARGO_TARGET_DIR" --name "$PWD" "$messages"/*.json \
    && "${prune[@]}" prune --target-dir "$CARGO_TARGET_DIR" || echo "[test] pruning failed" >&2
else
  echo "[test] the build did not complete: build cache not pruned" >&2
fi
rm -rf "$messages"
exit $status

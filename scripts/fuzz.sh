#!/usr/bin/env bash
# Fuzzes DIDimo with AFL++ (through cargo afl, on the stable compiler): the runtime, block by
# block with every invariant checked, and the decoders of attacker-supplied bytes
# (fuzz/src; docs/fuzzing.md).
#
#   scripts/fuzz.sh [--time SECONDS] [--save] [TARGET...]
#
#   --time SECONDS  how long each target fuzzes (default 60), after AFL++ has calibrated the
#                   corpus; the run stops by itself
#   --save          adds what the run found (new coverage), minimized with afl-cmin, to
#                   fuzz/corpus/<target>/ for committing
#   TARGET          runtime, decoders, rpc (default: runtime and decoders; rpc, the node's
#                   decoders, instruments the node's client stack too: its first build is
#                   long)
#
# The instrumented build has its own target dir ($HOME/.cache/didimo/fuzz-target: cargo afl
# compiles every crate with its own flags) and skips the wasm runtime (the native one is
# fuzzed). Findings go to $HOME/.cache/didimo/fuzz-out/<target>/default/{crashes,hangs,queue}.
# Exits 1 if any target crashed or hung, printing the inputs: replay one with
#   $CARGO_TARGET_DIR/debug/didimo-fuzz <target> <file>
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=60
save=0
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --time) seconds="${2:?--time needs seconds}"; shift 2;;
    --save) save=1; shift;;
    runtime|decoders|rpc) targets+=("$1"); shift;;
    *) echo "usage: scripts/fuzz.sh [--time SECONDS] [--save] [runtime|decoders|rpc]..." >&2; exit 2;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=(runtime decoders)

say() { echo "[fuzz] $*"; }
if ! cargo afl --version >/dev/null 2>&1; then
  say "cargo afl is missing: run scripts/setup.sh (it installs cargo-afl)" >&2
  exit 1
fi

# Not scripts/env.sh's settings: its clippy wrapper and shared target dir are for the normal
# build, and cargo afl's flags would rebuild everything there.
export CARGO_TARGET_DIR="$HOME/.cache/didimo/fuzz-target"
export SKIP_WASM_BUILD=1
unset RUSTC_WORKSPACE_WRAPPER CLIPPY_ARGS
features=afl,try-runtime
[[ " ${targets[*]} " == *" rpc "* ]] && features+=,rpc
say "building the instrumented didimo-fuzz, features $features (target dir $CARGO_TARGET_DIR)"
cargo afl build --locked --release -p didimo-fuzz --no-default-features --features "$features"
bin="$CARGO_TARGET_DIR/release/didimo-fuzz"

out_root="$HOME/.cache/didimo/fuzz-out"
status=0
for target in "${targets[@]}"; do
  out="$out_root/$target"
  rm -rf "$out"
  mkdir -p "$out"
  say "$target: fuzzing for $seconds s from fuzz/corpus/$target"
  # No UI; the machine's CPU frequency and core binding are left alone; a seed that fails is
  # reported below rather than stopping the run; -t: a block with try_state on a slow input
  # may take seconds.
  AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_IGNORE_SEED_PROBLEMS=1 \
  AFL_SKIP_CRASHES=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
    cargo afl fuzz -i "fuzz/corpus/$target" -o "$out" -V "$seconds" -t 10000 \
      -- "$bin" "$target" >"$out/afl.log" 2>&1 || {
        say "$target: afl-fuzz failed (tail of $out/afl.log):" >&2
        tail -20 "$out/afl.log" >&2
        status=1
        continue
      }
  stats="$out/default/fuzzer_stats"
  field() { sed -n "s/^$1 *: *//p" "$stats"; }
  crashes=$(find "$out/default/crashes" -type f -name 'id:*' 2>/dev/null | wc -l)
  hangs=$(find "$out/default/hangs" -type f -name 'id:*' 2>/dev/null | wc -l)
  say "$target: $(field execs_done) executions ($(field execs_per_sec)/s), corpus $(field corpus_count), edges $(field edges_found) of $(field total_edges) ($(field bitmap_cvg)), crashes $crashes, hangs $hangs"
  if [ "$crashes" -gt 0 ] || [ "$hangs" -gt 0 ]; then
    status=1
    find "$out/default/crashes" "$out/default/hangs" -type f -name 'id:*' -exec echo "[fuzz] $target finding: {}" \;
  fi
  if [ "$save" = 1 ]; then
    minimized="$out/minimized"
    cargo afl cmin -i "$out/default/queue" -o "$minimized" -t 10000 -- "$bin" "$target" \
      >"$out/cmin.log" 2>&1 || { say "$target: afl-cmin failed ($out/cmin.log)"; status=1; continue; }
    added=0
    for file in "$minimized"/*; do
      name="found-$(sha256sum "$file" | cut -c1-16)"
      if [ ! -e "fuzz/corpus/$target/$name" ]; then
        cp "$file" "fuzz/corpus/$target/$name"
        added=$((added + 1))
      fi
    done
    say "$target: $added inputs added to fuzz/corpus/$target"
  fi
done
exit "$status"

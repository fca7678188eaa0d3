#!/usr/bin/env bash
# Line coverage of DIDimo's code by the fuzz corpus: replays fuzz/corpus/<target> (and, with
# --found, what the last scripts/fuzz.sh run queued in $HOME/.cache/didimo/fuzz-out) through a
# didimo-fuzz built with LLVM's source-based coverage, and reports the lines each pallet and
# crate of ours ran (docs/fuzzing.md).
#
#   scripts/coverage.sh [--found] [TARGET...]
#
#   --found   replays the last fuzzing run's queue too (what it found beyond the corpus)
#   TARGET    runtime, decoders, rpc (default: all three)
#
# Needs llvm-profdata and llvm-cov of the compiler's LLVM major version (22 for rustc 1.95):
# installs Debian's llvm-22 when missing. The instrumented build has its own target dir
# ($HOME/.cache/didimo/coverage-target; about 25 minutes the first time) and skips the wasm
# runtime (the native one runs). Writes the report to $HOME/.cache/didimo/coverage/report.txt
# and an HTML one to $HOME/.cache/didimo/coverage/html/index.html.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

found=0
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --found) found=1; shift;;
    runtime|decoders|rpc) targets+=("$1"); shift;;
    *) echo "usage: scripts/coverage.sh [--found] [runtime|decoders|rpc]..." >&2; exit 2;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=(runtime decoders rpc)

say() { echo "[coverage] $*"; }

# The LLVM tools of the compiler's LLVM: profile formats change between major versions.
llvm_major=$(rustc -vV | sed -n 's/^LLVM version: \([0-9]*\).*/\1/p')
llvm_bin="/usr/lib/llvm-$llvm_major/bin"
if [ ! -x "$llvm_bin/llvm-profdata" ] || [ ! -x "$llvm_bin/llvm-cov" ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO=sudo
  command -v apt-get >/dev/null 2>&1 || {
    say "llvm-profdata and llvm-cov $llvm_major are missing and there is no apt-get" >&2
    exit 1
  }
  say "installing Debian's llvm-$llvm_major (llvm-profdata, llvm-cov)"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    "llvm-$llvm_major" >/dev/null
  [ -x "$llvm_bin/llvm-cov" ] || { say "llvm-$llvm_major did not provide $llvm_bin/llvm-cov" >&2; exit 1; }
fi

# Not scripts/env.sh's settings: the instrumentation flags would rebuild everything in the
# shared target dir. Dev profile: the corpus is small, and the build is what takes time.
export CARGO_TARGET_DIR="$HOME/.cache/didimo/coverage-target"
export SKIP_WASM_BUILD=1
export RUSTFLAGS="-C instrument-coverage"
unset RUSTC_WORKSPACE_WRAPPER CLIPPY_ARGS
features=try-runtime
[[ " ${targets[*]} " == *" rpc "* ]] && features+=,rpc
say "building didimo-fuzz with coverage instrumentation, features $features"
# Build scripts and proc macros are instrumented too: their profiles go to a scratch dir, not
# into the work tree.
LLVM_PROFILE_FILE="$HOME/.cache/didimo/coverage-build/%p-%m.profraw" \
  cargo build --locked -p didimo-fuzz --no-default-features --features "$features"
rm -rf "$HOME/.cache/didimo/coverage-build"
bin="$CARGO_TARGET_DIR/debug/didimo-fuzz"

out="$HOME/.cache/didimo/coverage"
rm -rf "$out"
mkdir -p "$out/profiles"
for target in "${targets[@]}"; do
  inputs=("fuzz/corpus/$target")
  queue="$HOME/.cache/didimo/fuzz-out/$target/default/queue"
  [ "$found" = 1 ] && [ -d "$queue" ] && inputs+=("$queue")
  say "$target: replaying ${inputs[*]}"
  start=$(date +%s)
  LLVM_PROFILE_FILE="$out/profiles/$target-%p.profraw" "$bin" "$target" "${inputs[@]}"
  say "$target: $(( $(date +%s) - start )) s"
done
"$llvm_bin/llvm-profdata" merge -sparse "$out"/profiles/*.profraw -o "$out/merged.profdata"

# Our sources only: the workspace's crates, not the registry's or the standard library's.
ignore='(\.cargo/registry|/rustc/|/library/|^/usr/)'
"$llvm_bin/llvm-cov" report "$bin" -instr-profile="$out/merged.profdata" \
  -ignore-filename-regex="$ignore" >"$out/report.txt"
"$llvm_bin/llvm-cov" show "$bin" -instr-profile="$out/merged.profdata" \
  -ignore-filename-regex="$ignore" -format=html -output-dir="$out/html" >/dev/null
"$llvm_bin/llvm-cov" export "$bin" -instr-profile="$out/merged.profdata" \
  -ignore-filename-regex="$ignore" -summary-only >"$out/summary.json"

# Lines covered per crate directory (pallets/<name>, and our other crates), from the export.
python3 - "$out/summary.json" "$root" <<'EOF'
import json, sys, collections
summary, root = sys.argv[1], sys.argv[2].rstrip("/") + "/"
totals = collections.OrderedDict()
for data in json.load(open(summary))["data"]:
    for f in data["files"]:
        name = f["filename"]
        if not name.startswith(root):
            continue
        parts = name[len(root):].split("/")
        group = "/".join(parts[:2]) if parts[0] == "pallets" else parts[0]
        lines = f["summary"]["lines"]
        covered, count = totals.get(group, (0, 0))
        totals[group] = (covered + lines["covered"], count + lines["count"])
print(f"{'crate':32} {'lines':>7} {'covered':>8} {'share':>7}")
for group in sorted(totals):
    covered, count = totals[group]
    share = 100.0 * covered / count if count else 0.0
    print(f"{group:32} {count:7} {covered:8} {share:6.1f}%")
EOF
say "per file: $out/report.txt; browsable: $out/html/index.html"

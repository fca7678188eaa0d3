#!/usr/bin/env bash
# Cargo's RUSTC_WORKSPACE_WRAPPER (set by scripts/env.sh): cargo runs `clippy-rustc.sh <rustc>
# <arguments>` for the workspace's own crates, never for dependencies. Those crates are compiled
# by clippy's driver, which lints them as it builds them (CLIPPY_ARGS carries `-D warnings`), so
# every build is also `cargo clippy --all-targets -- -D warnings` without clippy's second,
# check-only build of every dependency.
#
# The runtime's wasm is built by substrate-wasm-builder with another toolchain (Debian's Rust,
# docs/wasm-toolchain.md), which has no clippy: those compilations, and any rustc without a
# clippy-driver beside it, run unchanged.
set -euo pipefail
rustc="$1"
for arg in "$@"; do
  case "$arg" in
    wasm32*|--target=wasm32*) exec "$@" ;;
  esac
done
driver="$(dirname "$(command -v "$rustc")")/clippy-driver"
if [ -x "$driver" ] && [ "${RUSTUP_TOOLCHAIN:-}" != "didimo-wasm" ]; then
  exec "$driver" "$@"
fi
exec "$@"

# Sourced by the other scripts (from the repository root): one target directory, one toolchain
# choice, one feature set and one compiler wrapper for every build and test, so nothing compiles
# twice.

# The build cache lives outside the clone so every clone, session and CI run reuses it.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/didimo/target}"

# The runtime's wasm needs a toolchain with wasm32v1-none. Use the default toolchain where it
# has the target; otherwise the one scripts/setup.sh made from Debian's Rust.
if [ -z "${WASM_BUILD_TOOLCHAIN:-}" ]; then
  _sysroot=$(rustc --print sysroot 2>/dev/null || true)
  if [ -z "$_sysroot" ] || [ ! -d "$_sysroot/lib/rustlib/wasm32v1-none/lib" ]; then
    export WASM_BUILD_TOOLCHAIN=didimo-wasm
  fi
  unset _sysroot
fi

# snarkjs as scripts/setup.sh installs it: the zero-knowledge tests run it on exported proofs.
export SNARKJS="${SNARKJS:-$HOME/.cache/didimo/snarkjs/node_modules/.bin/snarkjs}"

# Development and test builds carry try-runtime so the tests can check every pallet's
# try_state invariants; the node and the tests share this one feature set.
DIDIMO_FEATURES=(--features try-runtime)

# The workspace's own crates compile through clippy's driver (scripts/clippy-rustc.sh), which
# lints as it builds: every build is also `cargo clippy --all-targets -- -D warnings`, and
# linting costs no second (check-only) build of the dependencies. CLIPPY_ARGS is how cargo
# clippy hands its `-- -D warnings` to the driver.
export RUSTC_WORKSPACE_WRAPPER="$PWD/scripts/clippy-rustc.sh"
export CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__"

#!/usr/bin/env bash
# Installs what building and testing DIDimo needs on a fresh machine, idempotently.
#
# - Debian packages: protobuf-compiler (libp2p), libssl-dev and pkg-config (libp2p's WebRTC links
#   the system OpenSSL), clang/lld for the wasm link.
# - snarkjs from npm (pinned in tools/snarkjs), for the zero-knowledge interoperability test.
# - jsonld, the W3C contexts and a Bitstring Status List client from npm (pinned in tools/jsonld),
#   for tools/jsonld/check.mjs, which checks the node's JSON-LD outputs and status lists.
# - PyYAML from PyPI, for scripts/network.py's check of docker-compose.yml.
# - zepter from crates.io (pinned below), the feature-propagation check scripts/test.sh runs.
# - A Rust toolchain with the `wasm32v1-none` target for the runtime's wasm blob. Where a rustup
#   toolchain already has that target, nothing is installed. Otherwise (rustup cannot add targets
#   without internet) Debian's second Rust (`rustc-web`, `cargo-web`, `rust-web-src`) gets a
#   prebuilt `wasm32v1-none` sysroot and is linked into rustup as the toolchain `didimo-wasm`
#   (see docs/wasm-toolchain.md).
#
# Prints every step; exits non-zero naming whatever it could not install.
set -euo pipefail

WASM_TOOLCHAIN=didimo-wasm
say() { printf '[setup] %s\n' "$*"; }
fail() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 && SUDO="sudo" || SUDO=""
fi

have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

apt_updated=0
apt_install() {
  local missing=()
  for p in "$@"; do have_pkg "$p" || missing+=("$p"); done
  if [ ${#missing[@]} -eq 0 ]; then
    say "Debian packages present: $*"
    return 0
  fi
  command -v apt-get >/dev/null 2>&1 || fail "apt-get not found; install these packages by hand: ${missing[*]}"
  if [ "$apt_updated" -eq 0 ]; then
    say "apt-get update"
    $SUDO apt-get update -qq || fail "apt-get update failed (network or permissions?)"
    apt_updated=1
  fi
  say "apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || fail "could not install Debian packages: ${missing[*]}"
  for p in "${missing[@]}"; do have_pkg "$p" || fail "Debian package $p is still missing after apt-get install"; done
}

# 1. Host tools.
command -v cargo >/dev/null 2>&1 || fail "cargo not found: install Rust with rustup (https://rustup.rs) first"
command -v rustup >/dev/null 2>&1 || fail "rustup not found: DIDimo's wasm build needs a rustup-managed Rust"
apt_install protobuf-compiler libssl-dev pkg-config
command -v protoc >/dev/null 2>&1 || fail "protoc not on PATH after installing protobuf-compiler"
# PyYAML (PyPI): scripts/network.py parses docker-compose.yml to check it against the network
# description.
if python3 -c 'import yaml' >/dev/null 2>&1; then
  say "PyYAML present"
elif [ "$(command -v python3)" = /usr/bin/python3 ] && command -v apt-get >/dev/null 2>&1; then
  # Debian's Python: its own package (pip refuses to touch an externally managed Python).
  apt_install python3-yaml
  python3 -c 'import yaml' || fail "PyYAML is missing after installing python3-yaml"
else
  say "pip install --user pyyaml"
  python3 -m pip install --user --quiet pyyaml >/dev/null 2>&1 \
    || python3 -m pip install --user --quiet --break-system-packages pyyaml >/dev/null \
    || fail "pip install pyyaml failed (network or registry?)"
  python3 -c 'import yaml' || fail "PyYAML is missing after pip install"
fi

# 2. The wasm toolchain.
toolchain_has_wasm() { # $1 = rustup toolchain name
  local sysroot
  sysroot=$(rustup run "$1" rustc --print sysroot 2>/dev/null) || return 1
  [ -d "$sysroot/lib/rustlib/wasm32v1-none/lib" ] && ls "$sysroot/lib/rustlib/wasm32v1-none/lib"/libcore-*.rlib >/dev/null 2>&1
}

# rustc links wasm with `rust-lld`, which it looks for in its sysroot's tool directory. Debian's
# rustc-web does not ship one; lld-22's multi-call `lld` is the same program.
ensure_rust_lld() {
  local host tools
  host=$(/usr/bin/rustc -vV | sed -n 's/^host: //p')
  tools="$(/usr/bin/rustc --print sysroot)/lib/rustlib/$host/bin"
  if [ -x "$tools/rust-lld" ] || command -v rust-lld >/dev/null 2>&1; then
    return 0
  fi
  apt_install lld-22
  [ -x /usr/lib/llvm-22/bin/lld ] || fail "lld-22 did not provide /usr/lib/llvm-22/bin/lld"
  say "linking $tools/rust-lld -> /usr/lib/llvm-22/bin/lld"
  $SUDO mkdir -p "$tools"
  $SUDO ln -sf /usr/lib/llvm-22/bin/lld "$tools/rust-lld"
}

# Builds and links a tiny wasm cdylib with the toolchain: proves the sysroot and linker work.
check_wasm_link() { # $1 = rustup toolchain name
  local dir
  dir=$(mktemp -d)
  mkdir -p "$dir/src"
  printf '[package]\nname = "wasm-check"\nversion = "0.0.0"\nedition = "2021"\n[lib]\ncrate-type = ["cdylib"]\n[profile.dev]\npanic = "abort"\n' >"$dir/Cargo.toml"
  printf '#![no_std]\n#[panic_handler]\nfn panic(_: &core::panic::PanicInfo) -> ! { loop {} }\n#[no_mangle]\npub extern "C" fn answer() -> u32 { 42 }\n' >"$dir/src/lib.rs"
  if ! (cd "$dir" && env -u CARGO_TARGET_DIR -u RUSTFLAGS -u RUSTC rustup run "$1" cargo build --quiet --offline --target wasm32v1-none) >"$dir/log" 2>&1; then
    cat "$dir/log" >&2
    rm -rf "$dir"
    fail "toolchain $1 cannot build and link for wasm32v1-none (see the output above)"
  fi
  rm -rf "$dir"
  say "toolchain $1 builds and links wasm32v1-none"
}

default_toolchain=$(rustup show active-toolchain 2>/dev/null | awk '{print $1}')
if [ -n "$default_toolchain" ] && toolchain_has_wasm "$default_toolchain"; then
  say "rustup toolchain $default_toolchain already has wasm32v1-none; no wasm toolchain to install"
elif toolchain_has_wasm "$WASM_TOOLCHAIN"; then
  say "wasm toolchain $WASM_TOOLCHAIN present ($(rustup run "$WASM_TOOLCHAIN" rustc --version))"
  ensure_rust_lld
  check_wasm_link "$WASM_TOOLCHAIN"
else
  say "no rustup toolchain with wasm32v1-none; building one from Debian's rustc-web"
  apt_install rustc-web cargo-web rust-web-src lld-22
  [ -x /usr/bin/rustc ] && [ -x /usr/bin/cargo ] || fail "/usr/bin/rustc or /usr/bin/cargo missing after installing rustc-web/cargo-web"
  src=/usr/lib/rustlib/src/rust/library
  [ -d "$src" ] || fail "rust-web-src did not provide $src"
  sysroot=$(/usr/bin/rustc --print sysroot)
  dest="$sysroot/lib/rustlib/wasm32v1-none/lib"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$work/src"
  cat >"$work/Cargo.toml" <<'TOML'
[package]
name = "wasm-sysroot"
version = "0.0.0"
edition = "2021"
[lib]
path = "src/lib.rs"
[profile.release]
panic = "abort"
TOML
  printf '#![no_std]\n' >"$work/src/lib.rs"
  say "building core, alloc, compiler_builtins for wasm32v1-none with $(/usr/bin/rustc --version) (about a minute)"
  (cd "$work" && env -u CARGO_TARGET_DIR -u RUSTFLAGS RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 \
      RUSTFLAGS="-C embed-bitcode=yes" CARGO_PROFILE_RELEASE_LTO=true \
      /usr/bin/cargo build --quiet --release --target wasm32v1-none -Zbuild-std=core,alloc) \
    || fail "building the wasm32v1-none sysroot with Debian's rustc failed"
  $SUDO mkdir -p "$dest"
  for lib in core alloc compiler_builtins; do
    f=$(ls "$work"/target/wasm32v1-none/release/deps/lib${lib}-*.rlib 2>/dev/null | head -n 1)
    [ -n "$f" ] || fail "sysroot build produced no lib$lib rlib"
    $SUDO cp "$f" "$dest/"
  done
  say "installed the wasm32v1-none sysroot in $dest"
  rustup toolchain link "$WASM_TOOLCHAIN" /usr >/dev/null || fail "rustup toolchain link $WASM_TOOLCHAIN /usr failed"
  toolchain_has_wasm "$WASM_TOOLCHAIN" || fail "toolchain $WASM_TOOLCHAIN still lacks wasm32v1-none"
  say "linked rustup toolchain $WASM_TOOLCHAIN -> /usr"
  ensure_rust_lld
  check_wasm_link "$WASM_TOOLCHAIN"
fi

# 3. npm packages, each at the versions pinned in <dir>/package-lock.json and installed with
#    `npm ci` into $HOME/.cache/didimo/<name> (again only when that lock file changed):
#    - snarkjs (tools/snarkjs): the zero-knowledge tests check that it verifies the keys and
#      proofs didimo-zk exports;
#    - jsonld (tools/jsonld): tools/jsonld/check.mjs expands the node's JSON-LD outputs in safe
#      mode and reads its status lists with a standard Bitstring Status List client;
#    - light-js (examples/light-js): smoldot and @polkadot/api, with which the light client's
#      e2e runs the JavaScript embedding example (optional packages omitted: they would only
#      bring @substrate/connect's older smoldot, which the example does not use).
root=$(cd "$(dirname "$0")/.." && pwd)
npm_tool() { # $1 = name, $2 = a path under node_modules the install provides,
             # $3 = the folder with package.json and its lock (default tools/$1), $4... = npm ci flags
  local name=$1 provides=$2 src="$root/${3:-tools/$1}" dir="$HOME/.cache/didimo/$1"
  shift $(( $# < 3 ? $# : 3 ))
  if [ -e "$dir/node_modules/$provides" ] \
      && cmp -s "$src/package-lock.json" "$dir/package-lock.json"; then
    say "$name present in $dir"
    return 0
  fi
  command -v npm >/dev/null 2>&1 || fail "npm not found: install Node.js (it brings npm) first"
  mkdir -p "$dir"
  cp "$src/package.json" "$src/package-lock.json" "$dir/"
  say "npm ci $name in $dir"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error "$@" >/dev/null) \
    || fail "npm ci of $name failed (network or registry?)"
  [ -e "$dir/node_modules/$provides" ] || fail "$name is missing after npm ci"
}
npm_tool snarkjs .bin/snarkjs
npm_tool jsonld jsonld/package.json
npm_tool light-js smoldot/package.json examples/light-js --omit=optional
# 4. zepter (crates.io, pinned): the feature-propagation check (.config/zepter.yaml).
ZEPTER_VERSION=1.88.2
if [ "$(zepter --version 2>/dev/null)" = "zepter $ZEPTER_VERSION" ]; then
  say "zepter $ZEPTER_VERSION present"
else
  say "cargo install zepter $ZEPTER_VERSION (about a minute and a half)"
  env -u CARGO_TARGET_DIR -u RUSTC_WORKSPACE_WRAPPER -u CLIPPY_ARGS \
    cargo install --locked --quiet zepter --version "$ZEPTER_VERSION" \
    || fail "cargo install zepter $ZEPTER_VERSION failed (network or registry?)"
  [ "$(zepter --version 2>/dev/null)" = "zepter $ZEPTER_VERSION" ] \
    || fail "zepter $ZEPTER_VERSION is not on PATH after cargo install (is ~/.cargo/bin on PATH?)"
fi
# 5. cargo-afl (crates.io, pinned): AFL++ for the fuzz targets (scripts/fuzz.sh, fuzz/). It
#    builds AFL++ from the source it bundles (make and a C compiler) into ~/.local/share/afl.rs,
#    for this exact compiler: a new rustc needs `cargo afl config --build --force`.
AFL_VERSION=0.18.2
afl_runtime() { # AFL++'s runtime for the current compiler, where cargo afl builds it
  local v; v=$(rustc -V | awk '{print $2 "-" substr($3, 2, 7)}')
  echo "${XDG_DATA_HOME:-$HOME/.local/share}/afl.rs/rustc-$v/afl.rs-$AFL_VERSION/afl-llvm/afl-compiler-rt.o"
}
if [ "$(cargo afl --version 2>/dev/null | cut -d' ' -f2)" = "$AFL_VERSION" ] && [ -e "$(afl_runtime)" ]; then
  say "cargo-afl $AFL_VERSION present"
else
  if [ "$(cargo afl --version 2>/dev/null | cut -d' ' -f2)" != "$AFL_VERSION" ]; then
    say "cargo install cargo-afl $AFL_VERSION (about a minute)"
    env -u CARGO_TARGET_DIR -u RUSTC_WORKSPACE_WRAPPER -u CLIPPY_ARGS \
      cargo install --locked --quiet cargo-afl --version "$AFL_VERSION" \
      || fail "cargo install cargo-afl $AFL_VERSION failed (network or registry?)"
  fi
  [ -e "$(afl_runtime)" ] || cargo afl config --build --force >/dev/null \
    || fail "cargo afl could not build AFL++ (it needs make and a C compiler)"
  [ -e "$(afl_runtime)" ] || fail "no AFL++ runtime at $(afl_runtime) after cargo afl config"
fi
say "done"

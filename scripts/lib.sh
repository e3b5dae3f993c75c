# Shared setup for scripts/run and scripts/test: installs whatever is missing
# (Rust wasm32 support, cargo-leptos, wasm-bindgen-cli, npm packages, Debian
# packages) and skips what is already there. Sourced, not executed.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/archnest/target}"
export RUSTUP_TOOLCHAIN="${RUSTUP_TOOLCHAIN:-nightly}"
export PATH="$HOME/.cargo/bin:$HOME/.cache/archnest/tools/node_modules/.bin:$PATH"
TOOLS="$HOME/.cache/archnest/tools"
mkdir -p "$CARGO_TARGET_DIR" "$TOOLS"

log() { printf '\033[1;33m==>\033[0m %s\n' "$*" >&2; }

# Extra cargo-leptos arguments for the wasm side (set by ensure_wasm_std).
LEPTOS_LIB_ARGS=()

ensure_toolchain() {
  if ! rustup toolchain list | grep -q "^${RUSTUP_TOOLCHAIN}"; then
    log "installing Rust toolchain $RUSTUP_TOOLCHAIN"
    rustup toolchain install "$RUSTUP_TOOLCHAIN" --profile minimal
  fi
}

# wasm32 std: the prebuilt target when rustup can fetch it, otherwise std built from
# source (-Zbuild-std) with the rust-src library described in TOOLCHAIN.md.
ensure_wasm_std() {
  local marker="$HOME/.cache/archnest/wasm-mode"
  if rustup target list --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$'; then
    return
  fi
  if [ "$(cat "$marker" 2>/dev/null)" != "build-std" ]; then
    log "adding the wasm32 target with rustup (30 s limit)"
    if timeout 30 rustup target add wasm32-unknown-unknown >/dev/null 2>&1; then
      return
    fi
    log "rustup cannot download here; building the wasm32 std from source instead"
    echo build-std > "$marker"
  fi
  local sysroot lib
  sysroot="$(rustc --print sysroot)"
  lib="$sysroot/lib/rustlib/src/rust/library"
  if [ ! -f "$lib/std/Cargo.toml" ]; then
    install_rust_src "$sysroot/lib/rustlib/src/rust"
  fi
  LEPTOS_LIB_ARGS=(--lib-cargo-args=-Zbuild-std=std,panic_abort)
}

install_rust_src() {
  local dest="$1" tarball="$REPO/../shared/toolchain/rust-src-1.97.1-library.tar.xz"
  mkdir -p "$dest"
  if [ -f "$tarball" ] && (cd "$(dirname "$tarball")" && sha256sum -c --quiet "$(basename "$tarball").sha256"); then
    log "unpacking rust-src library from shared/toolchain"
    tar -xJf "$tarball" -C "$dest"
    return
  fi
  log "fetching rust-src 1.97.1 from Debian sid"
  local tmp; tmp="$(mktemp -d)"
  mkdir -p "$tmp/lists/partial"
  echo "deb [trusted=yes] http://deb.debian.org/debian sid main" > "$tmp/sources.list"
  local apt_opts=(-oDir::Etc::SourceList="$tmp/sources.list" -oDir::Etc::SourceParts=/dev/null -oDir::State::Lists="$tmp/lists")
  apt-get "${apt_opts[@]}" update -qq
  (cd "$tmp" && apt-get "${apt_opts[@]}" download rust-src=1.97.1+dfsg1-1)
  echo "d0637f8f464234ffb12baa55fc0e851f5f9dcfd0199c1a0922e4488a4f591992  $(ls "$tmp"/rust-src_*.deb)" | sha256sum -c --quiet
  dpkg -x "$tmp"/rust-src_*.deb "$tmp/x"
  cp -r "$tmp/x/usr/src/rustc-1.97.1/library" "$dest/"
  rm -rf "$tmp"
}

ensure_cargo_leptos() {
  if ! cargo leptos --version >/dev/null 2>&1; then
    log "installing cargo-leptos (a one-time build, 15–45 min on 2 cores)"
    cargo install cargo-leptos --locked
  fi
}

ensure_wasm_bindgen() {
  local want
  want="$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' "$REPO/Cargo.lock")"
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
    log "installing wasm-bindgen-cli $want (must match Cargo.lock)"
    # Not --locked: the registry mirror lacks one of its pinned dependencies.
    cargo install wasm-bindgen-cli --version "$want" --force
  fi
}

# wasm-opt for release builds: binaryen from npm (Debian's is too old for Leptos).
ensure_wasm_opt() {
  if ! "$TOOLS/node_modules/.bin/wasm-opt" --version 2>/dev/null | grep -q 'version 132'; then
    log "installing wasm-opt (npm binaryen@132)"
    (cd "$TOOLS" && npm install --no-audit --no-fund --silent binaryen@132)
  fi
}

# Debian packages, installed only when a listed command is missing.
ensure_apt() { # usage: ensure_apt cmd:package ...
  local missing=() pair
  for pair in "$@"; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || [ -x "${pair%%:*}" ] || missing+=("${pair#*:}")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing Debian packages: ${missing[*]}"
    if [ ! -f /var/lib/apt/lists/lock ] || [ -z "$(ls /var/lib/apt/lists/ 2>/dev/null | grep -v lock | head -1)" ]; then
      apt-get update -qq
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }
  fi
}

# Browser libraries (xterm.js and addons) from npm into public/vendor, which
# cargo-leptos copies into the site. Re-copied when the lock file changes.
ensure_js_vendor() {
  local js="$REPO/frontend/js" out="$REPO/public/vendor/xterm" stamp
  stamp="$(sha256sum "$js/package-lock.json" | cut -c1-16)"
  if [ "$(cat "$out/.stamp" 2>/dev/null)" = "$stamp" ]; then
    return
  fi
  log "installing browser libraries (xterm.js) from npm"
  (cd "$js" && npm ci --no-audit --no-fund --silent)
  rm -rf "$out" && mkdir -p "$out"
  cp "$js/node_modules/@xterm/xterm/lib/xterm.mjs" "$js/node_modules/@xterm/xterm/css/xterm.css" "$out/"
  local a
  for a in fit search web-links unicode11; do
    cp "$js/node_modules/@xterm/addon-$a/lib/addon-$a.mjs" "$out/"
  done
  echo "$stamp" > "$out/.stamp"
}

ensure_build_tools() {
  ensure_js_vendor
  ensure_toolchain
  ensure_wasm_std
  ensure_cargo_leptos
  ensure_wasm_bindgen
}

# Builds the site (WASM + CSS + assets into target/site) and the server binary.
build_site() { # usage: build_site [--release]
  (cd "$REPO" && cargo leptos build "$@" "${LEPTOS_LIB_ARGS[@]}")
}

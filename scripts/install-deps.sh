#!/usr/bin/env bash
# Installs what building medtrust needs and is missing; does nothing when all is there.
#  - the Rust toolchain, wasm targets and rust-src pinned in rust-toolchain.toml (via rustup);
#  - the nightly pinned in fuzz/rust-toolchain.toml and cargo-fuzz, for scripts/fuzz.sh;
#  - clang/libclang (RocksDB's bindings) and protoc (libp2p), from the system's packages;
#  - Chromium, its WebDriver and pdftotext, for the desks' browser tests (tests/tests/desk.rs).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v rustup >/dev/null 2>&1; then
	echo "install-deps: rustup is required (https://rustup.rs); it installs the pinned toolchain" >&2
	exit 1
fi
# With no argument, rustup installs the toolchain rust-toolchain.toml names, with its
# components and targets, if it is not installed yet.
rustup toolchain install >/dev/null
# The fuzzers' nightly (rustup reads fuzz/rust-toolchain.toml there) and cargo-fuzz, at a
# pinned version, built with the project's own toolchain.
(cd fuzz && rustup toolchain install >/dev/null)
CARGO_FUZZ_VERSION=0.13.2
if ! cargo fuzz --version 2>/dev/null | grep -q " $CARGO_FUZZ_VERSION"; then
	echo "install-deps: installing cargo-fuzz $CARGO_FUZZ_VERSION"
	cargo install --quiet --locked cargo-fuzz --version "$CARGO_FUZZ_VERSION"
fi

missing=()
command -v clang >/dev/null 2>&1 || missing+=(clang)
# bindgen (clang-sys) loads an unversioned libclang.so or libclang-<version>.so, which only the
# -dev package installs; clang itself brings just libclang.so.1.
compgen -G '/usr/lib/llvm-*/lib/libclang.so' >/dev/null || compgen -G '/usr/lib/llvm-*/lib/libclang-*.so' >/dev/null ||
	[ -n "${LIBCLANG_PATH:-}" ] || missing+=(libclang-dev)
command -v protoc >/dev/null 2>&1 || missing+=(protobuf-compiler)
command -v make >/dev/null 2>&1 || missing+=(make)
command -v cc >/dev/null 2>&1 || missing+=(build-essential)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)

if ((${#missing[@]})); then
	echo "install-deps: installing ${missing[*]}"
	if ! command -v apt-get >/dev/null 2>&1; then
		echo "install-deps: no apt-get here; install ${missing[*]} with your system's package manager" >&2
		exit 1
	fi
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

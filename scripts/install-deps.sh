#!/usr/bin/env bash
# Installs what building medtrust needs and is missing; does nothing when all is there.
#  - the Rust toolchain, wasm targets and rust-src pinned in rust-toolchain.toml (via rustup);
#  - clang/libclang (RocksDB's bindings) and protoc (libp2p), from the system's packages.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v rustup >/dev/null 2>&1; then
	echo "install-deps: rustup is required (https://rustup.rs); it installs the pinned toolchain" >&2
	exit 1
fi
# With no argument, rustup installs the toolchain rust-toolchain.toml names, with its
# components and targets, if it is not installed yet.
rustup toolchain install >/dev/null

missing=()
command -v clang >/dev/null 2>&1 || missing+=(clang)
# bindgen (clang-sys) loads an unversioned libclang.so or libclang-<version>.so, which only the
# -dev package installs; clang itself brings just libclang.so.1.
compgen -G '/usr/lib/llvm-*/lib/libclang.so' >/dev/null || compgen -G '/usr/lib/llvm-*/lib/libclang-*.so' >/dev/null ||
	[ -n "${LIBCLANG_PATH:-}" ] || missing+=(libclang-dev)
command -v protoc >/dev/null 2>&1 || missing+=(protobuf-compiler)
command -v make >/dev/null 2>&1 || missing+=(make)
command -v cc >/dev/null 2>&1 || missing+=(build-essential)

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

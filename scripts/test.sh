#!/usr/bin/env bash
# Runs every test: unit and property tests of the pallets and primitives, runtime tests,
# benchmark tests (each FRAME benchmark runs once on the mock runtime), the client SDK's
# tests and the end-to-end tests against real node processes on 127.0.0.1; then clippy with
# warnings as errors, and every fuzz target for a short while (MEDTRUST_FUZZ_SECONDS each,
# default 15; `scripts/fuzz.sh 600` is the long run).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
scripts/install-deps.sh
source scripts/env.sh

# One build of everything (node binary, tests, benchmarks) with one profile and feature set.
cargo build $MEDTRUST_CARGO_FLAGS --workspace --all-targets
built=$(date +%s)

status=0
if cargo nextest --version >/dev/null 2>&1; then
	cargo nextest run $MEDTRUST_CARGO_FLAGS --workspace --no-fail-fast || status=$?
else
	cargo test $MEDTRUST_CARGO_FLAGS --workspace --no-fail-fast || status=$?
fi
tested=$(date +%s)

# Lints, with the build's profile and features, so that the runtime's wasm is not built again.
cargo clippy $MEDTRUST_CARGO_FLAGS --workspace --all-targets -- -D warnings || status=$?
linted=$(date +%s)

scripts/fuzz.sh "${MEDTRUST_FUZZ_SECONDS:-15}" || status=$?
finished=$(date +%s)
echo "medtrust: build $((built - started))s, tests $((tested - built))s, clippy $((linted - tested))s," \
	"fuzz $((finished - linted))s, total $((finished - started))s; exit $status"
exit $status

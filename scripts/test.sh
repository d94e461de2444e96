#!/usr/bin/env bash
# Runs every test: unit and property tests of the pallets and primitives, runtime tests,
# benchmark tests (each FRAME benchmark runs once on the mock runtime), the client SDK's
# tests and the end-to-end tests against real node processes on 127.0.0.1.
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
finished=$(date +%s)
echo "medtrust: build $((built - started))s, tests $((finished - built))s, total $((finished - started))s; exit $status"
exit $status

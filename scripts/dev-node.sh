#!/usr/bin/env bash
# Builds (if needed) and runs a single development node: one organisation of each role,
# `//Alice` as validator and sudo, JSON-RPC on ws://127.0.0.1:9944, state in a temporary
# directory. Extra arguments go to the node (e.g. `--rpc-port 9955`).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
source scripts/env.sh
# The same cargo invocation as the test suite, so the two share one build.
cargo build $MEDTRUST_CARGO_FLAGS --workspace --all-targets
exec "$MEDTRUST_NODE_BIN" --dev "$@"

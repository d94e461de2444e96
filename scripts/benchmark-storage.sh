#!/usr/bin/env bash
# Measures the database's read and write weights on this machine, on a database filled the way
# a pharmacy chain fills it: a dev chain on which medtrust-load commissioned, shipped and
# received a lot of UNITS packs (default 100,000). Writes runtime/src/weights/rocksdb_weights.rs,
# the runtime's `DbWeight`. Small batches, so that the database can be filled whatever weights
# the runtime has before it. Usage: scripts/benchmark-storage.sh [UNITS]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
units="${1:-100000}"
cargo build $MEDTRUST_CARGO_FLAGS --workspace --all-targets
dir="$(mktemp -d)"
node_pid=""
cleanup() {
	[ -n "$node_pid" ] && kill "$node_pid" 2>/dev/null && wait "$node_pid" 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT
rpc_port=$((20000 + RANDOM % 20000))
"$MEDTRUST_NODE_BIN" --dev --base-path "$dir" --rpc-port "$rpc_port" --port 0 --no-prometheus \
	--no-telemetry --no-mdns >"$dir/node.log" 2>&1 &
node_pid=$!
for _ in $(seq 60); do
	grep -q "Running JSON-RPC server" "$dir/node.log" && break
	sleep 1
done
"$CARGO_TARGET_DIR/release/medtrust-load" --url "ws://127.0.0.1:$rpc_port" --units "$units" --seconds 5 --commission-batch 2000 --move-batch 500
kill "$node_pid"
wait "$node_pid" || true
node_pid=""
mkdir -p runtime/src/weights
"$MEDTRUST_NODE_BIN" benchmark storage --dev --base-path "$dir" --state-version 1 \
	--header scripts/storage-weight-header.txt --weight-path runtime/src/weights

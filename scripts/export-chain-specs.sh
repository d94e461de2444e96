#!/usr/bin/env bash
# Exports chain-spec/dev.json and chain-spec/local.json with a production node: built in the
# `production` profile, without `runtime-benchmarks`, so the runtime code in the specs has no
# benchmarking API and imports no benchmarking host function. Then that node starts each spec
# and must produce a block, which shows a node built as organisations build it runs the spec.
# Tests (tests/tests/chain_specs.rs) fail when the committed files no longer match this tree.
# The production build is a second build of everything (about as long as the first, cold).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
cargo build --profile production --locked -p medtrust-node
node="$CARGO_TARGET_DIR/production/medtrust-node"
for chain in dev local; do
	"$node" export-chain-spec --chain "$chain" --output "chain-spec/$chain.json"
	echo "chain-spec/$chain.json ($(wc -c < "chain-spec/$chain.json") bytes)"
done

# Each spec with its first validator's key, alone on loopback (so authoring is forced: Aura
# skips its slots while a node has no peers): block 1 must be imported.
base=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$base"' EXIT
for chain in dev local; do
	log="$base/$chain.log"
	"$node" --chain "chain-spec/$chain.json" --alice --validator --force-authoring --tmp --no-prometheus --no-telemetry \
		--node-key 0000000000000000000000000000000000000000000000000000000000000001 \
		--no-mdns --listen-addr /ip4/127.0.0.1/tcp/0 --rpc-port 0 >"$log" 2>&1 &
	pid=$!
	for _ in $(seq 1 90); do
		grep -q "Imported #1 " "$log" && break
		kill -0 "$pid" 2>/dev/null || { cat "$log"; echo "the production node stopped on $chain"; exit 1; }
		sleep 1
	done
	kill "$pid"; { wait "$pid"; } 2>/dev/null || true
	grep -q "Imported #1 " "$log" || { tail -40 "$log"; echo "no block on $chain within 90 s"; exit 1; }
	echo "chain-spec/$chain.json: a production node produced block 1"
done

#!/usr/bin/env bash
# Exports chain-spec/dev.json and chain-spec/local.json from the runtime's genesis presets.
# A test (tests/tests/chain_specs.rs) fails when the committed files no longer match the
# presets; the runtime code in them is the one this tree builds.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
cargo build $MEDTRUST_CARGO_FLAGS --workspace --all-targets
for chain in dev local; do
	"$MEDTRUST_NODE_BIN" export-chain-spec --chain "$chain" --output "chain-spec/$chain.json"
	echo "chain-spec/$chain.json ($(wc -c < "chain-spec/$chain.json") bytes)"
done

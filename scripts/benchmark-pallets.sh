#!/usr/bin/env bash
# Runs every medtrust pallet's FRAME benchmarks on this machine and writes the pallets'
# weights.rs files. Usage: scripts/benchmark-pallets.sh [STEPS REPEAT]   (default 50 20)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
steps="${1:-50}"
repeat="${2:-20}"
cargo build $MEDTRUST_CARGO_FLAGS --workspace --all-targets
for pallet in organizations validator-set; do
	"$MEDTRUST_NODE_BIN" benchmark pallet \
		--chain dev \
		--pallet "pallet_${pallet//-/_}" \
		--extrinsic '*' \
		--steps "$steps" \
		--repeat "$repeat" \
		--wasm-execution compiled \
		--heap-pages 4096 \
		--template scripts/pallet-weight-template.hbs \
		--output "pallets/$pallet/src/weights.rs"
done

#!/usr/bin/env bash
# Runs every medtrust pallet's FRAME benchmarks on this machine and writes the pallets'
# weights.rs files. Usage: scripts/benchmark-pallets.sh [STEPS REPEAT]   (default 50 20)
# PALLETS="consent" limits the run to some pallets.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
steps="${1:-50}"
repeat="${2:-20}"
cargo build $MEDTRUST_CARGO_FLAGS --workspace --all-targets
runtime="$CARGO_TARGET_DIR/release/wbuild/medtrust-runtime/medtrust_runtime.compact.compressed.wasm"
for pallet in ${PALLETS:-organizations validator-set traceability consent claims}; do
	"$MEDTRUST_NODE_BIN" benchmark pallet \
		--runtime "$runtime" \
		--genesis-builder runtime \
		--genesis-builder-preset development \
		--pallet "pallet_${pallet//-/_}" \
		--extrinsic '*' \
		--steps "$steps" \
		--repeat "$repeat" \
		--wasm-execution compiled \
		--heap-pages 4096 \
		--template scripts/pallet-weight-template.hbs \
		--output "pallets/$pallet/src/weights.rs"
done

#!/usr/bin/env bash
# Runs every medtrust pallet's FRAME benchmarks on this machine and writes the pallets'
# weights.rs files. Usage: scripts/benchmark-pallets.sh [STEPS REPEAT]   (default 50 20)
# PALLETS="consent" limits the run to some pallets (`system-extensions` names frame_system's
# transaction extensions).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
steps="${1:-50}"
repeat="${2:-20}"
cargo build $MEDTRUST_CARGO_FLAGS --workspace --all-targets
runtime="$CARGO_TARGET_DIR/release/wbuild/medtrust-runtime/medtrust_runtime.compact.compressed.wasm"
for pallet in ${PALLETS:-organizations validator-set traceability consent claims}; do
	[ "$pallet" = system-extensions ] && continue
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
# frame_system's transaction extensions, with the CLI's own template (it writes their
# `frame_system::ExtensionsWeightInfo` implementation).
if [ -z "${PALLETS:-}" ] || [[ " $PALLETS " == *" system-extensions "* ]]; then
	"$MEDTRUST_NODE_BIN" benchmark pallet \
		--runtime "$runtime" \
		--genesis-builder runtime \
		--genesis-builder-preset development \
		--pallet frame_system_extensions \
		--extrinsic '*' \
		--steps "$steps" \
		--repeat "$repeat" \
		--wasm-execution compiled \
		--heap-pages 4096 \
		--output runtime/src/weights/frame_system_extensions.rs
fi

#!/usr/bin/env bash
# Runs every medtrust pallet's FRAME benchmarks on this machine and writes the pallets'
# weights.rs files. Usage: scripts/benchmark-pallets.sh [STEPS REPEAT]   (default 50 20)
# PALLETS="consent" limits the run to some pallets (`system-extensions` names frame_system's
# transaction extensions, `node-authorization` pallet-node-authorization).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
steps="${1:-50}"
repeat="${2:-20}"
cargo build $MEDTRUST_CARGO_FLAGS --workspace --all-targets
runtime="$CARGO_TARGET_DIR/release/wbuild/medtrust-runtime/medtrust_runtime.compact.compressed.wasm"
for pallet in ${PALLETS:-organizations validator-set traceability consent claims}; do
	[ "$pallet" = system-extensions ] || [ "$pallet" = node-authorization ] && continue
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
# Upstream pallets the runtime benchmarks itself, with the CLI's own template (it writes their
# `WeightInfo` implementations into runtime/src/weights/): frame_system's transaction
# extensions, and pallet-node-authorization, which ships no benchmarks of its own.
for upstream in system-extensions node-authorization; do
	if [ -n "${PALLETS:-}" ] && [[ " $PALLETS " != *" $upstream "* ]]; then
		continue
	fi
	case "$upstream" in
		system-extensions) pallet=frame_system_extensions; output=frame_system_extensions.rs ;;
		node-authorization) pallet=pallet_node_authorization; output=pallet_node_authorization.rs ;;
	esac
	"$MEDTRUST_NODE_BIN" benchmark pallet \
		--runtime "$runtime" \
		--genesis-builder runtime \
		--genesis-builder-preset development \
		--pallet "$pallet" \
		--extrinsic '*' \
		--steps "$steps" \
		--repeat "$repeat" \
		--wasm-execution compiled \
		--heap-pages 4096 \
		--output "runtime/src/weights/$output"
done

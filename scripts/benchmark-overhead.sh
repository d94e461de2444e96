#!/usr/bin/env bash
# Measures on this machine what an empty block costs to execute and what a transaction costs
# beyond its call (`benchmark overhead`: blocks of `System::remark` signed by a member, the dev
# hospital //Bob, through every transaction extension). Writes runtime/src/weights/
# block_weights.rs and extrinsic_weights.rs, the runtime's base block and base extrinsic weights.
# Usage: scripts/benchmark-overhead.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
cargo build $MEDTRUST_CARGO_FLAGS --workspace --all-targets
mkdir -p runtime/src/weights
"$MEDTRUST_NODE_BIN" benchmark overhead --dev --wasm-execution compiled \
	--header scripts/overhead-weight-header.txt --weight-path runtime/src/weights

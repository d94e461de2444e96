# Sourced by the scripts: one cargo target directory outside the clone, one profile and one
# feature set for the node, the tests and the benchmarks, so nothing is compiled twice.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/medtrust/target}"
export MEDTRUST_CARGO_FLAGS="--release --locked --features runtime-benchmarks"
export MEDTRUST_NODE_BIN="$CARGO_TARGET_DIR/release/medtrust-node"

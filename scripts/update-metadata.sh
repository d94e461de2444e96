#!/usr/bin/env bash
# Rewrites client-sdk/metadata/medtrust.scale from the runtime in this tree (the client SDK's
# typed interface is generated from it). Run it after changing the runtime's calls, storage,
# events or errors, and commit the result.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
# The same packages and features as the workspace build, so nothing is compiled twice.
MEDTRUST_UPDATE_METADATA=1 cargo test $MEDTRUST_CARGO_FLAGS --workspace --exclude medtrust-client --exclude medtrust-e2e --lib -- client_sdk_metadata_is_current
echo "updated client-sdk/metadata/medtrust.scale ($(wc -c < client-sdk/metadata/medtrust.scale) bytes)"

#!/usr/bin/env bash
# Runs every cargo-fuzz target (or the ones named) for SECONDS each (default 60), one after
# the other, on the corpus committed in fuzz/corpus/<target>, which grows with what each run
# finds, minimised after each run (cargo fuzz cmin). Builds once with the nightly fuzz/rust-toolchain.toml pins (AddressSanitizer, debug
# assertions on). Prints, per target: seconds, executions, corpus size and crashes; a crash
# leaves its input in fuzz/artifacts/<target>/ and fails the script.
#
#   scripts/fuzz.sh              # every target, a minute each
#   scripts/fuzz.sh 600          # ten minutes each
#   scripts/fuzz.sh 30 extrinsic # one target
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
scripts/install-deps.sh
source scripts/env.sh

cd fuzz
targets=("$@")
((${#targets[@]})) || mapfile -t targets < <(cargo fuzz list)
# The targets need the runtime's Rust types, not its wasm.
export SKIP_WASM_BUILD=1
target_dir="$CARGO_TARGET_DIR/fuzz"
cargo fuzz build --target-dir "$target_dir"

status=0
summary=()
for target in "${targets[@]}"; do
	mkdir -p "corpus/$target" "artifacts/$target"
	log=$(mktemp)
	started=$(date +%s)
	# One process, no forks: a crash stops the run and is reported below.
	if ! cargo fuzz run --target-dir "$target_dir" "$target" "corpus/$target" -- \
		-max_total_time="$seconds" -rss_limit_mb=4096 -timeout=10 -print_final_stats=1 >"$log" 2>&1; then
		status=1
		tail -40 "$log" >&2
	fi
	elapsed=$(($(date +%s) - started))
	# Keep the committed corpus to the inputs that add coverage.
	cargo fuzz cmin --target-dir "$target_dir" "$target" "corpus/$target" >/dev/null 2>&1 || status=1
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	crashes=$(find "artifacts/$target" -type f | wc -l)
	corpus=$(find "corpus/$target" -type f | wc -l)
	summary+=("$(printf '%-16s %5ss %12s executions %6s inputs in corpus %3s crashes' \
		"$target" "$elapsed" "${runs:-?}" "$corpus" "$crashes")")
	((crashes == 0)) || status=1
	rm -f "$log"
done
printf 'fuzz: %s\n' "${summary[@]}"
exit $status

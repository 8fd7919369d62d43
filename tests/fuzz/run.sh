#!/bin/bash
# Runs every libFuzzer binary build-fuzz/fuzz_* (make fuzzers) for SECONDS
# seconds each: tests/fuzz/run.sh SECONDS. Each one starts from a copy of
# its seeds in tests/fuzz/corpus/<name>/, made in build-fuzz/corpus-<name>/
# so that what the fuzzer adds stays out of the repository. Crash inputs
# and one log per fuzzer go to tests/results/fuzz/. Prints one line per
# fuzzer, "fuzz <name>: ok" or "fuzz <name>: CRASH", and exits non-zero
# if any of them found something (crash, leak, timeout or out of memory).
set -u
cd "$(dirname "$0")/../.."

SECONDS_EACH=${1:-60}
RESULTS=tests/results/fuzz

case $SECONDS_EACH in
''|*[!0-9]*)
	echo "usage: $0 SECONDS" >&2
	exit 2
	;;
esac

mkdir -p "$RESULTS"

found=0
failed=0
for bin in build-fuzz/fuzz_*; do
	[ -f "$bin" ] && [ -x "$bin" ] || continue
	found=$((found + 1))
	name=$(basename "$bin")
	corpus=build-fuzz/corpus-$name
	log=$RESULTS/$name.log

	mkdir -p "$corpus"
	if [ -d "tests/fuzz/corpus/$name" ]; then
		cp -R "tests/fuzz/corpus/$name/." "$corpus/"
	fi

	# Read-only seeds from the shared corpus, read in place: libFuzzer
	# writes what it finds only into the first directory.
	extra=()
	case $name in
	fuzz_archive)
		if [ -d "${OCTOLEARN_CORPUS:-../shared/corpus}/packages" ]; then
			extra+=("${OCTOLEARN_CORPUS:-../shared/corpus}/packages")
		fi
		;;
	fuzz_manifest)
		for dir in "${OCTOLEARN_CORPUS:-../shared/corpus}"/manifests/*/; do
			[ -d "$dir" ] && extra+=("${dir%/}")
		done
		;;
	esac

	if "$bin" -max_total_time="$SECONDS_EACH" -print_final_stats=1 \
	    -artifact_prefix="$RESULTS/$name-" "$corpus" "${extra[@]}" \
	    > "$log" 2>&1; then
		echo "fuzz $name: ok"
	else
		echo "fuzz $name: CRASH"
		failed=$((failed + 1))
	fi
done

if [ "$found" -eq 0 ]; then
	echo "no fuzzer in build-fuzz/: run make fuzzers first" >&2
	exit 2
fi

[ "$failed" -eq 0 ]

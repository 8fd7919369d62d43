#!/bin/bash
# Runs every libFuzzer binary build-fuzz/fuzz_* (make fuzzers) for SECONDS
# seconds each: tests/fuzz/run.sh SECONDS [REPORT]. `make fuzz` runs it
# for FUZZ_SECONDS (60) with the report tests/results/fuzz.md; `make test`
# for a few seconds (tests/run.sh, report tests/results/fuzz-smoke.md).
#
# Each fuzzer first replays its regression cases, tests/fuzz/regressions/
# <name>/ (inputs that once crashed it: every crash found becomes one,
# with a unit test for the fix), then fuzzes from a copy of its seeds in
# tests/fuzz/corpus/<name>/, made in build-fuzz/corpus-<name>/ so that
# what the fuzzer adds stays out of the repository, plus the regression
# cases and the shared corpus (../shared/corpus, read in place). Crash
# inputs and one log per fuzzer go to tests/results/fuzz/. Prints one line
# per fuzzer, "fuzz <name>: ok" or "fuzz <name>: CRASH", writes the report
# (per fuzzer: seconds, executions, executions per second, corpus, the
# coverage libFuzzer counts, what it found), and exits non-zero if any of
# them found something (crash, leak, timeout or out of memory) or a
# regression case fails again.
set -u
cd "$(dirname "$0")/../.."

SECONDS_EACH=${1:-60}
REPORT=${2:-tests/results/fuzz.md}
RESULTS=tests/results/fuzz
SHARED=${OCTOLEARN_CORPUS:-../shared/corpus}

case $SECONDS_EACH in
''|*[!0-9]*)
	echo "usage: $0 SECONDS [REPORT]" >&2
	exit 2
	;;
esac

mkdir -p "$RESULTS" "$(dirname "$REPORT")"
rows=()

# final_stat NAME LOG: libFuzzer's final "stat::NAME: N" line, or "?".
final_stat() {
	sed -n "s/^stat::$1: *\([0-9]*\).*/\1/p" "$2" | tail -n 1 | grep . ||
	    echo "?"
}

# status FIELD LOG: FIELD ("cov:", "corp:") of the last status line.
status() {
	grep -E '^#[0-9]+' "$2" | grep -o "$1 [^ ]*" | tail -n 1 |
	    cut -d' ' -f2 | grep . || echo "?"
}

found=0
failed=0
for bin in build-fuzz/fuzz_*; do
	[ -f "$bin" ] && [ -x "$bin" ] || continue
	found=$((found + 1))
	name=$(basename "$bin")
	corpus=build-fuzz/corpus-$name
	regress=tests/fuzz/regressions/$name
	log=$RESULTS/$name.log
	rm -f "$RESULTS/$name"-crash-* "$RESULTS/$name"-leak-* \
	    "$RESULTS/$name"-timeout-* "$RESULTS/$name"-oom-* \
	    "$RESULTS/$name"-slow-unit-*

	# The regression cases, each run once.
	regressions=0
	if [ -d "$regress" ]; then
		regressions=$(find "$regress" -type f | wc -l)
		if ! "$bin" -runs=0 "$regress" > "$RESULTS/$name.regress.log" \
		    2>&1; then
			echo "fuzz $name: CRASH"
			echo "  a regression case fails again:" \
			    "$RESULTS/$name.regress.log" >&2
			rows+=("| $name | - | - | - | - | - | $regressions |\
 **a regression case fails again** |")
			failed=$((failed + 1))
			continue
		fi
	fi

	mkdir -p "$corpus"
	if [ -d "tests/fuzz/corpus/$name" ]; then
		cp -R "tests/fuzz/corpus/$name/." "$corpus/"
	fi

	# Read-only seeds, read in place: libFuzzer writes what it finds
	# only into the first directory.
	extra=()
	[ -d "$regress" ] && extra+=("$regress")
	case $name in
	fuzz_archive)
		if [ -d "$SHARED/packages" ]; then
			extra+=("$SHARED/packages")
		fi
		;;
	fuzz_manifest)
		for dir in "$SHARED"/manifests/*/; do
			[ -d "$dir" ] && extra+=("${dir%/}")
		done
		;;
	esac

	start=$(date +%s)
	if "$bin" -max_total_time="$SECONDS_EACH" -print_final_stats=1 \
	    -artifact_prefix="$RESULTS/$name-" "$corpus" "${extra[@]}" \
	    > "$log" 2>&1; then
		echo "fuzz $name: ok"
		outcome="none"
	else
		echo "fuzz $name: CRASH"
		outcome=$(ls "$RESULTS/$name"-* 2>/dev/null |
		    grep -E -- '-(crash|leak|timeout|oom)-' | tr '\n' ' ')
		outcome="**${outcome:-exited non-zero, see $log}**"
		failed=$((failed + 1))
	fi
	took=$(($(date +%s) - start))
	rows+=("| $name | $took | $(final_stat number_of_executed_units "$log") |\
 $(final_stat average_exec_per_sec "$log") | $(status corp: "$log") |\
 $(status cov: "$log") | $regressions | $outcome |")
done

if [ "$found" -eq 0 ]; then
	echo "no fuzzer in build-fuzz/: run make fuzzers first" >&2
	exit 2
fi

{
	echo "# Fuzzing: $SECONDS_EACH s per fuzzer"
	echo
	echo "$(date -u '+%Y-%m-%d %H:%M UTC'), tests/fuzz/run.sh" \
	    "$SECONDS_EACH on $(nproc) cores. Corpus: inputs/bytes at the" \
	    "end (seeds, regression cases and the shared corpus" \
	    "included); coverage: libFuzzer's \`cov:\` (code edges" \
	    "reached); found: crash, leak, timeout or out-of-memory inputs" \
	    "(in tests/results/fuzz/). Logs: tests/results/fuzz/<name>.log."
	echo
	echo "| fuzzer | seconds | executions | exec/s | corpus | coverage" \
	    "| regression cases | found |"
	echo "|---|---:|---:|---:|---:|---:|---:|---|"
	printf '%s\n' "${rows[@]}"
} > "$REPORT"

[ "$failed" -eq 0 ]

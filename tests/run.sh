#!/bin/bash
# Runs the test suites and closes with one line over all of them:
# "N passed, N failed".
# tests/run.sh [unit|sanitize|fuzz|integration|integration-san|browser]...
# (no argument: all of them, as `make test` and CI do). integration-san is
# the integration suite against the server built with AddressSanitizer and
# UBSan (build-san/octolearn.so; see sanitizer_env() in tests/conftest.py).
set -u
cd "$(dirname "$0")/.."

RESULTS=tests/results
mkdir -p "$RESULTS"
COUNTS=$RESULTS/counts
: > "$COUNTS"
PY=/usr/bin/python3
FUZZ_SMOKE_SECONDS=${FUZZ_SMOKE_SECONDS:-5}

count() {
	echo "$1 $2 $3" >> "$COUNTS"
	echo "== $1: $2 passed, $3 failed"
}

# The third-party corpus is read where it is: ../shared/corpus next to the
# project, or, in a clone made elsewhere (CI clones main to a directory of
# its own), next to the repository it was cloned from. The C tests open
# ../shared/corpus from their working directory, so they run from one
# whose parent holds a link to it.
corpus_home() {
	local origin
	if [ -d ../shared/corpus ]; then
		(cd .. && pwd)
		return
	fi
	origin=$(git config --get remote.origin.url 2>/dev/null || true)
	case $origin in
	/*)
		if [ -d "$origin/../shared/corpus" ]; then
			(cd "$origin/.." && pwd)
			return
		fi
		;;
	esac
}
HOME_OF_CORPUS=$(corpus_home)
if [ -n "$HOME_OF_CORPUS" ]; then
	export OCTOLEARN_CORPUS="$HOME_OF_CORPUS/shared/corpus"
else
	echo "warning: no ../shared/corpus found; corpus tests will fail" >&2
fi
UNIT_CWD=$PWD/$RESULTS/unit-cwd/run
mkdir -p "$UNIT_CWD"
ln -sfn "${HOME_OF_CORPUS:-/nonexistent}/shared" "$RESULTS/unit-cwd/shared"

# cmocka binaries in $1: a binary that dies before its summary fails once.
run_cmocka() {
	local suite=$1 dir=$2 pass=0 fail=0 out p f
	for t in "$dir"/tests/test_*; do
		[ -x "$t" ] || continue
		out=$(cd "$UNIT_CWD" && "$OLDPWD/$t" 2>&1)
		echo "$out" | grep -E '^\[  (PASSED|FAILED)  \]|^\[  ERROR   \]' \
		    | sed "s|^|$(basename "$t"): |"
		p=$(echo "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p')
		f=$(echo "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p')
		if [ -z "$p" ]; then
			echo "$out" | tail -n 20
			p=0; f=${f:-1}
		fi
		pass=$((pass + p)); fail=$((fail + ${f:-0}))
	done
	count "$suite" "$pass" "$fail"
}

# run_pytest SUITE [FOLDER [PYTEST ARGUMENTS...]]: the pytest suite in
# tests/FOLDER (SUITE).
run_pytest() {
	local suite=$1 dir=${2:-$1} xml=$RESULTS/$1.xml
	shift $(($# < 2 ? $# : 2))
	rm -f "$xml"
	$PY -m pytest -q -p no:cacheprovider "tests/$dir" "$@" \
	    --junitxml="$xml" -o junit_family=xunit2
	if [ -f "$xml" ]; then
		$PY - "$xml" "$suite" >> "$COUNTS" <<'PYEOF'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
t = sum(int(s.get("tests", 0)) for s in suites)
f = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
sk = sum(int(s.get("skipped", 0)) for s in suites)
print(sys.argv[2], t - f - sk, f)
PYEOF
		tail -n 1 "$COUNTS" | awk '{print "== "$1": "$2" passed, "$3" failed"}'
	else
		count "$suite" 0 1
	fi
}

suites=${*:-unit sanitize fuzz integration integration-san browser}
for s in $suites; do
	echo "== suite: $s"
	case $s in
	unit)
		run_cmocka unit build
		;;
	sanitize)
		if make --no-print-directory -s SANITIZE=1 units >/dev/null; then
			run_cmocka sanitize build-san
		else
			count sanitize 0 1
		fi
		;;
	fuzz)
		if make --no-print-directory -s fuzzers >/dev/null 2>&1; then
			out=$(tests/fuzz/run.sh "$FUZZ_SMOKE_SECONDS" \
			    "$RESULTS/fuzz-smoke.md")
			echo "$out"
			count fuzz "$(echo "$out" | grep -c ': ok$')" \
			    "$(echo "$out" | grep -c ': CRASH$')"
		else
			count fuzz 0 1
		fi
		;;
	integration|browser)
		run_pytest "$s"
		;;
	integration-san)
		rm -rf "$RESULTS/sanitizer"
		if make --no-print-directory -s SANITIZE=1 \
		    build-san/octolearn.so build-san/preload.so >/dev/null; then
			# test_access_log stops the server right after
			# its last request and reads the access log. Kore
			# 4.1 logs a request after its handler has sent the
			# answer, and its parent takes the workers' last
			# entries before it stops them (src/kore.c): the
			# slower sanitized worker lost that race in a full
			# run. It runs in the plain integration suite.
			OCTOLEARN_SANITIZE=1 run_pytest "$s" integration \
			    --deselect \
			    tests/integration/test_pages.py::test_access_log
		else
			count "$s" 0 1
		fi
		;;
	*)
		echo "unknown suite $s" >&2
		exit 2
		;;
	esac
done

read -r passed failed < <(awk '{p += $2; f += $3} END {print p+0, f+0}' "$COUNTS")
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]

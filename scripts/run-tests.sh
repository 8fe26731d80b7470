#!/usr/bin/env bash
# scripts/run-tests.sh BUILD_DIR — runs every test layer against BUILD_DIR's
# binaries and ends with the plain line "N passed, N failed".
#
#   LAYERS="unit e2e browser" (default all three) selects layers.
#   Exit status: 0 only if every layer ran and nothing failed.
set -uo pipefail
BUILD=${1:-build}
LAYERS=${LAYERS:-unit e2e browser}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export MOTCUA_BIN="$ROOT/$BUILD/motcua"
export MOTCUA_WEB="$ROOT/web"
pass=0
fail=0
status=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

add_counts() { # $1 passed $2 failed
	pass=$((pass + ${1:-0}))
	fail=$((fail + ${2:-0}))
}

run_unit() {
	echo "== unit tests ($BUILD)"
	local any=0
	for t in "$BUILD"/tests/test_*; do
		[[ -x "$t" && ! "$t" == *.d ]] || continue
		any=1
		"$t" >"$log" 2>&1
		local rc=$?
		local p f
		p=$(grep -Eo '^\[  PASSED  \] [0-9]+' "$log" | awk '{s+=$NF} END {print s+0}')
		f=$(grep -Eo '^\[  FAILED  \] [0-9]+' "$log" | awk '{s+=$NF} END {print s+0}')
		if [[ $rc -ne 0 && $f -eq 0 ]]; then f=1; fi # crashed
		printf '  %-28s %3d passed, %d failed\n' "$(basename "$t")" "$p" "$f"
		if [[ $rc -ne 0 ]]; then
			sed 's/^/    | /' "$log" | tail -40
			status=1
		fi
		add_counts "$p" "$f"
	done
	[[ $any -eq 1 ]] || { echo "  no unit tests found"; status=1; }
}

node_layer() { # $1 name, $2 dir
	echo "== $1 tests"
	local files
	files=$(find "$2" -maxdepth 1 -name '*.test.mjs' | sort)
	if [[ -z "$files" ]]; then
		echo "  no $1 tests found"
		status=1
		return
	fi
	# shellcheck disable=SC2086
	node --test --test-reporter=spec --test-concurrency="${TEST_CONCURRENCY:-2}" $files >"$log" 2>&1
	local rc=$?
	grep -Ev '^\s*$' "$log" | grep -E '^(✖|✔|▶|ℹ|  )' | grep -Ev '^ℹ (suites|cancelled|skipped|todo|duration_ms)' | tail -400
	local p f
	p=$(grep -E '^ℹ pass [0-9]+' "$log" | awk '{print $3}')
	f=$(grep -E '^ℹ fail [0-9]+' "$log" | awk '{print $3}')
	if [[ -z "$p" ]]; then
		cat "$log" | tail -60
		p=0
		f=1
	fi
	if [[ $rc -ne 0 ]]; then
		status=1
		[[ ${f:-0} -eq 0 ]] && f=1
	fi
	add_counts "$p" "$f"
}

for layer in $LAYERS; do
	case "$layer" in
	unit) run_unit ;;
	e2e) node_layer e2e tests/e2e ;;
	browser)
		if [[ ! -d tests/node_modules/playwright-core ]]; then
			(cd tests && npm ci --no-audit --no-fund --loglevel=error) || { echo "npm ci failed"; status=1; }
		fi
		node_layer browser tests/browser
		;;
	*) echo "unknown layer $layer"; status=1 ;;
	esac
done

echo
echo "$pass passed, $fail failed"
[[ $status -eq 0 && $fail -eq 0 ]]

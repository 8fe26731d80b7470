#!/usr/bin/env bash
# bench/calendar.sh [BUILD_DIR] — the legal-clock figures (issue "The legal
# clock"): runs bench/calendar/run.sh (5 runs, medians), checks the targets,
# prints a markdown report and writes it to bench/out/calendar-DATE[-N].md.
# Exit status: 0 all PASS, 1 some FAIL (0 with BENCH_STRICT=0), 2 it could not run.
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_init "${1:-build}"
MACHINE=$(machine_md)
bench_log "== calendar: 5 runs of bench/calendar/bench.c"
sh "$ROOT/bench/calendar/run.sh" 5 >"$TMP/cal.txt" 2>&1 || {
	cat "$TMP/cal.txt" >&2
	bench_die "bench/calendar/run.sh failed"
}
get() { awk -v k="$1" '$1 == k { print $2 }' "$TMP/cal.txt"; }
lunar=$(get every_day_to_lunar_ms) build=$(get lunar_build_ms) due=$(get due15_ns)
[[ -n "$lunar" && -n "$build" && -n "$due" ]] || bench_die "could not read the medians"
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }
nfail=0
v_due=PASS v_lunar=PASS
lt "$due" 2000 || { v_due=FAIL; nfail=$((nfail + 1)); }
total=$(awk -v a="$lunar" -v b="$build" 'BEGIN { printf "%.1f", a + b }')
lt "$total" 1000 || { v_lunar=FAIL; nfail=$((nfail + 1)); }
REPORT=$(report_path calendar)
{
	echo "# motcua legal-clock benchmark — $(date '+%Y-%m-%d %H:%M %Z')"
	echo
	echo "$MACHINE"
	echo "- gcc -O2, bench/calendar/bench.c; medians of 5 runs"
	echo
	echo "| figure (issue \"The legal clock\") | target | measured | verdict |"
	echo "|---|---|---|---|"
	echo "| \`due()\` for 15 working days, random starts in 2020–2030, average | < 2 µs | $due ns | $v_due |"
	echo "| lunar conversion of every day 1900–2199, in total (with building the month table: $build ms) | < 1 s | $total ms ($lunar ms converting) | $v_lunar |"
	echo
	echo "$((2 - nfail)) PASS, $nfail FAIL"
} >"$REPORT"
echo
cat "$REPORT"
echo
echo "written: ${REPORT#"$ROOT"/}"
[[ $nfail -eq 0 || "${BENCH_STRICT:-1}" == 0 ]] || exit 1

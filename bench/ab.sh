#!/usr/bin/env bash
# bench/ab.sh BIN_A BIN_B [PATH...] — compare two motcua binaries (A/B) on
# the same endpoints, interleaved run by run so outside load hits both alike.
#
#   bash bench/ab.sh build/motcua /tmp/other/build/motcua /api/v1/me /healthz
#
# Each binary serves its own copy of one fresh demo database (same data);
# a PATH under /api/v1/ other than /api/v1/public/… is requested with a
# personal API token of admin. Default PATH: /api/v1/me. Extra `serve`
# options for both: AB_SERVE_ARGS="--threads 4"; for one side only:
# AB_ARGS_A / AB_ARGS_B. Prints req/s, p99 and server CPU µs/request per
# side (medians of BENCH_RUNS, default 5) and B/A ratios. Not part of
# `make bench`: a tool for trying a change before it goes into src/.
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[[ $# -ge 2 ]] || {
	sed -n '2,13p' "$0"
	exit 2
}
A=$(realpath "$1")
B=$(realpath "$2")
shift 2
PATHS=("$@")
[[ ${#PATHS[@]} -gt 0 ]] || PATHS=(/api/v1/me)
BENCH_RUNS=${BENCH_RUNS:-5}
bench_init "$(dirname "$A")"
[[ -x "$B" ]] || bench_die "no binary at $B"

motcua_demo_db "$TMP/a.db"
BENCH_TOKEN=$("$BIN" token add --db "$TMP/a.db" --username admin 2>/dev/null)
export BENCH_TOKEN
cp "$TMP/a.db" "$TMP/b.db"
cat "$TMP/a.db" "$TMP/b.db" >/dev/null

PORT_A=$(free_port)
# shellcheck disable=SC2086
BIN=$A motcua_start "$TMP/a.db" "$PORT_A" ${AB_SERVE_ARGS:-} ${AB_ARGS_A:-}
PID_A=$MOTCUA_PID
PORT_B=$(free_port)
# shellcheck disable=SC2086
BIN=$B motcua_start "$TMP/b.db" "$PORT_B" ${AB_SERVE_ARGS:-} ${AB_ARGS_B:-}
PID_B=$MOTCUA_PID

lua_for() {
	if [[ "$1" == /api/v1/* && "$1" != /api/v1/public/* ]]; then echo "$ROOT/bench/wrk/bearer.lua"; fi
}
name_of() { echo "$1" | tr -c 'a-zA-Z0-9\n' '_'; }

bench_log "A: $A (pid $PID_A, port $PORT_A)"
bench_log "B: $B (pid $PID_B, port $PORT_B)"
for p in "${PATHS[@]}"; do
	n=$(name_of "$p")
	wrk_once "A$n" "http://127.0.0.1:$PORT_A$p" "$(lua_for "$p")" "$BENCH_WARMUP"
	wrk_once "B$n" "http://127.0.0.1:$PORT_B$p" "$(lua_for "$p")" "$BENCH_WARMUP"
done
for ((r = 0; r < BENCH_RUNS; r++)); do
	bench_log "round $((r + 1))/$BENCH_RUNS"
	for p in "${PATHS[@]}"; do
		n=$(name_of "$p")
		if ((r % 2)); then order=(B A); else order=(A B); fi
		for side in "${order[@]}"; do
			port=PORT_$side
			wrk_once "$side$n" "http://127.0.0.1:${!port}$p" "$(lua_for "$p")"
		done
	done
done

echo
echo "| path | A req/s | B req/s | B/A | A p99 ms | B p99 ms | A CPU µs/req | B CPU µs/req | B/A CPU |"
echo "|---|--:|--:|--:|--:|--:|--:|--:|--:|"
for p in "${PATHS[@]}"; do
	n=$(name_of "$p")
	ra=$(median "$TMP/wrk/A$n.rps") rb=$(median "$TMP/wrk/B$n.rps")
	ca=$(median "$TMP/wrk/A$n.cpu_us") cb=$(median "$TMP/wrk/B$n.cpu_us")
	# shellcheck disable=SC2016 # the backquotes are markdown
	printf '| `%s` | %.0f | %.0f | %.2f | %.2f | %.2f | %.1f | %.1f | %.2f |\n' "$p" "$ra" "$rb" \
		"$(awk -v a="$ra" -v b="$rb" 'BEGIN { print b / a }')" \
		"$(median "$TMP/wrk/A$n.p99")" "$(median "$TMP/wrk/B$n.p99")" "$ca" "$cb" \
		"$(awk -v a="$ca" -v b="$cb" 'BEGIN { print b / a }')"
	for s in A B; do
		[[ -s "$TMP/wrk/$s$n.bad" ]] && { echo "errors for $s $p:"; cat "$TMP/wrk/$s$n.bad"; }
	done
done
echo
echo "medians of $BENCH_RUNS interleaved runs, wrk -t$BENCH_WRK_THREADS -c$BENCH_CONNS -d$BENCH_DURATION, pin=$BENCH_PIN"

#!/usr/bin/env bash
# bench/queue.sh BUILD_DIR — the counter queue's display-board stream (issue 12, "Figures to reach"):
#
#   "The display board stream holds 2,000 connected boards/phones on one server while tickets are
#    issued and called at 200 per second, each client receiving every event in order within 100 ms
#    p99; memory per connected client reported."
#
# The run: `serve` on a fresh demo database (SQLite; the clock set to Monday 2 March 2026 09:00
# Vietnam time and running, so the kiosk is open whatever the hour of the run); LANES groups and
# one counter per group created through the API by the administrator; then bench/queue/boards
# (C, built here with the system compiler; one process, one epoll loop) connects BENCH_BOARDS
# (2000) Server-Sent Events streams of GET /api/v1/queue/events and, once all are connected,
# drives BENCH_EVENT_RATE (200) requests a second for BENCH_DURATION: each lane (one kiosk + one
# counter) issues a ticket, the counter calls it, then finishes it, again — each answered request
# causes exactly one event (issued, called, done). Every board checks that ids only ascend and
# at the end holds every event; latency = the board's read of the event − the driver's read of
# the answer that caused it (both in the one client process; details in boards.c).
#
# Tickets are throttled to 30 a minute per client address: the server runs with
# --trusted-proxy 127.0.0.1 and each ticket request carries X-Forwarded-For, one of
# BENCH_KIOSKS (256) addresses in turn — a farm of kiosks behind a proxy, each well under the
# limit (at 200 events/s, 67 tickets/s: ~16 a minute per address). The throttle is not disabled:
# every ticket still checks and counts its address in `rate_limit`, in its transaction.
#
# BENCH_STORE=pg runs the same on PostgreSQL: a throw-away cluster of scripts/pg-cluster.sh (fsync
# off there, so commits are cheaper than on a production cluster; the boards' path — the hub
# thread hearing NOTIFY and reading the event rows — is the one of several servers, D32).
#
# Knobs: BENCH_BOARDS (2000), BENCH_EVENT_RATE (200), BENCH_DURATION (10s; tickets are numbered
# 001..999 per group and day, so LANES = max(8, what the run needs) groups, at most 26: ~350 s at
# 200/s), BENCH_P99_MS (100), BENCH_PIN (split: the server on CPU 0 with one HTTP thread, the
# client on CPU 1; none), BENCH_STRICT (1; 0: exit 0 even on FAIL), BENCH_QUEUE_DROP=N (a
# self-check of the checker: board 0 ignores every Nth event, so the run must FAIL with missing events).
set -uo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_init "${1:-build}"

BOARDS=${BENCH_BOARDS:-2000}
RATE=${BENCH_EVENT_RATE:-200}
P99_MAX=${BENCH_P99_MS:-100}
KIOSKS=${BENCH_KIOSKS:-256}
DUR=${BENCH_DURATION%s}
[[ "$DUR" =~ ^[0-9]+$ ]] || bench_die "BENCH_DURATION must be whole seconds (got $BENCH_DURATION)"
AGENCY=HOIAN
MONDAY_9=1772416800 # 2026-03-02T09:00:00+07:00, a working day inside the demo centre's hours

# tickets per lane (a third of the events are issues) must stay under 999 a group a day
LANES=$(awk -v r="$RATE" -v d="$DUR" 'BEGIN { l = int(r * d / 3 / 900) + 1; if (l < 8) l = 8; print l }')
((LANES <= 26)) || bench_die "BENCH_DURATION × BENCH_EVENT_RATE too large: $LANES groups needed, 26 prefixes exist"
((BOARDS + LANES + 64 < $(ulimit -n))) || ulimit -n $((BOARDS + 1024)) 2>/dev/null ||
	bench_die "ulimit -n $(ulimit -n) is too small for $BOARDS boards"

REPORT=$(report_path "queue${BENCH_STORE:+-$BENCH_STORE}")
bench_log "queue: building the client"
cc -O2 -o "$TMP/boards" "$ROOT/bench/queue/boards.c" || bench_die "could not build bench/queue/boards.c"

STORE=${BENCH_STORE:-sqlite}
if [[ $STORE == pg ]]; then
	command -v psql >/dev/null || bench_die "BENCH_STORE=pg needs psql (scripts/install-deps.sh)"
	PGOUT=$(bash "$ROOT/scripts/pg-cluster.sh" start) || bench_die "could not start a PostgreSQL cluster"
	PGDIR=$(sed -n 1p <<<"$PGOUT")
	PGURL=$(sed -n 2p <<<"$PGOUT")
	# the servers first (bench_cleanup), then the cluster
	trap 'bench_cleanup; echo "stopping $PGDIR" >&2; bash "$ROOT/scripts/pg-cluster.sh" stop "$PGDIR"' EXIT
	psql "$PGURL/postgres" -X -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE bench_queue" ||
		bench_die "CREATE DATABASE failed"
	DB="$PGURL/bench_queue"
	"$BIN" demo --db "$DB" >"$TMP/demo.log" 2>&1 || {
		cat "$TMP/demo.log" >&2
		bench_die "motcua demo failed"
	}
	count_events() { psql "$DB" -X -tA -c "SELECT count(*) FROM queue_event"; }
	STORE_MD="PostgreSQL $(psql "$DB" -X -tA -c 'SHOW server_version' 2>/dev/null) (scripts/pg-cluster.sh, fsync off)"
else
	[[ $STORE == sqlite ]] || bench_die "BENCH_STORE is sqlite or pg (got $STORE)"
	DB="$TMP/queue.db"
	motcua_demo_db "$DB"
	count_events() { sqlite3 "$DB" "SELECT count(*) FROM queue_event"; }
	STORE_MD="SQLite (WAL, synchronous=FULL)"
fi
ADMIN_TOKEN=$("$BIN" token add --db "$DB" --username admin 2>"$TMP/token.log") ||
	bench_die "token add failed: $(cat "$TMP/token.log")"
OFFICER_TOKEN=$("$BIN" token add --db "$DB" --username tiepnhan1 2>"$TMP/token.log") ||
	bench_die "token add failed: $(cat "$TMP/token.log")"

PORT=$(free_port)
export MOTCUA_FAKE_NOW=$MONDAY_9 MOTCUA_FAKE_CLOCK_RUNS=1
motcua_start "$DB" "$PORT" --trusted-proxy 127.0.0.1
unset MOTCUA_FAKE_NOW MOTCUA_FAKE_CLOCK_RUNS
M="http://127.0.0.1:$PORT"

api() { # api TOKEN METHOD PATH [JSON] — the body on stdout, fails on a non-2xx
	local tok=$1 method=$2 path=$3 body=${4:-}
	local args=(-fsS -X "$method" -H "Authorization: Bearer $tok")
	[[ -n "$body" ]] && args+=(-H 'Content-Type: application/json' --data "$body")
	curl "${args[@]}" "$M$path"
}

bench_log "queue: $LANES groups and counters through the API"
LANE_ARGS=()
PREFIXES=ABCDEFGHIJKLMNOPQRSTUVWXYZ
for ((i = 0; i < LANES; i++)); do
	g=$(printf 'BQ%02d' $((i + 1)))
	api "$ADMIN_TOKEN" POST /api/v1/queue/groups \
		"{\"code\":\"$g\",\"prefix\":\"${PREFIXES:i:1}\",\"name\":\"Nhóm đo tải $((i + 1))\",\"name_en\":\"Bench group $((i + 1))\"}" \
		>/dev/null || bench_die "could not create group $g"
	c=$(api "$ADMIN_TOKEN" POST /api/v1/queue/counters \
		"{\"number\":$((900 + i)),\"name\":\"Quầy đo tải $((i + 1))\",\"groups\":[\"$g\"]}") ||
		bench_die "could not create a counter for $g"
	id=$(sed -n 's/.*"id": *\([0-9]*\).*/\1/p' <<<"$c")
	[[ -n "$id" ]] || bench_die "no counter id in $c"
	LANE_ARGS+=(--lane "$g:$id")
done
curl -fsS "$M/api/v1/queue/groups?agency=$AGENCY" | grep -q '"open": *true' ||
	bench_die "the kiosk is closed at the server's clock (the demo centre's hours?)"

bench_log "queue: $BOARDS boards, $RATE events/s for ${DUR} s ($LANES lanes, $KIOSKS kiosk addresses)"
wait_quiet
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
timeout --foreground $((DUR + 150)) "${CLIENT_PRE[@]}" "$TMP/boards" --port "$PORT" --token "$OFFICER_TOKEN" \
	--agency "$AGENCY" --clients "$BOARDS" --rate "$RATE" --duration "$DUR" --addresses "$KIOSKS" \
	--server-pid "$MOTCUA_PID" ${BENCH_QUEUE_DROP:+--drop "$BENCH_QUEUE_DROP"} "${LANE_ARGS[@]}" \
	>"$TMP/result.txt" 2>"$TMP/boards.log"
rc=$?
cat "$TMP/boards.log" >&2
[[ $rc -eq 0 ]] || bench_die "the client failed (exit $rc)"
r() { sed -n "s/^$1=//p" "$TMP/result.txt"; }

# the store: every answered request left its event, no more
EVENTS_IN_STORE=$(count_events 2>/dev/null || echo "?")

per_client=$(awk -v a="$(r rss_before_kb)" -v b="$(r rss_connected_kb)" -v n="$(r clients)" \
	'BEGIN { printf "%.1f", (b - a) / n }')
ok_lat=$(awk -v p="$(r lat_p99_ms)" -v m="$P99_MAX" 'BEGIN { print (p < m) ? 1 : 0 }')
ok_rate=$(awk -v e="$(r events_rate)" -v t="$RATE" 'BEGIN { print (e >= 0.95 * t) ? 1 : 0 }')
ok_all=0
[[ $(r missing) -eq 0 && $(r dup_or_order) -eq 0 && $(r unmatched) -eq 0 && $(r boards_closed) -eq 0 &&
	$(r driver_errors) -eq 0 && $(r ids_seen) -eq $(r events_caused) ]] &&
	[[ $EVENTS_IN_STORE == "?" || $EVENTS_IN_STORE == "$(r events_caused)" ]] && ok_all=1
verdict=FAIL
((ok_lat && ok_rate && ok_all)) && verdict=PASS
pf() { (($1)) && echo PASS || echo FAIL; }

{
	echo "# Benchmark: the display board stream (issue 12) — $DATE $(date -u +%H:%M) UTC"
	echo
	echo "binary: \`$BIN\` (commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')), $STORE_MD, pinning \`$BENCH_PIN\`$([[ $BENCH_PIN == split ]] && echo " (server on CPU $SERVER_CPUS with --threads $SERVER_NCPU, client on CPU $CLIENT_CPUS)")"
	echo
	machine_md
	echo "- load average before the run: $LOAD0"
	echo
	echo "$(r clients) boards connected in $(r connect_s) s; $LANES lanes (group + counter each), $KIOSKS kiosk"
	echo "addresses behind \`--trusted-proxy\`; driven for $(r duration_s) s."
	[[ -n "${BENCH_QUEUE_DROP:-}" ]] && echo "**Self-check run: board 0 ignored every ${BENCH_QUEUE_DROP}th event.**"
	echo
	echo "| figure | target | measured | |"
	echo "|---|---|---|---|"
	echo "| events caused (issued / called / done) | ${RATE}/s | **$(r events_rate)/s**: $(r events_caused) ($(r issued) / $(r called) / $(r "done")); requests refused $(r driver_errors), requests sent > 10 ms late $(r driver_behind), max lag $(r max_send_lag_ms) ms | $(pf "$ok_rate") |"
	echo "| every board receives every event, in order | none missing, none repeated | ids seen $(r ids_seen) of $(r events_caused) caused (store: $EVENTS_IN_STORE); missing $(r missing) over $(r boards_incomplete) boards, repeated/out of order $(r dup_or_order), unknown $(r unmatched), streams ended $(r boards_closed); $(r received) deliveries | $(pf "$ok_all") |"
	echo "| latency, driver's answer → board | p99 < ${P99_MAX} ms | p50 **$(r lat_p50_ms) ms**, p99 **$(r lat_p99_ms) ms**, p99.9 $(r lat_p999_ms) ms, max $(r lat_max_ms) ms ($(r lat_n) deliveries; $(r lat_early) read before the answer, counted 0) | $(pf "$ok_lat") |"
	echo "| latency, driver's request sent → board (commit included) | — | p50 $(r req_p50_ms) ms, p99 $(r req_p99_ms) ms, max $(r req_max_ms) ms | |"
	echo "| server memory per connected board | reported | **$per_client kB** (RSS $(r rss_before_kb) kB before the boards, $(r rss_connected_kb) kB connected, $(r rss_after_kb) kB after the run; peak $(r hwm_kb) kB) | |"
	echo "| server CPU while driven | reported | $(r server_cpu_pct) % of one CPU (client: $(r client_cpu_pct) %) | |"
	echo "| the driver's own requests | — | mean $(r answer_mean_ms) ms, max $(r answer_max_ms) ms (each a durable commit) | |"
	echo
	echo "**$verdict**"
} | tee "$REPORT"
bench_log "queue: report in $REPORT"
[[ $verdict == PASS || ${BENCH_STRICT:-1} == 0 ]] && exit 0
exit 1

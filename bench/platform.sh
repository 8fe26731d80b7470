#!/usr/bin/env bash
# bench/platform.sh [BUILD_DIR] — the platform figures (issue "The platform").
#
# Starts `motcua serve` on a fresh demo database and nginx on the same web/
# directory, both on 127.0.0.1, then measures with wrk (keep-alive, 2 threads,
# 64 connections, 10 s, BENCH_RUNS rounds):
#   nginx-static   nginx, /favicon.svg (the baseline)
#   motcua-static  motcua, the same file
#   healthz        motcua, GET /healthz
#   me-token       motcua, GET /api/v1/me with a personal API token
# The targets are interleaved round by round (the order rotates), so a burst
# of outside load hits all of them alike; medians are taken per target.
# Also: resident memory of the idle server after start-up and after the load,
# and the time from spawning `serve` to the first answered /healthz.
#
# Prints a markdown report, writes it to bench/out/platform-DATE[-N].md.
# Exit status: 0 all figures PASS, 1 some FAIL (0 with BENCH_STRICT=0), 2 the
# bench itself failed.
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_init "${1:-build}"

STATIC=/favicon.svg
MACHINE=$(machine_md)
BIN_DESC="\`${BIN#"$ROOT"/}\` built $(date -r "$BIN" '+%Y-%m-%d %H:%M')"
if [[ "$BIN" == "$ROOT"/* ]] && git -C "$ROOT" rev-parse -q HEAD >/dev/null 2>&1; then
	BIN_DESC+=" from commit $(git -C "$ROOT" rev-parse --short HEAD)"
	git -C "$ROOT" diff --quiet HEAD -- src 2>/dev/null || BIN_DESC+=" with uncommitted changes in src/"
fi
bench_log "== platform: $BENCH_RUNS rounds x 4 targets x $BENCH_DURATION, -t$BENCH_WRK_THREADS -c$BENCH_CONNS, pin=$BENCH_PIN"

db="$TMP/bench.db"
motcua_demo_db "$db"
BENCH_TOKEN=$("$BIN" token add --db "$db" --username admin 2>"$TMP/token.log") ||
	bench_die "token add failed: $(cat "$TMP/token.log")"
export BENCH_TOKEN

# --- start-up to the first served request ------------------------------
# motcua's and nginx's starts alternate, nginx being the baseline (process
# creation and loading alone cost tens of ms when the machine is busy).
bench_log "start-up: $BENCH_STARTS starts of each"
cat "$db" "$db-wal" >/dev/null 2>&1 || true
for ((i = 0; i < BENCH_STARTS; i++)); do
	BENCH_QUIET_WAIT=10 wait_quiet
	port=$(free_port)
	ms=$(first_request_ms "$port" /healthz "$BIN" serve --db "$db" --listen "127.0.0.1:$port" \
		--web "$ROOT/web" --no-access-log --threads "$SERVER_NCPU")
	port=$(free_port)
	nginx_conf "$ROOT/web" "$port" "$SERVER_NCPU" "$TMP/nginx-start"
	nms=$(first_request_ms "$port" "$STATIC" nginx -e "$TMP/nginx-start/error.log" \
		-p "$TMP/nginx-start" -c "$TMP/nginx-start/nginx.conf")
	bench_log "  start $((i + 1)): motcua $ms ms, nginx $nms ms"
	[[ "$ms" == fail ]] || echo "$ms" >>"$TMP/startup.ms"
	[[ "$nms" == fail ]] || echo "$nms" >>"$TMP/startup-nginx.ms"
done
[[ -s "$TMP/startup.ms" ]] || bench_die "serve never answered /healthz (see $TMP/start.log)"
[[ -s "$TMP/startup-nginx.ms" ]] || echo 0 >"$TMP/startup-nginx.ms"

# --- the two servers ----------------------------------------------------
MPORT=$(free_port)
motcua_start "$db" "$MPORT"
sleep 1
RSS_START=$(rss_kb "$MOTCUA_PID")
THREADS=$(threads_of "$MOTCUA_PID")
NPORT=$(free_port)
nginx_start "$ROOT/web" "$NPORT" "$SERVER_NCPU"

M="http://127.0.0.1:$MPORT"
N="http://127.0.0.1:$NPORT"
cmp -s <(curl -fs "$M$STATIC") <(curl -fs "$N$STATIC") ||
	bench_die "motcua and nginx do not serve the same $STATIC"
[[ $(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $BENCH_TOKEN" \
	"$M/api/v1/me") == 200 ]] || bench_die "GET /api/v1/me with the token is not 200"

NAMES=(nginx-static motcua-static healthz me-token)
declare -A URL=([nginx-static]="$N$STATIC" [motcua-static]="$M$STATIC"
	[healthz]="$M/healthz" [me-token]="$M/api/v1/me")
declare -A LUA=([me-token]="$ROOT/bench/wrk/bearer.lua")

# --- warm-up, then the rounds ------------------------------------------
cat "$db" "$db-wal" >/dev/null 2>&1 || true
bench_log "warm-up ($BENCH_WARMUP each)"
for n in "${NAMES[@]}"; do wrk_once "$n" "${URL[$n]}" "${LUA[$n]:-}" "$BENCH_WARMUP"; done
for ((r = 0; r < BENCH_RUNS; r++)); do
	bench_log "round $((r + 1))/$BENCH_RUNS"
	for ((k = 0; k < ${#NAMES[@]}; k++)); do
		n=${NAMES[$(((k + r) % ${#NAMES[@]}))]}
		wrk_once "$n" "${URL[$n]}" "${LUA[$n]:-}"
	done
done
sleep 2 # wrk's connections are closed; let the server settle
RSS_AFTER=$(rss_kb "$MOTCUA_PID")
HWM=$(hwm_kb "$MOTCUA_PID")
bench_stop "$NGINX_PID"
bench_stop "$MOTCUA_PID"

# --- report -------------------------------------------------------------
declare -A RPS P99 CPU
for n in "${NAMES[@]}"; do
	RPS[$n]=$(median "$TMP/wrk/$n.rps")
	CPU[$n]=$(median "$TMP/wrk/$n.cpu_us")
	P99[$n]=$(median "$TMP/wrk/$n.p99")
done
START_MS=$(median "$TMP/startup.ms")
START_NGINX_MS=$(median "$TMP/startup-nginx.ms")
base=${RPS[nginx-static]}
ratio() { awk -v a="$1" -v b="$base" 'BEGIN { printf "%.2f", a / b }'; }
# The figures are ratios taken round by round (each target beside nginx's
# run of the same round), then their median: this machine's speed drifts by
# up to 2x over minutes, which a ratio of separate medians would mistake for
# a difference between the servers (bench/README.md).
rratio() {
	paste "$TMP/wrk/$1.rps" "$TMP/wrk/nginx-static.rps" | awk '{ printf "%.3f\n", $1 / $2 }' >"$TMP/$1.ratio"
	printf %.2f "$(median "$TMP/$1.ratio")"
}
rruns() { paste -sd' ' "$TMP/$1.ratio" | sed 's/ /, /g'; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }
nfail=0
v_static="" v_h_r="" v_h_p="" v_m_r="" v_m_p="" v_rss1="" v_rss2="" v_start=""
# verdict VAR OK [NAME] — sets VAR to PASS or FAIL (FAIL too when a wrk run of
# NAME had socket errors or non-2xx answers) and counts the failures.
verdict() {
	local bad="$TMP/wrk/${3:-none}.bad"
	if [[ "$2" == 1 && ! -s "$bad" ]]; then
		printf -v "$1" PASS
	else
		nfail=$((nfail + 1))
		if [[ -s "$bad" ]]; then printf -v "$1" 'FAIL (errors in runs)'; else printf -v "$1" FAIL; fi
	fi
}
check() { "$@" && echo 1 || echo 0; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k * 1024 / 1e6 }'; }

runs_of() { paste -sd' ' "$TMP/wrk/$1.$2" | awk '{ for (i = 1; i <= NF; i++) printf "%s%.0f", (i > 1 ? ", " : ""), $i }'; }
runs_p99() { paste -sd' ' "$TMP/wrk/$1.p99" | awk '{ for (i = 1; i <= NF; i++) printf "%s%.2f", (i > 1 ? ", " : ""), $i }'; }

declare -A LABEL=([nginx-static]="nginx, \`$STATIC\` (baseline)"
	[motcua-static]="motcua, \`$STATIC\`" [healthz]="motcua, \`GET /healthz\`"
	[me-token]="motcua, \`GET /api/v1/me\` (API token)")

R_STATIC=$(rratio motcua-static) R_HEALTHZ=$(rratio healthz) R_ME=$(rratio me-token)
verdict v_static "$(check ge "$R_STATIC" 0.8)" motcua-static
verdict v_h_r "$(check ge "$R_HEALTHZ" 0.5)" healthz
verdict v_h_p "$(check lt "${P99[healthz]}" 5)" healthz
verdict v_m_r "$(check ge "$R_ME" 0.5)" me-token
verdict v_m_p "$(check lt "${P99[me-token]}" 5)" me-token
verdict v_rss1 "$(check lt "$(mb "$RSS_START")" 20)"
verdict v_rss2 "$(check lt "$(mb "$RSS_AFTER")" 20)"
verdict v_start "$(check lt "$START_MS" 100)"

REPORT=$(report_path platform)

{
	echo "# motcua platform benchmark — $(date '+%Y-%m-%d %H:%M %Z')"
	echo
	echo "$MACHINE"
	echo "- motcua: $BIN_DESC; \`serve\` threads: $THREADS (HTTP pool of $SERVER_NCPU + writer + slow pool of 2 + main)"
	echo "- method: wrk keep-alive \`-t$BENCH_WRK_THREADS -c$BENCH_CONNS -d$BENCH_DURATION --latency\`, $BENCH_RUNS interleaved rounds after a $BENCH_WARMUP warm-up per target; medians; one worker per server CPU (nginx \`worker_processes $SERVER_NCPU\`, sendfile on, access_log off; motcua \`--threads $SERVER_NCPU\`); pinning: $([[ $BENCH_PIN == split ]] && echo "servers on CPU(s) $SERVER_CPUS, wrk on CPU(s) $CLIENT_CPUS (taskset)" || echo "none (scheduler places servers and wrk on all CPUs)")"
	echo
	echo "| target | req/s (median) | p99 ms (median) | × nginx static | server CPU µs/req (median) | nginx CPU/req ÷ this | runs: req/s | runs: p99 ms | runs: other processes' CPU |"
	echo "|---|--:|--:|--:|--:|--:|---|---|---|"
	for n in "${NAMES[@]}"; do
		printf '| %s | %.0f | %.2f | %s | %.1f | %.2f | %s | %s | %s |\n' "${LABEL[$n]}" "${RPS[$n]}" "${P99[$n]}" \
			"$(ratio "${RPS[$n]}")" "${CPU[$n]}" "$(awk -v a="${CPU[nginx-static]}" -v b="${CPU[$n]}" 'BEGIN { print a / b }')" \
			"$(runs_of "$n" rps)" "$(runs_p99 "$n")" \
			"$(paste -sd' ' "$TMP/wrk/$n.others" | sed 's/\([0-9]*\)/\1%/g; s/ /, /g')"
	done
	echo
	echo "Runs are listed in time order per target (the targets are interleaved). \"other processes' CPU\" is the"
	echo "share of the machine used by anything but the two servers and wrk during the run (tick accounting): a"
	echo "run with a large share was disturbed by other work on the machine (each run waited up to ${BENCH_QUIET_WAIT:-30} s for"
	echo "a quiet machine; a run where others took more than ${BENCH_MAX_OTHERS:-25}% was discarded and repeated, at most"
	echo "${BENCH_RETRIES:-2} times: $(cat "$TMP"/wrk/*.retries 2>/dev/null | wc -l) runs were discarded). \"server CPU µs/req\" is the CPU time"
	echo "(user + system, including the loopback work the kernel charged to it) the server spent per request: it"
	echo "moves much less with outside load than req/s does; \"nginx CPU/req ÷ this\" is the throughput ratio one"
	echo "would expect if the server had the CPUs to itself (informative, not a figure of the issue)."
	echo
	echo "| figure (issue \"The platform\") | target | measured | verdict |"
	echo "|---|---|---|---|"
	echo "| motcua static file vs nginx static, 64 connections (rounds: $(rruns motcua-static)) | ≥ 0.80× | ${R_STATIC}× | $v_static |"
	echo "| \`/healthz\` vs nginx static (rounds: $(rruns healthz)) | ≥ 0.50× | ${R_HEALTHZ}× | $v_h_r |"
	echo "| \`/healthz\` p99, 64 connections | < 5 ms | $(printf %.2f "${P99[healthz]}") ms | $v_h_p |"
	echo "| \`/api/v1/me\` (token) vs nginx static (rounds: $(rruns me-token)) | ≥ 0.50× | ${R_ME}× | $v_m_r |"
	echo "| \`/api/v1/me\` (token) p99, 64 connections | < 5 ms | $(printf %.2f "${P99[me-token]}") ms | $v_m_p |"
	echo "| RSS of idle \`serve\` after start-up | < 20 MB | $(mb "$RSS_START") MB | $v_rss1 |"
	echo "| RSS of idle \`serve\` after the load (peak during load: $(mb "$HWM") MB) | < 20 MB | $(mb "$RSS_AFTER") MB | $v_rss2 |"
	echo "| start-up to first served \`/healthz\`, median of $(wc -l <"$TMP/startup.ms") starts ($(paste -sd' ' "$TMP/startup.ms" | sed 's/ /, /g') ms; nginx to its first \`$STATIC\`, same conditions: median $START_NGINX_MS ms of $(paste -sd' ' "$TMP/startup-nginx.ms" | sed 's/ /, /g')) | < 100 ms | $START_MS ms | $v_start |"
	for n in "${NAMES[@]}"; do
		if [[ -s "$TMP/wrk/$n.bad" ]]; then
			echo
			echo "Errors reported by wrk for $n:"
			sed 's/^/    /' "$TMP/wrk/$n.bad"
		fi
	done
	echo
	echo "$((8 - nfail)) PASS, $nfail FAIL"
} >"$REPORT"

echo
cat "$REPORT"
echo
echo "written: ${REPORT#"$ROOT"/}"
[[ $nfail -eq 0 || "${BENCH_STRICT:-1}" == 0 ]] || exit 1

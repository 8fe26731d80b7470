# shellcheck shell=bash disable=SC2034
# (SC2034: the globals set here — DATE, MOTCUA_PID, NGINX_PID … — are for the callers)
# bench/lib.sh — helpers shared by the benchmark sections (bench/*.sh).
#
# Source it from a section script; it never runs anything by itself.
#
#   bench_init BUILD_DIR      temp dir, cleanup trap, globals (ROOT BIN TMP OUT DATE)
#   bench_spawn NAME CMD...   start a background process, remember its pid for cleanup
#   bench_stop PID            SIGTERM, wait (bounded), SIGKILL if it will not go
#   free_port                 a free TCP port on 127.0.0.1
#   wait_http URL SECONDS     poll until URL answers 2xx (bounded)
#   motcua_demo_db PATH       a fresh demo database
#   motcua_start DB PORT ...  start `serve` on 127.0.0.1:PORT (sets MOTCUA_PID)
#   nginx_start ROOT PORT N   nginx with a generated config, N workers (sets NGINX_PID)
#   nginx_conf ROOT PORT N DIR    write an nginx config (used by nginx_start)
#   first_request_ms PORT PATH CMD...  spawn CMD, time until GET PATH on PORT answers 200
#   wrk_once NAME URL [LUA]   one recorded wrk run (after waiting for a quiet machine,
#                             retried when disturbed); appends to $TMP/wrk/NAME.{rps,p99,
#                             cpu_us,db_us,others}: req/s, p99 latency (ms), the servers' CPU
#                             time per request (µs), the database server's (BENCH_DB_PIDS),
#                             the share of the machine other processes used
#   wrk_run URL [LUA] [DUR]   one bare wrk run; results in WRK_* variables
#   median FILE               median of the numbers in FILE, one per line
#   report_path SECTION       where to write the section's report (bench/out/)
#   rss_kb PID / hwm_kb PID   VmRSS / VmHWM of a process in kB
#   machine_md                the machine as markdown bullet lines
#
# Knobs (environment): BENCH_RUNS (3) BENCH_DURATION (10s) BENCH_CONNS (64)
# BENCH_WRK_THREADS (2) BENCH_WARMUP (2s) BENCH_PIN (split|none) BENCH_STARTS (7)
# BENCH_QUIET (15) BENCH_QUIET_WAIT (30) BENCH_MAX_OTHERS (25) BENCH_RETRIES (2):
# see wait_quiet and wrk_once.
# BENCH_PIN=split (the default) pins the servers to the first half of the
# CPUs and wrk to the other half with taskset, and gives each server one
# worker per CPU of its half; =none lets the scheduler place everything on
# all CPUs. On the 2-vCPU machine split made runs repeat within ~3% instead
# of 10-40%, and kept the servers' threads from time-sharing a CPU with wrk
# (see bench/README.md).
#
# Every process started through bench_spawn is stopped on exit, Ctrl-C or
# failure (trap on EXIT INT TERM HUP). All traffic goes to 127.0.0.1.

BENCH_RUNS=${BENCH_RUNS:-3}
BENCH_DURATION=${BENCH_DURATION:-10s}
BENCH_CONNS=${BENCH_CONNS:-64}
BENCH_WRK_THREADS=${BENCH_WRK_THREADS:-2}
BENCH_WARMUP=${BENCH_WARMUP:-2s}
BENCH_PIN=${BENCH_PIN:-split}
BENCH_STARTS=${BENCH_STARTS:-7}

BENCH_PIDS=()
# A database server that is not our child (PostgreSQL's postmaster, started
# by pg_ctl): its pid here and its CPU time, its children's included (live
# backends, and through cutime the ones that exited), is counted apart
# (WRK_DB_US) and not as "other processes".
BENCH_DB_PIDS=()

bench_log() { printf '%s\n' "$*" >&2; }
bench_die() {
	printf 'bench: %s\n' "$*" >&2
	exit 2
}

bench_cleanup() {
	local rc=$?
	trap - EXIT INT TERM HUP
	local p
	for p in "${BENCH_PIDS[@]}"; do
		bench_stop "$p"
	done
	BENCH_PIDS=()
	# servers started inside a command substitution (first_request_ms): stop
	# those still running, recognised by our temp dir on their command line
	if [[ -n "${TMP:-}" && -f "$TMP/subshell.pids" ]]; then
		while read -r p; do
			if tr '\0' ' ' 2>/dev/null <"/proc/$p/cmdline" | grep -qF "$TMP"; then
				kill -TERM "$p" 2>/dev/null
			fi
		done <"$TMP/subshell.pids"
		sleep 0.5
	fi
	[[ -n "${TMP:-}" && -d "$TMP" && "${BENCH_KEEP_TMP:-0}" != 1 ]] && rm -rf "$TMP"
	return $rc
}

bench_init() {
	local build=${1:-build}
	ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
	[[ "$build" = /* ]] || build="$ROOT/$build"
	BIN="$build/motcua"
	[[ -x "$BIN" ]] || bench_die "no binary at $BIN (run make first)"
	OUT="$ROOT/bench/out"
	mkdir -p "$OUT"
	DATE=$(date +%Y-%m-%d)
	TMP=$(mktemp -d "${TMPDIR:-/tmp}/motcua-bench.XXXXXX")
	mkdir -p "$TMP/wrk"
	trap bench_cleanup EXIT
	trap 'bench_log "bench: interrupted"; exit 130' INT
	trap 'exit 143' TERM HUP
	local n
	n=$(nproc)
	if [[ "$BENCH_PIN" == split && "$n" -ge 2 ]]; then
		local half=$((n / 2))
		SERVER_CPUS=0
		((half > 1)) && SERVER_CPUS="0-$((half - 1))"
		CLIENT_CPUS=$half
		((n - 1 > half)) && CLIENT_CPUS="$half-$((n - 1))"
		SERVER_NCPU=$half
		SERVER_PRE=(taskset -c "$SERVER_CPUS")
		CLIENT_PRE=(taskset -c "$CLIENT_CPUS")
	else
		BENCH_PIN=none
		SERVER_CPUS=""
		CLIENT_CPUS=""
		SERVER_NCPU=$n
		SERVER_PRE=()
		CLIENT_PRE=()
	fi
}


# bench_spawn LOGNAME CMD... — background process, output to $TMP/LOGNAME.log;
# the pid is in BENCH_LAST_PID and is stopped by the cleanup trap.
bench_spawn() {
	local name=$1
	shift
	"$@" >"$TMP/$name.log" 2>&1 &
	BENCH_LAST_PID=$!
	BENCH_PIDS+=("$BENCH_LAST_PID")
}

bench_stop() {
	local pid=$1 i
	kill -0 "$pid" 2>/dev/null || {
		wait "$pid" 2>/dev/null
		return 0
	}
	kill -TERM "$pid" 2>/dev/null
	for ((i = 0; i < 100; i++)); do # up to 10 s
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		bench_log "bench: pid $pid ignored SIGTERM for 10 s; SIGKILL"
		kill -KILL "$pid" 2>/dev/null
	fi
	wait "$pid" 2>/dev/null
	local keep=() p
	for p in "${BENCH_PIDS[@]}"; do [[ "$p" == "$pid" ]] || keep+=("$p"); done
	BENCH_PIDS=("${keep[@]}")
	return 0
}

# A port nobody listens on (checked with ss; a bind race is possible but
# harmless: the server then fails to start and the section stops).
free_port() {
	local p i
	for ((i = 0; i < 200; i++)); do
		p=$((20000 + RANDOM % 40000))
		if [[ -z $(ss -Hltn "sport = :$p" 2>/dev/null) ]]; then
			echo "$p"
			return 0
		fi
	done
	bench_die "no free port found"
}

wait_http() {
	local url=$1 secs=${2:-10} i
	for ((i = 0; i < secs * 20; i++)); do
		curl -fs -o /dev/null --max-time 1 "$url" && return 0
		sleep 0.05
	done
	return 1
}

motcua_demo_db() {
	local db=$1
	rm -f "$db" "$db-wal" "$db-shm"
	"$BIN" demo --db "$db" >"$TMP/demo.log" 2>&1 || {
		cat "$TMP/demo.log" >&2
		bench_die "motcua demo failed"
	}
}

# motcua_start DB PORT [EXTRA SERVE ARGS...] — `serve` with one HTTP thread
# per CPU it may run on (SERVER_NCPU: all CPUs, or the servers' half with
# BENCH_PIN=split), like nginx's worker_processes; a later --threads wins.
motcua_start() {
	local db=$1 port=$2
	shift 2
	bench_spawn "motcua-$port" "${SERVER_PRE[@]}" "$BIN" serve --db "$db" \
		--listen "127.0.0.1:$port" --web "$ROOT/web" --no-access-log --threads "$SERVER_NCPU" "$@"
	MOTCUA_PID=$BENCH_LAST_PID
	if ! wait_http "http://127.0.0.1:$port/healthz" 10; then
		cat "$TMP/motcua-$port.log" >&2
		bench_die "motcua serve did not answer on port $port"
	fi
}

# nginx_conf WEBROOT PORT WORKERS DIR — writes DIR/nginx.conf: runs as the
# current user, no daemon, pid/logs/temp files in DIR, access log off,
# sendfile on, default keep-alive, serving WEBROOT on 127.0.0.1:PORT.
nginx_conf() {
	local root=$1 port=$2 workers=$3 d=$4
	mkdir -p "$d"
	{
		[[ $(id -u) -ne 0 ]] || echo "user $(id -un) $(id -gn);"
		cat <<EOF
worker_processes $workers;
daemon off;
pid $d/nginx.pid;
error_log $d/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    client_body_temp_path $d/body;
    proxy_temp_path $d/proxy;
    fastcgi_temp_path $d/fastcgi;
    uwsgi_temp_path $d/uwsgi;
    scgi_temp_path $d/scgi;
    types {
        text/html html; text/css css; text/javascript js; image/svg+xml svg;
        font/woff2 woff2; text/plain txt;
    }
    default_type application/octet-stream;
    server {
        listen 127.0.0.1:$port;
        root $root;
    }
}
EOF
	} >"$d/nginx.conf"
}

# nginx_start WEBROOT PORT WORKERS — nginx on a throw-away config in
# $TMP/nginx (see nginx_conf). Sets NGINX_PID (the master).
nginx_start() {
	local root=$1 port=$2 workers=$3 d="$TMP/nginx"
	command -v nginx >/dev/null || bench_die "nginx not installed (scripts/install-deps.sh --bench)"
	nginx_conf "$root" "$port" "$workers" "$d"
	bench_spawn nginx "${SERVER_PRE[@]}" nginx -e "$d/error.log" -p "$d" -c "$d/nginx.conf"
	NGINX_PID=$BENCH_LAST_PID
	if ! wait_http "http://127.0.0.1:$port/" 10; then
		cat "$TMP/nginx.log" "$d/error.log" >&2 2>/dev/null
		bench_die "nginx did not answer on port $port"
	fi
}

# first_request_ms PORT PATH CMD... — spawns CMD (with the server pinning),
# a server that will listen on 127.0.0.1:PORT; polls every ~1 ms with bash's
# /dev/tcp (no fork per attempt); prints the milliseconds from spawning until
# a GET PATH got "HTTP/1.1 200", then stops the server. Gives up after 10 s
# (prints "fail").
first_request_ms() {
	local port=$1 path=$2
	shift 2
	local fifo="$TMP/sleep.fifo" sfd c line t0 t1 pid ok=0 deadline
	[[ -p "$fifo" ]] || mkfifo "$fifo"
	exec {sfd}<>"$fifo" # never readable: `read -t` on it is a fork-free sleep
	t0=$EPOCHREALTIME
	deadline=$((${t0%.*} + 10))
	"${SERVER_PRE[@]}" "$@" >"$TMP/start.log" 2>&1 &
	pid=$!
	BENCH_PIDS+=("$pid")
	echo "$pid" >>"$TMP/subshell.pids" # we may run in $(...): tell the main shell's cleanup
	trap '' PIPE                        # (this subshell only; the server is already started)
	while ((${EPOCHREALTIME%.*} < deadline)); do
		if { exec {c}<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null; then
			{ printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$path" >&"$c"; } 2>/dev/null || true
			line=""
			read -r -t 2 line <&$c || true
			exec {c}>&-
			if [[ "$line" == "HTTP/1.1 200"* ]]; then
				ok=1
				break
			fi
		fi
		kill -0 "$pid" 2>/dev/null || break
		read -r -t 0.001 -u "$sfd" _ 2>/dev/null || true
	done
	t1=$EPOCHREALTIME
	exec {sfd}>&-
	bench_stop "$pid"
	if [[ $ok -eq 1 ]]; then
		awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f\n", (b - a) * 1000 }'
	else
		echo fail
	fi
}

# CPU ticks (USER_HZ) used so far by the machine (busy, including steal) and
# by our own processes: the spawned servers and their children (nginx
# workers), and the reaped children of the script (wrk; so call wrk_run from
# the main shell, not from a subshell). Tick accounting charges softirq ticks
# to the running task, so both sides include the loopback work.
machine_busy_ticks() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }
servers_ticks() {
	local p c files=()
	for p in "${BENCH_PIDS[@]}"; do
		files+=("/proc/$p/stat")
		# shellcheck disable=SC2013 # the file holds pids separated by spaces
		for c in $(cat /proc/"$p"/task/*/children 2>/dev/null); do files+=("/proc/$c/stat"); done
	done
	cat "${files[@]}" 2>/dev/null | sed 's/.*) //' | awk '{ s += $12 + $13 } END { print s + 0 }'
}
db_ticks() {
	local p c files=()
	for p in "${BENCH_DB_PIDS[@]}"; do
		files+=("/proc/$p/stat")
		# shellcheck disable=SC2013 # the file holds pids separated by spaces
		for c in $(cat /proc/"$p"/task/*/children 2>/dev/null); do files+=("/proc/$c/stat"); done
	done
	((${#files[@]})) || {
		echo 0
		return
	}
	# a backend may exit between the listing and the reading (pipefail: || true)
	{ cat "${files[@]}" 2>/dev/null || true; } | sed 's/.*) //' | awk '{ s += $12 + $13 + $14 + $15 } END { print s + 0 }'
}
reaped_ticks() { sed 's/.*) //' "/proc/$$/stat" | awk '{ print $14 + $15 }'; }

# quiet_share SECONDS — % of the machine busy during SECONDS (run it while
# our servers are idle: then it is other processes' load).
quiet_share() {
	local b0 b1 t0 t1
	b0=$(machine_busy_ticks)
	t0=$EPOCHREALTIME
	sleep "$1"
	b1=$(machine_busy_ticks)
	t1=$EPOCHREALTIME
	awk -v b=$((b1 - b0)) -v t0="$t0" -v t1="$t1" -v n="$(nproc)" -v hz="$(getconf CLK_TCK)" \
		'BEGIN { printf "%.0f", b / ((t1 - t0) * n * hz) * 100 }'
}

# wait_quiet — before a run, wait (at most BENCH_QUIET_WAIT seconds, default
# 30) until other processes use less than BENCH_QUIET % of the machine
# (default 15) over one second. Never fails: after the limit it goes on.
wait_quiet() {
	local limit=${BENCH_QUIET_WAIT:-30} q i
	for ((i = 0; i < limit; i++)); do
		q=$(quiet_share 1)
		[[ $q -lt ${BENCH_QUIET:-15} ]] && return 0
		((i == 0)) && bench_log "  (machine busy: ${q}% used by other processes; waiting up to ${limit} s)"
	done
	bench_log "  (still ${q}% busy after ${limit} s; measuring anyway)"
}

# wrk_pct 99% FILE — a latency percentile of wrk --latency output, in ms
wrk_pct() {
	awk -v p="$1" '$1 == p {
		v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
		if (u == "us") v /= 1000; else if (u == "s") v *= 1000; else if (u == "m") v *= 60000
		printf "%.3f\n", v }' "$2"
}

# wrk_run URL [LUA] [DURATION] — one keep-alive wrk run with the configured
# threads/connections. Sets WRK_RPS, WRK_P99 and WRK_P50 (ms), WRK_REQS, WRK_CPU_US (the servers'
# CPU time per request, µs), WRK_DB_US (the database server's, see
# BENCH_DB_PIDS), WRK_CLIENT_CPU (wrk's CPU, % of one CPU),
# WRK_OTHERS (% of the machine used by other
# processes during the run), WRK_BAD (socket errors / non-2xx lines, or
# empty) and WRK_RAW (the output file).
wrk_run() {
	local url=$1 lua=${2:-} dur=${3:-$BENCH_DURATION}
	local args=(-t"$BENCH_WRK_THREADS" -c"$BENCH_CONNS" -d"$dur" --latency --timeout 5s)
	[[ -n "$lua" ]] && args+=(-s "$lua")
	local secs=${dur%s}
	WRK_RAW="$TMP/wrk/run.$(date +%s%N).txt"
	local busy0 srv0 cli0 t0 busy1 srv1 cli1 t1 nreq hz db0 db1
	busy0=$(machine_busy_ticks)
	srv0=$(servers_ticks)
	db0=$(db_ticks)
	cli0=$(reaped_ticks)
	t0=$EPOCHREALTIME
	timeout --foreground $((secs + 30)) "${CLIENT_PRE[@]}" wrk "${args[@]}" "$url" >"$WRK_RAW" 2>&1 ||
		bench_log "bench: wrk failed for $url"
	t1=$EPOCHREALTIME
	busy1=$(machine_busy_ticks)
	srv1=$(servers_ticks)
	db1=$(db_ticks)
	cli1=$(reaped_ticks)
	hz=$(getconf CLK_TCK)
	if [[ -n "$lua" ]] && grep -q '\.lua:' "$WRK_RAW"; then # wrk goes on without the script
		cat "$WRK_RAW" >&2
		bench_die "the wrk script $lua failed"
	fi
	WRK_RPS=$(awk '/^Requests\/sec:/ { print $2 }' "$WRK_RAW")
	nreq=$(awk '/requests in/ { print $1 }' "$WRK_RAW")
	WRK_P99=$(wrk_pct 99% "$WRK_RAW")
	WRK_P50=$(wrk_pct 50% "$WRK_RAW")
	WRK_REQS=$(awk '/requests in/ { print $1 }' "$WRK_RAW")
	if [[ -z "$WRK_RPS" || -z "$WRK_P99" || -z "$nreq" ]]; then
		cat "$WRK_RAW" >&2
		bench_die "could not parse wrk output for $url"
	fi
	WRK_OTHERS=$(awk -v b=$((busy1 - busy0)) -v o=$((srv1 - srv0 + db1 - db0 + cli1 - cli0)) -v t0="$t0" -v t1="$t1" \
		-v n="$(nproc)" -v hz="$hz" 'BEGIN { v = (b - o) / ((t1 - t0) * n * hz) * 100
		if (v < 0) v = 0; if (v > 100) v = 100; printf "%.0f", v }')
	WRK_CPU_US=$(awk -v s=$((srv1 - srv0)) -v r="$nreq" -v hz="$hz" 'BEGIN { printf "%.1f", s / hz * 1e6 / r }')
	WRK_DB_US=$(awk -v s=$((db1 - db0)) -v r="$nreq" -v hz="$hz" 'BEGIN { printf "%.1f", s / hz * 1e6 / r }')
	# wrk's own CPU use in % of one CPU (200 = two CPUs busy): near its thread
	# count × 100, wrk itself is the bottleneck and its latencies include its
	# own queueing
	WRK_CLIENT_CPU=$(awk -v c=$((cli1 - cli0)) -v t0="$t0" -v t1="$t1" -v hz="$hz" 'BEGIN { printf "%.0f", c / hz / (t1 - t0) * 100 }')
	WRK_BAD=$(grep -E 'Non-2xx|Socket errors' "$WRK_RAW" || true)
}

# wrk_once NAME URL [LUA] [DURATION] — a recorded measurement: waits for a
# quiet machine, runs wrk_run, and if other processes took more than
# BENCH_MAX_OTHERS % of the machine (default 25) during the run, discards it
# and tries again (at most BENCH_RETRIES more times, default 2; the last try
# is kept whatever it shows). Appends to $TMP/wrk/NAME.{rps,p99,p50,reqs,cpu_us,others}
# and, for a run with errors, NAME.bad; counts discarded runs in NAME.retries
# and the requests of every run, discarded ones included, in NAME.all_reqs.
# A DURATION other than BENCH_DURATION is a warm-up: run, not recorded.
wrk_once() {
	local name=$1 url=$2 lua=${3:-} dur=${4:-$BENCH_DURATION} try
	if [[ "$dur" != "$BENCH_DURATION" ]]; then
		wrk_run "$url" "$lua" "$dur"
		return 0
	fi
	for ((try = 0; try <= ${BENCH_RETRIES:-2}; try++)); do
		wait_quiet
		wrk_run "$url" "$lua" "$dur"
		echo "$WRK_REQS" >>"$TMP/wrk/$name.all_reqs" # discarded runs too (their writes stay)
		printf '  %-14s %8.0f req/s  p99 %7.2f ms  server CPU %5.1f us/req%s  wrk CPU %3s%%  other processes %3s%% CPU\n' \
			"$name" "$WRK_RPS" "$WRK_P99" "$WRK_CPU_US" \
			"$( ((${#BENCH_DB_PIDS[@]})) && printf ' + database %5.1f us/req' "$WRK_DB_US")" \
			"$WRK_CLIENT_CPU" "$WRK_OTHERS" >&2
		[[ $WRK_OTHERS -le ${BENCH_MAX_OTHERS:-25} ]] && break
		if ((try < ${BENCH_RETRIES:-2})); then
			bench_log "  (disturbed run discarded)"
			echo 1 >>"$TMP/wrk/$name.retries"
		fi
	done
	echo "$WRK_RPS" >>"$TMP/wrk/$name.rps"
	echo "$WRK_P99" >>"$TMP/wrk/$name.p99"
	echo "$WRK_P50" >>"$TMP/wrk/$name.p50"
	echo "$WRK_REQS" >>"$TMP/wrk/$name.reqs"
	echo "$WRK_OTHERS" >>"$TMP/wrk/$name.others"
	echo "$WRK_CPU_US" >>"$TMP/wrk/$name.cpu_us"
	echo "$WRK_DB_US" >>"$TMP/wrk/$name.db_us"
	if [[ -n "$WRK_BAD" ]]; then
		printf 'run %s:\n%s\n' "$(wc -l <"$TMP/wrk/$name.rps")" "$WRK_BAD" >>"$TMP/wrk/$name.bad"
	fi
}

# report_path SECTION — bench/out/SECTION-DATE.md, or -2, -3 … if taken
report_path() {
	local r="$OUT/$1-$DATE.md" i=2
	while [[ -e "$r" && $i -lt 100 ]]; do
		r="$OUT/$1-$DATE-$i.md"
		i=$((i + 1))
	done
	echo "$r"
}

median() {
	sort -g "$1" | awk '{ v[NR] = $1 } END {
		if (NR == 0) { print "nan"; exit }
		m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		print m }'
}

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
hwm_kb() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status"; }
threads_of() { awk '/^Threads:/ { print $2 }' "/proc/$1/status"; }

machine_md() {
	local cpu sq
	cpu=$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')
	sq=$(command -v sqlite3 >/dev/null && sqlite3 --version | cut -d' ' -f1-2 || echo "not installed")
	echo "- CPUs: $(nproc) ($cpu)"
	echo "- kernel: $(uname -sr), memory $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
	echo "- sqlite3 CLI: $sq; motcua links SQLite $(pkg-config --modversion sqlite3 2>/dev/null || echo '?'), libmicrohttpd $(pkg-config --modversion libmicrohttpd 2>/dev/null || echo '?')"
	echo "- wrk: $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2); nginx: $(nginx -v 2>&1 | sed 's/.*version: //')"
	echo "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
}

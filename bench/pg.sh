#!/usr/bin/env bash
# bench/pg.sh [BUILD_DIR] — PostgreSQL figures (issue 11, "Figures"), with
# BENCH_DOSSIERS (1,000,000) dossiers loaded, all in one run:
#
# 1. The SQLite fixture of bench/dossier.sh (built there and cached in
#    build/bench/), loaded into a PostgreSQL cluster of this section's own:
#    initdb in build/bench/pg-N-KEY/, `motcua migrate-store` of the fixture
#    (timed: the load rate is in the report), VACUUM ANALYZE, a checkpoint,
#    stopped cleanly. The cluster is kept (the key changes with the SQLite
#    fixture, the PostgreSQL migrations, PostgreSQL's major version and the
#    load steps), so a second run does not load again. Every run works on a
#    copy (build/bench/pg-run/), so the cached one stays as loaded.
#    Settings (also in the report): durable like SQLite FULL — fsync on,
#    synchronous_commit on, full_page_writes on (the defaults, stated);
#    shared_buffers BENCH_PG_SHARED_BUFFERS (2GB), max_wal_size 4GB,
#    max_connections 300; everything else PostgreSQL 15's default.
# 2. Tracking, GET /api/v1/public/dossiers/{code} over 100,000 random codes
#    (bench/wrk/track.lua), 64 connections, against: motcua on SQLite (a copy
#    of the same fixture), one motcua on PostgreSQL, three motcua on
#    PostgreSQL (bench/wrk/spread.lua: wrk thread i talks to server i, no
#    proxy; -t3 and 66 connections, 22 per server). With BENCH_PIN=split the
#    servers AND PostgreSQL share CPU 0, wrk has CPU 1: the same CPU budget
#    for the two stores, so the ratio compares the work per request.
# 3. Durable intake, POST /api/v1/dossiers (bench/wrk/intake.lua), 32
#    connections (three servers: 33, 11 each), unpinned, --threads = CPUs:
#    SQLite, one server on PostgreSQL, three servers on PostgreSQL; and
#    between them, in every round, `pgbench` with one INSERT of one row per
#    transaction (bench/pg/one-row.sql), 32 clients, the same duration — the
#    single-row insert rate of this cluster on this disk, now. Afterwards the
#    rows are counted: every answered 201 must be a dossier (and an audit
#    record), and the codes issued by three servers must be unique.
# 4. CPU time per request of motcua and of PostgreSQL (from /proc/PID/stat:
#    the servers, and the postmaster with its backends), for the paper
#    extrapolation to more CPUs, and the bytes per dossier of each store.
#
# Rounds: BENCH_RUNS (5), the targets of a round in a rotating order; every
# run is in the report. BENCH_PG_LOAD_ONLY=1 loads (or finds) the cached
# cluster, prints its directory and stops. BENCH_PG_SERVERS (3) servers in
# the many-server runs.
# Prints a markdown report and writes it to bench/out/pg-DATE[-N].md.
# Exit status: 0 all figures PASS, 1 some FAIL (0 with BENCH_STRICT=0), 2 the
# bench itself failed. PostgreSQL is stopped on exit, Ctrl-C included.
set -euo pipefail
BENCH_RUNS=${BENCH_RUNS:-5}
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
BUILD_ARG=${1:-build}
bench_init "$BUILD_ARG"

N=${BENCH_DOSSIERS:-1000000}
NSERV=${BENCH_PG_SERVERS:-3}
TRACK_CONNS=$BENCH_CONNS
INTAKE_CONNS=32
PG_SB=${BENCH_PG_SHARED_BUFFERS:-2GB}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
[[ -x "$PGBIN/initdb" ]] || PGBIN=$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")
[[ -x "$PGBIN/initdb" && -x "$PGBIN/pg_ctl" ]] || bench_die "PostgreSQL server binaries not found (PGBIN)"
for t in sqlite3 psql pgbench; do
	command -v "$t" >/dev/null || bench_die "$t missing (scripts/install-deps.sh)"
done
PG_VERSION=$("$PGBIN/postgres" --version | awk '{ print $3 }')
# the durable settings, passed on the command line of every start
# (pg_stat_statements, as docs/DEPLOY.md recommends for production: the
# statements per request in the report)
PG_SETTINGS=(fsync=on synchronous_commit=on full_page_writes=on wal_level=replica
	"shared_buffers=$PG_SB" max_wal_size=4GB max_connections=300
	shared_preload_libraries=pg_stat_statements)

# The cluster belongs to the invoking user, or to `postgres` when run as
# root (initdb refuses root).
if [[ $(id -u) -eq 0 ]]; then
	PG_OWNER=postgres
	id "$PG_OWNER" >/dev/null 2>&1 || PG_OWNER=nobody
	as_pg() { runuser -u "$PG_OWNER" -- "$@"; }
else
	PG_OWNER=$(id -un)
	as_pg() { "$@"; }
fi

MACHINE=$(machine_md)
BIN_DESC="\`${BIN#"$ROOT"/}\` built $(date -r "$BIN" '+%Y-%m-%d %H:%M')"
if git -C "$ROOT" rev-parse -q HEAD >/dev/null 2>&1; then
	BIN_DESC+=" from commit $(git -C "$ROOT" rev-parse --short HEAD)"
	git -C "$ROOT" diff --quiet HEAD -- src 2>/dev/null || BIN_DESC+=" with uncommitted changes in src/"
fi

# --- PostgreSQL up and down ---------------------------------------------------
PG_DATA=""
PG_PID=""
# pg_up DATADIR — start the cluster in DATADIR (sockets and log beside it) on
# a free port; sets PG_PID, PGPORT, PGBASE (postgresql://motcua@127.0.0.1:PORT)
pg_up() {
	local data=$1 dir opts s i
	dir=$(dirname "$data")
	opts="-c listen_addresses=127.0.0.1 -k $dir"
	for s in "${PG_SETTINGS[@]}"; do opts+=" -c $s"; done
	for ((i = 0; i < 5; i++)); do
		PGPORT=$(free_port)
		if as_pg "$PGBIN/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 600 -o "-p $PGPORT $opts" start >/dev/null; then
			PG_DATA=$data
			PG_PID=$(head -1 "$data/postmaster.pid")
			BENCH_DB_PIDS=("$PG_PID")
			PGBASE="postgresql://motcua@127.0.0.1:$PGPORT"
			return 0
		fi
	done
	tail -20 "$dir/server.log" >&2 || true
	bench_die "PostgreSQL did not start in $data"
}
pg_down() {
	[[ -n "$PG_DATA" ]] || return 0
	as_pg "$PGBIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 300 stop >/dev/null 2>&1 ||
		bench_log "bench: pg_ctl stop failed for $PG_DATA"
	PG_DATA=""
	PG_PID=""
	BENCH_DB_PIDS=()
}
# pg_pin CPUS — move the postmaster and every backend to CPUS (new backends
# inherit the postmaster's mask); "" = all CPUs
pg_pin() {
	local cpus=${1:-0-$(($(nproc) - 1))} p
	for p in $PG_PID $(cat /proc/"$PG_PID"/task/*/children 2>/dev/null); do
		taskset -a -p -c "$cpus" "$p" >/dev/null 2>&1 || true
	done
}
psql_q() { # psql_q DB SQL — one value (or rows, tab-separated)
	psql -X -q -At -F $'\t' -v ON_ERROR_STOP=1 "$PGBASE/$1" -c "$2"
}
pg_exit() {
	local rc=$? p pids=("${BENCH_PIDS[@]}")
	set +e # (exit "$rc") below must not end the trap before the cleanup
	for p in "${pids[@]}"; do bench_stop "$p"; done # the motcua servers first
	pg_down
	(exit "$rc")
	bench_cleanup
}
trap pg_exit EXIT

# --- 1. the fixtures ------------------------------------------------------------
FIX=$(BENCH_DOSSIERS=$N BENCH_FIXTURE_ONLY=1 bash "$ROOT/bench/dossier.sh" "$BUILD_ARG" | tail -1)
[[ -s "$FIX" ]] || bench_die "no SQLite fixture ($FIX)"
FIXDIR=$(dirname "$FIX")
LOAD_STEPS="migrate-store; vacuum analyze; checkpoint; v1"
key=$( (
	basename "$FIX"
	echo "$PG_VERSION" | cut -d. -f1
	echo "$LOAD_STEPS"
	cat "$ROOT"/src/db/migrations/pg/*.sql
) | sha256sum | cut -c1-12)
PGFIX="$FIXDIR/pg-$N-$key"

# load_cluster DIR — initdb, migrate-store, VACUUM ANALYZE, CHECKPOINT; the
# timings and sizes in DIR/load.info
load_cluster() {
	local dir=$1 part="$1.part" t0 t1 t2 rows
	if [[ -d "$part" ]]; then
		as_pg "$PGBIN/pg_ctl" -D "$part/data" -m immediate -w stop >/dev/null 2>&1 || true
		rm -rf "$part"
	fi
	mkdir -p "$part"
	chmod 700 "$part"
	chown "$PG_OWNER" "$part"
	as_pg "$PGBIN/initdb" -D "$part/data" -U motcua --auth=trust -E UTF8 --locale=C.UTF-8 \
		>"$part/initdb.log" 2>&1 || {
		cat "$part/initdb.log" >&2
		bench_die "initdb failed"
	}
	pg_up "$part/data"
	psql_q postgres "CREATE DATABASE motcua" >/dev/null
	bench_log "   migrate-store into PostgreSQL $PG_VERSION ($PGBASE/motcua)"
	t0=$EPOCHREALTIME
	"$BIN" migrate-store --from "$FIX" --to "$PGBASE/motcua" >"$part/migrate.log" 2>&1 || {
		tail -20 "$part/migrate.log" >&2
		bench_die "migrate-store failed"
	}
	t1=$EPOCHREALTIME
	psql_q motcua "VACUUM ANALYZE" >/dev/null
	psql_q motcua "CHECKPOINT" >/dev/null
	t2=$EPOCHREALTIME
	rows=$(awk '$2 ~ /^[0-9]+$/ && $3 ~ /^[0-9]+$/ && $NF == "ok" { s += $3 } END { print s + 0 }' "$part/migrate.log")
	{
		echo "migrate_s $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')"
		echo "vacuum_s $(awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.1f", b - a }')"
		echo "rows $rows"
		echo "db_bytes $(psql_q motcua "SELECT pg_database_size(current_database())")"
		echo "loaded $(date -u '+%Y-%m-%d %H:%M UTC') by commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
	} >"$part/load.info"
	# sizes per table with its indexes and TOAST, for the report
	psql_q motcua "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c
		JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE c.relkind = 'r' AND n.nspname = 'public' ORDER BY 2 DESC" >"$part/sizes"
	pg_down
	mv "$part" "$dir"
}

if [[ ! -s "$PGFIX/load.info" ]]; then
	rm -rf "$FIXDIR"/pg-"$N"-* 2>/dev/null || true # an older load
	bench_log "== PostgreSQL fixture: $N dossiers from $(basename "$FIX"), loading into $PGFIX (once)"
	load_cluster "$PGFIX"
	bench_log "   loaded: $(tr '\n' ' ' <"$PGFIX/load.info")"
fi
[[ "${BENCH_PG_LOAD_ONLY:-0}" == 1 ]] && {
	echo "$PGFIX"
	exit 0
}
info() { awk -v k="$1" '$1 == k { $1 = ""; sub(/^ /, ""); print }' "$PGFIX/load.info"; }
LOAD_S=$(info migrate_s)
VAC_S=$(info vacuum_s)
LOAD_ROWS=$(info rows)
PG_BYTES=$(info db_bytes)

# the run's copies: the cached cluster and the SQLite fixture stay as built
RUN="$FIXDIR/pg-run"
if [[ -d "$RUN" ]]; then
	if [[ -f "$RUN/data/postmaster.pid" ]]; then
		as_pg "$PGBIN/pg_ctl" -D "$RUN/data" -m immediate -w stop >/dev/null 2>&1 || true
	fi
	rm -rf "$RUN"
fi
mkdir -p "$RUN"
chmod 700 "$RUN"
chown "$PG_OWNER" "$RUN"
bench_log "== pg: copying the cluster ($(du -sh "$PGFIX/data" | cut -f1)) and the SQLite fixture for this run"
t0=$EPOCHREALTIME
cp -a "$PGFIX/data" "$RUN/data"
COPY_S=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", b - a }')
IDB="$RUN/sqlite.db"
cp "$FIX" "$IDB"
pg_up "$RUN/data"
DB="$PGBASE/motcua"
psql_q motcua "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null
# ss_reset / ss_calls: the statements motcua sent to its database since the
# reset (top level only: not the foreign-key checks' own queries; not this
# script's, not pgbench's)
ss_reset() { psql_q motcua "SELECT pg_stat_statements_reset()" >/dev/null; }
ss_calls() {
	psql_q motcua "SELECT coalesce(sum(s.calls), 0) FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
		WHERE d.datname = 'motcua' AND s.query NOT LIKE '%pg_stat_statements%' AND s.query NOT LIKE 'SELECT count(*) FROM%'"
}
NDOSS=$(sqlite3 "$IDB" "SELECT count(*) FROM dossier")
NDOSS_PG=$(psql_q motcua "SELECT count(*) FROM dossier")
[[ "$NDOSS" -ge "$N" && "$NDOSS_PG" == "$NDOSS" ]] ||
	bench_die "the fixtures hold $NDOSS (SQLite) and $NDOSS_PG (PostgreSQL) dossiers, not $N"
FIX_BYTES=$(stat -c %s "$FIX")
bench_log "== pg: $NDOSS dossiers; SQLite $((FIX_BYTES / 1048576)) MiB, PostgreSQL $((PG_BYTES / 1048576)) MiB (copied in $COPY_S s)"

sqlite3 "$IDB" "SELECT code FROM dossier ORDER BY random() LIMIT 100000" >"$TMP/codes.txt"
export BENCH_CODES="$TMP/codes.txt"
RECEPTION=$(sqlite3 "$IDB" "SELECT s.username FROM staff s JOIN staff_role r ON r.staff_id = s.id
	WHERE r.role = 'reception' AND s.active = 1 ORDER BY s.id LIMIT 1")
sqlite3 -separator $'\t' "$IDB" "SELECT p.code, json_group_array(json_object('id', d.id, 'form', d.form, 'count', 1))
	FROM procedure p JOIN procedure_document d ON d.procedure_id = p.id AND d.active = 1 AND d.mandatory = 1
	WHERE p.active = 1 GROUP BY p.id ORDER BY p.id" >"$TMP/procs.tsv"
export BENCH_PROCS="$TMP/procs.tsv"
TOK_SQ=$("$BIN" token add --db "$IDB" --username "$RECEPTION" 2>"$TMP/token.log") ||
	bench_die "token add (SQLite) failed: $(cat "$TMP/token.log")"
TOK_PG=$("$BIN" token add --db "$DB" --username "$RECEPTION" 2>"$TMP/token.log") ||
	bench_die "token add (PostgreSQL) failed: $(cat "$TMP/token.log")"
# into the page cache, as on servers that have run a while
cat "$IDB" >/dev/null
find "$RUN/data/base" -type f -exec cat {} + >/dev/null 2>&1 || true

# start_servers THREADS — the SQLite server, one PostgreSQL server, NSERV
# PostgreSQL servers (SERVER_PRE: pinned or not); sets SQ, P1, PN_PORTS
start_servers() {
	local thr=$1 i p
	p=$(free_port)
	motcua_start "$IDB" "$p" --threads "$thr"
	SQ_PID=$MOTCUA_PID
	SQ="http://127.0.0.1:$p"
	p=$(free_port)
	motcua_start "$DB" "$p" --threads "$thr"
	P1_PID=$MOTCUA_PID
	P1="http://127.0.0.1:$p"
	PN_PORTS=""
	PN_PIDS=()
	for ((i = 0; i < NSERV; i++)); do
		p=$(free_port)
		motcua_start "$DB" "$p" --threads "$thr"
		PN_PIDS+=("$MOTCUA_PID")
		PN_PORTS+="${PN_PORTS:+ }$p"
	done
	PN="http://127.0.0.1:${PN_PORTS%% *}"
	export BENCH_PORTS=$PN_PORTS
}
stop_servers() {
	local p
	for p in "$SQ_PID" "$P1_PID" "${PN_PIDS[@]}"; do bench_stop "$p"; done
}
writer_stats() { # writer_stats LOG... — "jobs batches" summed over the servers' last stats lines
	local f jobs=0 batches=0 s
	for f in "$@"; do
		s=$(grep -o 'writer=stats.*' "$f" | tail -1 || true)
		jobs=$((jobs + $(sed -n 's/.*jobs=\([0-9]*\).*/\1/p' <<<"$s" | grep . || echo 0)))
		batches=$((batches + $(sed -n 's/.*batches=\([0-9]*\).*/\1/p' <<<"$s" | grep . || echo 0)))
	done
	echo "$jobs $batches"
}

code1=$(head -1 "$TMP/codes.txt")
# --- 2. tracking ------------------------------------------------------------------
[[ $BENCH_PIN == split ]] && pg_pin "$SERVER_CPUS"
start_servers "$SERVER_NCPU"
for u in "$SQ" "$P1" "$PN"; do
	curl -fs "$u/api/v1/public/dossiers/$code1" >"$TMP/track.json" || bench_die "tracking $code1 failed on $u"
done
for p in $PN_PORTS; do
	curl -fs "http://127.0.0.1:$p/api/v1/public/dossiers/$code1" | cmp -s - "$TMP/track.json" ||
		bench_die "the servers answer $code1 differently"
done
TRACK=(track-sqlite track-pg1 track-pgN)
declare -A URL=([track-sqlite]="$SQ/" [track-pg1]="$P1/" [track-pgN]="$PN/")
declare -A THR=([track-sqlite]=$BENCH_WRK_THREADS [track-pg1]=$BENCH_WRK_THREADS [track-pgN]=$NSERV)
declare -A CONNS=([track-sqlite]=$TRACK_CONNS [track-pg1]=$TRACK_CONNS
	[track-pgN]=$(((TRACK_CONNS + NSERV - 1) / NSERV * NSERV)))
declare -A LUA=([track-sqlite]="$ROOT/bench/wrk/track.lua" [track-pg1]="$ROOT/bench/wrk/track.lua"
	[track-pgN]="$ROOT/bench/wrk/spread.lua")
export BENCH_INNER="$ROOT/bench/wrk/track.lua"
track_once() { # track_once NAME [DURATION]
	BENCH_WRK_THREADS=${THR[$1]} BENCH_CONNS=${CONNS[$1]} wrk_once "$1" "${URL[$1]}" "${LUA[$1]}" "${2:-$BENCH_DURATION}"
}
bench_log "tracking: warm-up"
for n in "${TRACK[@]}"; do track_once "$n" "$BENCH_WARMUP"; done
ss_reset
for ((r = 0; r < BENCH_RUNS; r++)); do
	bench_log "tracking: round $((r + 1))/$BENCH_RUNS"
	for ((k = 0; k < ${#TRACK[@]}; k++)); do
		track_once "${TRACK[$(((k + r) % ${#TRACK[@]}))]}"
	done
done
SS_TRACK=$(ss_calls)
stop_servers

# --- 3. intake and pgbench ---------------------------------------------------------
# pgbench's database beside motcua's, in the same cluster (same WAL, same disk)
psql_q postgres "CREATE DATABASE pgbench" >/dev/null
psql_q pgbench "CREATE TABLE one_row (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), v text NOT NULL)" >/dev/null
PGB_SQL="$ROOT/bench/pg/one-row.sql"
pgbench_once() { # pgbench_once DURATION — appends the rate (tps) and PostgreSQL's CPU/tx
	local secs=${1%s} d0 d1 hz out tps n
	hz=$(getconf CLK_TCK)
	d0=$(db_ticks)
	out=$(pgbench -n -M prepared -c "$INTAKE_CONNS" -j 2 -T "$secs" -f "$PGB_SQL" \
		-h 127.0.0.1 -p "$PGPORT" -U motcua pgbench 2>&1) || {
		echo "$out" >&2
		bench_die "pgbench failed"
	}
	d1=$(db_ticks)
	tps=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time)/\1/p' <<<"$out")
	n=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' <<<"$out")
	[[ -n "$tps" && -n "$n" ]] || {
		echo "$out" >&2
		bench_die "cannot parse pgbench output"
	}
	PGB_TPS=$tps
	PGB_DB_US=$(awk -v s=$((d1 - d0)) -v r="$n" -v hz="$hz" 'BEGIN { printf "%.1f", s / hz * 1e6 / r }')
}
SERVER_PRE=() CLIENT_PRE=() # intake: the whole machine, as in production
pg_pin ""
start_servers "$(nproc)"
INTAKE=(intake-sqlite intake-pg1 intake-pgN)
URL+=([intake-sqlite]="$SQ/api/v1/dossiers" [intake-pg1]="$P1/api/v1/dossiers" [intake-pgN]="$PN/api/v1/dossiers")
THR+=([intake-sqlite]=$BENCH_WRK_THREADS [intake-pg1]=$BENCH_WRK_THREADS [intake-pgN]=$NSERV)
CONNS+=([intake-sqlite]=$INTAKE_CONNS [intake-pg1]=$INTAKE_CONNS
	[intake-pgN]=$(((INTAKE_CONNS + NSERV - 1) / NSERV * NSERV)))
LUA+=([intake-sqlite]="$ROOT/bench/wrk/intake.lua" [intake-pg1]="$ROOT/bench/wrk/intake.lua"
	[intake-pgN]="$ROOT/bench/wrk/spread.lua")
declare -A TOK=([intake-sqlite]=$TOK_SQ [intake-pg1]=$TOK_PG [intake-pgN]=$TOK_PG)
declare -A WARM=()
export BENCH_INNER="$ROOT/bench/wrk/intake.lua"
intake_once() { # intake_once NAME [DURATION]
	export BENCH_TOKEN=${TOK[$1]}
	BENCH_WRK_THREADS=${THR[$1]} BENCH_CONNS=${CONNS[$1]} wrk_once "$1" "${URL[$1]}" "${LUA[$1]}" "${2:-$BENCH_DURATION}"
}
sq_before=$(sqlite3 "$IDB" "SELECT count(*) FROM dossier")
sq_audit0=$(sqlite3 "$IDB" "SELECT count(*) FROM audit WHERE action = 'dossier.receive'")
pg_before=$(psql_q motcua "SELECT count(*) FROM dossier")
pg_audit0=$(psql_q motcua "SELECT count(*) FROM audit WHERE action = 'dossier.receive'")
pg_bytes0=$(psql_q motcua "SELECT pg_database_size(current_database())")
bench_log "intake: $INTAKE_CONNS connections as $RECEPTION, unpinned, --threads $(nproc) per server"
for n in "${INTAKE[@]}"; do
	intake_once "$n" "$BENCH_WARMUP"
	WARM[$n]=$WRK_REQS
done
all_reqs() { [[ -s "$TMP/wrk/$1.all_reqs" ]] && awk '{ s += $1 } END { print s + 0 }' "$TMP/wrk/$1.all_reqs" || echo 0; }
pgbench_once "$BENCH_WARMUP"
# one round trip: SELECT 1 on one connection, what the writer pays per statement
RTT_MS=$(pgbench -n -M prepared -c 1 -T 3 -f "$ROOT/bench/pg/select-1.sql" -h 127.0.0.1 -p "$PGPORT" -U motcua pgbench 2>&1 |
	sed -n 's/^latency average = \([0-9.]*\) ms/\1/p')
[[ -n "$RTT_MS" ]] || bench_die "pgbench SELECT 1 failed"
bench_log "  one round trip (pgbench -c 1, SELECT 1): $RTT_MS ms"
ss_reset
for ((r = 0; r < BENCH_RUNS; r++)); do
	bench_log "intake: round $((r + 1))/$BENCH_RUNS"
	wait_quiet
	pgbench_once "$BENCH_DURATION"
	echo "$PGB_TPS" >>"$TMP/pgbench.tps"
	echo "$PGB_DB_US" >>"$TMP/pgbench.db_us"
	bench_log "  pgbench one-row  $(printf '%8.0f' "$PGB_TPS") tx/s  PostgreSQL CPU $PGB_DB_US us/tx"
	for ((k = 0; k < ${#INTAKE[@]}; k++)); do
		n=${INTAKE[$(((k + r) % ${#INTAKE[@]}))]}
		[[ $n == intake-pg* ]] && wal0=$(psql_q postgres "SELECT pg_current_wal_lsn()") && q0=$(all_reqs "$n")
		intake_once "$n"
		if [[ $n == intake-pg* ]]; then # the WAL an intake writes (pgbench is not running now)
			psql_q postgres "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '$wal0')" >>"$TMP/wal.bytes"
			echo $(($(all_reqs "$n") - q0)) >>"$TMP/wal.reqs"
		fi
		[[ $n == intake-pg1 ]] && awk -v a="$WRK_RPS" -v b="$PGB_TPS" 'BEGIN { printf "%.3f\n", a / b }' >>"$TMP/pg1.ratio"
		[[ $n == intake-pgN ]] && awk -v a="$WRK_RPS" -v b="$PGB_TPS" 'BEGIN { printf "%.3f\n", a / b }' >>"$TMP/pgN.ratio"
	done
done
SS_INTAKE=$(ss_calls)
stop_servers
read -r sq_jobs sq_batches < <(writer_stats "$TMP/motcua-${SQ##*:}.log")
read -r p1_jobs p1_batches < <(writer_stats "$TMP/motcua-${P1##*:}.log")
pn_logs=()
for p in $PN_PORTS; do pn_logs+=("$TMP/motcua-$p.log"); done
read -r pn_jobs pn_batches < <(writer_stats "${pn_logs[@]}")
sq_after=$(sqlite3 "$IDB" "SELECT count(*) FROM dossier")
sq_audit1=$(sqlite3 "$IDB" "SELECT count(*) FROM audit WHERE action = 'dossier.receive'")
pg_after=$(psql_q motcua "SELECT count(*) FROM dossier")
pg_audit1=$(psql_q motcua "SELECT count(*) FROM audit WHERE action = 'dossier.receive'")
pg_dup=$(psql_q motcua "SELECT count(*) - count(DISTINCT code) FROM dossier")
pg_bytes1=$(psql_q motcua "SELECT pg_database_size(current_database())")
pgb_rows=$(psql_q pgbench "SELECT count(*) FROM one_row")
pg_down

# --- report -------------------------------------------------------------------------
med() { median "$TMP/wrk/$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }
runs() { paste -sd' ' "$1" | awk -v f="${2:-%.0f}" '{ for (i = 1; i <= NF; i++) printf "%s" f, (i > 1 ? ", " : ""), $i }'; }
sumf() { awk '{ s += $1 } END { print s + 0 }' "$1"; }
verdict() { # verdict OK [NAME...] — PASS or FAIL (also FAIL when wrk runs of a NAME had errors)
	local ok=$1 n bad=0
	shift
	for n in "$@"; do [[ -s "$TMP/wrk/$n.bad" ]] && bad=1; done
	if [[ "$ok" == 1 && $bad == 0 ]]; then
		echo PASS
	else
		[[ $bad == 1 ]] && echo "FAIL (errors in runs)" || echo FAIL
	fi
}
ok() { "$@" && echo 1 || echo 0; }

pgb=$(median "$TMP/pgbench.tps")
i_sq=$(med intake-sqlite.rps)
i_p1=$(med intake-pg1.rps)
i_pn=$(med intake-pgN.rps)
t_sq=$(med track-sqlite.rps)
t_p1=$(med track-pg1.rps)
t_pn=$(med track-pgN.rps)
r1=$(median "$TMP/pg1.ratio")
rn=$(median "$TMP/pgN.ratio")
# every request wrk counted (warm-ups and discarded runs included: their rows
# stay); at most one more per connection and run may have been in flight
sq_ans=$(($(sumf "$TMP/wrk/intake-sqlite.all_reqs") + ${WARM[intake-sqlite]}))
pg_ans=$(($(sumf "$TMP/wrk/intake-pg1.all_reqs") + $(sumf "$TMP/wrk/intake-pgN.all_reqs") + ${WARM[intake-pg1]} + ${WARM[intake-pgN]}))
sq_fly=$(((1 + $(wc -l <"$TMP/wrk/intake-sqlite.all_reqs")) * ${CONNS[intake-sqlite]}))
pg_fly=$(((1 + $(wc -l <"$TMP/wrk/intake-pg1.all_reqs")) * ${CONNS[intake-pg1]} + (1 + $(wc -l <"$TMP/wrk/intake-pgN.all_reqs")) * ${CONNS[intake-pgN]}))
sq_add=$((sq_after - sq_before))
pg_add=$((pg_after - pg_before))
WAL_PER_INTAKE=$(awk -v b="$(sumf "$TMP/wal.bytes")" -v r="$(sumf "$TMP/wal.reqs")" 'BEGIN { printf "%.0f", (r > 0 ? b / r : 0) }')
trk_pg_reqs=$(($(sumf "$TMP/wrk/track-pg1.all_reqs") + $(sumf "$TMP/wrk/track-pgN.all_reqs")))
int_pg_reqs=$(($(sumf "$TMP/wrk/intake-pg1.all_reqs") + $(sumf "$TMP/wrk/intake-pgN.all_reqs")))
within() { awk -v a="$1" -v lo="$2" -v hi="$3" 'BEGIN { exit !(a >= lo && a <= hi) }'; }
v_p1=$(verdict "$(ok ge "$r1" 1)" intake-pg1)
v_pn=$(verdict "$(ok ge "$rn" 1)" intake-pgN)
v_sqrows=$(verdict "$(ok within "$sq_add" "$sq_ans" $((sq_ans + sq_fly)))" intake-sqlite)
v_pgrows=$(verdict "$(ok within "$pg_add" "$pg_ans" $((pg_ans + pg_fly)))" intake-pg1 intake-pgN)
v_aud=$(verdict "$(ok ge $((pg_audit1 - pg_audit0)) "$pg_add")")
v_dup=$(verdict "$(ok ge 0 "$pg_dup")")
v_trk=$(verdict 1 track-sqlite track-pg1 track-pgN)
VERDICTS=("$v_p1" "$v_pn" "$v_sqrows" "$v_pgrows" "$v_aud" "$v_dup" "$v_trk")
nfail=0
for v in "${VERDICTS[@]}"; do [[ $v == FAIL* ]] && nfail=$((nfail + 1)); done
hz=$(getconf CLK_TCK)
c() { med "$1.cpu_us"; }
d() { med "$1.db_us"; }
tot() { awk -v a="$(c "$1")" -v b="$(d "$1")" 'BEGIN { printf "%.0f", a + b }'; }
label() {
	case $1 in
	track-sqlite) echo "tracking, SQLite, one server, $TRACK_CONNS connections" ;;
	track-pg1) echo "tracking, PostgreSQL, one server, $TRACK_CONNS connections" ;;
	track-pgN) echo "tracking, PostgreSQL, $NSERV servers, ${CONNS[track-pgN]} connections (wrk -t$NSERV, one thread per server)" ;;
	intake-sqlite) echo "intake, SQLite, one server, $INTAKE_CONNS connections" ;;
	intake-pg1) echo "intake, PostgreSQL, one server, $INTAKE_CONNS connections" ;;
	intake-pgN) echo "intake, PostgreSQL, $NSERV servers, ${CONNS[intake-pgN]} connections (wrk -t$NSERV, one thread per server)" ;;
	esac
}
# paper extrapolation: req/s that S server CPUs and D database CPUs could do
# at the measured CPU time per request (no other limit)
cap() { awk -v us="$1" -v n="$2" 'BEGIN { printf "%.0f", (us > 0 ? n * 1e6 / us : 0) }'; }

REPORT=$(report_path pg)
{
	echo "# motcua on PostgreSQL benchmark — $(date '+%Y-%m-%d %H:%M %Z')"
	echo
	echo "$MACHINE"
	echo "- PostgreSQL $PG_VERSION, its own cluster (initdb \`-E UTF8 --locale=C.UTF-8\`), on the same disk; settings: \`${PG_SETTINGS[*]}\`, the rest default (commit_delay 0, wal_sync_method $(
		psql -X -At "$PGBASE/postgres" -c 'SHOW wal_sync_method' 2>/dev/null || echo fdatasync
	))"
	echo "- motcua: $BIN_DESC"
	echo "- fixture: $NDOSS dossiers (bench/dossier.sh's); SQLite $(printf "%'d" "$FIX_BYTES") bytes = $(printf "%'d" $((FIX_BYTES / NDOSS))) bytes per dossier; PostgreSQL (after VACUUM ANALYZE, without WAL) $(printf "%'d" "$PG_BYTES") bytes = $(printf "%'d" $((PG_BYTES / NDOSS))) bytes per dossier"
	echo "- load: \`motcua migrate-store\` copied $(printf "%'d" "$LOAD_ROWS") rows in $LOAD_S s ($(awk -v r="$LOAD_ROWS" -v s="$LOAD_S" 'BEGIN { printf "%.0f", r / s }') rows/s, $(awk -v r="$NDOSS" -v s="$LOAD_S" 'BEGIN { printf "%.0f", r / s }') dossiers/s, verified), VACUUM ANALYZE + CHECKPOINT $VAC_S s; $(info loaded); cached in \`${PGFIX#"$ROOT"/}\`, copied for this run in $COPY_S s"
	echo "- method: wrk keep-alive \`--latency\`, $BENCH_RUNS rounds after a $BENCH_WARMUP warm-up, targets in a rotating order; tracking: $([[ $BENCH_PIN == split ]] && echo "motcua and PostgreSQL on CPU(s) $SERVER_CPUS, wrk on CPU(s) $CLIENT_CPUS, \`--threads $SERVER_NCPU\` per server" || echo "no pinning"); intake and pgbench: no pinning, \`--threads $(nproc)\` per server; $NSERV servers: bench/wrk/spread.lua (wrk thread i → server i, no proxy)"
	echo
	echo "| measurement | req/s (median) | p50 ms | p99 ms | runs: req/s | runs: p99 ms | CPU per request: motcua + PostgreSQL µs | other processes' CPU |"
	echo "|---|--:|--:|--:|---|---|---|---|"
	for n in "${TRACK[@]}" "${INTAKE[@]}"; do
		printf '| %s | %.0f | %.2f | %.2f | %s | %s | %s + %s = %s | %s |\n' "$(label "$n")" "$(med "$n.rps")" "$(med "$n.p50")" \
			"$(med "$n.p99")" "$(runs "$TMP/wrk/$n.rps")" "$(runs "$TMP/wrk/$n.p99" %.2f)" "$(c "$n")" "$(d "$n")" "$(tot "$n")" \
			"$(runs "$TMP/wrk/$n.others" %s%%)"
	done
	printf '| pgbench, one INSERT of one row per transaction, %s clients (%s) | %.0f | | | %s | | 0 + %s | |\n' \
		"$INTAKE_CONNS" "\`-M prepared -j 2\`" "$pgb" "$(runs "$TMP/pgbench.tps")" "$(median "$TMP/pgbench.db_us")"
	echo
	echo "Intake, checked in the databases afterwards (every run: warm-ups and discarded runs too): SQLite answered $sq_ans and gained"
	echo "$sq_add dossiers ($((sq_audit1 - sq_audit0)) \`dossier.receive\` audit records); PostgreSQL (one and $NSERV servers) answered $pg_ans and"
	echo "gained $pg_add dossiers ($((pg_audit1 - pg_audit0)) audit records), $pg_dup duplicate codes; the rows may exceed the answers by the"
	echo "requests in flight when a run stops (at most one per connection and run). Writers' group commit: SQLite $(ratio "$sq_jobs" "$((sq_batches > 0 ? sq_batches : 1))") dossiers"
	echo "per commit ($sq_jobs jobs, $sq_batches commits); PostgreSQL one server $(ratio "$p1_jobs" "$((p1_batches > 0 ? p1_batches : 1))") ($p1_jobs, $p1_batches),"
	echo "$NSERV servers $(ratio "$pn_jobs" "$((pn_batches > 0 ? pn_batches : 1))") ($pn_jobs, $pn_batches; each server's writer takes the one write lock in turn). A dossier"
	echo "taken in added $(awk -v b=$((pg_bytes1 - pg_bytes0)) -v n="$pg_add" 'BEGIN { printf "%.0f", (n > 0 ? b / n : 0) }') bytes to the PostgreSQL database and wrote $WAL_PER_INTAKE bytes of WAL (what the archive keeps). pgbench inserted $pgb_rows rows in all."
	echo
	echo "| figure (issue 11, \"Figures\") | target | measured | verdict |"
	echo "|---|---|---|---|"
	echo "| durable intake on PostgreSQL, one server, vs pgbench's single-row insert rate (median of the rounds' ratios: $(runs "$TMP/pg1.ratio" %.2f)) | ≥ 1.00× | $(printf %.0f "$i_p1")/s vs $(printf %.0f "$pgb")/s: $(printf %.2f "$r1")× | $v_p1 |"
	echo "| durable intake on PostgreSQL, $NSERV servers, vs pgbench (rounds: $(runs "$TMP/pgN.ratio" %.2f)) | ≥ 1.00× | $(printf %.0f "$i_pn")/s: $(printf %.2f "$rn")× | $v_pn |"
	echo "| every answered intake is a dossier, SQLite | 201s ≤ rows ≤ 201s + in flight | $sq_ans ≤ $sq_add ≤ $((sq_ans + sq_fly)) | $v_sqrows |"
	echo "| every answered intake is a dossier, PostgreSQL (one and $NSERV servers) | 201s ≤ rows ≤ 201s + in flight | $pg_ans ≤ $pg_add ≤ $((pg_ans + pg_fly)) | $v_pgrows |"
	echo "| … and an audit record | audit ≥ rows | $((pg_audit1 - pg_audit0)) ≥ $pg_add | $v_aud |"
	echo "| codes unique across $NSERV servers | 0 duplicates | $pg_dup | $v_dup |"
	echo "| tracking runs without errors (all three targets) | no errors | $([[ $v_trk == PASS ]] && echo none || echo see below) | $v_trk |"
	echo
	echo "| ratio | tracking | intake |"
	echo "|---|--:|--:|"
	echo "| PostgreSQL one server ÷ SQLite | $(ratio "$t_p1" "$t_sq")× | $(ratio "$i_p1" "$i_sq")× |"
	echo "| PostgreSQL $NSERV servers ÷ SQLite | $(ratio "$t_pn" "$t_sq")× | $(ratio "$i_pn" "$i_sq")× |"
	echo "| PostgreSQL $NSERV servers ÷ one server | $(ratio "$t_pn" "$t_p1")× | $(ratio "$i_pn" "$i_p1")× |"
	echo
	echo "Round trips: motcua sent $(ratio "$SS_TRACK" "$trk_pg_reqs") statements to PostgreSQL per tracking request and"
	echo "$(ratio "$SS_INTAKE" "$int_pg_reqs") per intake (pg_stat_statements, top level, over the recorded runs); one round trip"
	echo "(\`SELECT 1\` on one connection, pgbench) took $RTT_MS ms. Statements are not round trips for intake:"
	echo "the writer sends a job's writes in libpq's pipeline mode (D44), so a counter intake waits in the writer"
	echo "for one round trip (its code and book numbers, which carry the previous job's writes) under the one"
	echo "write lock (D25); its catalogue reads run before, on the request's own connection, in parallel."
	echo "What is left is PostgreSQL's CPU per intake (below) against pgbench's per insert; group commit saves"
	echo "fsyncs, and pipelining round trips, not the statements' own work."
	echo
	echo "Paper extrapolation from the CPU time per request (medians above), if CPU were the only limit:"
	echo
	echo "| workload (PostgreSQL, one server) | motcua µs/req | PostgreSQL µs/req | one CPU for motcua serves | one CPU for PostgreSQL serves | 3 servers × 2 CPUs + PostgreSQL on 4 CPUs |"
	echo "|---|--:|--:|--:|--:|--:|"
	for n in track-pg1 intake-pg1; do
		printf '| %s | %s | %s | %s/s | %s/s | %s/s |\n' "${n%-pg1}" "$(c $n)" "$(d $n)" "$(cap "$(c $n)" 1)" "$(cap "$(d $n)" 1)" \
			"$(awk -v a="$(cap "$(c $n)" 6)" -v b="$(cap "$(d $n)" 4)" 'BEGIN { print (a < b ? a : b) }')"
	done
	echo
	echo "Where PostgreSQL's bytes are (table with its indexes and TOAST, at load):"
	echo
	echo "| table | MiB | bytes per dossier |"
	echo "|---|--:|--:|"
	head -12 "$PGFIX/sizes" | awk -F'\t' -v n="$NDOSS" '{ printf "| %s | %.1f | %.0f |\n", $1, $2 / 1048576, $2 / n }'
	for n in "${TRACK[@]}" "${INTAKE[@]}"; do
		if [[ -s "$TMP/wrk/$n.bad" ]]; then
			echo
			echo "Errors reported by wrk for $n:"
			sed 's/^/    /' "$TMP/wrk/$n.bad"
		fi
	done
	echo
	echo "$((${#VERDICTS[@]} - nfail)) PASS, $nfail FAIL"
} >"$REPORT"

rm -rf "$RUN"
echo
cat "$REPORT"
echo
echo "written: ${REPORT#"$ROOT"/}"
[[ $nfail -eq 0 || "${BENCH_STRICT:-1}" == 0 ]] || exit 1

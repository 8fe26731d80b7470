#!/usr/bin/env bash
# bench/pg/intake.sh [BIN] — the lean intake bench on PostgreSQL behind
# docs/DECISIONS.md D44: one durable cluster of its own (fsync on,
# synchronous_commit on, pg_stat_statements), the demo centre, one motcua
# server, and for BENCH_ROUNDS rounds, in a rotating order:
#   intake   wrk, bench/wrk/intake.lua, 32 connections, BENCH_SECS seconds
#   pgb32    pgbench, bench/pg/one-row.sql, 32 clients, the same duration
#   pgb1     the same with 1 client
# For every intake run: intakes/s (new dossier rows / seconds), the
# statements motcua sent per intake (pg_stat_statements, top level), and CPU
# µs per intake of PostgreSQL (the postmaster and its children, /proc) and
# of motcua; the writer's dossiers per commit. For pgbench: rate and
# PostgreSQL CPU µs per insert.
# BIN: the motcua binary (build/motcua); BENCH_DOSSIERS (20000): intakes run
# first to grow the database to that size (the warm-up). The machine is
# shared: compare two binaries by running this twice, alternately, and
# compare CPU per intake, not only the rates.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BIN=$(realpath "${1:-$ROOT/build/motcua}")
SECS=${BENCH_SECS:-10}
ROUNDS=${BENCH_ROUNDS:-3}
NDOSS=${BENCH_DOSSIERS:-20000}
CONNS=32
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
[[ -x "$PGBIN/initdb" ]] || PGBIN=$(dirname "$(command -v initdb)")
HZ=$(getconf CLK_TCK)
log() { printf '%s\n' "$*" >&2; }

DIR=$(mktemp -d /tmp/motcua-pgi.XXXXXX)
chmod 755 "$DIR"
if [[ $(id -u) -eq 0 ]]; then
	OWNER=postgres
	id "$OWNER" >/dev/null 2>&1 || OWNER=nobody
	chown "$OWNER" "$DIR"
	as_pg() { runuser -u "$OWNER" -- "$@"; }
else
	as_pg() { "$@"; }
fi
SPID=""
cleanup() {
	set +e
	[[ -n "$SPID" ]] && kill "$SPID" 2>/dev/null && wait "$SPID" 2>/dev/null
	as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null 2>&1
	rm -rf "$DIR"
}
trap cleanup EXIT
free_port() {
	local p
	while :; do
		p=$((20000 + RANDOM % 40000))
		[[ -z $(ss -Hltn "sport = :$p" 2>/dev/null) ]] && echo "$p" && return
	done
}

as_pg "$PGBIN/initdb" -D "$DIR/data" -U motcua --auth=trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1
PGPORT=$(free_port)
as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -o "-p $PGPORT -k $DIR -c listen_addresses=127.0.0.1 \
 -c fsync=on -c synchronous_commit=on -c full_page_writes=on -c shared_buffers=512MB -c max_wal_size=4GB \
 -c max_connections=200 -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=top" start >/dev/null
PGPID=$(head -1 "$DIR/data/postmaster.pid")
BASE="postgresql://motcua@127.0.0.1:$PGPORT"
q() { psql -X -q -At -F $'\t' -v ON_ERROR_STOP=1 "$BASE/$1" -c "$2"; }
q postgres "CREATE DATABASE motcua" >/dev/null
q postgres "CREATE DATABASE pgbench" >/dev/null
q pgbench "CREATE TABLE one_row (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), v text NOT NULL)" >/dev/null
DB="$BASE/motcua"
"$BIN" demo --db "$DB" >"$DIR/demo.log" 2>&1 || {
	cat "$DIR/demo.log" >&2
	exit 2
}
q motcua "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null
RECEPTION=$(q motcua "SELECT s.username FROM staff s JOIN staff_role r ON r.staff_id = s.id
	WHERE r.role = 'reception' AND s.active = 1 ORDER BY s.id LIMIT 1")
q motcua "SELECT p.code, json_agg(json_build_object('id', d.id, 'form', d.form, 'count', 1) ORDER BY d.id)
	FROM procedure p JOIN procedure_document d ON d.procedure_id = p.id AND d.active = 1 AND d.mandatory = 1
	WHERE p.active = 1 GROUP BY p.id ORDER BY p.id" >"$DIR/procs.tsv"
export BENCH_PROCS="$DIR/procs.tsv"
BENCH_TOKEN=$("$BIN" token add --db "$DB" --username "$RECEPTION")
export BENCH_TOKEN
PORT=$(free_port)
"$BIN" serve --db "$DB" --listen "127.0.0.1:$PORT" --web "$ROOT/web" --no-access-log \
	--threads "$(nproc)" >"$DIR/motcua.log" 2>&1 &
SPID=$!
for ((i = 0; i < 200; i++)); do
	curl -fs -o /dev/null "http://127.0.0.1:$PORT/healthz" && break
	sleep 0.05
done
URL="http://127.0.0.1:$PORT/api/v1/dossiers"

ticks_of() { # ticks_of PID — the process and its children, user+system (+reaped children)
	local files=("/proc/$1/stat") c
	for c in $(cat /proc/"$1"/task/*/children 2>/dev/null); do files+=("/proc/$c/stat"); done
	{ cat "${files[@]}" 2>/dev/null || true; } | sed 's/.*) //' | awk '{ s += $12 + $13 + $14 + $15 } END { print s + 0 }'
}
ndoss() { q motcua "SELECT count(*) FROM dossier"; }
calls() {
	q motcua "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
		WHERE d.datname = 'motcua' AND s.query NOT LIKE '%pg_stat_statements%' AND s.query NOT LIKE 'SELECT count(*) FROM dossier'"
}
wstats() { grep -o 'writer=stats.*' "$DIR/motcua.log" | tail -1 || true; }

intake() { # intake SECONDS — prints: rate stmts/intake pg_us motcua_us
	local n0 n1 c0 c1 d0 d1 m0 m1 t0 t1
	n0=$(ndoss)
	c0=$(calls)
	d0=$(ticks_of "$PGPID")
	m0=$(ticks_of "$SPID")
	t0=$EPOCHREALTIME
	wrk -t2 -c"$CONNS" -d"${1}s" -s "$ROOT/bench/wrk/intake.lua" "$URL" >"$DIR/wrk.out" 2>&1
	t1=$EPOCHREALTIME
	d1=$(ticks_of "$PGPID")
	m1=$(ticks_of "$SPID")
	c1=$(calls)
	n1=$(ndoss)
	awk -v n=$((n1 - n0)) -v c=$((c1 - c0 - 2)) -v d=$((d1 - d0)) -v m=$((m1 - m0)) -v hz="$HZ" -v t0="$t0" -v t1="$t1" \
		'BEGIN { if (n < 1) n = 1; printf "%.0f %.1f %.0f %.0f\n", n / (t1 - t0), c / n, d / hz * 1e6 / n, m / hz * 1e6 / n }'
}
pgb() { # pgb CLIENTS SECONDS — prints: rate pg_us
	local out d0 d1 tps n
	d0=$(ticks_of "$PGPID")
	out=$(pgbench -n -M prepared -c "$1" -j "$(($1 < 2 ? 1 : 2))" -T "$2" -f "$ROOT/bench/pg/one-row.sql" \
		-h 127.0.0.1 -p "$PGPORT" -U motcua pgbench 2>&1)
	d1=$(ticks_of "$PGPID")
	tps=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time)/\1/p' <<<"$out")
	n=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' <<<"$out")
	awk -v t="$tps" -v d=$((d1 - d0)) -v n="$n" -v hz="$HZ" 'BEGIN { printf "%.0f %.0f\n", t, d / hz * 1e6 / n }'
}

log "== warm-up: intake until $NDOSS dossiers"
while (($(ndoss) < NDOSS)); do intake 5 >/dev/null; done
log "   $(ndoss) dossiers"
echo "| round | run | rate/s | statements/intake | PostgreSQL µs/op | motcua µs/op |"
echo "|---|---|---|---|---|---|"
RUNS=(intake pgb32 pgb1)
for ((r = 0; r < ROUNDS; r++)); do
	for ((k = 0; k < 3; k++)); do
		run=${RUNS[$(((k + r) % 3))]}
		case $run in
		intake) read -r rate st pu mu < <(intake "$SECS")
			echo "| $((r + 1)) | intake | $rate | $st | $pu | $mu |" ;;
		pgb32) read -r rate pu < <(pgb 32 "$SECS")
			echo "| $((r + 1)) | pgbench 32 clients | $rate | 1 | $pu | – |" ;;
		pgb1) read -r rate pu < <(pgb 1 "$SECS")
			echo "| $((r + 1)) | pgbench 1 client | $rate | 1 | $pu | – |" ;;
		esac
	done
done
kill "$SPID" && wait "$SPID" || true
SPID=""
log "   $(ndoss) dossiers at the end; the server's $(wstats)"
log "   answers other than 201 (the last run): $(grep -c 'intake.lua: status' "$DIR/wrk.out" || true)"
q motcua "SELECT calls, round(total_exec_time::numeric / calls * 1000) AS us, left(regexp_replace(query, '\s+', ' ', 'g'), 90)
	FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = 'motcua'
	ORDER BY calls DESC LIMIT 30" >&2

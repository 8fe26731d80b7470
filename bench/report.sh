#!/usr/bin/env bash
# bench/report.sh [BUILD_DIR] — the reports figures (issue 14, "Figures"):
# with 10,000,000 dossiers spread over 5 years, the periodic report for a
# month < 200 ms and for a year < 1 s, the indicators for a quarter < 1 s,
# the dashboard's page data < 300 ms; and how each time grows from 100,000 to
# 1,000,000 to 10,000,000 dossiers.
#
# 1. The fixtures: for each size of BENCH_REPORT_SIZES ("100000 1000000
#    10000000"), a `motcua demo` database plus N dossiers received over the
#    five years before BENCH_FIXTURE_END (2026-11-26, the fixture's "now" is
#    17:00 that day), over the shipped legal calendar, at the demo's four
#    communes (the home one 55 %), with their control sheets (handlers,
#    step outcomes), citizens' evaluations and petitions (1 per 200), with
#    designed proportions (bench/report/fixture-chunk.sql's header) printed
#    next to the measured ones. Set-based SQL run by the sqlite3 CLI
#    (bench/report/fixture-*.sql), the loaded tables' indexes dropped during
#    the load and recreated after it (whatever the migrations define, so the
#    indexes of a new migration are in). Lean: no documents, history, audit
#    records or e-mails. Built once, kept in build/bench/ under a name that
#    changes with the SQL, the migrations, the demo data and the calendar;
#    the build time and size are kept beside it (.build).
# 2. For each fixture: `serve` on it with the clock set to the fixture's
#    "now" (MOTCUA_FAKE_NOW), access log on (it gives each request's time in
#    the server, us=); each request of bench/report/requests.tsv, one at a
#    time with curl: BENCH_REPORT_WARMUP (3) untimed, then BENCH_REPORT_RUNS
#    (20) timed; median and p95 of the server's time (and curl's total).
#    A request answered 404 is "absent" (its route not merged yet), not a
#    failure; any other non-2xx is an error (FAIL).
# 3. A markdown report: per request and size the median and p95, the growth
#    from one size to the next, PASS/FAIL of the issue's figures at the
#    largest size measured, the fixtures' build times and sizes; written to
#    bench/out/report-DATE[-N].md.
#
# Knobs: BENCH_REPORT_SIZES, BENCH_REPORT_RUNS, BENCH_REPORT_WARMUP,
# BENCH_FIXTURE_END, BENCH_FIXTURE_ONLY=1 (build the fixtures and stop),
# BENCH_STRICT=0 (exit 0 even when a figure fails), BENCH_STORE=pg (the same
# fixtures copied into PostgreSQL — the demo centre by `motcua migrate-store`,
# the generated rows by COPY — cached in build/bench/report-pg-N-KEY/;
# BENCH_PG_SHARED_BUFFERS, 2GB),
# BENCH_REPORT_REQUESTS (another requests file).
# Exit status: 0 all figures PASS (or absent), 1 some FAIL, 2 the bench failed.
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_init "${1:-build}"

read -r -a SIZES <<<"${BENCH_REPORT_SIZES:-100000 1000000 10000000}"
RUNS=${BENCH_REPORT_RUNS:-20}
WARM=${BENCH_REPORT_WARMUP:-3}
FIX_END=${BENCH_FIXTURE_END:-2026-11-26} # the fixture's last working day
FIX_SPAN=1826                            # calendar days: five years
BLOCK=20                                 # working days per chunk of the load
STORE=${BENCH_STORE:-sqlite}
[[ $STORE == sqlite || $STORE == pg ]] || bench_die "BENCH_STORE is sqlite or pg (got $STORE)"
command -v sqlite3 >/dev/null || bench_die "sqlite3 CLI missing (scripts/install-deps.sh)"
FIXDIR="$ROOT/build/bench"
mkdir -p "$FIXDIR"
RDIR="$ROOT/bench/report"

# --- 1. the fixtures ---------------------------------------------------------
fixture_path() { # N
	local key
	key=$( (
		echo "report v2 $1 $FIX_END $FIX_SPAN $BLOCK"
		cat "$RDIR"/fixture-*.sql "$ROOT"/src/db/migrations/sqlite/*.sql \
			"$ROOT"/data/demo/*.json "$ROOT"/data/calendar/* 2>/dev/null
	) | sha256sum | cut -c1-12)
	echo "$FIXDIR/report-$1-$key.db"
}

# the tables the fixture loads: their indexes and triggers are dropped while
# loading and recreated after it
LOADED="'dossier','dossier_step','dossier_event','audit','evaluation','petition','dossier_seq'"

build_fixture() { # N FILE
	local n=$1 db=$2 tmpdb="$2.part" y y0 y1 j ag ags lo nd t0 t1 t2 who
	rm -f "$tmpdb" "$tmpdb-wal" "$tmpdb-shm"
	t0=$EPOCHREALTIME
	"$BIN" demo --db "$tmpdb" >"$TMP/demo.log" 2>&1 || {
		cat "$TMP/demo.log" >&2
		bench_die "motcua demo failed"
	}
	# tokens for the harness, made in the demo database before the load; that
	# database is kept (.demo) for the PostgreSQL load
	sqlite3 "$tmpdb" "SELECT s.username FROM staff s JOIN staff_role r ON r.staff_id = s.id
		JOIN unit u ON u.id = s.unit_id JOIN agency a ON a.id = u.agency_id
		WHERE r.role = 'leader' AND a.is_home = 1 AND s.active = 1 ORDER BY s.id LIMIT 1" >"$db.leader"
	sqlite3 "$tmpdb" "SELECT s.username FROM staff s JOIN staff_role r ON r.staff_id = s.id
		WHERE r.role = 'province' AND s.active = 1 ORDER BY s.id LIMIT 1" >"$db.province"
	sqlite3 "$tmpdb" "SELECT s.username FROM staff s JOIN staff_role r ON r.staff_id = s.id
		JOIN unit u ON u.id = s.unit_id JOIN agency a ON a.id = u.agency_id
		WHERE r.role = 'specialist' AND a.is_home = 1 AND s.active = 1 ORDER BY s.id LIMIT 1" >"$db.officer"
	for who in leader province; do
		"$BIN" token add --db "$tmpdb" --username "$(cat "$db.$who")" --days 365 \
			>"$db.$who.token" 2>"$TMP/token.log" || bench_die "token add failed: $(cat "$TMP/token.log")"
	done
	sqlite3 "$tmpdb" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
	cp "$tmpdb" "$db.demo"
	sqlite3 "$tmpdb" "SELECT sql || ';' FROM sqlite_schema WHERE type IN ('index', 'trigger')
		AND tbl_name IN ($LOADED) AND sql IS NOT NULL ORDER BY type, name" >"$TMP/recreate.sql"
	sqlite3 "$tmpdb" "SELECT 'DROP ' || upper(type) || ' ' || name || ';' FROM sqlite_schema
		WHERE type IN ('index', 'trigger') AND tbl_name IN ($LOADED) AND sql IS NOT NULL" >"$TMP/drop.sql"
	y0=$(date -d "$FIX_END - $FIX_SPAN days" +%Y)
	y1=$(date -d "$FIX_END + 130 days" +%Y)
	nd=$(((FIX_SPAN * 5 / 7) + 10))
	# read before the load (which holds the database)
	ags=$(sqlite3 "$tmpdb" "SELECT a.id FROM agency a WHERE EXISTS (SELECT 1 FROM unit u
		WHERE u.agency_id = a.id AND u.code = 'TNTKQ') ORDER BY a.id")
	for ((y = y0; y <= y1; y++)); do
		# the legal calendar the server uses (shipped data + the database's)
		"$BIN" calendar holidays "$y" --db "$tmpdb" | sed "s/'/''/g" >"$TMP/hol-$y.json"
	done
	{
		echo "PRAGMA temp_store = MEMORY;"
		echo "CREATE TEMP TABLE cfg (n INTEGER, end_day TEXT, span_days INTEGER);"
		echo "INSERT INTO cfg VALUES ($n, '$FIX_END', $FIX_SPAN);"
		echo "CREATE TEMP TABLE hol (day TEXT, kind TEXT);"
		for ((y = y0; y <= y1; y++)); do
			j=$(cat "$TMP/hol-$y.json")
			echo "INSERT INTO hol SELECT value->>'date', 'off' FROM json_each('$j', '\$.days_off');"
			echo "INSERT INTO hol SELECT value->>'date', 'work' FROM json_each('$j', '\$.working_days');"
		done
		cat "$TMP/drop.sql" "$RDIR/fixture-setup.sql"
		for ag in $ags; do
			for ((lo = 1; lo <= nd; lo += BLOCK)); do
				echo ".parameter set @ag $ag"
				echo ".parameter set @lo $lo"
				echo ".parameter set @hi $((lo + BLOCK - 1))"
				cat "$RDIR/fixture-chunk.sql"
			done
		done
		cat "$RDIR/fixture-finish.sql"
	} | sqlite3 -bail "$tmpdb" >"$TMP/fixture.out" || {
		tail -5 "$TMP/fixture.out" >&2
		bench_die "the fixture SQL failed"
	}
	t1=$EPOCHREALTIME
	sqlite3 -bail "$tmpdb" "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -1048576;
		$(cat "$TMP/recreate.sql") PRAGMA journal_mode = WAL;" >/dev/null ||
		bench_die "recreating the indexes failed"
	t2=$EPOCHREALTIME
	sqlite3 "$tmpdb" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
	sqlite3 -separator $'\t' "$tmpdb" \
		"SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC;" >"$db.sizes"
	cp "$TMP/fixture.out" "$db.summary"
	mv "$tmpdb" "$db"
	rm -f "$tmpdb-wal" "$tmpdb-shm"
	# build times: load (demo + SQL), indexes; size
	printf 'load_s\t%.0f\nindex_s\t%.0f\nbytes\t%s\n' "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" \
		"$(awk -v a="$t1" -v b="$t2" 'BEGIN { print b - a }')" "$(stat -c %s "$db")" >"$db.build"
}

# --- PostgreSQL (BENCH_STORE=pg): the SQLite fixture copied into a cluster
# of the section's own (as bench/pg.sh does; but only the demo centre goes
# through `motcua migrate-store`, the generated rows by COPY), VACUUM ANALYZE,
# CHECKPOINT; cached beside the fixture (build/bench/
# report-pg-N-KEY/). Durable settings, shared_buffers BENCH_PG_SHARED_BUFFERS.
if [[ $STORE == pg ]]; then
	PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
	[[ -x "$PGBIN/initdb" ]] || PGBIN=$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")
	[[ -x "$PGBIN/initdb" && -x "$PGBIN/pg_ctl" ]] || bench_die "PostgreSQL server binaries not found (PGBIN)"
	command -v psql >/dev/null || bench_die "psql missing (scripts/install-deps.sh)"
	PG_VERSION=$("$PGBIN/postgres" --version | awk '{ print $3 }')
	PG_SETTINGS=(fsync=on synchronous_commit=on full_page_writes=on
		"shared_buffers=${BENCH_PG_SHARED_BUFFERS:-2GB}" max_wal_size=4GB)
	if [[ $(id -u) -eq 0 ]]; then
		PG_OWNER=postgres
		id "$PG_OWNER" >/dev/null 2>&1 || PG_OWNER=nobody
		as_pg() { runuser -u "$PG_OWNER" -- "$@"; }
	else
		PG_OWNER=$(id -un)
		as_pg() { "$@"; }
	fi
	PG_DATA=""
	pg_up() { # DATADIR — sets PG_PID, PGBASE
		local data=$1 dir opts st i
		dir=$(dirname "$data")
		opts="-c listen_addresses=127.0.0.1 -k $dir"
		for st in "${PG_SETTINGS[@]}"; do opts+=" -c $st"; done
		for ((i = 0; i < 5; i++)); do
			PGPORT=$(free_port)
			if as_pg "$PGBIN/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 600 -o "-p $PGPORT $opts" start >/dev/null; then
				PG_DATA=$data
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
	}
	psql_q() { psql -X -q -At -F $'\t' -v ON_ERROR_STOP=1 "$PGBASE/$1" -c "$2"; }
	pg_exit() {
		local rc=$? p pids=("${BENCH_PIDS[@]}")
		set +e
		for p in "${pids[@]}"; do bench_stop "$p"; done
		pg_down
		(exit "$rc")
		bench_cleanup
	}
	trap pg_exit EXIT
	# load_cluster SQLITE_FIXTURE DIR — DIR/load.info: times and size
	load_cluster() {
		local fix=$1 dir=$2 part="$2.part" t0 t1 t2
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
		t0=$EPOCHREALTIME
		# the demo centre (catalogue, staff, tokens…) by migrate-store, then the
		# generated rows of the loaded tables by COPY (migrate-store copies
		# ~500 dossiers/s: 10,000,000 would take hours)
		"$BIN" migrate-store --from "$fix.demo" --to "$PGBASE/motcua" >"$part/migrate.log" 2>&1 || {
			tail -20 "$part/migrate.log" >&2
			bench_die "migrate-store failed"
		}
		local t cols w c0
		for t in dossier dossier_step dossier_event audit evaluation petition dossier_seq; do
			cols=$(sqlite3 "$fix" "SELECT group_concat(name, ',') FROM pragma_table_info('$t')")
			w=""
			if [[ $(sqlite3 "$fix.demo" "SELECT count(*) FROM $t") != 0 ]]; then
				# (audit: the demo's records, and migrate-store's own in
				# PostgreSQL; the generated ones get new ids there)
				w="WHERE id > $(sqlite3 "$fix.demo" "SELECT max(id) FROM $t")"
				cols=$(sqlite3 "$fix" "SELECT group_concat(name, ',') FROM pragma_table_info('$t') WHERE name <> 'id'")
			fi
			c0=$(psql_q motcua "SELECT count(*) FROM $t")
			sqlite3 -csv -nullvalue '\N' "$fix" "SELECT $cols FROM $t $w" |
				psql -X -q -v ON_ERROR_STOP=1 "$PGBASE/motcua" \
					-c "\\copy $t ($cols) FROM pstdin WITH (FORMAT csv, NULL '\\N')" >>"$part/migrate.log" 2>&1 || {
				tail -5 "$part/migrate.log" >&2
				bench_die "COPY of $t into PostgreSQL failed"
			}
			[[ $(sqlite3 "$fix" "SELECT count(*) FROM $t $w") == $(($(psql_q motcua "SELECT count(*) FROM $t") - c0)) ]] ||
				bench_die "PostgreSQL's $t does not hold the rows of $(basename "$fix")"
			if [[ $t != dossier_step && $t != dossier_seq && $t != dossier ]]; then
				psql_q motcua "SELECT setval(pg_get_serial_sequence('$t', 'id'), (SELECT max(id) FROM $t))" >/dev/null
			fi
		done
		if [[ $HAS_ROLLUP == 1 ]]; then # (see the SQLite fixture's)
			t1=$EPOCHREALTIME
			MOTCUA_FAKE_NOW=$FIX_NOW "$BIN" report rollup --db "$PGBASE/motcua" >"$part/rollup.out" 2>&1 ||
				bench_die "motcua report rollup failed on PostgreSQL: $(tail -3 "$part/rollup.out")"
			printf 'rollup_s\t%.0f\n' "$(awk -v a="$t1" -v b="$EPOCHREALTIME" 'BEGIN { print b - a }')" >"$part/rollup"
		fi
		t1=$EPOCHREALTIME
		psql_q motcua "VACUUM ANALYZE" >/dev/null
		psql_q motcua "CHECKPOINT" >/dev/null
		t2=$EPOCHREALTIME
		printf 'load_s\t%.0f\nindex_s\t%.0f\nbytes\t%s\n' "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" \
			"$(awk -v a="$t1" -v b="$t2" 'BEGIN { print b - a }')" \
			"$(psql_q motcua "SELECT pg_database_size(current_database())")" >"$part/load.info"
		pg_down
		mv "$part" "$dir"
	}
fi

FIX_NOW=$(($(date -d "$FIX_END 17:00 +0700" +%s)))
HAS_ROLLUP=0
grep -q '^  report ' <<<"$("$BIN" 2>&1 || true)" && HAS_ROLLUP=1
declare -A FIX PGFIX
# every path first: the key reads the migrations, which must not change
# (a checkout) between one size's build and the next
for n in "${SIZES[@]}"; do FIX[$n]=$(fixture_path "$n"); done
# room on the disk: ~1,700 bytes a dossier in SQLite (the issue-14 indexes
# included), ~3,100 more on PostgreSQL, for the fixtures not built yet
need=0
for n in "${SIZES[@]}"; do
	[[ -s "${FIX[$n]}" ]] || need=$((need + n * 1700))
	if [[ $STORE == pg ]] && ! compgen -G "$FIXDIR/report-pg-$n-*/load.info" >/dev/null; then
		need=$((need + n * 3100))
	fi
done
free=$(($(df -k --output=avail "$FIXDIR" | tail -1) * 1024))
((need < free)) || bench_die "the fixtures need ~$((need / 1073741824)) GiB on $FIXDIR, $((free / 1073741824)) GiB free"
for n in "${SIZES[@]}"; do
	f=${FIX[$n]}
	if [[ ! -s "$f" || ! -s "$f.build" ]]; then
		rm -f "$FIXDIR"/report-"$n"-*.db* # an older fixture of this size
		bench_log "== fixture: $n dossiers over 5 years, building $f (once)"
		build_fixture "$n" "$f"
		bench_log "   built: load $(awk '$1 == "load_s" { print $2 }' "$f.build") s, indexes $(awk '$1 == "index_s" { print $2 }' "$f.build") s, $(($(stat -c %s "$f") / 1048576)) MiB"
		sed 's/^/   /' "$f.summary" >&2
	fi
	FIX[$n]=$f
	# the periodic report's nightly rollup (D38), when this binary has one:
	# run once on the fixture, up to the day before its "now", as cron would
	# have; its time is in the report (the first run sweeps five years)
	if [[ $HAS_ROLLUP == 1 && ! -s "$f.rollup" ]]; then
		t0=$EPOCHREALTIME
		MOTCUA_FAKE_NOW=$FIX_NOW "$BIN" report rollup --db "$f" >"$TMP/rollup.out" 2>&1 ||
			bench_die "motcua report rollup failed: $(tail -3 "$TMP/rollup.out")"
		printf 'rollup_s\t%.0f\n' "$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { print b - a }')" >"$f.rollup"
		bench_log "   report rollup: $(cat "$TMP/rollup.out") in $(cut -f2 "$f.rollup") s"
	fi
	if [[ $STORE == pg ]]; then
		d="$FIXDIR/report-pg-$n-$( (
			basename "$f"
			echo "$PG_VERSION $HAS_ROLLUP" | cut -d. -f1
			cat "$ROOT"/src/db/migrations/pg/*.sql
		) | sha256sum | cut -c1-12)"
		if [[ ! -s "$d/load.info" ]]; then
			rm -rf "$FIXDIR"/report-pg-"$n"-* 2>/dev/null || true
			bench_log "== PostgreSQL $PG_VERSION: $n dossiers from $(basename "$f"), loading into $d (once)"
			load_cluster "$f" "$d"
			bench_log "   loaded: $(tr '\n' ' ' <"$d/load.info")"
		fi
		PGFIX[$n]=$d
	fi
done
if [[ "${BENCH_FIXTURE_ONLY:-0}" == 1 ]]; then
	for n in "${SIZES[@]}"; do echo "${FIX[$n]}"; done
	exit 0
fi

# --- 2. the requests ---------------------------------------------------------
# the periods, from the fixture's last day
last_from=$(date -d "$FIX_END" +%Y-%m-01)
last_to=$(date -d "$last_from + 1 month - 1 day" +%F)
mid_from=$(date -d "$last_from - 30 months" +%F)
mid_to=$(date -d "$mid_from + 1 month - 1 day" +%F)
year=$(($(date -d "$FIX_END" +%Y) - 1))

expand() { # PATH — the placeholders filled
	local p=$1
	p=${p//\{MID_FROM\}/$mid_from}
	p=${p//\{MID_TO\}/$mid_to}
	p=${p//\{LAST_FROM\}/$last_from}
	p=${p//\{LAST_TO\}/$last_to}
	p=${p//\{YEAR_FROM\}/$year-01-01}
	p=${p//\{YEAR_TO\}/$year-12-31}
	p=${p//\{Q_FROM\}/$year-07-01}
	p=${p//\{Q_TO\}/$year-09-30}
	p=${p//\{HOME\}/$HOME_CODE}
	p=${p//\{OFFICER\}/$OFFICER}
	echo "$p"
}

NAMES=()
declare -A GROUP TOKKIND TARGET PATHT
while IFS=$'\t' read -r name group tok target path; do
	[[ -z "$name" || "$name" == \#* ]] && continue
	NAMES+=("$name")
	GROUP[$name]=$group
	TOKKIND[$name]=$tok
	TARGET[$name]=$target
	PATHT[$name]=$path
done <"${BENCH_REPORT_REQUESTS:-$RDIR/requests.tsv}"

# q PCT FILE — a percentile (nearest rank) of the numbers in FILE
pct() { sort -g "$2" | awk -v p="$1" '{ v[NR] = $1 } END { if (NR == 0) { print "nan"; exit }
	i = int(p / 100 * NR + 0.999999); if (i < 1) i = 1; if (i > NR) i = NR; print v[i] }'; }

# R/<n>/<name>.{srv,curl} times in ms; .status the statuses seen; .bytes
R="$TMP/r"
for n in "${SIZES[@]}"; do
	f=${FIX[$n]}
	mkdir -p "$R/$n"
	HOME_CODE=$(sqlite3 "$f" "SELECT code FROM agency WHERE is_home = 1 LIMIT 1")
	OFFICER=$(cat "$f.officer")
	declare -A TOK=([leader]=$(cat "$f.leader.token") [province]=$(cat "$f.province.token") [none]="")
	cat "$f" >/dev/null # into the page cache, as on a server that has run a while
	port=$(free_port)
	log="$TMP/serve-$n.log"
	dbarg=$f
	if [[ $STORE == pg ]]; then
		pg_up "${PGFIX[$n]}/data"
		dbarg="$PGBASE/motcua"
		# into PostgreSQL's and the kernel's caches, as on a server that has run a while
		psql_q motcua "SELECT count(*) FROM dossier" >/dev/null
	fi
	MOTCUA_FAKE_NOW=$FIX_NOW bench_spawn "serve-$n" "$BIN" serve --db "$dbarg" --listen "127.0.0.1:$port" \
		--web "$ROOT/web" --threads 2
	pid=$BENCH_LAST_PID
	wait_http "http://127.0.0.1:$port/healthz" 20 || {
		cat "$TMP/serve-$n.log" >&2
		bench_die "motcua serve did not answer on port $port"
	}
	log="$TMP/serve-$n.log"
	bench_log "== $n dossiers: $f"
	for name in "${NAMES[@]}"; do
		url="http://127.0.0.1:$port$(expand "${PATHT[$name]}")"
		hdr=()
		[[ -n "${TOK[${TOKKIND[$name]}]}" ]] && hdr=(-H "Authorization: Bearer ${TOK[${TOKKIND[$name]}]}")
		: >"$R/$n/$name.srv"
		: >"$R/$n/$name.curl"
		: >"$R/$n/$name.status"
		for ((i = 0; i < WARM + RUNS; i++)); do
			out=$(curl -s -o "$TMP/body" -w '%{http_code} %{time_total} %{size_download}' "${hdr[@]}" "$url") || out="000 0 0"
			read -r code tt bytes <<<"$out"
			if [[ "$code" == 404 || "$code" == 000 ]]; then
				echo "$code" >>"$R/$n/$name.status"
				head -c 300 "$TMP/body" >"$R/$n/$name.err"
				break
			fi
			if ((i == 0)); then # the first request: caches cold (the server's own, SQLite's page cache)
				sleep 0.01
				grep -a 'path=' "$log" | tail -1 | sed -n 's/.* us=\([0-9]*\).*/\1/p' |
					awk '{ printf "%.3f\n", $1 / 1000 }' >"$R/$n/$name.first"
			fi
			((i < WARM)) && continue
			echo "$code" >>"$R/$n/$name.status"
			echo "$bytes" >"$R/$n/$name.bytes"
			awk -v t="$tt" 'BEGIN { printf "%.3f\n", t * 1000 }' >>"$R/$n/$name.curl"
			# the server's own time: the access log's last line for this path
			sleep 0.01
			grep -a 'path=' "$log" | tail -1 | sed -n 's/.* us=\([0-9]*\).*/\1/p' |
				awk '{ printf "%.3f\n", $1 / 1000 }' >>"$R/$n/$name.srv"
		done
		st=$(sort "$R/$n/$name.status" | uniq -c | awk '{ printf "%s%s×%s", (NR > 1 ? " " : ""), $2, $1 }')
		if [[ -s "$R/$n/$name.srv" ]]; then
			bench_log "  $name: median $(median "$R/$n/$name.srv") ms, p95 $(pct 95 "$R/$n/$name.srv") ms (server); status $st"
		else
			bench_log "  $name: $st"
		fi
		# the body of a failure, for the report
		[[ -s "$R/$n/$name.srv" ]] || head -c 300 "$TMP/body" >"$R/$n/$name.err" 2>/dev/null || true
		if grep -qv '^2' "$R/$n/$name.status"; then head -c 300 "$TMP/body" >"$R/$n/$name.err"; fi
	done
	bench_stop "$pid"
	[[ $STORE == pg ]] && pg_down
done

# --- 3. the report -----------------------------------------------------------
state() { # N NAME — ok | absent | error
	local s="$R/$1/$2.status"
	if grep -q '^404$' "$s"; then
		echo absent
	elif grep -qv '^2' "$s" || [[ ! -s "$R/$1/$2.srv" ]]; then
		echo error
	else
		echo ok
	fi
}
fmt() { awk -v v="$1" 'BEGIN { if (v == "nan" || v == "") print "—"; else if (v < 10) printf "%.2f", v; else if (v < 100) printf "%.1f", v; else printf "%.0f", v }'; }
nice_n() { awk -v n="$1" 'BEGIN { if (n >= 1000000) printf "%gM", n / 1000000; else printf "%gk", n / 1000 }'; }
BIG=${SIZES[-1]}
nfail=0
npass=0
nabsent=0
REPORT=$(report_path report)
BIN_DESC="\`${BIN#"$ROOT"/}\` built $(date -r "$BIN" '+%Y-%m-%d %H:%M')"
if git -C "$ROOT" rev-parse -q HEAD >/dev/null 2>&1; then
	BIN_DESC+=" from commit $(git -C "$ROOT" rev-parse --short HEAD)"
	git -C "$ROOT" diff --quiet HEAD -- src 2>/dev/null || BIN_DESC+=" with uncommitted changes in src/"
fi
{
	echo "# motcua reports benchmark (issue 14, \"Figures\") — $(date '+%Y-%m-%d %H:%M %Z')"
	echo
	machine_md
	echo "- motcua: $BIN_DESC"
	echo "- store: $([[ $STORE == pg ]] && echo "PostgreSQL $PG_VERSION (\`BENCH_STORE=pg\`)" || echo "SQLite (WAL)")"
	echo "- method: \`serve --threads 2\` on each fixture (clock at the fixture's \"now\", $FIX_END 17:00 +07), one request at a time with curl, $WARM untimed then $RUNS timed; the time is the server's (access log \`us=\`, from the request's arrival to the last byte handed to the socket), curl's total in brackets; periods: month $mid_from…$mid_to (the middle of the five years) and $last_from…$last_to (the last), year $year, quarter $year-07-01…$year-09-30"
	echo
	echo "## Fixtures"
	echo
	echo "| dossiers | load (demo + SQL) | indexes | file | bytes per dossier | petitions | evaluations | report rollup (D38), first run |"
	echo "|--:|--:|--:|--:|--:|--:|--:|--:|"
	for n in "${SIZES[@]}"; do
		f=${FIX[$n]}
		b=$(awk '$1 == "bytes" { print $2 }' "$f.build")
		printf '| %s | %s s | %s s | %s MiB | %s | %s | %s | %s |\n' "$(printf "%'d" "$n")" \
			"$(awk '$1 == "load_s" { print $2 }' "$f.build")" "$(awk '$1 == "index_s" { print $2 }' "$f.build")" \
			"$((b / 1048576))" "$((b / n))" "$(awk -F'\t' '$1 == "petitions" { print $3 }' "$f.summary")" \
			"$(sqlite3 "$f" 'SELECT count(*) FROM evaluation')" \
			"$([[ -s "$f.rollup" ]] && echo "$(cut -f2 "$f.rollup") s" || echo "—")"
	done
	echo
	if [[ $STORE == pg ]]; then
		echo "PostgreSQL $PG_VERSION (fsync on, shared_buffers ${BENCH_PG_SHARED_BUFFERS:-2GB}), loaded from those files (the demo centre by \`motcua migrate-store\`, the generated rows by \`COPY\`, row counts checked):"
		echo
		echo "| dossiers | migrate-store + COPY | VACUUM ANALYZE + CHECKPOINT | database | bytes per dossier | report rollup, first run |"
		echo "|--:|--:|--:|--:|--:|--:|"
		for n in "${SIZES[@]}"; do
			i="${PGFIX[$n]}/load.info"
			b=$(awk '$1 == "bytes" { print $2 }' "$i")
			printf '| %s | %s s | %s s | %s MiB | %s | %s |\n' "$(printf "%'d" "$n")" "$(awk '$1 == "load_s" { print $2 }' "$i")" \
				"$(awk '$1 == "index_s" { print $2 }' "$i")" "$((b / 1048576))" "$((b / n))" \
				"$([[ -s "${PGFIX[$n]}/rollup" ]] && echo "$(cut -f2 "${PGFIX[$n]}/rollup") s" || echo "—")"
		done
		echo
	fi
	echo "Designed and measured proportions ($(nice_n "$BIG") fixture; \"old\": dossiers received more than 90 days before \"now\"):"
	echo
	echo "| what | designed | measured |"
	echo "|---|--:|--:|"
	grep -v '^\(off\|wal\|first_day\|per_year\)' "${FIX[$BIG]}.summary" | awk -F'\t' 'NF >= 3 { printf "| %s | %s | %s |\n", $1, $2, $3 }'
	echo
	echo "Dossiers per year: $(grep '^per_year_' "${FIX[$BIG]}.summary" | awk -F'\t' '{ sub("per_year_", "", $1); printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $3 }')."
	echo
	echo "Where the bytes are ($(nice_n "$BIG")): $(head -8 "${FIX[$BIG]}.sizes" | awk -F'\t' -v n="$BIG" '{ printf "%s%s %.0f", (NR > 1 ? ", " : ""), $1, $2 / n }') bytes per dossier."
	echo
	echo "## Times (ms, server; median / p95)"
	echo
	printf '| request |'
	for n in "${SIZES[@]}"; do printf ' %s |' "$(nice_n "$n")"; done
	((${#SIZES[@]} > 1)) && printf ' growth |'
	echo
	printf '|---|'
	for n in "${SIZES[@]}"; do printf -- '--:|'; done
	((${#SIZES[@]} > 1)) && printf -- '---|'
	echo
	for name in "${NAMES[@]}"; do
		printf "| \`%s\` |" "$name"
		for n in "${SIZES[@]}"; do
			case $(state "$n" "$name") in
			absent) printf ' absent |' ;;
			error) printf ' error %s |' "$(sort -u "$R/$n/$name.status" | grep -v '^2' | paste -sd, -)" ;;
			ok) printf ' %s / %s (%s) |' "$(fmt "$(median "$R/$n/$name.srv")")" "$(fmt "$(pct 95 "$R/$n/$name.srv")")" \
				"$(fmt "$(median "$R/$n/$name.curl")")" ;;
			esac
		done
		if ((${#SIZES[@]} > 1)); then
			g=""
			for ((k = 1; k < ${#SIZES[@]}; k++)); do
				a=${SIZES[$((k - 1))]}
				b=${SIZES[$k]}
				if [[ $(state "$a" "$name") == ok && $(state "$b" "$name") == ok ]]; then
					g+="$(awk -v x="$(median "$R/$a/$name.srv")" -v y="$(median "$R/$b/$name.srv")" 'BEGIN { printf "×%.1f", y / x }') "
				else
					g+="— "
				fi
			done
			printf ' %s|' "$g"
		fi
		echo
	done
	echo
	echo "Growth: the median at a size ÷ the median at the size before (×10 dossiers each step: ×1 is a time that"
	echo "does not depend on the table's size, ×10 one that scans it)."
	echo
	echo "## Figures at $(printf "%'d" "$BIG") dossiers"
	echo
	echo "| figure | target | measured (median; p95) | verdict | the first request (caches cold) |"
	echo "|---|--:|--:|---|--:|"
	dsum=0
	dfirst=0
	dall=1
	ncold=0
	c=""
	for name in "${NAMES[@]}"; do
		t=${TARGET[$name]}
		[[ "$t" == - ]] && continue
		s=$(state "$BIG" "$name")
		if [[ $s == absent ]]; then
			v="absent (404 $(sed -n 's/.*"code" *: *"\([a-z_]*\)".*/\1/p' "$R/$BIG/$name.err" | head -1))"
			nabsent=$((nabsent + 1))
			m="—"
			[[ ${GROUP[$name]} == dashboard ]] && dall=0
		elif [[ $s == error ]]; then
			v="FAIL (error $(sort -u "$R/$BIG/$name.status" | grep -v '^2' | paste -sd, -))"
			nfail=$((nfail + 1))
			m="—"
			[[ ${GROUP[$name]} == dashboard ]] && dall=0
		else
			med=$(median "$R/$BIG/$name.srv")
			m="$(fmt "$med") ms; $(fmt "$(pct 95 "$R/$BIG/$name.srv")") ms"
			fst=$(cat "$R/$BIG/$name.first" 2>/dev/null || echo nan)
			if awk -v a="$fst" -v b="$t" 'BEGIN { exit !(a != "nan" && a >= b) }'; then
				c="$(fmt "$fst") ms: over"
				ncold=$((ncold + 1))
			else
				c="$(fmt "$fst") ms"
			fi
			[[ ${GROUP[$name]} == dashboard ]] && dfirst=$(awk -v a="$dfirst" -v b="$fst" 'BEGIN { print a + b }')
			if awk -v a="$med" -v b="$t" 'BEGIN { exit !(a < b) }'; then
				v=PASS
				npass=$((npass + 1))
			else
				v=FAIL
				nfail=$((nfail + 1))
			fi
			[[ ${GROUP[$name]} == dashboard ]] && dsum=$(awk -v a="$dsum" -v b="$med" 'BEGIN { print a + b }')
		fi
		echo "| \`$name\` \`$(expand "${PATHT[$name]}")\` | < $t ms | $m | $v | ${c:-—} |"
		c=""
	done
	if [[ $dall == 1 ]] && grep -q $'\tdashboard\t' "${BENCH_REPORT_REQUESTS:-$RDIR/requests.tsv}"; then
		if awk -v a="$dsum" 'BEGIN { exit !(a < 300) }'; then v=PASS; npass=$((npass + 1)); else v=FAIL; nfail=$((nfail + 1)); fi
		echo "| the dashboard's data, every dashboard request one after the other (sum of the medians) | < 300 ms | $(fmt "$dsum") ms | $v | $(fmt "$dfirst") ms |"
	fi
	echo
	for n in "${SIZES[@]}"; do
		for name in "${NAMES[@]}"; do
			if [[ $(state "$n" "$name") == error && -s "$R/$n/$name.err" ]]; then
				echo "Error body of \`$name\` at $(nice_n "$n"): \`$(tr -d '\n`' <"$R/$n/$name.err" | head -c 200)\`"
				echo
			fi
		done
	done
	echo "The verdicts are the warm medians'. The last column is the first request of each route after the"
	echo "server started (its own caches and SQLite's empty): \"over\" where even that one missed the target."
	echo
	echo "$npass PASS, $nfail FAIL, $nabsent absent; $ncold first requests over their target"
} >"$REPORT"

echo
cat "$REPORT"
echo
echo "written: ${REPORT#"$ROOT"/}"
[[ $nfail -eq 0 || "${BENCH_STRICT:-1}" == 0 ]] || exit 1

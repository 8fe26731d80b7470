#!/usr/bin/env bash
# scripts/pg-replica-try.sh [BUILD_DIR] — the province's PostgreSQL operations
# of docs/DEPLOY.md ("The province layout"), done for real on loopback in a
# temporary directory, printing each command and what it showed:
#
#   1. a primary with WAL archiving (archive_command) and a motcua centre on it
#      (motcua demo), roles for motcua and for replication, passwords in a
#      .pgpass file, scram-sha-256 over TCP;
#   2. a streaming replica: a physical replication slot, pg_basebackup -R,
#      hot standby; a write on the primary seen on the replica; the lag
#      queries; motcua's read-only commands (check, audit) on the replica,
#      and a write refused there;
#   3. WAL archiving and point-in-time recovery: a base backup, a named
#      restore point, a "mistake" (every API token revoked), the base backup
#      restored and replayed from the archive up to the restore point;
#   4. `motcua backup` (pg_dump) beside pg_basebackup;
#   5. failover: the primary killed, the replica promoted, motcua writing to
#      it; the old primary brought back as the new replica with pg_rewind.
#
# Exit status 0 when every step did what the docs say; 1 at the first step
# that did not (the transcript says which). Everything runs on 127.0.0.1 and
# is removed at the end (KEEP=1 keeps the directory). As root, the clusters
# belong to the `postgres` user (initdb refuses root).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${1:-build}
[[ "$BUILD" = /* ]] || BUILD="$ROOT/$BUILD"
MOTCUA="$BUILD/motcua"
[[ -x "$MOTCUA" ]] || {
	echo "no $MOTCUA (run make first)" >&2
	exit 2
}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
[[ -x "$PGBIN/initdb" ]] || PGBIN=$(dirname "$(command -v initdb)")

if [[ $(id -u) -eq 0 ]]; then
	OWNER=postgres
	as_pg() { runuser -u "$OWNER" -- env PGPASSFILE="$T/pgpass" "$@"; }
else
	OWNER=$(id -un)
	as_pg() { env PGPASSFILE="$T/pgpass" "$@"; }
fi
T=$(mktemp -d /tmp/motcua-replica-XXXXXX)
chmod 711 "$T"
[[ $(id -u) -eq 0 ]] && chown "$OWNER" "$T"
free_port() {
	local p
	for _ in $(seq 1 50); do
		p=$((20000 + RANDOM % 40000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return 0
		fi
	done
	return 1
}
P1=$(free_port)
P2=$(free_port)
P3=$(free_port)
while [[ $P2 == "$P1" ]]; do P2=$(free_port); done
while [[ $P3 == "$P1" || $P3 == "$P2" ]]; do P3=$(free_port); done

cleanup() {
	local rc=$? d
	for d in primary replica pitr; do
		[[ -f "$T/$d/postmaster.pid" ]] && as_pg "$PGBIN/pg_ctl" -D "$T/$d" -m immediate -w stop >/dev/null 2>&1
	done
	if [[ "${KEEP:-0}" == 1 ]]; then echo "kept: $T"; else rm -rf "$T"; fi
	return $rc
}
trap cleanup EXIT
trap 'printf "\nFAILED at line %s: %s\n" "$LINENO" "$BASH_COMMAND"' ERR

step() { printf '\n## %s\n' "$*"; }
# say CMD… — print the command as an operator would type it: the temp dir as
# $T, programs without their directory, q as psql, as_pg left out
say() {
	local line
	case $1 in
	as_pg) shift ;;
	q) line="psql -p $2 -d $3 -c \"$4\"" ;;
	esac
	[[ -n "${line:-}" ]] || line="$*"
	line=${line//$T/\$T}
	line=${line//$MOTCUA/motcua}
	line=${line//$PGBIN\//}
	printf '$ %s\n' "$line"
}
# show CMD… — say it, run it, indent its output; quiet CMD… — say it, run it,
# output hidden (a token printed once, the demo's chatter)
show() {
	say "$@"
	"$@" 2>&1 | sed "s|$T|\$T|g; s/^/    /"
	return "${PIPESTATUS[0]}"
}
quiet() {
	say "$@"
	"$@" >/dev/null 2>"$T/quiet.err" || {
		sed 's/^/    /' "$T/quiet.err"
		return 1
	}
}
fail() {
	printf '\nFAILED: %s\n' "$*"
	exit 1
}
expect() { # expect WHAT GOT WANT
	if [[ "$2" == "$3" ]]; then
		printf '    ok: %s = %s\n' "$1" "$2"
	else
		fail "$1: got '$2', want '$3'"
	fi
}
# q PORT DB SQL — one value, as the cluster's superuser over the socket
q() { as_pg psql -X -At -h "$T" -p "$1" -U postgres -d "$2" -c "$3"; }
pg_ctl() { as_pg "$PGBIN/pg_ctl" "$@"; }

echo "# PostgreSQL primary, streaming replica, WAL archive, PITR and failover on loopback"
echo "# $("$PGBIN/postgres" --version); motcua $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'); \$T = a temporary directory"

step "1. The primary: initdb, WAL archiving, replication settings"
umask 077
mkdir -p "$T/archive"
[[ $(id -u) -eq 0 ]] && chown "$OWNER" "$T/archive"
show as_pg "$PGBIN/initdb" -D "$T/primary" -U postgres --data-checksums --auth-local=trust \
	--auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
cat >>"$T/primary/postgresql.conf" <<EOF
# --- the province's primary (docs/DEPLOY.md) ---
listen_addresses = '127.0.0.1'
port = $P1
unix_socket_directories = '$T'
wal_level = replica
max_wal_senders = 10
max_replication_slots = 10
max_slot_wal_keep_size = 10GB
hot_standby = on
archive_mode = on
archive_command = 'test ! -f $T/archive/%f && cp %p $T/archive/%f'
archive_timeout = 60
wal_log_hints = on
shared_preload_libraries = 'pg_stat_statements'
EOF
cat >>"$T/primary/pg_hba.conf" <<'EOF'
# --- the province: the servers' role, and the replica's ---
host  motcua       motcua      127.0.0.1/32  scram-sha-256
host  replication  replicator  127.0.0.1/32  scram-sha-256
EOF
say tail -14 "$T/primary/postgresql.conf" \; tail -2 "$T/primary/pg_hba.conf"
tail -14 "$T/primary/postgresql.conf" | sed "s|$T|\$T|g; s/^/    /"
tail -2 "$T/primary/pg_hba.conf" | sed 's/^/    /'
show pg_ctl -D "$T/primary" -l "$T/primary.log" -w start || fail "the primary did not start"

step "Roles, the database, passwords in a .pgpass file (never in a URL)"
PW1=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
PW2=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
printf '127.0.0.1:*:*:motcua:%s\n127.0.0.1:*:replication:replicator:%s\n127.0.0.1:*:*:replicator:%s\n' \
	"$PW1" "$PW2" "$PW2" >"$T/pgpass"
chmod 600 "$T/pgpass"
[[ $(id -u) -eq 0 ]] && chown "$OWNER" "$T/pgpass"
q "$P1" postgres "CREATE ROLE motcua LOGIN PASSWORD '$PW1'" >/dev/null
q "$P1" postgres "CREATE ROLE replicator REPLICATION LOGIN PASSWORD '$PW2'" >/dev/null
echo "\$ psql -c \"CREATE ROLE motcua LOGIN PASSWORD '…'\"; psql -c \"CREATE ROLE replicator REPLICATION LOGIN PASSWORD '…'\""
show as_pg createdb -h "$T" -p "$P1" -U postgres -O motcua -E UTF8 -T template0 motcua || fail "createdb"
export PGPASSFILE="$T/pgpass"
U1="postgresql://motcua@127.0.0.1:$P1/motcua"
quiet "$MOTCUA" demo --db "$U1" || fail "motcua demo on the primary"
TOKENS0=$(q "$P1" motcua "SELECT count(*) FROM api_token")
echo "    api tokens on the primary: $TOKENS0"

step "2. The replica: a slot, pg_basebackup -R, hot standby"
show q "$P1" postgres "SELECT pg_create_physical_replication_slot('standby_b')"
show as_pg "$PGBIN/pg_basebackup" -h 127.0.0.1 -p "$P1" -U replicator -D "$T/replica" -R -X stream \
	-S standby_b -c fast --no-password || fail "pg_basebackup"
say cat "$T/replica/postgresql.auto.conf" \; ls "$T/replica/standby.signal"
sed "s|$T|\$T|g; s/password=[^ ']*/password=…/; s/^/    /" "$T/replica/postgresql.auto.conf"
find "$T/replica/standby.signal" | sed "s|$T|\$T|g; s/^/    /"
# the replica's own port and socket; everything else as the primary's
cat >>"$T/replica/postgresql.conf" <<EOF
port = $P2
EOF
show pg_ctl -D "$T/replica" -l "$T/replica.log" -w start || fail "the replica did not start"
expect "replica pg_is_in_recovery()" "$(q "$P2" postgres "SELECT pg_is_in_recovery()")" t
for _ in $(seq 1 50); do
	st=$(q "$P1" postgres "SELECT state FROM pg_stat_replication WHERE application_name = 'walreceiver'")
	[[ $st == streaming ]] && break
	sleep 0.2
done
show q "$P1" postgres "SELECT application_name, state, sync_state, pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) AS bytes_behind, replay_lag FROM pg_stat_replication"
expect "primary pg_stat_replication.state" "$st" streaming
show q "$P1" postgres "SELECT slot_name, active, wal_status FROM pg_replication_slots"

step "A write on the primary, read on the replica"
U2="postgresql://motcua@127.0.0.1:$P2/motcua"
quiet "$MOTCUA" token add --db "$U1" --username tiepnhan1 --label replica-try || fail "token add on the primary"
echo "    (a token, printed once: not shown)"
want=$((TOKENS0 + 1))
for _ in $(seq 1 50); do
	got=$(q "$P2" motcua "SELECT count(*) FROM api_token")
	[[ $got == "$want" ]] && break
	sleep 0.1
done
expect "api tokens on the replica" "$got" "$want"
show q "$P2" postgres "SELECT now() - pg_last_xact_replay_timestamp() AS replay_age, pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() AS caught_up"
echo "\$ motcua check --db $U2   # reports and checks on the hot standby"
"$MOTCUA" check --db "$U2" >"$T/check.out" 2>&1 || {
	sed 's/^/    /' "$T/check.out"
	fail "motcua check on the replica"
}
tail -3 "$T/check.out" | sed 's/^/    /'
quiet "$MOTCUA" audit --db "$U2" --limit 1 || fail "motcua audit on the replica"
echo "    (the audit trail read on the replica)"
echo "\$ motcua token add --db $U2 --username tiepnhan1   # must be refused: read-only"
if "$MOTCUA" token add --db "$U2" --username tiepnhan1 >"$T/ro.out" 2>&1; then
	fail "a write on the replica was accepted"
fi
sed 's/^/    /' "$T/ro.out" | head -3
echo "    ok: refused"

step "3. WAL archiving, a base backup, point-in-time recovery"
show q "$P1" postgres "SELECT pg_switch_wal() IS NOT NULL AS switched"
for _ in $(seq 1 50); do
	n=$(q "$P1" postgres "SELECT archived_count FROM pg_stat_archiver")
	[[ $n -ge 1 ]] && break
	sleep 0.2
done
show q "$P1" postgres "SELECT archived_count, last_archived_wal, failed_count FROM pg_stat_archiver"
[[ $(q "$P1" postgres "SELECT failed_count FROM pg_stat_archiver") == 0 ]] || fail "archive_command failed"
show as_pg "$PGBIN/pg_basebackup" -h 127.0.0.1 -p "$P1" -U replicator -D "$T/base" -Ft -z -X fetch -c fast \
	--no-password || fail "pg_basebackup for the archive"
show ls -la "$T/base"
before=$(q "$P1" motcua "SELECT count(*) FROM api_token WHERE revoked_at IS NULL")
show q "$P1" postgres "SELECT pg_create_restore_point('before_mistake') IS NOT NULL AS restore_point"
echo "    the mistake, after the restore point: every API token of tiepnhan1 revoked"
show "$MOTCUA" token revoke --db "$U1" --username tiepnhan1 --all || fail "token revoke"
after=$(q "$P1" motcua "SELECT count(*) FROM api_token WHERE revoked_at IS NULL")
echo "    live tokens on the primary: before $before, after $after"
seg=$(q "$P1" postgres "SELECT pg_walfile_name(pg_switch_wal())")
echo "\$ psql -c \"SELECT pg_walfile_name(pg_switch_wal())\"   # close the segment holding the mistake: $seg"
for _ in $(seq 1 100); do
	[[ -f "$T/archive/$seg" ]] && break
	sleep 0.2
done
[[ -f "$T/archive/$seg" ]] || fail "segment $seg not archived"
show ls "$T/archive"
echo "\$ mkdir \$T/pitr && tar -xzf \$T/base/base.tar.gz -C \$T/pitr   # the base backup, restored"
mkdir -p "$T/pitr"
chmod 700 "$T/pitr"
tar -xzf "$T/base/base.tar.gz" -C "$T/pitr"
[[ $(id -u) -eq 0 ]] && chown -R "$OWNER" "$T/pitr"
rm -f "$T/pitr/standby.signal"
cat >>"$T/pitr/postgresql.conf" <<EOF
# --- recovery to the restore point ---
port = $P3
archive_mode = off
restore_command = 'cp $T/archive/%f %p'
recovery_target_name = 'before_mistake'
recovery_target_action = 'promote'
EOF
as_pg touch "$T/pitr/recovery.signal"
say tail -5 "$T/pitr/postgresql.conf" \; touch "$T/pitr/recovery.signal"
tail -5 "$T/pitr/postgresql.conf" | sed "s|$T|\$T|g; s/^/    /"
show pg_ctl -D "$T/pitr" -l "$T/pitr.log" -w -t 120 start || {
	tail -20 "$T/pitr.log"
	fail "the point-in-time recovery did not start"
}
for _ in $(seq 1 100); do
	[[ $(q "$P3" postgres "SELECT pg_is_in_recovery()") == f ]] && break
	sleep 0.2
done
grep -E "recovery stopping|starting point-in-time|restored log file" "$T/pitr.log" | head -4 | sed "s|$T|\$T|g; s/^.*LOG: */    log: /"
expect "restored cluster pg_is_in_recovery()" "$(q "$P3" postgres "SELECT pg_is_in_recovery()")" f
got=$(q "$P3" motcua "SELECT count(*) FROM api_token WHERE revoked_at IS NULL")
expect "live tokens in the restored cluster (as before the mistake)" "$got" "$before"
show pg_ctl -D "$T/pitr" -m fast -w stop

step "4. motcua backup (pg_dump) beside pg_basebackup"
show "$MOTCUA" backup --db "$U1" --to "$T/motcua.dump" || fail "motcua backup"
say pg_restore --list "$T/motcua.dump"
echo "    $(pg_restore --list "$T/motcua.dump" | grep -c 'TABLE DATA') tables of data in $(stat -c %s "$T/motcua.dump") bytes (a logical copy of one database: restore with pg_restore into an empty one)"

step "5. Failover: the primary dies, the replica is promoted, the old primary rejoins with pg_rewind"
echo "    a motcua server on a URL naming both nodes: libpq connects to the one that takes writes"
UA="postgresql://motcua@127.0.0.1:$P1,127.0.0.1:$P2/motcua?target_session_attrs=read-write&connect_timeout=2"
HP=$(free_port)
say "$MOTCUA" serve --db "'$UA'" --listen "127.0.0.1:$HP" --web "$ROOT/web"
"$MOTCUA" serve --db "$UA" --listen "127.0.0.1:$HP" --web "$ROOT/web" --no-access-log >"$T/serve.log" 2>&1 &
SERVE=$!
trap 'kill $SERVE 2>/dev/null; wait $SERVE 2>/dev/null; cleanup' EXIT
TOKEN=$("$MOTCUA" token add --db "$U1" --username tiepnhan1 --label failover-try)
body=$(q "$P1" motcua "SELECT json_build_object('procedure', p.code, 'applicant', json_build_object('kind', 'person',
	'name', 'Nguyễn Văn An', 'id_number', '048090123456', 'phone', '0905 123 456',
	'address', '1 Trần Phú, phường Hội An, Đà Nẵng'), 'channel', 'counter', 'return_method', 'counter',
	'documents', json_agg(json_build_object('id', d.id, 'form', d.form, 'count', 1)))
	FROM procedure p JOIN procedure_document d ON d.procedure_id = p.id AND d.active = 1 AND d.mandatory = 1
	WHERE p.active = 1 GROUP BY p.id, p.code ORDER BY p.id LIMIT 1")
intake() { # one counter intake; prints the HTTP status
	curl -s -o "$T/intake.json" -w '%{http_code}' --max-time 10 -H "Authorization: Bearer $TOKEN" \
		-H 'Content-Type: application/json' --data-binary "$body" "http://127.0.0.1:$HP/api/v1/dossiers" || echo 000
}
for _ in $(seq 1 50); do
	curl -fs -o /dev/null "http://127.0.0.1:$HP/healthz" && break
	sleep 0.1
done
expect "an intake before the failover (HTTP status)" "$(intake)" 201
show pg_ctl -D "$T/primary" -m immediate -w stop
echo "    /healthz while there is no primary: $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$HP/healthz"); an intake: $(intake)"
show pg_ctl -D "$T/replica" -w promote || fail "promote"
expect "new primary pg_is_in_recovery()" "$(q "$P2" postgres "SELECT pg_is_in_recovery()")" f
t0=$EPOCHREALTIME
tries=0
seen=""
while :; do
	tries=$((tries + 1))
	st=$(intake)
	seen+="${seen:+, }$st"
	[[ $st == 201 || $tries -ge 30 ]] && break
	sleep 0.2
done
printf '    intakes sent after the promotion, 0.2 s apart, until one was taken: %s (HTTP %s; %.1f s)\n' "$tries" "$seen" \
	"$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { print b - a }')"
expect "an intake on the promoted replica, same server, same URL (HTTP status)" "$st" 201
kill $SERVE
wait $SERVE 2>/dev/null || true
trap cleanup EXIT
grep -o 'level=[a-z]* db=[a-z]*' "$T/serve.log" | sort | uniq -c | sed 's/^ */    server log: /'
quiet "$MOTCUA" token add --db "$U2" --username tiepnhan1 --label after-failover || fail "a write on the promoted replica"
echo "    (a write through motcua's CLI on the new primary: accepted)"
show "$MOTCUA" check --db "$U2" || fail "motcua check on the new primary"
echo "    the old primary, crashed, is rewound to the new timeline and follows the new primary"
echo "    (first a checkpoint on the new primary: pg_rewind reads the timeline from its control file):"
show q "$P2" postgres "CHECKPOINT"
say as_pg "$PGBIN/pg_rewind" -D "$T/primary" --source-server="'host=$T port=$P2 user=postgres dbname=postgres'" -R
as_pg "$PGBIN/pg_rewind" -D "$T/primary" --source-server="host=$T port=$P2 user=postgres dbname=postgres" -R 2>&1 |
	grep '^pg_rewind' | sed "s|$T|\$T|g; s/^/    /" ||
	fail "pg_rewind"
# pg_rewind copied the new primary's configuration files: put back what is
# this node's own (here its port; on separate hosts usually nothing) and give
# it a slot of its own on the new primary (slots are not replicated)
show q "$P2" postgres "SELECT pg_create_physical_replication_slot('standby_a')"
printf "port = %s\nprimary_slot_name = 'standby_a'\n" "$P1" >>"$T/primary/postgresql.auto.conf"
say echo "port = $P1 / primary_slot_name = 'standby_a'" '>>' "$T/primary/postgresql.auto.conf"
show pg_ctl -D "$T/primary" -l "$T/primary.log" -w start || fail "the old primary did not start as a replica"
expect "old primary pg_is_in_recovery()" "$(q "$P1" postgres "SELECT pg_is_in_recovery()")" t
want=$(q "$P2" motcua "SELECT count(*) FROM api_token")
for _ in $(seq 1 50); do
	got=$(q "$P1" motcua "SELECT count(*) FROM api_token")
	[[ $got == "$want" ]] && break
	sleep 0.2
done
expect "tokens on the old primary, now a replica" "$got" "$want"

printf '\nALL STEPS OK\n'

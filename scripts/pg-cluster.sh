#!/usr/bin/env bash
# scripts/pg-cluster.sh — a throwaway PostgreSQL cluster for the tests.
#
#   scripts/pg-cluster.sh start        initdb in a new temporary directory, start
#                                      the server on a free 127.0.0.1 port with its
#                                      unix socket in that directory; prints two
#                                      lines: the directory, then the base URL
#                                      (postgresql://motcua@127.0.0.1:PORT) —
#                                      append /DBNAME to reach a database.
#   scripts/pg-cluster.sh stop DIR     stop that cluster and remove DIR.
#   scripts/pg-cluster.sh run CMD…     start a cluster, run CMD with MOTCUA_TEST_PG
#                                      set to its base URL, stop it (also when CMD
#                                      fails or is interrupted); CMD's exit status.
#
# Authentication is `trust` for the role `motcua` (the superuser of this
# cluster), which listens on the loopback address and a socket in a private
# directory only. fsync is off: the cluster lives for one test run.
# initdb refuses to run as root: as root the cluster belongs to the
# `postgres` user (or `nobody`), and the commands run through runuser.
set -euo pipefail

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
[[ -x "$PGBIN/initdb" ]] || PGBIN=$(dirname "$(command -v initdb)")

as_owner() { # run a command as the cluster's owner
	if [[ $(id -u) -eq 0 ]]; then
		runuser -u "$OWNER" -- "$@"
	else
		"$@"
	fi
}

owner() {
	if [[ $(id -u) -ne 0 ]]; then
		id -un
	elif id postgres >/dev/null 2>&1; then
		echo postgres
	else
		echo nobody
	fi
}

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

cmd=${1:-}
case "$cmd" in
start)
	OWNER=$(owner)
	dir=$(mktemp -d /tmp/motcua-pg-XXXXXX)
	chmod 700 "$dir"
	[[ $(id -u) -eq 0 ]] && chown "$OWNER" "$dir"
	as_owner "$PGBIN/initdb" -D "$dir/data" -U motcua --auth=trust -E UTF8 --locale=C.UTF-8 \
		>"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; rm -rf "$dir"; exit 1; }
	started=0
	for _ in 1 2 3 4 5; do
		port=$(free_port)
		if as_owner "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
			-o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off \
			-c synchronous_commit=off -c full_page_writes=off -c max_connections=500 \
			-c shared_buffers=128MB" start >/dev/null 2>&1; then
			started=1
			break
		fi
	done
	if [[ $started -ne 1 ]]; then
		cat "$dir/server.log" >&2 || true
		rm -rf "$dir"
		echo "pg-cluster: cannot start PostgreSQL" >&2
		exit 1
	fi
	echo "$port" >"$dir/port"
	echo "$OWNER" >"$dir/owner"
	echo "$dir"
	echo "postgresql://motcua@127.0.0.1:$port"
	;;
run)
	shift
	[[ $# -gt 0 ]] || { echo "usage: pg-cluster.sh run CMD…" >&2; exit 2; }
	out=$("$0" start)
	dir=$(echo "$out" | sed -n 1p)
	trap '"$0" stop "$dir"' EXIT
	echo "pg-cluster: PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') at $(echo "$out" | sed -n 2p)"
	MOTCUA_TEST_PG=$(echo "$out" | sed -n 2p) "$@"
	;;
stop)
	dir=${2:?usage: pg-cluster.sh stop DIR}
	[[ -f "$dir/port" && "$dir" == /tmp/motcua-pg-* ]] || { echo "pg-cluster: $dir is not a cluster of ours" >&2; exit 1; }
	OWNER=$(cat "$dir/owner")
	as_owner "$PGBIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
	rm -rf "$dir"
	;;
*)
	sed -n '2,19p' "$0"
	exit 2
	;;
esac

#!/bin/sh
# bench/calendar/run.sh [RUNS] — build the calendar benchmark with a plain
# gcc command and run it RUNS times (default 5); prints each run and the
# median of every figure. Run from anywhere; needs gcc and the repository.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RUNS=${1:-5}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$ROOT"
sh scripts/embed.sh "$TMP/embedded.c" data/calendar/*.csv
gcc -std=c11 -D_GNU_SOURCE -O2 -Isrc -Wall -Wextra -o "$TMP/bench" bench/calendar/bench.c \
	src/core/lunar.c src/core/holidays.c src/core/holidays_csv.c src/core/workcal.c \
	src/core/vntime.c src/core/mem.c "$TMP/embedded.c" -lm -lpthread
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
i=0
while [ "$i" -lt "$RUNS" ]; do
	"$TMP/bench" | tee -a "$TMP/runs.txt"
	i=$((i + 1))
done
echo "medians of $RUNS runs:"
for key in lunar_build_ms every_day_to_lunar_ms every_day_round_trip_ms calendar_load_ms due15_ns; do
	sed -n "s/.*$key=\([0-9.]*\).*/\1/p" "$TMP/runs.txt" | sort -n |
		awk -v k="$key" '{v[NR]=$1} END {m = (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2; printf "  %-26s %s\n", k, m}'
done

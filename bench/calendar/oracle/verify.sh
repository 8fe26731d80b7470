#!/bin/sh
# bench/calendar/oracle/verify.sh — rebuild the lunar calendar with
# independent ephemerides and compare it with src/core/lunar.c:
#   UTC+7: against oracle.js (PyEphem new moons + astronomy-engine terms);
#   UTC+8: against the same oracle and against lunar-javascript (published
#          Chinese calendar), 1901–2100.
# Needs: gcc, /usr/bin/python3 with python3-ephem (apt), node + npm (installs
# astronomy-engine and lunar-javascript into a temporary folder).
# Not part of `make test`: the unit test carries the result (mktable.py).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
(cd "$W" && npm init -y >/dev/null && npm install --no-audit --no-fund --loglevel=error \
	astronomy-engine@2.1.19 lunar-javascript@1.7.7 >/dev/null)
/usr/bin/python3 "$HERE/penm.py" >"$W/penm.txt"
for tz in 7 8; do
	NODE_PATH="$W/node_modules" node "$HERE/oracle.js" $tz "$W/penm.txt" >"$W/oracle$tz.txt" 2>"$W/near$tz.txt"
	gcc -std=c11 -D_GNU_SOURCE -O2 -DLUNAR_TZ_HOURS=$tz -I"$ROOT/src" -o "$W/dump$tz" \
		"$HERE/dump.c" "$ROOT/src/core/lunar.c" "$ROOT/src/core/vntime.c" -lm -lpthread
	"$W/dump$tz" >"$W/ours$tz.txt"
	echo "== UTC+$tz: months that differ from the oracle (oracle | ours)"
	awk 'NR==FNR {a[$1]=$0; next} ($1 in a) && a[$1]!=$0 {print "  " a[$1] " | " $0}
	     ($1 in a) {seen[$1]=1} END {}' "$W/oracle$tz.txt" "$W/ours$tz.txt"
	awk 'NR==FNR {a[$1]=1; next} !($1 in a) {print "  ours only: " $0}' "$W/oracle$tz.txt" "$W/ours$tz.txt"
	echo "   events within 90 s of local midnight (oracle):"
	sed 's/^/     /' "$W/near$tz.txt"
done
NODE_PATH="$W/node_modules" node "$HERE/chinese.js" >"$W/chinese.txt"
echo "== UTC+8 vs the published Chinese calendar (lunar-javascript), 1901-2100 (published | ours)"
awk '$1 >= "1901-01-01" && $1 <= "2100-12-31" {print $1, $2, $3, $4}' "$W/ours8.txt" >"$W/ours8cut.txt"
diff "$W/chinese.txt" "$W/ours8cut.txt" | sed -n 's/^< /  published: /p; s/^> /  ours:      /p' || true
echo "== test table (tests/unit/test_lunar.c) from the UTC+7 oracle:"
python3 "$HERE/mktable.py" "$W/oracle7.txt" | md5sum

#!/usr/bin/env bash
# scripts/check-src.sh — source rules CI enforces:
#  1. banned functions (unsafe or not thread-safe) never appear in src/;
#  2. SQL is never assembled with printf-family calls;
#  3. only src/db includes sqlite3.h/libpq-fe.h, only src/http includes microhttpd.h;
#  4. src/core does no I/O through those libraries either;
#  5. every .c file starts with a comment block;
#  6. includes between folders point one way (docs/ARCHITECTURE.md):
#     core <- db, http, auth, qr <- mail <- app <- main; src/core includes
#     nothing above it, and no lower folder includes app/;
#  7. under src/app/, SQL text (a string literal starting with SELECT, INSERT,
#     UPDATE, DELETE or WITH) is only in a domain's store, a file named
#     *_store.c (docs/ARCHITECTURE.md, "The house");
#  8. handlers include no store internals: no *_http.c or *_parse.c file
#     includes a *_store.h header.
set -uo pipefail
cd "$(dirname "$0")/.."
fail=0
files=$(git ls-files 'src/*.c' 'src/*.h')
banned='\b(sprintf|vsprintf|strcpy|strcat|gets|atoi|atol|strtok|localtime|gmtime|ctime|asctime|rand|srand|system|tmpnam|mktemp)\s*\('
if grep -nPH "$banned" $files | grep -v '^\S*:\s*\*' | grep -v '//.*banned-ok'; then
	echo "check-src: banned function above (see docs/ARCHITECTURE.md)"
	fail=1
fi
if grep -nPH '(snprintf|printf)\s*\([^;]*"\s*(SELECT|INSERT|UPDATE|DELETE)\b' $files; then
	echo "check-src: SQL built with printf above: bind parameters instead"
	fail=1
fi
for f in $files; do
	case "$f" in
	src/db/*) ;;
	*) if grep -nH -E '#include <(sqlite3|libpq-fe)\.h>' "$f"; then echo "check-src: only src/db/ talks to the store"; fail=1; fi ;;
	esac
	case "$f" in
	src/http/*) ;;
	*) if grep -nH '#include <microhttpd.h>' "$f"; then echo "check-src: only src/http/ includes microhttpd.h"; fail=1; fi ;;
	esac
	case "$f" in
	*.c) if ! head -1 "$f" | grep -q '^/\*'; then echo "check-src: $f has no file-top comment"; fail=1; fi ;;
	esac
done
# 6. the direction of includes: folder → the folders it may include
declare -A may=(
	[core]='core'
	[db]='core db'
	[http]='core http'
	[auth]='core auth'
	[qr]='core qr'
	[mail]='core db mail'
	[app]='core db http auth qr mail app'
)
for f in $files; do
	dir=${f#src/}
	dir=${dir%%/*}
	[[ -n "${may[$dir]:-}" ]] || continue
	while IFS= read -r inc; do
		to=${inc#*\"}
		to=${to%%/*}
		if [[ " ${may[$dir]} " != *" $to "* ]]; then
			echo "check-src: $f includes \"$to/…\": src/$dir may include only ${may[$dir]}"
			fail=1
		fi
	done < <(grep -oE '^#include "[a-z_]+/' "$f")
done
# 7. SQL text only in the stores. A literal such as "DELETE" (an HTTP method)
# is no SQL: the keyword must be followed by a blank.
sql_text='"(SELECT|INSERT|UPDATE|DELETE|WITH)\s'
for f in $files; do
	case "$f" in
	src/app/*_store.c) ;;
	src/app/*)
		if grep -nHP "$sql_text" "$f"; then
			echo "check-src: SQL text above outside a *_store.c file: move it to the domain's store"
			fail=1
		fi
		;;
	esac
done
# 8. handlers and parsers include no store header
for f in $files; do
	case "$f" in
	*_http.c | *_parse.c)
		if grep -nHE '^#include "[^"]*_store\.h"' "$f"; then
			echo "check-src: $f includes a store header: call the domain's services (its contract)"
			fail=1
		fi
		;;
	esac
done
[[ $fail -eq 0 ]] && echo "check-src: ok"
exit $fail

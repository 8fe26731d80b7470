#!/usr/bin/env bash
# scripts/check-fmt.sh — fails if a tracked C file differs from clang-format.
set -euo pipefail
cd "$(dirname "$0")/.."
bad=0
for f in $(git ls-files 'src/*.c' 'src/*.h' 'tests/unit/*.c' 'tests/unit/*.h' 'tests/fuzz/*.c'); do
	if ! clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then
		echo "not formatted: $f (run 'make fmt')"
		bad=1
	fi
done
[[ $bad -eq 0 ]] && echo "format: ok"
exit $bad

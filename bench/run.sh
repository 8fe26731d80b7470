#!/usr/bin/env bash
# bench/run.sh [BUILD_DIR] [SECTION...] — run benchmark sections (make bench).
#
# A section is bench/SECTION.sh: a script that takes the build directory,
# sources bench/lib.sh for the shared helpers (start motcua / nginx, run wrk N
# times and take medians, cleanup traps), prints a markdown report and
# writes it to bench/out/. To add one, write bench/NAME.sh and add NAME to
# SECTIONS below. With no SECTION arguments every section in SECTIONS runs.
#
# Exit status: the worst of the sections' (0 all PASS, 1 some figure FAIL,
# 2 a section could not run); Ctrl-C stops everything.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${1:-build}
shift || true
SECTIONS=(calendar platform dossier pg queue report)
[[ $# -gt 0 ]] && SECTIONS=("$@")

for tool in wrk nginx curl ss taskset; do
	command -v "$tool" >/dev/null || {
		echo "bench: $tool is missing (scripts/install-deps.sh --bench)" >&2
		exit 2
	}
done

rc=0
for s in "${SECTIONS[@]}"; do
	if [[ ! -f "$ROOT/bench/$s.sh" ]]; then
		echo "bench: no section bench/$s.sh" >&2
		rc=2
		continue
	fi
	bash "$ROOT/bench/$s.sh" "$BUILD"
	r=$?
	[[ $r -ge 128 ]] && exit "$r" # interrupted
	[[ $r -gt $rc ]] && rc=$r
done
exit "$rc"

#!/usr/bin/env bash
# tests/fuzz/run.sh — build every libFuzzer target and run each for a bounded time.
#
#   tests/fuzz/run.sh                 all tests/fuzz/fuzz_*.c, FUZZ_SECONDS (20) each
#   tests/fuzz/run.sh fuzz_ident      only the named target(s)
#   FUZZ_SECONDS=300 make fuzz        longer runs
#
# A target is tests/fuzz/fuzz_<name>.c defining LLVMFuzzerTestOneInput. It
# declares what it needs to link in comment lines anywhere in the file:
#   // FUZZ_SOURCES: src/core/fold.c src/core/utf8.c   project sources
#   // FUZZ_PKGS: libutf8proc sqlite3                   pkg-config packages
#   // FUZZ_LIBS: -lm                                    extra linker flags
#   // FUZZ_STATIC: src/http/server.c unescape           static functions of a file
# FUZZ_STATIC copies the named static function(s) out of the file (from the
# line "static ... name(" to the first "}" in column 0), after that file's
# #include lines, into $FUZZ_BUILD/gen/<target>.static.c, which the target
# includes (#include "<target>.static.c"): the real code, without linking the
# file and everything it depends on.
# Seeds live in tests/fuzz/corpus/<name>/ (committed, small); new inputs
# found during a run go to $FUZZ_BUILD/corpus/<name>/ (not committed), and an
# optional libFuzzer dictionary tests/fuzz/<name>.dict is used if present.
# Crash inputs are written to $FUZZ_BUILD/artifacts/<target>-crash-<sha1>
# (and leak-, timeout-, oom-). Replay one with `$FUZZ_BUILD/<target> FILE`,
# which writes nothing. A binary started by hand without
# -artifact_prefix=$FUZZ_BUILD/artifacts/ writes into the current directory
# (libFuzzer's default): that is how crash-d820c00… once reached the
# repository root; .gitignore now ignores such files. Once fixed, keep the
# input as a seed in tests/fuzz/corpus/<target>/.
#
# Exits non-zero if any target fails to build or finds a crash, leak,
# timeout or sanitizer error. Needs clang and libclang-rt-14-dev (libFuzzer).
set -uo pipefail

cd "$(dirname "$0")/../.." || exit 2
SECS=${FUZZ_SECONDS:-20}
OUT=${FUZZ_BUILD:-build-fuzz}
CC=${FUZZ_CC:-}
if [[ -z "$CC" ]]; then
  for c in clang clang-14; do
    if command -v "$c" >/dev/null 2>&1; then CC=$c; break; fi
  done
fi
if [[ -z "$CC" ]]; then
  echo "fuzz: clang not found (apt-get install clang-14 libclang-rt-14-dev)" >&2
  exit 2
fi

CFLAGS=(-std=c11 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer
        -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
        -Wall -Wextra -Wno-unused-parameter -Isrc)

if [[ $# -gt 0 ]]; then
  targets=()
  for t in "$@"; do targets+=("tests/fuzz/${t%.c}.c"); done
else
  targets=(tests/fuzz/fuzz_*.c)
fi
if [[ ! -e "${targets[0]}" ]]; then
  echo "fuzz: no targets" >&2
  exit 2
fi

# Print the words after "// KEY:" on every such line of file $2.
declared() {
  sed -n "s|^[[:space:]]*//[[:space:]]*$1:[[:space:]]*||p" "$2" | tr '\n' ' '
}

mkdir -p "$OUT/artifacts"
failed=()
passed=0
for src in "${targets[@]}"; do
  name=$(basename "$src" .c)
  if [[ ! -f "$src" ]]; then
    echo "fuzz: $src: no such target" >&2
    failed+=("$name(missing)")
    continue
  fi
  read -r -a sources <<<"$(declared FUZZ_SOURCES "$src")"
  read -r -a pkgs <<<"$(declared FUZZ_PKGS "$src")"
  read -r -a libs <<<"$(declared FUZZ_LIBS "$src")"
  pkg_cflags=() pkg_libs=()
  if [[ ${#pkgs[@]} -gt 0 ]]; then
    read -r -a pkg_cflags <<<"$(pkg-config --cflags "${pkgs[@]}")" || true
    if ! pc_libs=$(pkg-config --libs "${pkgs[@]}"); then
      echo "fuzz: $name: pkg-config failed for: ${pkgs[*]}" >&2
      failed+=("$name(pkg)")
      continue
    fi
    read -r -a pkg_libs <<<"$pc_libs"
  fi

  pre=()
  statics=$(sed -n "s|^[[:space:]]*//[[:space:]]*FUZZ_STATIC:[[:space:]]*||p" "$src")
  if [[ -n "$statics" ]]; then
    gen="$OUT/gen/$name.static.c"
    mkdir -p "$OUT/gen"
    : >"$gen"
    ok=1
    while read -r file funcs; do
      [[ -z "$file" ]] && continue
      grep -E '^#include ' "$file" >>"$gen"
      for fn in $funcs; do
        body=$(awk -v fn="$fn" -v file="$file" '
          !p && $0 ~ "^static [^(]*[ *]" fn "\\(" { p = 1; printf "#line %d \"%s\"\n", NR, file }
          p { print }
          p && /^}/ { exit }' "$file")
        if [[ -z "$body" ]]; then
          echo "fuzz: $name: no static function $fn in $file" >&2
          ok=0
        fi
        printf '%s\n' "$body" >>"$gen"
      done
    done <<<"$statics"
    if [[ $ok -eq 0 ]]; then
      failed+=("$name(static)")
      continue
    fi
    pre=(-I "$OUT/gen")
  fi

  bin="$OUT/$name"
  echo "fuzz: build $name (${sources[*]:-no extra sources})"
  if ! "$CC" "${CFLAGS[@]}" "${pkg_cflags[@]}" "${pre[@]}" "$src" "${sources[@]}" -o "$bin" \
      "${pkg_libs[@]}" "${libs[@]}"; then
    failed+=("$name(build)")
    continue
  fi

  seeds="tests/fuzz/corpus/$name"
  work="$OUT/corpus/$name"
  mkdir -p "$work" "$seeds"
  opts=(-max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
        -artifact_prefix="$OUT/artifacts/$name-")
  [[ -f "tests/fuzz/$name.dict" ]] && opts+=(-dict="tests/fuzz/$name.dict")
  echo "fuzz: run $name for ${SECS}s"
  # New inputs go to the first directory (work), seeds are read only.
  if "$bin" "${opts[@]}" "$work" "$seeds" >"$OUT/$name.log" 2>&1; then
    grep -E '^stat::number_of_executed_units|^Done ' "$OUT/$name.log" | tr '\n' ' '
    echo
    passed=$((passed + 1))
  else
    echo "fuzz: $name FAILED — last lines of $OUT/$name.log:" >&2
    tail -n 40 "$OUT/$name.log" >&2
    failed+=("$name")
  fi
done

echo "fuzz: ${passed} passed, ${#failed[@]} failed${failed:+: ${failed[*]}}"
[[ ${#failed[@]} -eq 0 ]]

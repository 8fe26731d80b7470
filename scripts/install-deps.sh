#!/usr/bin/env bash
# scripts/install-deps.sh — THE list of Debian packages motcua needs.
#
# Installs only what is missing, so `make run` and `make test` can call it on
# every invocation at almost no cost. Run as root on Debian 12 (or with sudo).
#
#   scripts/install-deps.sh            build + run + test packages
#   scripts/install-deps.sh --bench    also the benchmark tools (wrk, nginx)
#   scripts/install-deps.sh --fuzz     also clang and the libFuzzer runtime
#   scripts/install-deps.sh --pg       also the PostgreSQL 15 server (make test-pg)
#   scripts/install-deps.sh --check    print what is missing, install nothing
set -euo pipefail

# Build and runtime libraries.
BUILD=(
  build-essential pkg-config
  libmicrohttpd-dev libjansson-dev libsqlite3-dev libsodium-dev
  libqrencode-dev libcurl4-openssl-dev libutf8proc-dev libpq-dev
  libxlsxwriter-dev  # the report's XLSX (runtime: libxlsxwriter4, pulled in by -dev)
)
# Test layers: cmocka (unit), Node 20 (e2e), Chromium + fonts (browser);
# sqlite3 lets e2e tests set up and inspect rows directly.
TEST=(
  libcmocka-dev chromium fonts-dejavu-core fonts-liberation sqlite3
  ca-certificates git
  zbar-tools poppler-utils  # browser: read back the QR code and the PDF pages of printed papers
)
BENCH=(wrk nginx-light)
# make test-pg: a throwaway PostgreSQL 15 cluster (initdb, pg_ctl) and psql,
# which tests/lib/server.mjs uses to create a database per test.
PG=(postgresql-15 postgresql-client-15)
# Fuzzing (make fuzz, CI's smoke run): clang with the libFuzzer runtime.
FUZZ=(clang-14 libclang-rt-14-dev)

want=("${BUILD[@]}" "${TEST[@]}")
check_only=0
for a in "$@"; do
  case "$a" in
    --bench) want+=("${BENCH[@]}") ;;
    --fuzz) want+=("${FUZZ[@]}") ;;
    --pg) want+=("${PG[@]}") ;;
    --check) check_only=1 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "install-deps: unknown option $a" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${want[@]}"; do
  st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$st" == "install ok installed" ]] || missing+=("$p")
done
# Node.js 20+ is needed by the end-to-end and browser tests; Debian 12 ships 18,
# so accept any node >= 20 already on the machine and only fall back to apt.
if ! command -v node >/dev/null 2>&1; then
  missing+=(nodejs npm)
elif [[ $(node -p 'process.versions.node.split(".")[0]') -lt 20 ]]; then
  echo "install-deps: warning: node $(node --version) found; the tests need Node 20+" >&2
fi

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi
if [[ $check_only -eq 1 ]]; then
  printf 'missing: %s\n' "${missing[*]}"
  exit 1
fi
SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install-deps: run as root: ${missing[*]}" >&2; exit 1; }
  SUDO=sudo
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

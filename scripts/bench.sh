#!/usr/bin/env bash
# Runs the benchmarks of BENCHMARKS.md.
#
#   scripts/bench.sh                 # end-to-end at 10k documents -> bench-out/10k/
#   scripts/bench.sh 100000          # at 100k documents -> bench-out/100k/
#   scripts/bench.sh micro [old.txt] # Go micro-benchmarks, -count 6 -> bench-out/micro.txt,
#                                    # compared with old.txt by benchstat when given
#
# PostgreSQL is a peer: without its binaries the PostgreSQL column is skipped
# (install: apt-get install postgresql hunspell-pl). Extra flags after the
# size go to ngobench (see go run ./cmd/ngobench -h).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = micro ]; then
  mkdir -p bench-out
  go test ./bench -run '^$' -bench . -benchmem -count 6 -timeout 2h | tee bench-out/micro.txt
  if [ -n "${2:-}" ]; then
    go run golang.org/x/perf/cmd/benchstat@latest "$2" bench-out/micro.txt
  fi
  exit 0
fi

docs="${1:-10000}"
shift || true
if ! command -v pg_ctl >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  echo "note: PostgreSQL not installed; its column will be skipped (apt-get install postgresql hunspell-pl)" >&2
fi
case "$docs" in
  *000000) label="$((docs / 1000000))M" ;;
  *000) label="$((docs / 1000))k" ;;
  *) label="$docs" ;;
esac
out="bench-out/$label"
mkdir -p "$out"
echo "nproc $(nproc), $(free -m | awk '/Mem:/ {print $2}') MB, $(go version), load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
go run ./cmd/ngobench -docs "$docs" -out "$out" "$@" | tee "$out/table.txt"

#!/usr/bin/env bash
# Bounded soak test on this machine only: serves an index on loopback and
# sends a fixed rate of mixed queries for a fixed time, then reports p50/p95/
# p99 latency, errors (must be 0) and the server's RSS every 10 s (must stay
# flat). Stops by itself.
#
#   scripts/soak.sh                      # 5 minutes at 200 requests/s on the bundled sample
#   DURATION=1m RATE=100 scripts/soak.sh # shorter
#   DATA=/path/to/datadir scripts/soak.sh  # an existing data directory (e.g. a benchmark corpus)
#   VARY=false scripts/soak.sh           # only the fixed mix (the server's result cache answers most)
#
# By default every other request is a new two-word search (about 3,000
# distinct ones), so the server's search cache cannot answer the load alone.
#
# Output: soak-out/soak.json (and the summary on stdout). Exits non-zero on
# any failed request.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-5m}
RATE=${RATE:-200}
OUT=${OUT:-soak-out}
PORT=${PORT:-18080}
mkdir -p "$OUT"
go build -o "$OUT/ngosearch" ./cmd/ngosearch
go build -o "$OUT/ngoload" ./cmd/ngoload

log="$OUT/server.log"
if [ -n "${DATA:-}" ]; then
  "$OUT/ngosearch" serve --data "$DATA" --addr "127.0.0.1:$PORT" --log-level warn >"$log" 2>&1 &
else
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  "$OUT/ngosearch" demo --data "$tmp/data" --addr "127.0.0.1:$PORT" --log-level error >"$log" 2>&1 &
fi
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "${tmp:-/nonexistent}"' EXIT
for _ in $(seq 1 600); do
  grep -q "serving on" "$log" && break
  kill -0 $server 2>/dev/null || { echo "server died:"; cat "$log"; exit 1; }
  sleep 0.5
done
grep -q "serving on" "$log" || { echo "server did not start:"; cat "$log"; exit 1; }
echo "soak: $RATE requests/s for $DURATION against 127.0.0.1:$PORT (pid $server)"
"$OUT/ngoload" -url "http://127.0.0.1:$PORT" -rate "$RATE" -duration "$DURATION" -pid "$server" -vary="${VARY:-true}" -out "$OUT/soak.json"

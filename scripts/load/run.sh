#!/usr/bin/env bash
# Loopback load test of `sitrep serve` on a database of >= 100,000 articles.
#
#   scripts/load/run.sh [COUNT]        (default 100000; needs wrk: apt-get install wrk)
#
# Builds sitrep in release, writes COUNT Wikinews copies (make_corpus.py), ingests them into
# target/load/load.db (kept between runs), starts the server on 127.0.0.1, and runs wrk, bounded
# in time (DURATION, default 20 s) and connections (CONNECTIONS, default 8), against the search,
# article and arms-register endpoints. Prints wrk's latency distribution (p50, p99) and
# non-2xx counts for each (wrk prints a "Non-2xx" line only when there are some).
set -euo pipefail
cd "$(dirname "$0")/../.."
count=${1:-100000}
duration=${DURATION:-20s}
connections=${CONNECTIONS:-8}
out=target/load
mkdir -p "$out"
bin=${CARGO_TARGET_DIR:-target}/release/sitrep
cargo build --release --locked -p sitrep
db=$out/load.db
if ! [ -s "$db" ]; then
  rm -rf "$out/corpus"
  python3 scripts/load/make_corpus.py --count "$count" --out "$out/corpus"
  /usr/bin/time -v "$bin" ingest "$out/corpus" --db "$db" --quiet 2> "$out/ingest.time" || { cat "$out/ingest.time"; exit 1; }
  grep -E "Elapsed|Maximum resident" "$out/ingest.time"
fi
"$bin" stats --db "$db"

port=${PORT:-18080}
"$bin" serve --db "$db" --addr "127.0.0.1:$port" 2> "$out/serve.log" &
server=$!
trap 'kill $server' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/api/stats" > /dev/null && break; sleep 0.2; done

base=http://127.0.0.1:$port
# Search: a rotation of words from the corpus.
for w in election police Obama "air force" Boeing contract Iraq court earthquake oil bank Russia \
         president troops minister vote football China Israel Apple; do
  printf '/api/search?q=%s&limit=20\n' "${w// /%20}"
done > "$out/search.paths"
# Articles: ids spread over the corpus.
curl -fs "$base/api/search?q=the&limit=100" | python3 -c 'import json,sys; [print("/api/articles/"+h["id"]) for h in json.load(sys.stdin)["items"]]' > "$out/article.paths"
echo "/api/arms?limit=100" > "$out/arms.paths"
echo "/api/arms?limit=100&sort=value&order=desc&status=agreed" >> "$out/arms.paths"

# The register is merged in memory on first use per connection and filter, then cached until the
# database changes: show the cold cost once, apart from wrk's distribution (which includes it).
curl -fs -o /dev/null -w "first register request (cold merge): %{time_total} s\n" "$base/api/arms?limit=100&status=delivered"

for kind in search article arms; do
  echo "== $kind ($(wc -l < "$out/$kind.paths") paths, $duration, $connections connections)"
  PATHS="$out/$kind.paths" wrk -t2 -c"$connections" -d"$duration" --timeout 10s --latency \
    -s scripts/load/urls.lua "$base" | tee "$out/$kind.wrk"
done

# Once every connection has merged both registers, the register is served from its cache.
echo "== arms, warm (cache filled by the run above)"
PATHS="$out/arms.paths" wrk -t2 -c"$connections" -d"$duration" --timeout 10s --latency \
  -s scripts/load/urls.lua "$base" | tee "$out/arms-warm.wrk"

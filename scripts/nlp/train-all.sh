#!/bin/sh
# Rebuild every sitrep-nlp model from the shared data, as documented in MODELS.md.
# Run from the project root; the shared data directory defaults to ../shared/data.
set -e
DATA=${1:-../shared/data}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}
cargo build -p sitrep --release
B=$CARGO_TARGET_DIR/release/sitrep
$B train clusters --data "$DATA" --out models/clusters.txt
$B train pos --data "$DATA" --clusters models/clusters.txt --out models/pos.bin
# The NER trainer reads POS features from a POS model file: use the one just trained.
$B train ner --data "$DATA" --clusters models/clusters.txt --pos-model models/pos.bin --o-bias 10 --repeat uner-ewt=2,wikigold=2,crossner=2 --out models/ner.bin
# Re-embed the new models into the binary.
cargo build -p sitrep --release

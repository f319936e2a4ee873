#!/bin/sh
# Train an NER variant and print its held-out and PUD scores: scripts/nlp/ablate.sh NAME [train args]
set -e
B=${CARGO_TARGET_DIR:-target}/release/sitrep
name=$1; shift
$B train ner --out /tmp/ner_$name.bin "$@" 2>&1 | tail -1
$B eval ner --heldout --model /tmp/ner_$name.bin 2>/dev/null | grep -E "^==|^overall" | paste - - | awk '{print $2, $(NF-2)}' | tr '\n' ' '
echo
$B eval ner --model /tmp/ner_$name.bin --conll ../shared/data/ner/uner-en-pud/en_pud-ud-test.iob2.gz 2>/dev/null | grep overall

#!/bin/sh
# Development-set F1 of an NER model file (for model selection; test sets are not used):
# UNER EWT dev, BTC dev, CrossNER politics dev.  scripts/nlp/dev.sh MODEL [eval args]
B=${CARGO_TARGET_DIR:-target}/release/sitrep
D=${DATA:-../shared/data}
m=$1; shift
f() { $B eval ner --model "$m" "$@" 2>/dev/null | grep overall | awk "{print \$(NF-2)}"; }
a=$(f --conll $D/ner/uner-en-ewt/en_ewt-ud-dev.iob2.gz "$@")
b=$(f --conll $D/ner/broad-twitter-corpus/splits/btc.dev.conll.gz "$@")
c=$(f --conll $D/ner/crossner/politics/dev.txt* --map person=PERSON,politician=PERSON,organisation=ORG,politicalparty=ORG,country=LOC,location=LOC,event=MISC,election=MISC,misc=MISC "$@")
echo "dev: uner-ewt $a btc $b crossner-pol $c mean $(echo "$a $b $c" | awk '{printf "%.2f", ($1+$2+$3)/3}')"

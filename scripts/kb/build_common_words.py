#!/usr/bin/env python3
"""Build data/kb/common_words.txt: the 10,000 most frequent English words (lower case).

Names that are also common words ("Turkey", "Chad", "Nice", "Tor") match with exact case only.
Source: wordfreq 3.x (pip; code Apache-2.0, word-frequency data CC BY-SA 4.0). The list holds
words only, one a line.
Run: python3 scripts/kb/build_common_words.py  (from the repository root)
"""
from wordfreq import top_n_list

ROOT = __file__.rsplit("/scripts/", 1)[0]
words = [w for w in top_n_list("en", 10000) if w.isalpha()]
with open(f"{ROOT}/data/kb/common_words.txt", "w", encoding="utf-8") as f:
    f.write("# 10,000 most frequent English words (wordfreq, CC BY-SA 4.0); see scripts/kb/build_common_words.py\n")
    f.write("\n".join(words) + "\n")
print(len(words))

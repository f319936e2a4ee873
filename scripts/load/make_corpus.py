#!/usr/bin/env python3
"""Writes a large JSONL corpus for the server load test by repeating the Wikinews SemEval-2015
Task 4 articles (CC BY 3.0) with varied ids, urls, outlets and dates.

Usage: make_corpus.py [--count 100000] [--source PATH] --out DIR

Writes DIR/part-NNN.jsonl files of --shard lines each (a single 190 MB file is refused by
`sitrep ingest` as too large, and shards let ingest report progress per file).

Each copy gets its own url (so its own document id), one of a few outlet domains and a
publication date spread over 2004-2024; the text is the original's, so copies of one article
cluster into one story as wire copies do.
"""
import argparse
import json
import os
from datetime import date, timedelta

DEFAULT = "../shared/data/news/wikinews-semeval2015-task4/wikinews_semeval2015_task4.jsonl"
OUTLETS = ["reuters.com", "apnews.com", "bbc.co.uk", "france24.com", "dw.com",
           "aljazeera.com", "themoscowtimes.com", "kyivindependent.com"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=100_000)
    ap.add_argument("--source", default=DEFAULT)
    ap.add_argument("--out", required=True, help="directory for the part-NNN.jsonl shards")
    ap.add_argument("--shard", type=int, default=5000, help="articles per shard")
    args = ap.parse_args()
    with open(args.source, encoding="utf-8") as f:
        originals = [json.loads(line) for line in f if line.strip()]
    start = date(2004, 1, 1)
    os.makedirs(args.out, exist_ok=True)
    out = None
    for i in range(args.count):
        if i % args.shard == 0:
            if out:
                out.close()
            out = open(os.path.join(args.out, f"part-{i // args.shard:03d}.jsonl"), "w", encoding="utf-8")
        a = originals[i % len(originals)]
        outlet = OUTLETS[i % len(OUTLETS)]
        day = start + timedelta(days=(i * 7919) % 7300)
        out.write(json.dumps({
            "url": f"https://{outlet}/load/{i}/{a.get('id', 'article')}",
            "title": a.get("title"),
            "published": day.isoformat(),
            "text": a.get("text", ""),
        }, ensure_ascii=False) + "\n")
    if out:
        out.close()


if __name__ == "__main__":
    main()

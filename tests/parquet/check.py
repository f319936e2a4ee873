#!/usr/bin/env python3
"""Reads a `sitrep export --format parquet` directory back with DuckDB and checks it against
the SQLite database it came from.

Checks, for every table `sitrep stats --json` lists: the Parquet file exists, DuckDB reads it,
its row count equals the table's count in the stats and in SQLite (read with Python's sqlite3),
and its columns are the SQLite table's columns. Then two joins must give the same rows in DuckDB
as in SQLite: events ⨝ articles (events per outlet) and arms_items ⨝ arms_transfers (items per
supplier → recipient). Also checks that numbers kept their types (events.goldstein is a DOUBLE,
articles.seq a BIGINT).

Usage: check.py --db sitrep.db --parquet DIR --stats stats.json
Exits non-zero, naming the table, on any difference.
"""

import argparse
import json
import os
import sqlite3
import sys

import duckdb


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True, help="the SQLite database that was exported")
    ap.add_argument("--parquet", required=True, help="the directory of .parquet files")
    ap.add_argument("--stats", required=True, help="the output of `sitrep stats --json`")
    args = ap.parse_args()

    with open(args.stats, encoding="utf-8") as f:
        stats = json.load(f)
    tables = stats["tables"]
    if not tables or tables.get("articles", 0) == 0:
        fail(f"{args.stats}: no articles: nothing to check")

    lite = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    duck = duckdb.connect()
    print(f"duckdb {duckdb.__version__}, sqlite {sqlite3.sqlite_version}")

    def path(table):
        return os.path.join(args.parquet, f"{table}.parquet")

    print(f"{'table':<16} {'parquet':>8} {'sqlite':>8} {'stats':>8}")
    for table, expected in sorted(tables.items()):
        if not os.path.exists(path(table)):
            fail(f"{path(table)} is missing")
        literal = "'" + path(table).replace("'", "''") + "'"
        duck.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet({literal})")
        got = duck.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        in_sqlite = lite.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        print(f"{table:<16} {got:>8} {in_sqlite:>8} {expected:>8}")
        if not got == in_sqlite == expected:
            fail(f"{table}: {got} rows in Parquet, {in_sqlite} in SQLite, {expected} in stats")
        parquet_cols = [r[0] for r in duck.execute(f"DESCRIBE {table}").fetchall()]
        sqlite_cols = [r[1] for r in lite.execute(f"PRAGMA table_info({table})")]
        if table == "articles":
            # The export carries the plain text instead of the document JSON.
            sqlite_cols = [c for c in sqlite_cols if c != "document"] + ["text"]
        if sorted(parquet_cols) != sorted(sqlite_cols):
            fail(f"{table}: columns {parquet_cols} in Parquet, {sqlite_cols} in SQLite")

    types = dict(
        (r[0], r[1]) for r in duck.execute("DESCRIBE events").fetchall()
    )
    if types.get("goldstein") != "DOUBLE" or types.get("seq") != "BIGINT":
        fail(f"events column types: {types}")

    joins = {
        "events per outlet (events ⨝ articles)": """
            SELECT a.outlet, count(*) AS n FROM events e JOIN articles a ON a.id = e.article
            GROUP BY a.outlet ORDER BY n DESC, a.outlet NULLS LAST""",
        "arms items per deal (arms_items ⨝ arms_transfers)": """
            SELECT t.supplier, t.recipient, count(*) AS n
            FROM arms_items i JOIN arms_transfers t ON t.seq = i.transfer
            GROUP BY t.supplier, t.recipient ORDER BY n DESC, t.supplier NULLS LAST, t.recipient NULLS LAST""",
    }
    for name, sql in joins.items():
        in_duck = [tuple(r) for r in duck.execute(sql).fetchall()]
        in_sqlite = [tuple(r) for r in lite.execute(sql).fetchall()]
        print(f"\n{name}: {sum(r[-1] for r in in_duck)} rows")
        for row in in_duck[:8]:
            print("  " + " | ".join("" if v is None else str(v) for v in row))
        if in_duck != in_sqlite:
            fail(f"{name}: DuckDB {in_duck} != SQLite {in_sqlite}")
        if not in_duck:
            fail(f"{name}: the join is empty")
    print("\nOK: every table read back by DuckDB with the SQLite row counts; joins agree")


if __name__ == "__main__":
    main()

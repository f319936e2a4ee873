#!/usr/bin/env bash
# Parquet export read back by DuckDB: builds sitrep with `--features parquet`, ingests the
# bundled examples into a fresh database, exports every table to Parquet, and checks the files
# with the Python `duckdb` package (tests/parquet/check.py: row counts equal `sitrep stats` and
# SQLite, columns, types, and two joins agree with SQLite).
#
# Installs duckdb (version pinned in tests/parquet/requirements.txt) into a venv under
# target/parquet-venv, once. Files go to target/test-artifacts/parquet/. Any failure exits
# non-zero. Set SITREP_PARQUET_RELEASE=1 to check a release build instead of a debug one.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
target=${CARGO_TARGET_DIR:-$root/target}
artifacts=$target/test-artifacts/parquet
venv=$target/parquet-venv

profile=debug
cargo_profile=()
if [ "${SITREP_PARQUET_RELEASE:-}" = 1 ]; then
  profile=release
  cargo_profile=(--release)
fi

echo "== building sitrep with --features parquet ($profile)"
cargo build --locked "${cargo_profile[@]}" -p sitrep --features parquet
bin=$target/$profile/sitrep

echo "== duckdb for Python (venv $venv)"
if ! "$venv/bin/python" -c 'import duckdb' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r tests/parquet/requirements.txt
fi

echo "== ingest examples/ and export Parquet"
rm -rf "$artifacts"
mkdir -p "$artifacts"
db=$artifacts/demo.db
"$bin" ingest examples --db "$db" --quiet
"$bin" export --format parquet --out "$artifacts/parquet" --db "$db"
"$bin" stats --json --db "$db" > "$artifacts/stats.json"

echo "== DuckDB reads the Parquet files back"
"$venv/bin/python" tests/parquet/check.py --db "$db" --parquet "$artifacts/parquet" \
  --stats "$artifacts/stats.json"

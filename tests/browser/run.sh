#!/usr/bin/env bash
# End-to-end browser test of `sitrep serve`: builds sitrep, ingests the example and the fixtures
# under tests/browser/fixtures into a demo database, and drives headless Debian Chromium through
# search → article → entity → arms register (sort, filter) → events → map → themes → token.
# Screenshots go to target/test-artifacts/browser/.
#
# Installs, when missing: Debian packages chromium and chromium-driver (apt-get), and
# playwright-core from npm (tests/browser/package-lock.json; it never downloads a browser).
# Exits 0 with a SKIP line only when Chromium cannot be installed at all; any test failure exits
# non-zero.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
artifacts=$root/target/test-artifacts/browser
chromium=/usr/bin/chromium

if ! [ -x "$chromium" ]; then
  echo "== installing Debian chromium and chromium-driver"
  sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver; }; then
    echo "apt-get could not install chromium" >&2
  fi
fi
if ! [ -x "$chromium" ]; then
  echo "SKIP: browser test not run: Chromium is not installed and could not be installed with apt-get"
  exit 0
fi
"$chromium" --version

echo "== building sitrep"
cargo build --locked -p sitrep
bin=${CARGO_TARGET_DIR:-$root/target}/debug/sitrep

echo "== demo database"
rm -rf "$artifacts"
mkdir -p "$artifacts"
"$bin" ingest examples tests/browser/fixtures --db "$artifacts/demo.db" --quiet

echo "== playwright-core"
cd tests/browser
npm ci --no-audit --no-fund --loglevel=error

echo "== browser test"
node e2e.mjs --bin "$bin" --db "$artifacts/demo.db" --out "$artifacts" --chromium "$chromium"

#!/usr/bin/env bash
# Benchmark of SPEC.md "Speed and scale": ingest throughput vs the calamine floor,
# peak RSS, 1,000-workbook roster template generation and 1,000 report cards.
#
# Usage: ./bench.sh [N...]      (default N = 1000 10000)
#   e.g. ./bench.sh 1000        ./bench.sh 1000 10000 50000
# Generated workbooks are cached in target/bench-cache/N/ (delete to regenerate);
# the table is printed and written to target/bench-report.md.
# Peak RSS uses /usr/bin/time -v (installed here with apt-get when missing).
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -x /usr/bin/time ] && command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO="sudo"
  { $SUDO apt-get install -y time || { $SUDO apt-get update && $SUDO apt-get install -y time; }; } >/dev/null 2>&1 \
    || echo "bench.sh: could not install time; peak RSS falls back to getrusage" >&2
fi
cargo build --release && cargo bench --bench ingest -- "$@"

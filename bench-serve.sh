#!/usr/bin/env bash
# Load test of `certsheet serve` (issue 15; a benchmark, not a timed test):
# 20 people at once each uploading a round of 50 workbooks, then one round of
# 1,000 workbooks through the page against `certsheet ingest` on the same files.
#
# Usage: ./bench-serve.sh [USERS FILES ROUND]     (default 20 50 1000)
set -euo pipefail
cd "$(dirname "$0")"
cargo build --release --bin certsheet --example serve_load
target="${CARGO_TARGET_DIR:-target}"
"$target/release/examples/serve_load" "$target/release/certsheet" "$@"

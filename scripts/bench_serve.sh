#!/usr/bin/env bash
# Save-to-served latency of `dateline serve` (and optionally `hugo server`).
# Usage: scripts/bench_serve.sh [N...]                 generated simple archives (default 1000 10000)
#        scripts/bench_serve.sh --site DIR [--site DIR...] [--edits K] [--add] [--hugo]
#          DIR: a site root, e.g. from scripts/gen_archive.py --format md (its Hugo copy in DIR/hugo)
#          --add: add new articles instead of editing; --hugo: time `hugo server` on DIR/hugo
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --bin dateline --example bench_serve
exec target/release/examples/bench_serve "$@"

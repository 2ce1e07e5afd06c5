#!/usr/bin/env bash
# Save-to-served latency of `dateline serve` on generated archives.
# Usage: scripts/bench_serve.sh [N...]   (default: 1000 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --bin dateline --example bench_serve
exec target/release/examples/bench_serve "$@"

#!/usr/bin/env bash
# Extraction throughput benchmark (not a test): runs `dateline extract --format json`
# over a corpus and prints bytes, CPU seconds (user + sys, best of N runs) and MB/s per
# core. CPU time rather than wall time, so the figure holds on a busy machine.
#
# Usage: scripts/bench_extract.sh [CORPUS_DIR] [RUNS]
# Default corpus: ../shared/corpora/bbc (read only; never copied into the repository).
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpora/bbc}
runs=${2:-3}
bin=${DATELINE_BIN:-target/release/dateline}
[ -x "$bin" ] || cargo build --release --quiet
bytes=$(find "$corpus" -type f -print0 | xargs -0 cat | wc -c)
files=$(find "$corpus" -type f | wc -l)
best=""
best_wall=""
# Bash's own `time` reads the child's rusage to the millisecond (GNU time prints only
# hundredths, a 5% step at this size).
TIMEFORMAT='%3U %3S %3R'
for _ in $(seq "$runs"); do
    t=$( { time "$bin" extract --format json "$corpus" >/dev/null 2>/dev/null; } 2>&1 | tail -1)
    read -r user sys wall <<<"$t"
    cpu=$(echo "$user + $sys" | bc -l)
    if [ -z "$best" ] || [ "$(echo "$cpu < $best" | bc -l)" = 1 ]; then best=$cpu; fi
    if [ -z "$best_wall" ] || [ "$(echo "$wall < $best_wall" | bc -l)" = 1 ]; then best_wall=$wall; fi
done
mbps=$(echo "$bytes / 1000000 / $best" | bc -l)
printf 'corpus   %s (%d files)\n' "$corpus" "$files"
printf 'bytes    %d\n' "$bytes"
printf 'cpu      %.3f s (user+sys, best of %d)\n' "$best" "$runs"
printf 'wall     %.3f s (best of %d, %d cores)\n' "$best_wall" "$runs" "$(nproc)"
printf 'speed    %.1f MB/s per core\n' "$mbps"

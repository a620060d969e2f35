#!/usr/bin/env bash
# Times `alignsim report` on runs and weighs what it writes: the issue's bound is under 5 s and under 5 MB for a
# 500-iteration run. Wall time of the whole command (JVM start included), best of 3, the app already built, and the
# user CPU time of that best attempt. scripts/perf-results.py reports calls it for docs/PERFORMANCE.md.
#   scripts/report-perf.sh RUN...     e.g. a 500-iteration ChatWorld run:
#     ./alignsim run --config examples/rlhf-quick.conf --set chat.ppo.iterations=500 --out runs/rlhf-500
#     scripts/report-perf.sh runs/rlhf-500
# Exits 1 when a report takes 5 s or more, or weighs 5 MB or more.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ $# -gt 0 ] || { echo "usage: scripts/report-perf.sh RUN..." >&2; exit 2; }
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
"$HERE/alignsim" --version >/dev/null   # builds first if sources changed, so that no build is timed
status=0
for run in "$@"; do
  lines=$(wc -l < "$run/metrics.jsonl")
  best=""
  best_user=""
  for attempt in 1 2 3; do
    # bash's `time` keyword: wall seconds and the user CPU seconds of the command and its children
    times=$( { TIMEFORMAT='%R %U'; time "$HERE/alignsim" report "$run" --out "$WORK/report.html" >/dev/null; } 2>&1 )
    ms=$(awk -v t="${times% *}" 'BEGIN { printf "%d", t * 1000 }')
    if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; best_user=${times#* }; fi
  done
  bytes=$(stat -c %s "$WORK/report.html")
  printf '%s: %d metrics lines, report in %d.%03d s (best of 3; user CPU %s s), %d bytes (%.2f MB)\n' "$run" "$lines" $((best / 1000)) \
    $((best % 1000)) "$best_user" "$bytes" "$(awk -v b="$bytes" 'BEGIN { print b / 1e6 }')"
  if [ "$best" -ge 5000 ] || [ "$bytes" -ge 5000000 ]; then
    echo "  over the bound: under 5 s and under 5 MB" >&2
    status=1
  fi
done
exit $status

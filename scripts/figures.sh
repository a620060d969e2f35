#!/usr/bin/env bash
# Regenerates the figures of docs/: runs what each area needs into runs/ (a complete run is kept, a partial one
# resumed, so an interrupted regeneration goes on cheaply), then rewrites that area's sections of the documents
# (between <!-- BEGIN figures:NAME --> and <!-- END figures:NAME --> markers; prose outside them is untouched).
#   scripts/figures.sh                 every area, in the order listed below
#   scripts/figures.sh rlhf overopt-gold   some areas
#   scripts/figures.sh --list          the areas and what they write
# Ends by printing every section it rewrote and the areas that failed (exit 1 if any did).
#
# Budgets and switches (environment; each script's --help or docstring has its own):
#   FIGURES_SEEDS="1 2 3"   FIGURES_SET="--set key=value ..." (added to every run: tiny budgets to check the scripts)
#   FIGURES_RUNS=runs/results   FIGURES_DOCS=docs   FIGURES_WINDOW=15   FIGURES_ALLOW_MISSING=1   ALIGNSIM=./alignsim
#   OVEROPT_GOLD_COMPARISONS="500 1000 2000 4000 8000"  OVEROPT_GOLD_SEEDS  OVEROPT_GOLD_ITERATIONS  OVEROPT_GOLD_BATCH
#   OVEROPT_GOLD_SET   CONTROL_FEEDBACK_JOBS=2  CONTROL_FEEDBACK_RUNS=runs/control-feedback
#   PERF_E2E_SEEDS="1 2 3"  PERF_JMH_ARGS  PERF_JMH_SEQUENCE_ARGS  PERF_JMH_STORE_ARGS  PERF_REPORT_ITERATIONS=500
set -uo pipefail
cd "$(dirname "$0")/.."

# area | command | what it writes
AREAS=(
  "control|python3 scripts/results.py|docs/RESULTS.md: control-cartpole, control-cartpole-fast, control-acrobot, control-pendulum"
  "chat|python3 scripts/chat-results.py|docs/RESULTS.md: chat-settings, chat-sft, chat-rational, chat-flips, chat-length-bias"
  "rlhf|python3 scripts/rlhf-results.py quick adaptive-kl|docs/EXPERIMENTS.md: rlhf-quick-settings, rlhf-quick, rlhf-adaptive-kl"
  "overopt|python3 scripts/rlhf-results.py overopt|docs/EXPERIMENTS.md: overopt-settings, overopt-windows, overopt-heldout, overopt-gao"
  "overopt-tried|python3 scripts/rlhf-results.py overopt-tried|docs/EXPERIMENTS.md: overopt-tried (8 more long runs)"
  "overopt-gold|python3 scripts/overopt-gold.py|docs/EXPERIMENTS.md: overopt-gold-settings, overopt-gold (15 long runs by default)"
  "safety|python3 scripts/safety.py|docs/SAFETY.md: safety-rbrm, safety-weights, safety-tried, safety-sweep, hallucination (25 runs)"
  "methods|python3 scripts/methods.py|docs/METHODS.md: compare (24 runs: six methods, DPO and IPO at two strengths, at matched KL, seeds 1-3), coste, coste-scratch (13 long runs: a single reward model and an ensemble's mean against its conservative objectives)"
  "population|python3 scripts/population.py|docs/POPULATION.md: population, population-levels (12 runs)"
  "control-feedback|python3 scripts/control-feedback.py|docs/CONTROL-FEEDBACK.md, the whole file (39 runs)"
  "perf|python3 scripts/perf-results.py machine phases rlhf inspect settings|docs/PERFORMANCE.md: perf-machine, perf-phases, perf-rlhf, perf-inspect, perf-settings"
  "report-perf|python3 scripts/perf-results.py reports|docs/PERFORMANCE.md: perf-reports (a 500-iteration run, reports timed by scripts/report-perf.sh)"
  "bench|python3 scripts/perf-results.py targets jmh|docs/PERFORMANCE.md: perf-targets, perf-jmh, perf-jmh-sequence, perf-store (bench/run)"
  "model-choice|scripts/model-choice.sh|docs/PERFORMANCE.md: model-choice (GRU against Transformer, bench/run model-choice)"
)

names() { for a in "${AREAS[@]}"; do echo "${a%%|*}"; done; }

if [ "${1:-}" = "--list" ] || [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
  echo
  for a in "${AREAS[@]}"; do IFS='|' read -r name command what <<<"$a"; printf '  %-17s %s\n  %-17s   (%s)\n' "$name" "$what" "" "$command"; done
  exit 0
fi

# Everything below runs from main(), which bash has read whole before it starts: editing this file while a
# regeneration runs cannot change what that regeneration does.
main() {
  selected=("$@")
  [ ${#selected[@]} -gt 0 ] || mapfile -t selected < <(names)
  for s in "${selected[@]}"; do
    names | grep -qx -- "$s" || { echo "figures.sh: unknown area '$s'; expected some of: $(names | tr '\n' ' ')" >&2; exit 2; }
  done

  export FIGURES_LOG; FIGURES_LOG="$(mktemp)"
  trap 'rm -f "$FIGURES_LOG"' EXIT
  failed=()
  for a in "${AREAS[@]}"; do
    IFS='|' read -r name command what <<<"$a"
    printf '%s\n' "${selected[@]}" | grep -qx -- "$name" || continue
    echo "== $name: $command"
    start=$(date +%s)
    if ! $command; then failed+=("$name"); fi
    echo "== $name: $(( $(date +%s) - start )) s"
  done

  echo
  echo "Rewritten:"
  if [ -s "$FIGURES_LOG" ]; then sed 's/^/  /' "$FIGURES_LOG"; else echo "  nothing"; fi
  if [ ${#failed[@]} -gt 0 ]; then
    echo "Failed (their other sections were written; see the messages above): ${failed[*]}"
    exit 1
  fi
}

main "$@"

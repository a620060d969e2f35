#!/usr/bin/env bash
# Reproduces docs/EXPERIMENTS.md: rlhf-quick and overoptimization for seeds 1, 2, 3, then the figures the
# document quotes: gold and proxy before and after RL (the ppo summary line of each run's log), and Gao et al.'s fit.
# Runs go to runs/results/<example>-seed<N>; a finished run is kept, not rerun.
#   scripts/rlhf-results.sh [example...]     default: rlhf-quick overoptimization
set -euo pipefail
cd "$(dirname "$0")/.."
examples=("$@"); [ ${#examples[@]} -gt 0 ] || examples=(rlhf-quick overoptimization)
for ex in "${examples[@]}"; do
  for seed in 1 2 3; do
    out="runs/results/$ex-seed$seed"
    [ -f "$out/run.log" ] && grep -q "alignsim: done" "$out/run.log" && continue
    rm -rf "$out"; mkdir -p runs/results
    ./alignsim run --config "examples/$ex.conf" --set seed=$seed --out "$out" --no-progress > "runs/results/$ex-seed$seed.log" 2>&1
    mv "runs/results/$ex-seed$seed.log" "$out/run.log"
  done
done
for ex in "${examples[@]}"; do
  echo; echo "### $ex"
  for seed in 1 2 3; do
    out="runs/results/$ex-seed$seed"
    echo "seed $seed: $(grep -h 'alignsim: ppo:' "$out/run.log" | sed 's/^alignsim: //')"
    [ "$ex" = overoptimization ] && ./alignsim gao-fit "$out" | sed 's/^/    /'
  done
done

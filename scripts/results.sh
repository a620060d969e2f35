#!/usr/bin/env bash
# Reproduces docs/RESULTS.md: every example for seeds 1, 2, 3, then a table per example.
# Runs go to runs/results/<example>-seed<N> (an existing run directory is kept and not rerun).
#   scripts/results.sh [example...]     default: cartpole cartpole-fast acrobot pendulum
set -euo pipefail
cd "$(dirname "$0")/.."
examples=("$@"); [ ${#examples[@]} -gt 0 ] || examples=(cartpole cartpole-fast acrobot pendulum)
for ex in "${examples[@]}"; do
  for seed in 1 2 3; do
    out="runs/results/$ex-seed$seed"
    [ -f "$out/weights/policy.bin" ] || { rm -rf "$out"; ./alignsim run --config "examples/$ex.conf" --set seed=$seed --out "$out" --no-progress; }
  done
done
for ex in "${examples[@]}"; do
  echo; echo "### $ex"
  threshold=(); case "$ex" in cartpole*) threshold=(--threshold 475) ;; esac
  ./alignsim summary "${threshold[@]}" runs/results/"$ex"-seed{1,2,3}
done

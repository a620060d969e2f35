#!/usr/bin/env bash
# Reproduces the ChatWorld figures of docs/RESULTS.md: the chat examples for seeds 1, 2, 3 (SFT -> labels ->
# reward model), then one line per run with the figures the document quotes (from `alignsim rm-eval --json` and
# the run's metrics.jsonl). Runs go to runs/results/<example>-seed<N>; a finished run is kept, not rerun.
#   scripts/chat-results.sh [example...]     default: chat-rational chat-flips chat-length-bias
set -euo pipefail
cd "$(dirname "$0")/.."
examples=("$@"); [ ${#examples[@]} -gt 0 ] || examples=(chat-rational chat-flips chat-length-bias)
for ex in "${examples[@]}"; do
  for seed in 1 2 3; do
    out="runs/results/$ex-seed$seed"
    [ -f "$out/metrics.jsonl" ] && [ "$(wc -l < "$out/metrics.jsonl")" -ge 3 ] || { rm -rf "$out"; ./alignsim run --config "examples/$ex.conf" --set seed=$seed --out "$out" --no-progress; }
  done
done
field() { grep -o "\"$1\":[^,}]*" | head -1 | cut -d: -f2; }
for ex in "${examples[@]}"; do
  echo; echo "### $ex"
  echo "| seed | SFT gold | random gold | demos gold | labelers' agreement | RM gold-pair acc | RM held-out acc | RM corr gold | RM corr length | gold corr length |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  for seed in 1 2 3; do
    out="runs/results/$ex-seed$seed"
    sft=$(sed -n 1p "$out/metrics.jsonl"); rm=$(./alignsim rm-eval --json "$out")
    printf '| %s | %.2f | %.2f | %.2f | %.1f%% | %.1f%% | %.1f%% | %.2f | %.2f | %.2f |\n' "$seed" \
      "$(field sft/gold <<<"$sft")" "$(field random/gold <<<"$sft")" "$(field sft/gold_demonstrations <<<"$sft")" \
      "$(awk "BEGIN{print 100*$(field labelers/agreement <<<"$rm")}")" "$(awk "BEGIN{print 100*$(field rm/accuracy_gold <<<"$rm")}")" \
      "$(awk "BEGIN{print 100*$(field rm/accuracy_heldout <<<"$rm")}")" "$(field rm/corr_gold <<<"$rm")" \
      "$(field rm/corr_length <<<"$rm")" "$(field gold/corr_length <<<"$rm")"
  done
done

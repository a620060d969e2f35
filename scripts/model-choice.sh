#!/usr/bin/env bash
# Measures which sequence model learns ChatWorld better per second, the GRU (chat.model.kind = gru) or the small causal
# Transformer (chat.model.kind = transformer), and writes the measurement into the "## Sequence model choice" section
# of docs/PERFORMANCE.md, between its <!-- BEGIN figures:model-choice --> and <!-- END figures:model-choice -->
# markers (appending the section when there is none); scripts/figures.sh model-choice runs it. Both models are trained by SFT
# on the same demonstrations of the configured world, in one thread, taking turns (bench/run model-choice, class
# dev.alignsim.bench.ModelChoice): held-out token cross-entropy against seconds of training, then generation tokens/s
# for a batch of 256; then shorter contests at other learning rates. About 4 minutes on 2 cores, build included.
#   scripts/model-choice.sh                   the defaults below
#   scripts/model-choice.sh ARGS...           ModelChoice's options instead of the defaults, e.g.
#     scripts/model-choice.sh --seconds 30 --set chat.model.response_length=20 --transformer 48,192,2,4
# The document is only written when the measurement finished; its table also goes to stdout.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$HERE"
DOC="${FIGURES_DOCS:-docs}/PERFORMANCE.md"
HEADING="## Sequence model choice"
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(--seconds 60 --set chat.sft.demonstrations=20000 --check-rates 1e-3,1e-2 --check-seconds 10)
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
bench/run model-choice "${args[@]}" --command "scripts/model-choice.sh${*:+ $*}" > "$WORK/table.md"
# The commit measured; changes to anything but the document itself are owned up to.
commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
git diff --quiet HEAD -- . ":(exclude)$DOC" 2>/dev/null || commit="$commit (with uncommitted changes)"
BEGIN="<!-- BEGIN figures:model-choice -->"
END="<!-- END figures:model-choice -->"
{
  echo "$BEGIN"
  echo "<!-- written by scripts/model-choice.sh; edit the script, not this section -->"
  echo "The GRU (\`chat.model.kind = gru\`, the default) against the small causal Transformer (\`chat.model.kind ="
  echo "transformer\`): which reaches a lower held-out cross-entropy on the same SFT task in the same seconds of training,"
  echo "and what each costs to generate with. Figures from a shared 2-core machine move with its load: compare the two"
  echo "columns of one run. Written by \`scripts/model-choice.sh\`, which replaces this section when run again."
  echo
  echo "Measured on $(date -u +%Y-%m-%d) at commit $commit."
  echo
  cat "$WORK/table.md"
  echo "$END"
} > "$WORK/section.md"
# Replace what lies between the markers, or append the heading and the section.
if grep -qxF "$BEGIN" "$DOC" && grep -qxF "$END" "$DOC"; then
  awk -v begin="$BEGIN" -v end="$END" -v section="$WORK/section.md" '
    function emit(  line) { while ((getline line < section) > 0) print line; close(section) }
    $0 == begin { emit(); skipping = 1; next }
    skipping && $0 == end { skipping = 0; next }
    !skipping { print }
  ' "$DOC" > "$WORK/doc.md"
else
  { cat "$DOC"; echo; echo "$HEADING"; echo; cat "$WORK/section.md"; } > "$WORK/doc.md"
fi
cp "$WORK/doc.md" "$DOC"
cat "$WORK/table.md"
echo "wrote the \"$HEADING\" section of $DOC" >&2
[ -z "${FIGURES_LOG:-}" ] || echo "$DOC figures:model-choice" >> "$FIGURES_LOG"

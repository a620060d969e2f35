#!/usr/bin/env python3
"""Writes the ChatWorld figures of docs/RESULTS.md (SFT and reward models) from runs it makes (or finds) in
runs/results/: examples/chat-rational.conf, chat-flips.conf and chat-length-bias.conf (sft -> label -> rm) for
seeds 1 2 3, and chat-flips with the default label budget and epochs for seed 1.

    scripts/chat-results.py          sections chat-settings, chat-sft, chat-rational, chat-flips, chat-length-bias

Every figure comes from the runs' metrics.jsonl (the rm line holds what `alignsim rm-eval DIR` prints). A run already
complete is kept, a partial one resumed (scripts/figlib.py, which also lists the environment it reads).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import figlib as F  # noqa: E402

DOC = "RESULTS.md"
SCRIPT = "scripts/chat-results.py"
EXAMPLES = ("chat-rational", "chat-flips", "chat-length-bias")
TITLES = {"chat-rational": "near-rational", "chat-flips": "AlpacaFarm flips", "chat-length-bias": "length-biased"}


def example_runs():
    return [(f"{ex}-seed{s}", ["--config", f"examples/{ex}.conf", "--set", f"seed={s}"]) for ex in EXAMPLES for s in F.SEEDS]


def defaults_run():
    """chat-flips with the label budget and reward-model epochs of reference.conf's defaults."""
    d = F.defaults()
    return (f"chat-flips-defaults-seed{F.SEEDS[0]}",
            ["--config", "examples/chat-flips.conf", "--set", f"chat.label.prompts={d['chat.label.prompts']}",
             "--set", f"chat.rm.epochs={d['chat.rm.epochs']}", "--set", f"seed={F.SEEDS[0]}"])


def runs(ex):
    return [F.load(f"{ex}-seed{s}") for s in F.SEEDS]


def settings():
    first = {ex: runs(ex)[0] for ex in EXAMPLES}
    s = first["chat-rational"].settings
    k = s["chat.label.k"]
    per = lambda key: ", ".join(f"{F.num(first[ex].setting(key), 0)} ({TITLES[ex]})" for ex in EXAMPLES)  # noqa: E731
    return (f"Each run is `sft → label → rm`: {F.num(s['chat.sft.demonstrations'], 0)} labeler demonstrations and "
            f"{s['chat.sft.epochs']} epochs of SFT (`{s['chat.model.kind']}`, embedding {s['chat.model.embedding']}, hidden "
            f"{s['chat.model.hidden']}); prompts answered K = {k} times by the SFT policy and ranked by the labelers: "
            f"{per('chat.label.prompts')}; a reward model (the SFT encoder and a scalar head) trained with the Bradley-Terry "
            f"loss over all {k * (k - 1) // 2} pairs of each ranking, for {per('chat.rm.epochs')} epochs, on the first "
            f"{F.pct(1 - s['chat.label.heldout_fraction'], 0)} of the rankings and evaluated on the last "
            f"{F.pct(s['chat.label.heldout_fraction'], 0)} (`alignsim rm-eval DIR` prints the same figures as the rm stage's "
            f"metrics line). Gold pairs are pairs of answers to one prompt whose gold utilities differ by more than "
            f"{s['chat.eval.gold_threshold']}; labelers' agreement is measured on those same held-out pairs. The reward model is "
            "measured on the held-out rankings' prompts (seen split) and on prompts of the unseen split that no stage trained "
            f"on. Seeds {F.seeds_text()}.")


def sft():
    rows = []
    # chat-flips is left out: a flip changes rankings, not writing, so its demonstrations and SFT are chat-rational's.
    for ex in ("chat-rational", "chat-length-bias"):
        lines = [r.stage("sft") for r in runs(ex)]
        cell = lambda key, d=2: " / ".join(F.num(line[key], d) for line in lines)  # noqa: E731
        rows.append([TITLES[ex], " / ".join(str(s) for s in F.SEEDS), cell("sft/gold"), cell("sft/gold_unseen"), cell("random/gold"),
                     cell("random/gold_unseen"), cell("sft/gold_demonstrations")])
    prompts = runs("chat-rational")[0].setting("chat.eval.prompts")
    return (f"**SFT**: gold of the SFT policy's answers on {F.num(prompts, 0)} held-out prompts of each split (sampled at "
            "temperature 1) against an untrained policy's (near-uniform tokens) and the demonstrators' own answers (`sft/gold`, "
            "`sft/gold_unseen`, `random/gold`, `random/gold_unseen`, `sft/gold_demonstrations` in the first metrics line):\n\n"
            + F.table(["labelers", "seed", "SFT policy, seen", "SFT policy, unseen", "random policy, seen", "random policy, unseen",
                       "demonstrations"], rows))


def rational():
    rows, heldout = [], []
    for run in runs("chat-rational"):
        rm = run.stage("rm")
        heldout.append(rm["rm/accuracy_heldout"])
        rows.append([run.setting("seed"), F.pct(rm["labelers/agreement"]), f"**{F.pct(rm['rm/accuracy_gold'])}**",
                     f"**{F.pct(rm['rm/accuracy_gold_unseen'])}**", F.pct(rm["rm/accuracy_heldout"]), F.num(rm["rm/corr_gold"])])
    spec = runs("chat-rational")[0].setting("chat.labelers")
    return (f"**Near-rational labelers** (`examples/chat-rational.conf`: {F.labelers_text(spec)}):\n\n"
            + F.table(["seed", "labelers' agreement with gold", "reward model on gold pairs, seen", "reward model on gold pairs, unseen",
                       "reward model on the labelers' pairs", "corr(RM, gold)"], rows)
            + f"\n\nThe labelers' pairs include pairs of identical answers, which a labeler orders at random and no model gets more than "
            f"half right: the reward model agrees with the labelers on {F.spread(heldout, 1, 100)}% of their held-out pairs.")


def flips():
    rows, agreement, beats = [], [], 0
    for run in runs("chat-flips"):
        rm, label = run.stage("rm"), run.stage("label")
        agreement.append(rm["labelers/agreement"])
        if None not in (rm["rm/accuracy_gold"], rm["labelers/agreement"]) and rm["rm/accuracy_gold"] > rm["labelers/agreement"]:
            beats += 1
        rows.append([run.setting("seed"), f"{F.pct(rm['labelers/agreement'])}; {F.pct(label['labelers/agreement'])}",
                     f"**{F.pct(rm['rm/accuracy_gold'])}**", f"**{F.pct(rm['rm/accuracy_gold_unseen'])}**"])
    first = runs("chat-flips")[0]
    p = (first.setting("chat.labelers")[0].get("params") or {}).get("p")
    defaults = F.load(defaults_run()[0])
    text = (f"**AlpacaFarm flips, p = {p}** (`examples/chat-flips.conf`: with probability 2p a ranking is replaced by a uniform "
            "one, so a pair is flipped with probability p):\n\n"
            + F.table(["seed", "labelers' agreement with gold (held-out pairs; all pairs)", "reward model on gold pairs, seen",
                       "reward model on gold pairs, unseen"], rows)
            + f"\n\nThe labelers agree with gold on {F.mean_std([None if a is None else 100 * a for a in agreement], 1)}% of held-out "
            f"pairs (mean ± std over seeds), and the reward model, trained on their noisy rankings, agrees with gold on seen prompts "
            f"more often than they do in {beats} of {len(agreement)} seeds. (The agreement over all pairs is the label stage's "
            "`labelers/agreement`; the held-out figure is on the rankings the reward model did not train on.) The example labels "
            f"{F.num(first.setting('chat.label.prompts'), 0)} prompts and trains {first.setting('chat.rm.epochs')} epochs; with "
            f"the defaults ({F.num(defaults.setting('chat.label.prompts'), 0)} prompts, {defaults.setting('chat.rm.epochs')} "
            f"epochs), seed {defaults.setting('seed')}'s reward model agrees with gold on "
            f"{F.pct(defaults.stage('rm')['rm/accuracy_gold'])} of seen gold pairs "
            f"({F.pct(defaults.stage('rm')['rm/accuracy_gold_unseen'])} unseen).")
    return text


def length_bias():
    rows, rm_len, gold_len = [], [], []
    for run in runs("chat-length-bias"):
        rm = run.stage("rm")
        rm_len.append(rm["rm/corr_length"])
        gold_len.append(rm["gold/corr_length"])
        rows.append([run.setting("seed"), F.num(rm["gold/corr_length"]), f"**{F.num(rm['rm/corr_length'])}**", F.num(rm["rm/corr_gold"]),
                     F.pct(rm["rm/accuracy_gold"]), F.pct(rm["rm/accuracy_gold_unseen"]), F.pct(rm["labelers/agreement"])])
    spec = runs("chat-length-bias")[0].setting("chat.labelers")
    more = sum(1 for a, b in zip(rm_len, gold_len) if a is not None and b is not None and a > b)
    return (f"**Length-biased labelers** (`examples/chat-length-bias.conf`: {F.labelers_text(spec)}; their demonstrations run longer "
            "too):\n\n"
            + F.table(["seed", "corr(gold, length)", "corr(RM, length)", "corr(RM, gold)", "reward model on gold pairs, seen",
                       "reward model on gold pairs, unseen", "labelers' agreement"], rows)
            + f"\n\nWithin prompts, gold correlates with length at {F.spread(gold_len)} and the reward model's scores at "
            f"{F.spread(rm_len)}: the reward model pays for length more than gold does in {more} of {len(rm_len)} seeds.")


def main(argv):
    if argv:
        sys.exit(__doc__)
    failures = F.make(example_runs())
    try:
        failures += F.make([defaults_run()])
    except F.Missing as e:
        print(f"FAILED: {e}", file=sys.stderr)
        failures += 1
    failures += F.sections(DOC, SCRIPT, [("chat-settings", settings), ("chat-sft", sft), ("chat-rational", rational),
                                         ("chat-flips", flips), ("chat-length-bias", length_bias)])
    return 1 if failures else 0


if __name__ == "__main__":
    if {"-h", "--help"} & set(sys.argv[1:]):
        sys.exit(print(__doc__))
    sys.exit(main(sys.argv[1:]))

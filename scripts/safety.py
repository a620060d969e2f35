#!/usr/bin/env python3
"""Safety with the rule-based reward: examples/safety-rbrm.conf and examples/hallucination.conf, the reward model alone
against the reward model plus the rule reward, seeds 1 2 3, and a sweep of the harm classifier's error rate; writes the
figures sections of docs/SAFETY.md.

    scripts/safety.py                 every part: run what is missing, then write
    scripts/safety.py rbrm sweep      some parts (rbrm, hallucination, sweep, tried, report)
    scripts/safety.py report          only write, from the runs there are

Each run's figures are its ppo-eval line's: `reference/...` (the SFT policy) and `final/...` (after PPO) on 1,000
fresh train prompts and 1,000 unseen ones (`..._unseen`), as `alignsim safety-eval RUN` prints them again.

Environment:
    SAFETY_JOBS      runs made at once (default 2: each run keeps about one core busy)
    SAFETY_RATES     the sweep's classifier error rates, both false-negative and false-positive (default "0 0.2 0.4")
and FIGURES_RUNS, FIGURES_DOCS, FIGURES_SEEDS, FIGURES_SET, FIGURES_ALLOW_MISSING, ALIGNSIM (scripts/figlib.py).
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import figlib as F  # noqa: E402

DOC = "SAFETY.md"
SCRIPT = "scripts/safety.py"
JOBS = F.env_int("SAFETY_JOBS", 2)
RATES = [float(r) for r in F.env_list("SAFETY_RATES", ["0", "0.2", "0.4"])]
RBRM = "examples/safety-rbrm.conf"
HALLU = "examples/hallucination.conf"
RULES = ["--set", "chat.rules.enabled=true"]
MIXED_DEMONSTRATORS = ["--set", "chat.sft.demonstrators=[]", "--set", "chat.labelers=["
                       "{id=compliant,strategy=\"compliant+boltzmann\",share=1,params{boltzmann.temperature=0.1}},"
                       "{id=cautious,strategy=\"cautious+boltzmann\",share=1,params{boltzmann.temperature=0.1}}]",
                       "--set", "chat.ppo.iterations=80", "--set", "chat.ppo.kl_coef=0.05"]
EVEN_LABELERS = ["--set", "chat.labelers=["
                 "{id=compliant,strategy=\"compliant+boltzmann\",share=1,params{boltzmann.temperature=0.1}},"
                 "{id=cautious,strategy=\"cautious+boltzmann\",share=1,params{boltzmann.temperature=0.1}}]"]
# Settings tried on seed 1 before the example's: (name, what, extra arguments).
TRIED = [
    ("mixed", "the labelers also write the demonstrations (compliant : cautious 1 : 1), 80 iterations, kl_coef 0.05",
     MIXED_DEMONSTRATORS),
    ("even", "careful demonstrators, labelers compliant : cautious 1 : 1 (the example has 3 : 1)", EVEN_LABELERS),
]


def rbrm_runs():
    return [(f"safety-{side}-seed{s}", ["--config", RBRM, *(RULES if side == "rules" else []), "--set", f"seed={s}"])
            for s in F.SEEDS for side in ("rm", "rules")]


def hallucination_runs():
    return [(f"hallucination-{side}-seed{s}", ["--config", HALLU, *(RULES if side == "rules" else []), "--set", f"seed={s}"])
            for s in F.SEEDS for side in ("rm", "rules")]


def rate_name(r):
    return f"{r:g}".replace(".", "p")


def sweep_runs():
    return [(f"safety-sweep-e{rate_name(r)}-seed{s}", ["--config", RBRM, *RULES, "--set", f"chat.rules.classifier.false_negative_rate={r}",
                                                        "--set", f"chat.rules.classifier.false_positive_rate={r}", "--set", f"seed={s}"])
            for s in F.SEEDS for r in RATES]


def tried_runs():
    return [(f"safety-tried-{name}-{side}-seed1", ["--config", RBRM, *extra, *(RULES if side == "rules" else []), "--set", "seed=1"])
            for name, _, extra in TRIED for side in ("rm", "rules")]


def make(runs):
    return F.make_parallel(runs, JOBS)


def final(name):
    """The ppo-eval line of run `name`."""
    return F.load(name).stage("ppo-eval").row


def get(line, key, name):
    value = line.get(key)
    return value if value is not None else F.missing(key, name)


def seed_rows(prefix, keys):
    """Per seed and side: the figures `keys` of the final policy (and the SFT reference once per seed)."""
    rows = []
    for s in F.SEEDS:
        for side, label in (("rm", "reward model only"), ("rules", "reward model + rules")):
            name = f"{prefix}-{side}-seed{s}"
            line = final(name)
            if side == "rm":
                rows.append([str(s), "SFT reference", *[fmt(key, get(line, "reference/" + key, name)) for key, _ in keys]])
            rows.append([str(s), label, *[fmt(key, get(line, "final/" + key, name)) for key, _ in keys]])
    return rows


def fmt(key, value):
    if value is None:
        return "–"
    if "gold" in key or "weight" in key:
        return F.num(value, 2)
    return F.num(value, 3)


SAFETY_KEYS = [("safety/f1_unseen", "F1"), ("safety/not_unsafe_unseen", "not unsafe"), ("safety/not_overrefuse_unseen", "not over-refusing"),
               ("safety/not_overrefuse_borderline_unseen", "of which borderline"),
               ("gold_unseen", "gold")]
FACT_KEYS = [("facts/hallucination_rate_unseen", "hallucination rate"), ("facts/unsure_when_unknown_unseen", "unsure when unknown"),
             ("facts/correct_when_known_unseen", "correct when known"), ("facts/gold_answerable_unseen", "gold, answerable questions"),
             ("gold_unseen", "gold")]


def section_rbrm():
    rows = seed_rows("safety", SAFETY_KEYS)
    accuracy = []
    for s in F.SEEDS:
        name = f"safety-rules-seed{s}"
        accuracy.append(get(final(name), "rules/classifier_accuracy_unseen", name))
    body = F.table(["seed", "policy", *[label for _, label in SAFETY_KEYS]], rows)
    body += ("\n\nAll on 1,000 unseen prompts per run. The rule reward's harm classifier judged "
             + ", ".join(F.pct(a) for a in accuracy) + f" of the unseen requests right (seeds {F.seeds_text()}): "
             + ", ".join(F.pct(1 - a) for a in accuracy) + " wrong.")
    return body


def section_weights():
    rows = []
    for s in F.SEEDS:
        name = f"safety-rules-seed{s}"
        line = final(name)
        rows.append([str(s), *[F.num(get(line, f"rules/weight/{k}", name), 2) for k in WEIGHT_KEYS]])
    return F.table(["seed", *[f"`{k}`" for k in WEIGHT_KEYS]], rows)


WEIGHT_KEYS = ["harmful_desired_refusal", "harmful_undesired_refusal", "harmful_content", "harmful_non_refusal", "harmless_desired_refusal",
               "harmless_undesired_refusal", "harmless_compliance"]


def section_hallucination():
    return F.table(["seed", "policy", *[label for _, label in FACT_KEYS]], seed_rows("hallucination", FACT_KEYS))


def section_sweep():
    rows = []
    points = [(r, f"safety-sweep-e{rate_name(r)}-seed{{s}}") for r in RATES] + [(None, "safety-rules-seed{s}")]
    for rate, pattern in points:
        acc, f1, unsafe, over, gold = [], [], [], [], []
        for s in F.SEEDS:
            name = pattern.format(s=s)
            line = final(name)
            acc.append(get(line, "rules/classifier_accuracy_unseen", name))
            f1.append(get(line, "final/safety/f1_unseen", name))
            unsafe.append(get(line, "final/safety/not_unsafe_unseen", name))
            over.append(get(line, "final/safety/not_overrefuse_unseen", name))
            gold.append(get(line, "final/gold_unseen", name))
        label = "the example's (10% / 15%)" if rate is None else f"{F.pct(rate, 0)} / {F.pct(rate, 0)}"
        rows.append((F.mean(acc) or 0, [label, F.pct(F.mean(acc)), F.mean_std(f1), F.mean_std(unsafe), F.mean_std(over), F.mean_std(gold, 2)]))
    rows.sort(key=lambda r: -r[0])
    return F.table(["classifier errors (missed harmful / flagged borderline)", "classifier accuracy (unseen requests)", "F1",
                    "not unsafe", "not over-refusing", "gold"], [r for _, r in rows]) + (
        f"\n\nMean ± standard deviation over seeds {F.seeds_text()}, on 1,000 unseen prompts per run; the rule reward on in every run.")


def section_tried():
    rows = []
    for name, what, _ in TRIED:
        for side, label in (("rm", "reward model only"), ("rules", "reward model + rules")):
            run = f"safety-tried-{name}-{side}-seed1"
            line = final(run)
            if side == "rm":
                rows.append([what, "SFT reference", fmt("f1", get(line, "reference/safety/f1_unseen", run)),
                             fmt("f1", get(line, "reference/safety/not_unsafe_unseen", run)),
                             fmt("f1", get(line, "reference/safety/not_overrefuse_unseen", run)), fmt("gold", get(line, "reference/gold_unseen", run))])
            rows.append(["", label, fmt("f1", get(line, "final/safety/f1_unseen", run)), fmt("f1", get(line, "final/safety/not_unsafe_unseen", run)),
                         fmt("f1", get(line, "final/safety/not_overrefuse_unseen", run)), fmt("gold", get(line, "final/gold_unseen", run))])
    return F.table(["setting (seed 1)", "policy", "F1", "not unsafe", "not over-refusing", "gold"], rows)


def report():
    return F.sections(DOC, SCRIPT, [("safety-rbrm", section_rbrm), ("safety-weights", section_weights),
                                    ("hallucination", section_hallucination), ("safety-sweep", section_sweep),
                                    ("safety-tried", section_tried)])


PARTS = {
    "rbrm": lambda: make(rbrm_runs()),
    "hallucination": lambda: make(hallucination_runs()),
    "sweep": lambda: make(sweep_runs()),
    "tried": lambda: make(tried_runs()),
    "report": report,
}

if __name__ == "__main__":
    F.run_parts(SCRIPT, PARTS, sys.argv[1:], __doc__)

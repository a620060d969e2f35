#!/usr/bin/env python3
"""Alignment methods against the same gold; for now Coste et al.'s check: PPO against a reward-model ensemble's mean
against its conservative objectives (worst case, uncertainty-weighted) in the over-optimisation setting of
examples/overoptimization-gold.conf; writes the figures sections of docs/METHODS.md.

    scripts/methods.py               run what is missing, then write
    scripts/methods.py coste report  some parts (coste, scratch, report)

The scratch part repeats the check with every reward model trained from a random initialisation
(chat.rm.init_from_sft = false), for METHODS_SCRATCH_SEEDS (default "1").

Each run: examples/overoptimization-gold.conf with a single reward model (scripts/overopt-gold.py's run at the same
budget, kept if it is there) or with a three-member reward model (chat.rm.ensemble_size = 3) trained on
METHODS_COMPARISONS rankings, 150 PPO iterations at kl_coef 0.005, chat.ppo.rm_objective = mean, worst_case or
uncertainty_weighted (rm_uncertainty_coef 0.5). Gold on unseen prompts (objective/gold_unseen) in windows of
FIGURES_WINDOW (15) iterations: its peak, and its fall from the peak to the last window.

Environment:
    METHODS_JOBS          runs made at once (default 2)
    METHODS_COMPARISONS   chat.label.prompts (default 2000)
and FIGURES_RUNS, FIGURES_DOCS, FIGURES_SEEDS, FIGURES_SET, FIGURES_ALLOW_MISSING, ALIGNSIM (scripts/figlib.py).
"""
import importlib.util
import os
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import figlib as F  # noqa: E402

_spec = importlib.util.spec_from_file_location("rlhf_results", os.path.join(HERE, "rlhf-results.py"))
R = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(R)

DOC = "METHODS.md"
SCRIPT = "scripts/methods.py"
JOBS = F.env_int("METHODS_JOBS", 2)
COMPARISONS = F.env_int("METHODS_COMPARISONS", 2000)
OBJECTIVES = [("mean", "ensemble of 3: mean"), ("worst_case", "ensemble of 3: worst case"),
              ("uncertainty_weighted", "ensemble of 3: uncertainty-weighted, λ 0.5")]
# The single reward model is scripts/overopt-gold.py's run at the same budget: the same arguments, so either script keeps it.
SINGLE = ("single", "a single reward model")
ROWS = [SINGLE, *OBJECTIVES]


def run_name(objective, seed, scratch=False):
    if scratch:
        return f"coste-scratch-{objective}-seed{seed}"
    return f"overopt-gold-c{COMPARISONS}-seed{seed}" if objective == "single" else f"coste-{objective}-seed{seed}"


# Members trained from scratch rather than from the SFT encoder (chat.rm.init_from_sft = false): seeds of the variant.
SCRATCH_SEEDS = [int(s) for s in F.env_list("METHODS_SCRATCH_SEEDS", ["1"])]


def scratch_runs():
    out = []
    for s in SCRATCH_SEEDS:
        for objective, _ in ROWS:
            ensemble = [] if objective == "single" else ["--set", "chat.rm.ensemble_size=3", "--set", f"chat.ppo.rm_objective={objective}",
                                                         "--set", "chat.ppo.rm_uncertainty_coef=0.5"]
            out.append((run_name(objective, s, True), ["--config", "examples/overoptimization-gold.conf", "--set", f"chat.label.prompts={COMPARISONS}",
                                                        "--set", "chat.rm.init_from_sft=false", *ensemble, "--set", f"seed={s}"]))
    return out


def coste_runs():
    single = [(run_name("single", s), ["--config", "examples/overoptimization-gold.conf", "--set", f"chat.label.prompts={COMPARISONS}",
                                       "--set", f"seed={s}"]) for s in F.SEEDS]
    return single + [(f"coste-{objective}-seed{s}", ["--config", "examples/overoptimization-gold.conf", "--set", f"chat.label.prompts={COMPARISONS}",
                                             "--set", "chat.rm.ensemble_size=3", "--set", f"chat.ppo.rm_objective={objective}",
                                             "--set", "chat.ppo.rm_uncertainty_coef=0.5", "--set", f"seed={s}"])
            for s in F.SEEDS for objective, _ in OBJECTIVES]


def make(runs):
    return F.make_parallel(runs, JOBS)


def analyse(objective, seed, scratch=False):
    run = F.load(run_name(objective, seed, scratch))
    start = run.stage("ppo-eval")["reference/gold_unseen"]
    points = R.curve(run, "objective/gold_unseen")
    top = max(points, key=lambda p: p["gold"])
    return {"start": start, "peak": top["gold"], "peak_kl": top["kl"], "peak_window": f"{top['first']}–{top['last']}",
            "last": points[-1]["gold"], "fall": top["gold"] - points[-1]["gold"], "final": run.stage("ppo-eval")["final/gold_unseen"],
            "rm": run.stage("rm")["rm/accuracy_gold_unseen"]}


def section_coste():
    per = {(o, s): analyse(o, s) for o, _ in ROWS for s in F.SEEDS}
    rows = []
    for objective, label in ROWS:
        runs = [per[(objective, s)] for s in F.SEEDS]
        avoided = []
        for s in F.SEEDS:
            base = per[("single", s)]["fall"]
            avoided.append(1 - per[(objective, s)]["fall"] / base if base > 0 else None)
        rows.append([label, F.mean_std([r["peak"] - r["start"] for r in runs], 3, sign=True), F.mean_std([r["peak_kl"] for r in runs], 2),
                     F.mean_std([r["fall"] for r in runs], 3), "–" if objective == "single" else F.mean_std(avoided, 2),
                     F.mean_std([r["peak"] - per[("single", s)]["peak"] for r, s in zip(runs, F.SEEDS)], 3, sign=True),
                     F.mean_std([r["final"] - r["start"] for r in runs], 3, sign=True)])
    body = F.table(["objective", "gold gain at the peak", "KL at the peak", "fall from the peak to the last window",
                    "share of the single model's fall avoided", "peak against the single model's", "gold gain at the end (ppo-eval)"], rows)
    body += (f"\n\nMean ± standard deviation over seeds {F.seeds_text()}; gold on unseen prompts in windows of {R.WINDOW} PPO "
             f"iterations; the gain is over the SFT reference's gold (`reference/gold_unseen`). On gold pairs of unseen prompts the single "
             f"reward model was right {F.spread([per[('single', s)]['rm'] for s in F.SEEDS], 1, 100)}% of the time, the three-member "
             f"ensemble's mean {F.spread([per[('mean', s)]['rm'] for s in F.SEEDS], 1, 100)}%.")
    detail = []
    for objective, label in ROWS:
        for s in F.SEEDS:
            r = per[(objective, s)]
            detail.append([label, str(s), f"{F.num(r['start'], 3)} → {F.num(r['peak'], 3)} → {F.num(r['last'], 3)}",
                           f"{r['peak_window']}; {F.num(r['peak_kl'], 2)}", F.num(r["fall"], 3)])
    body += "\n\nPer run (gold on unseen prompts: reference → peak window → last window):\n\n" + F.table(
        ["objective", "seed", "gold, unseen", "peak: iterations; KL", "fall"], detail)
    return body


def section_scratch():
    rows = []
    for s in SCRATCH_SEEDS:
        base = analyse("single", s, True)
        for objective, label in ROWS:
            r = analyse(objective, s, True)
            rows.append([label, str(s), F.pct(r["rm"]), f"{F.num(r['start'], 3)} → {F.num(r['peak'], 3)} → {F.num(r['last'], 3)}",
                         f"{r['peak_window']}; {F.num(r['peak_kl'], 2)}", F.num(r["fall"], 3),
                         "–" if objective == "single" else F.num(1 - r["fall"] / base["fall"] if base["fall"] > 0 else None, 2)])
    return F.table(["objective", "seed", "RM on gold pairs, unseen", "gold, unseen: reference → peak → last window", "peak: iterations; KL",
                    "fall", "share of the single model's fall avoided"], rows) + (
        "\n\nEvery reward model (the single one and each member) trained from a random initialisation (`chat.rm.init_from_sft = false`); "
        "the ensembles' members then differ in every weight, not in their heads alone.")


def report():
    return F.sections(DOC, SCRIPT, [("coste", section_coste), ("coste-scratch", section_scratch)])


PARTS = {"coste": lambda: make(coste_runs()), "scratch": lambda: make(scratch_runs()), "report": report}

if __name__ == "__main__":
    F.run_parts(SCRIPT, PARTS, sys.argv[1:], __doc__)

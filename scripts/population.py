#!/usr/bin/env python3
"""Whose preferences: examples/population.conf (users of three tastes) with a representative labeler pool and a skewed
one (the cautious group's labeler gives 8 of every 12 labels against 20% of the users), each with one reward for
everyone and with one reward-model member per group (chat.rm.per_group), seeds 1 2 3; writes the figures sections of
docs/POPULATION.md.

    scripts/population.py              run what is missing, then write
    scripts/population.py runs         only run;   scripts/population.py report   only write

Figures are on unseen prompts: each group's gold before (the SFT reference) and after PPO (ppo-eval's
reference/gold_unseen/group/<name> and final/gold_unseen/group/<name>), population gold, the spread between the best-
and worst-served groups, and the rm stage's accuracy on each group's gold pairs (rm/accuracy_gold_unseen/group/<name>).

Environment: POPULATION_JOBS (runs at once, default 2), and FIGURES_RUNS, FIGURES_DOCS, FIGURES_SEEDS, FIGURES_SET,
FIGURES_ALLOW_MISSING, ALIGNSIM (scripts/figlib.py).
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import figlib as F  # noqa: E402

DOC = "POPULATION.md"
SCRIPT = "scripts/population.py"
JOBS = F.env_int("POPULATION_JOBS", 2)
GROUPS = ["terse", "thorough", "cautious"]
SKEWED = ("chat.labelers=["
          "{id=terse-1,strategy=boltzmann,group=terse,share=1,params{temperature=0.1}},"
          "{id=terse-2,strategy=boltzmann,group=terse,share=1,params{temperature=0.1}},"
          "{id=thorough-1,strategy=boltzmann,group=thorough,share=1,params{temperature=0.1}},"
          "{id=thorough-2,strategy=boltzmann,group=thorough,share=1,params{temperature=0.1}},"
          "{id=cautious-1,strategy=boltzmann,group=cautious,share=8,params{temperature=0.1}}]")
POOLS = [("representative", "representative (labels 40 / 40 / 20%)", []), ("skewed", "skewed (cautious gives 67% of the labels)", ["--set", SKEWED])]
REWARDS = [("one", "one reward for everyone", []), ("per-group", "a member per group", ["--set", "chat.rm.per_group=true"])]


def name(pool, reward, seed):
    return f"population-{pool}-{reward}-seed{seed}"


def all_runs():
    return [(name(p, r, s), ["--config", "examples/population.conf", *pa, *ra, "--set", f"seed={s}"])
            for s in F.SEEDS for p, _, pa in POOLS for r, _, ra in REWARDS]


def make(runs):
    return F.make_parallel(runs, JOBS)


def figures(run_name):
    run = F.load(run_name)
    ev, rm = run.stage("ppo-eval"), run.stage("rm")
    out = {"population_before": ev["reference/gold_unseen"], "population_after": ev["final/gold_unseen"],
           "spread": ev["final/gold_unseen/group_spread"]}
    for g in GROUPS:
        out[f"before/{g}"] = ev[f"reference/gold_unseen/group/{g}"]
        out[f"after/{g}"] = ev[f"final/gold_unseen/group/{g}"]
        out[f"rm/{g}"] = rm[f"rm/accuracy_gold_unseen/group/{g}"]
    return out


def section_table():
    rows = []
    for p, plabel, _ in POOLS:
        for r, rlabel, _ in REWARDS:
            runs = [figures(name(p, r, s)) for s in F.SEEDS]
            row = [plabel, rlabel, F.mean_std([x["population_after"] - x["population_before"] for x in runs], 3, sign=True)]
            row += [F.mean_std([x[f"after/{g}"] - x[f"before/{g}"] for x in runs], 3, sign=True) for g in GROUPS]
            row += [F.mean_std([x["spread"] for x in runs], 3)]
            row += [F.pct(F.mean(x[f"rm/{g}"] for x in runs)) for g in GROUPS]
            rows.append(row)
    header = ["labeler pool", "reward", "population gold: gain", *[f"{g}: gain" for g in GROUPS], "spread after (best − worst group)",
              *[f"RM on {g}'s gold pairs" for g in GROUPS]]
    body = F.table(header, rows)
    body += (f"\n\nGains are PPO's final policy against the SFT reference, on 1,000 unseen prompts per run, mean ± standard deviation "
             f"over seeds {F.seeds_text()}; the reward model's accuracies are the rm stage's on gold pairs of unseen prompts, "
             f"each group's pairs ordered by its own utility (with a member per group: the members' share-weighted score).")
    return body


def section_levels():
    rows = []
    for p, plabel, _ in POOLS:
        for r, rlabel, _ in REWARDS:
            runs = [figures(name(p, r, s)) for s in F.SEEDS]
            rows.append([plabel, rlabel, F.num(F.mean(x["population_before"] for x in runs), 3) + " → " + F.num(F.mean(x["population_after"] for x in runs), 3),
                         *[F.num(F.mean(x[f"before/{g}"] for x in runs), 3) + " → " + F.num(F.mean(x[f"after/{g}"] for x in runs), 3) for g in GROUPS]])
    return F.table(["labeler pool", "reward", "population gold", *GROUPS], rows) + (
        f"\n\nMeans over seeds {F.seeds_text()}: the SFT reference → the final policy, unseen prompts.")


def report():
    return F.sections(DOC, SCRIPT, [("population", section_table), ("population-levels", section_levels)])


PARTS = {"runs": lambda: make(all_runs()), "report": report}

if __name__ == "__main__":
    F.run_parts(SCRIPT, PARTS, sys.argv[1:], __doc__)

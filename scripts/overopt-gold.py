#!/usr/bin/env python3
"""Over-optimisation without a designed bias (Gao et al.'s setting): examples/overoptimization-gold.conf with reward
models trained on 500 to 8,000 comparisons, seeds 1 2 3; writes the overopt-gold sections of docs/EXPERIMENTS.md.

    scripts/overopt-gold.py              run what is missing (seed by seed, smallest budget first), then write
    scripts/overopt-gold.py --report     only write, from the runs there are (a missing run is named, its rows left out)

For each run: gold on unseen prompts (`objective/gold_unseen`) in windows of PPO iterations; where it peaks (the window
of highest gold: its iterations and KL), its gain there over the reference (the ppo-eval line's
`reference/gold_unseen`), how much of that gain it has lost by the last window, and how the proxy moved meanwhile;
over-optimised when gold lost at least 20% of its gain while the proxy rose. Gao et al.'s form R(d) = d (alpha - beta ln d)
is fitted by `alignsim gao-fit --json --window W` (gold on seen prompts) and its peak d* = exp(alpha/beta - 1) set beside
the windows' own.

Budgets (environment; a run made with other settings is made again):
    OVEROPT_GOLD_COMPARISONS   comparison counts, chat.label.prompts (default "500 1000 2000 4000 8000")
    OVEROPT_GOLD_SEEDS         seeds (default FIGURES_SEEDS, "1 2 3")
    OVEROPT_GOLD_ITERATIONS    PPO iterations per run (default: the example's, 150)
    OVEROPT_GOLD_BATCH         prompts per PPO iteration (default: the example's, 256)
    OVEROPT_GOLD_SET           further settings for every run, e.g. "--set chat.sft.demonstrations=1000"
    FIGURES_WINDOW             PPO iterations per window (default 15)
and FIGURES_RUNS, FIGURES_DOCS, FIGURES_SET, FIGURES_ALLOW_MISSING, ALIGNSIM (scripts/figlib.py).
"""
import importlib.util
import os
import shlex
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import figlib as F  # noqa: E402

_spec = importlib.util.spec_from_file_location("rlhf_results", os.path.join(HERE, "rlhf-results.py"))
R = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(R)

DOC = "EXPERIMENTS.md"
SCRIPT = "scripts/overopt-gold.py"
COMPARISONS = [int(c) for c in F.env_list("OVEROPT_GOLD_COMPARISONS", ["500", "1000", "2000", "4000", "8000"])]
SEEDS = [int(s) for s in F.env_list("OVEROPT_GOLD_SEEDS", [str(s) for s in F.SEEDS])]
ITERATIONS = os.environ.get("OVEROPT_GOLD_ITERATIONS", "").strip()
BATCH = os.environ.get("OVEROPT_GOLD_BATCH", "").strip()
EXTRA = shlex.split(os.environ.get("OVEROPT_GOLD_SET", ""))
WINDOW = R.WINDOW


def name(n, seed):
    return f"overopt-gold-c{n}-seed{seed}"


def all_runs():
    """Seed by seed, smallest budget first: a sweep cut short still covers every budget for the first seeds."""
    budget = (["--set", f"chat.ppo.iterations={ITERATIONS}"] if ITERATIONS else []) + (
        ["--set", f"chat.ppo.batch_prompts={BATCH}"] if BATCH else [])
    return [(name(n, s), ["--config", "examples/overoptimization-gold.conf", "--set", f"chat.label.prompts={n}", *budget, *EXTRA,
                          "--set", f"seed={s}"]) for s in SEEDS for n in COMPARISONS]


def analyse(run):
    """The figures of one run (None where a metric is missing and FIGURES_ALLOW_MISSING allows it)."""
    ev, rm, label = run.stage("ppo-eval"), run.stage("rm"), run.stage("label")
    points = R.curve(run, "objective/gold_unseen")
    p = R.peak(points, ev["reference/gold_unseen"])
    fit = R.fit_seen(run)
    R.check_fit(run, fit)
    k = label["label/k"]
    return {"run": run, "seed": run.setting("seed"), "n": run.setting("chat.label.prompts"), "peak": p,
            "start": ev["reference/gold_unseen"], "final": ev["final/gold_unseen"],
            "rm_unseen": rm["rm/accuracy_gold_unseen"], "rm_seen": rm["rm/accuracy_gold"],
            "pairs": None if None in (k, rm["rm/train_comparisons"]) else rm["rm/train_comparisons"] * k * (k - 1) // 2,
            "trained": rm["rm/train_comparisons"], "fit": fit, "dstar": F.peak_d(fit["alpha"], fit["beta"]), "unseen_fit": R.fit_unseen(run),
            "iterations": len(run.ppo())}


def made():
    """The complete runs of the sweep (as Run objects) and the names of those not made (yet)."""
    present, absent = [], []
    for n, _ in all_runs():
        directory = F.run_dir(n)
        (present if F.complete(directory) else absent).append(F.Run(directory) if F.complete(directory) else n)
    if not present:
        raise F.Missing(f"none of the runs {all_runs()[0][0]} ... {all_runs()[-1][0]} is complete in {F.rel(F.RUNS)}")
    return present, absent


def settings_text():
    present, absent = made()
    run = present[0]
    counts = sorted({r.setting("chat.label.prompts") for r in present})
    iterations = sorted({len(r.ppo()) for r in present})
    text = (R.settings_sentence(run).replace(f"{F.num(run.setting('chat.label.prompts'), 0)} prompts answered",
                                              "N prompts answered")
            + f" N, the number of comparisons, is {', '.join(F.num(c, 0) for c in counts)}; seeds "
            f"{F.seeds_text(sorted({r.setting('seed') for r in present}))}; {F.spread(iterations, 0)} PPO iterations a run.")
    if absent:
        text += f" Not made (yet): {', '.join(absent)}."
    return text


def summary_table(rows):
    out = []
    for n in sorted({r["n"] for r in rows}):
        group = [r for r in rows if r["n"] == n]
        peaks = [r["peak"] for r in group if r["peak"]]
        over = sum(1 for p in peaks if p["overoptimised"])
        gains = [F.diff(r["start"], r["final"]) for r in group]
        out.append([F.num(n, 0), F.spread([r["pairs"] for r in group], 0), F.pct(F.mean(r["rm_unseen"] for r in group)),
                    f"{over} of {len(group)}" if len(peaks) == len(group) else "–",
                    F.num(F.mean(p["window"]["kl"] for p in peaks) if peaks else None) + (f" ({F.spread([p['window']['kl'] for p in peaks])})" if peaks else ""),
                    F.num(F.mean(p["gain"] for p in peaks) if peaks else None, 3, sign=True),
                    F.num(F.mean(gains), 3, sign=True)])
    return F.table(["comparisons", "pairs trained on", "RM on gold pairs of unseen prompts (mean)", "over-optimised seeds",
                    "KL at gold's peak: mean (range)", "gold gain at the peak (mean)", "gold gain at the end, ppo-eval (mean)"], out)


def peak_table(rows):
    out = []
    for r in rows:
        p = r["peak"]
        if p is None:
            out.append([F.num(r["n"], 0), r["seed"], F.pct(r["rm_unseen"]), "–", "–", "–", "–", "–"])
            continue
        w = p["window"]
        out.append([F.num(r["n"], 0), r["seed"], F.pct(r["rm_unseen"]),
                    f"{F.num(r['start'], 3)} → {F.num(w['gold'], 3)} → {F.num(p['end']['gold'], 3)}",
                    f"{w['first']}–{w['last']}; {F.num(w['kl'])}",
                    F.pct(p["fall"], 0) if p["gain"] > 0 else "no gain",
                    f"{F.num(w['proxy'])} → {F.num(p['end']['proxy'])} ({F.num(p['proxy_change'], 2, sign=True)})",
                    R.verdict(p)])
    return F.table(["comparisons", "seed", "RM on gold pairs, unseen", "gold, unseen: reference → peak → last window",
                    "peak: iterations; KL", "lost of the gain by the last window", "proxy: peak → last window (change)",
                    "over-optimised"], out)


def fit_table(rows):
    out = []
    for r in rows:
        f = r["fit"]
        out.append([F.num(r["n"], 0), r["seed"], F.num(f["alpha"], 3), F.num(f["beta"], 3), F.num(f["r_squared"], 3),
                    R.dstar_text(r["dstar"]), F.num(f["gold_peak_d"]),
                    F.pct(f["gold_drop_of_gain"], 0) if f["gold_peak"] > f["gold_start"] else "no gain",
                    F.num(r["unseen_fit"]["r_squared"], 3) if r["unseen_fit"] else "–"])
    return F.table(["comparisons", "seed", "alpha", "beta", "R²", "d* = exp(alpha/beta − 1)", "d at the windows' peak",
                    "lost of the gain, seen", "R², unseen"], out)


def findings(rows):
    peaks = [r for r in rows if r["peak"]]
    parts = []
    if peaks:
        over = [r for r in peaks if r["peak"]["overoptimised"]]
        parts.append(f"Gold on unseen prompts lost at least {F.pct(R.FALL, 0)} of its gain after its peak while the proxy rose in {len(over)} of "
                     f"{len(peaks)} runs")
        means = []
        for n in sorted({r["n"] for r in peaks}):
            kls = [r["peak"]["window"]["kl"] for r in peaks if r["n"] == n]
            means.append((n, statistics.fmean(kls)))
        if len(means) > 1:
            rising = all(b[1] > a[1] for a, b in zip(means, means[1:]))
            parts.append("the mean KL at gold's peak " + ("rises with every larger budget" if rising else "does not rise with every larger budget")
                         + " (" + ", ".join(f"{F.num(kl)} at {F.num(n, 0)}" for n, kl in means) + ")")
    parts.append(R.dstar_findings([(r["dstar"], r["fit"]) for r in rows]))
    parts.append(f"R² of the fits on seen gold: {F.spread([r['fit']['r_squared'] for r in rows], 3)}")
    text = "; ".join(p for p in parts if p) + "."
    return text[0].upper() + text[1:]


def figures():
    present, absent = made()
    rows = [analyse(run) for run in present]
    rows.sort(key=lambda r: (r["n"], r["seed"]))
    text = ("By budget (means over the seeds made):\n\n" + summary_table(rows)
            + f"\n\n{findings(rows)}\n\nPer run, gold on unseen prompts in windows of {WINDOW} PPO iterations (the reference's gold "
            "is the `ppo-eval` line's `reference/gold_unseen`; the peak is the window of highest gold):\n\n" + peak_table(rows)
            + f"\n\nGao et al.'s form fitted to each run by `alignsim gao-fit --json --window {WINDOW}` (gold on seen prompts, its gain "
            "over the first iteration against d = sqrt(KL) of each window) and, in the last column, by the same least squares to gold "
            "on unseen prompts:\n\n" + fit_table(rows))
    if absent:
        text += f"\n\nNot made (yet), left out above: {', '.join(absent)}."
    return text


def main(argv):
    failures = 0
    if "--report" not in argv:
        print(f"overopt-gold: {len(all_runs())} runs", flush=True)
        failures += F.make(all_runs())
    failures += F.sections(DOC, SCRIPT, [("overopt-gold-settings", settings_text), ("overopt-gold", figures)])
    return 1 if failures else 0


if __name__ == "__main__":
    if {"-h", "--help"} & set(sys.argv[1:]):
        sys.exit(print(__doc__))
    sys.exit(main(sys.argv[1:]))

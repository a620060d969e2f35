#!/usr/bin/env python3
"""Alignment methods against the same gold; writes the figures sections of docs/METHODS.md.

    scripts/methods.py                 run what is missing, then write
    scripts/methods.py compare report  some parts (compare, coste, scratch, report)

The compare part: examples/methods.conf closed by each method (ppo, rloo, grpo, dpo, bon) for seeds 1-3: one world,
one labeler population, one reward model per seed. Each method's curve of gold on unseen prompts, proxy, response
length and safety F1 against KL(pi || pi_ref) -- policy-gradient iterations smoothed over METHODS_SMOOTH (5)
iterations, DPO's epochs, best-of-n's n -- is read at the KL budgets METHODS_KL_BUDGETS (0.5, 1, 2, 3 nats) by linear
interpolation between the points on either side of the first crossing; Gao et al.'s best-of-n form
R(d) = d (alpha - beta d), d = sqrt(KL), is fitted to best-of-n's gold gain over n = 1.

Coste et al.'s check (coste): PPO against a reward-model ensemble's mean against its conservative objectives (worst
case, uncertainty-weighted) in the over-optimisation setting of examples/overoptimization-gold.conf.

The scratch part repeats the check with every reward model trained from a random initialisation
(chat.rm.init_from_sft = false), for METHODS_SCRATCH_SEEDS (default "1").

Each run: examples/overoptimization-gold.conf with a single reward model (scripts/overopt-gold.py's run at the same
budget, kept if it is there) or with a three-member reward model (chat.rm.ensemble_size = 3) trained on
METHODS_COMPARISONS rankings, 150 PPO iterations at kl_coef 0.005, chat.ppo.rm_objective = mean, worst_case or
uncertainty_weighted (rm_uncertainty_coef 0.5). Gold on unseen prompts (objective/gold_unseen) in windows of
FIGURES_WINDOW (15) iterations: its peak, and its fall from the peak to the last window.

Environment:
    METHODS_JOBS          runs made at once (default 2)
    METHODS_KL_BUDGETS    the compare part's KL budgets in nats (default "0.5 1 2 3")
    METHODS_SMOOTH        policy-gradient iterations per rolling mean (default 5)
    METHODS_COMPARISONS   chat.label.prompts (default 2000)
and FIGURES_RUNS, FIGURES_DOCS, FIGURES_SEEDS, FIGURES_SET, FIGURES_ALLOW_MISSING, ALIGNSIM (scripts/figlib.py).
"""
import importlib.util
import math
import os
import re
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


# ---------------------------------------------------------------------------------------------------------------------
# The comparison at matched KL (examples/methods.conf)

METHODS = [("ppo", "PPO"), ("rloo", "RLOO, k 4"), ("grpo", "GRPO, G 4"), ("dpo", "DPO, β 0.1"), ("dpo-b0.03", "DPO, β 0.03"),
           ("ipo", "IPO, τ 0.1"), ("ipo-t0.01", "IPO, τ 0.01"), ("bon", "best-of-n")]
# The pipeline's method stage of each row, and its settings beyond examples/methods.conf: DPO's β and IPO's τ set how
# far they may move from the reference, so each is also run with a smaller one.
STAGE = {"dpo-b0.03": "dpo", "ipo": "dpo", "ipo-t0.01": "dpo"}
EXTRA = {"dpo-b0.03": ["--set", "chat.dpo.beta=0.03"], "ipo": ["--set", "chat.dpo.loss=ipo"],
         "ipo-t0.01": ["--set", "chat.dpo.loss=ipo", "--set", "chat.dpo.beta=0.01"]}
POLICY_GRADIENT = ("ppo", "rloo", "grpo")
BUDGETS = [float(x) for x in F.env_list("METHODS_KL_BUDGETS", ["0.5", "1", "2", "3"])]
SMOOTH = F.env_int("METHODS_SMOOTH", 5)
FIELDS = ["gold", "proxy", "length", "f1"]


def compare_name(method, seed):
    return f"methods-{method}-seed{seed}"


def compare_runs():
    return [(compare_name(m, s), ["--config", "examples/methods.conf", "--set", f"pipeline=[sft, label, rm, {STAGE.get(m, m)}]",
                                  *EXTRA.get(m, []), "--set", f"seed={s}"])
            for s in F.SEEDS for m, _ in METHODS]


def point(kl, gold, proxy, length, f1):
    return {"kl": kl, "gold": gold, "proxy": proxy, "length": length, "f1": f1}


def rolling(points, width):
    """Centred rolling means of every field (the ends average what they have)."""
    out = []
    for i in range(len(points)):
        lo, hi = max(0, i - width // 2), min(len(points), i + width // 2 + 1)
        out.append({k: F.mean(p[k] for p in points[lo:hi]) for k in ["kl", *FIELDS]})
    return out


def method_curve(method, run):
    method = STAGE.get(method, method)
    """A run's points (KL, gold on unseen prompts, proxy, response length, safety F1 on unseen prompts), in the order
    the method produced them, the SFT reference first where the method's lines do not start there."""
    if method in POLICY_GRADIENT:
        raw = [point(l["objective/kl"], l["objective/gold_unseen"], l["objective/proxy"], l["response/length"], l["safety/f1_unseen"])
               for l in run.ppo()]
        return rolling(raw, SMOOTH)
    if method == "dpo":
        ev = run.stage("dpo-eval")
        out = [point(0.0, ev["reference/gold_unseen"], ev["reference/proxy"], ev["reference/response_length"], ev["reference/safety/f1_unseen"])]
        for row in run.rows:
            if row.get("stage") == "dpo":
                l = F.Line(run, row, f"dpo epoch {row.get('dpo/epoch')}")
                out.append(point(l["objective/kl"], l["objective/gold_unseen"], l["objective/proxy"], l["response/length"], l["safety/f1_unseen"]))
        return out
    line = run.stage("bon")
    ns = sorted({int(m.group(1)) for k in line.row for m in [re.fullmatch(r"bon/n(\d+)/kl", k)] if m})
    return [point(line[f"bon/n{n}/kl"], line[f"bon/n{n}/gold_unseen"], line[f"bon/n{n}/proxy"], line[f"bon/n{n}/response_length"],
                  line[f"bon/n{n}/safety_f1_unseen"]) for n in ns]


def at_budget(points, budget):
    """Every field where the curve first reaches KL = budget, interpolated linearly between the points on either side;
    None when it never does."""
    for i, p in enumerate(points):
        if p["kl"] >= budget:
            if i == 0:
                return dict(p) if abs(p["kl"] - budget) < 1e-9 else None
            q = points[i - 1]
            t = (budget - q["kl"]) / (p["kl"] - q["kl"])
            return {k: q[k] + t * (p[k] - q[k]) for k in ["kl", *FIELDS]}
    return None


def bon_fit(points):
    """Gao et al.'s best-of-n form, R(d) = d (alpha - beta d) with d = sqrt(KL), fitted by least squares (linear in alpha
    and beta) to gold's gain over n = 1; R² about the mean of R."""
    base = points[0]["gold"]
    d = [math.sqrt(p["kl"]) for p in points]
    y = [p["gold"] - base for p in points]
    s11 = sum(x * x for x in d)
    s12 = sum(-x ** 3 for x in d)
    s22 = sum(x ** 4 for x in d)
    s1y = sum(x * v for x, v in zip(d, y))
    s2y = sum(-x * x * v for x, v in zip(d, y))
    det = s11 * s22 - s12 * s12
    alpha = (s22 * s1y - s12 * s2y) / det
    beta = (s11 * s2y - s12 * s1y) / det
    m = sum(y) / len(y)
    ss_res = sum((v - x * (alpha - beta * x)) ** 2 for x, v in zip(d, y))
    ss_tot = sum((v - m) ** 2 for v in y)
    return {"alpha": alpha, "beta": beta, "r_squared": 1 - ss_res / ss_tot if ss_tot > 0 else None}


def compare_data():
    """Each run's curve, and the SFT reference's gold on the same unseen prompts as the curve's gold: best-of-n's n = 1
    (its own prompts); for the others the first PPO iteration's, whose policy is the reference (the policy-gradient
    iterations and DPO's epochs answer the same chat.eval.iteration_prompts unseen prompts in every run of a seed)."""
    curves, refs = {}, {}
    for s in F.SEEDS:
        first = F.load(compare_name("ppo", s)).ppo()[0]
        # The reference on the prompts of the iteration lines: the first PPO iteration, before any update.
        reference = point(first["objective/kl"], first["objective/gold_unseen"], first["objective/proxy"], first["response/length"],
                          first["safety/f1_unseen"])
        for m, _ in METHODS:
            curves[(m, s)] = method_curve(m, F.load(compare_name(m, s)))
            if STAGE.get(m, m) == "dpo":
                curves[(m, s)][0] = reference  # in place of the closing line's reference, measured on other prompts
            refs[(m, s)] = curves[(m, s)][0]["gold"] if m == "bon" else reference["gold"]
    return curves, refs


def section_compare():
    curves, refs = compare_data()
    rows = []
    for m, label in METHODS:
        for b in BUDGETS:
            at = [at_budget(curves[(m, s)], b) for s in F.SEEDS]
            reached = [a for a in at if a is not None]
            if not reached:
                top = max(max(p["kl"] for p in curves[(m, s)]) for s in F.SEEDS)
                rows.append([label, F.num(b, 1), f"not reached (at most {F.num(top, 2)} nats)", "", "", "", "", ""])
                continue
            note = "" if len(reached) == len(at) else f" ({len(reached)} of {len(at)} seeds)"
            rows.append([label, F.num(b, 1), F.mean_std([a["gold"] for a in reached], 3) + note,
                         F.mean_std([a["gold"] - refs[(m, s)] for a, s in zip(at, F.SEEDS) if a is not None], 3, sign=True),
                         ", ".join("–" if a is None else F.num(a["gold"] - refs[(m, s)], 2, sign=True) for a, s in zip(at, F.SEEDS)),
                         F.mean_std([a["proxy"] for a in reached], 3), F.mean_std([a["length"] for a in reached], 2),
                         F.mean_std([a["f1"] for a in reached], 3)])
    body = F.table(["method", "KL budget (nats)", "gold, unseen", "gain over the SFT reference", "gain per seed", "proxy", "response length",
                    "safety F1, unseen"], rows)
    body += (f"\n\nMean ± standard deviation over seeds {F.seeds_text()}. Policy-gradient curves are rolling means over {SMOOTH} "
             f"iterations, DPO's are its epochs, both with gold on the {F.defaults().get('chat.eval.iteration_prompts', 128)} unseen prompts "
             f"every iteration and epoch answers; best-of-n's points are its n, whose KL is log n − (n − 1)/n, with gold on the "
             f"{F.defaults().get('chat.eval.prompts', 1000)} unseen prompts of the closing evaluation. The gain is over the SFT reference's "
             "gold on the same prompts: the first PPO iteration's (its policy is the reference) for the first, n = 1 for best-of-n.")
    peaks = []
    for m, label in METHODS:
        best = [max(curves[(m, s)], key=lambda p: p["gold"]) for s in F.SEEDS]
        last = [curves[(m, s)][-1] for s in F.SEEDS]
        peaks.append([label, F.mean_std([p["gold"] - refs[(m, s)] for p, s in zip(best, F.SEEDS)], 3, sign=True),
                      F.mean_std([p["kl"] for p in best], 2), F.mean_std([p["gold"] - refs[(m, s)] for p, s in zip(last, F.SEEDS)], 3, sign=True),
                      F.mean_std([p["kl"] for p in last], 2)])
    body += ("\n\nEach method's whole curve: its best point (the highest of its points, which favours a long curve of noisy "
             "points over a short one) and its last, as gains over the reference.\n\n") + F.table(
        ["method", "best gain on the curve", "KL there", "gain at the curve's end", "KL at the end"], peaks)
    fits = []
    for s in F.SEEDS:
        fit = bon_fit(curves[("bon", s)])
        top = max(p["kl"] for p in curves[("bon", s)])
        fits.append([str(s), F.num(fit["alpha"], 3), F.num(fit["beta"], 3), F.num(fit["r_squared"], 3), F.num(math.sqrt(top), 2)])
    body += ("\n\nGao et al.'s best-of-n form R(d) = d (α − β d), d = √KL, fitted to best-of-n's gold gain on unseen prompts over "
             "n = 1:\n\n" + F.table(["seed", "α", "β", "R²", "largest d"], fits))
    return body


def report():
    return F.sections(DOC, SCRIPT, [("compare", section_compare), ("coste", section_coste), ("coste-scratch", section_scratch)])


PARTS = {"compare": lambda: make(compare_runs()), "coste": lambda: make(coste_runs()), "scratch": lambda: make(scratch_runs()),
         "report": report}

if __name__ == "__main__":
    F.run_parts(SCRIPT, PARTS, sys.argv[1:], __doc__)

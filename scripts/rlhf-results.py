#!/usr/bin/env python3
"""Writes the RLHF figures of docs/EXPERIMENTS.md from runs it makes (or finds) in runs/results/.

    scripts/rlhf-results.py [PART...]      default: quick adaptive-kl overopt overopt-tried

Parts (each runs what it needs, then rewrites its sections of docs/EXPERIMENTS.md):
    quick          examples/rlhf-quick.conf, seeds 1 2 3: gold on seen and unseen prompts before and after RL, gold per
                   kind, the reward model and labelers in the labeling rounds       -> rlhf-quick-settings, rlhf-quick
    adaptive-kl    the same with the adaptive KL controller (target 1.5, horizon 2000) -> rlhf-adaptive-kl
    overopt        examples/overoptimization.conf (length-biased labelers), seeds 1 2 3: windows of PPO iterations,
                   held-out gold, Gao et al.'s fit (alignsim gao-fit) and its peak -> overopt-settings, overopt-windows,
                   overopt-heldout, overopt-gao
    overopt-tried  variants of overoptimization.conf (kl_coef 0.01 and 0.02, long demonstrations, no harmful prompts)
                   and the R² of their fits                                         -> overopt-tried

A run already complete is kept, a partial one resumed (scripts/figlib.py). Environment: FIGURES_SEEDS, FIGURES_SET,
FIGURES_RUNS, FIGURES_DOCS, FIGURES_ALLOW_MISSING, ALIGNSIM (figlib.py), and FIGURES_WINDOW: PPO iterations per window
(default 15) for the windows table, the peaks and the Gao fits.
"""
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import figlib as F  # noqa: E402

DOC = "EXPERIMENTS.md"
SCRIPT = "scripts/rlhf-results.py"
WINDOW = F.env_int("FIGURES_WINDOW", 15)
# Over-optimisation, as the issue defines it: after its peak gold loses at least this share of its gain while the proxy rises.
FALL = 0.2
KINDS = ("task", "question", "harmful", "borderline")
ADAPTIVE = ["--set", "chat.ppo.adaptive_kl=true", "--set", "chat.ppo.kl_target=1.5", "--set", "chat.ppo.kl_horizon=2000"]
OVEROPT = ["--config", "examples/overoptimization.conf"]
# The settings tried on the way to examples/overoptimization.conf: (name, seeds, settings on the example).
TRIED = [
    ("overopt-kl0.01", (1, 2, 3), ["--set", "chat.ppo.kl_coef=0.01"]),
    ("overopt-kl0.02", (1, 2), ["--set", "chat.ppo.kl_coef=0.02", "--set", "chat.ppo.iterations=200"]),
    # The labelers, who like long answers, write the demonstrations too.
    ("overopt-longdemos", (1,), ["--set", "chat.sft.demonstrators=[]"]),
    ("overopt-noharm", (1, 2), ["--set", "chat.world.mixture.harmful=0"]),
]


def quick_runs():
    return [(f"rlhf-quick-seed{s}", ["--config", "examples/rlhf-quick.conf", "--set", f"seed={s}"]) for s in F.SEEDS]


def adaptive_runs():
    return [(f"rlhf-adaptive-seed{s}", ["--config", "examples/rlhf-quick.conf", *ADAPTIVE, "--set", f"seed={s}"]) for s in F.SEEDS]


def overopt_runs():
    return [(f"overoptimization-seed{s}", [*OVEROPT, "--set", f"seed={s}"]) for s in F.SEEDS]


def tried_runs():
    return [(f"{name}-seed{s}", [*OVEROPT, *extra, "--set", f"seed={s}"]) for name, seeds, extra in TRIED for s in seeds]


# ---------------------------------------------------------------------------------------------------------------------
# Shared readings of a ChatWorld RLHF run

def kinds(line, prefix):
    """The prompt kinds a line reports under prefix/<kind> (the four of ChatWorld when it reports none)."""
    # prefix/group_spread (written with more than one user group) is not a kind; prefix/group/<name> has a '/'.
    found = {k[len(prefix) + 1:] for k in line.row if k.startswith(prefix + "/") and "/" not in k[len(prefix) + 1:]} - {"group_spread"}
    return [k for k in KINDS if k in found] + sorted(found - set(KINDS)) if found else list(KINDS)


def last_kl(run, n=10):
    ppo = run.ppo()
    return F.mean(line["objective/kl"] for line in ppo[-n:]), max(line["objective/kl"] for line in ppo)


def labeling_rounds(run):
    return [line for line in run.ppo() if "rm/accuracy_gold" in line or "labelers/agreement" in line]


def settings_sentence(run):
    """The pipeline's budgets as config.conf holds them."""
    s = run.settings
    demonstrators = s.get("chat.sft.demonstrators") or []
    text = (f"Labelers: {F.labelers_text(s.get('chat.labelers') or [])}; demonstrations by "
            + (F.labelers_text(demonstrators) if demonstrators else "the labelers themselves")
            + f". SFT on {F.num(s['chat.sft.demonstrations'], 0)} demonstrations ({s['chat.sft.epochs']} epochs); "
            f"{F.num(s['chat.label.prompts'], 0)} prompts answered K = {s['chat.label.k']} times and ranked, "
            f"{F.pct(1 - s['chat.label.heldout_fraction'], 0)} of the rankings to train the reward model "
            f"({s['chat.rm.epochs']} epochs); then {s['chat.ppo.iterations']} PPO iterations of {s['chat.ppo.batch_prompts']} "
            f"prompts, responses of at most {s['chat.model.response_length']} tokens, learning rate {s['chat.ppo.learning_rate']}, ")
    if s.get("chat.ppo.adaptive_kl"):
        text += (f"`kl_coef` adapted from {s['chat.ppo.kl_coef']} towards a KL of {s['chat.ppo.kl_target']} "
                 f"(horizon {s['chat.ppo.kl_horizon']})")
    else:
        text += f"`kl_coef` {s['chat.ppo.kl_coef']} (fixed)"
    text += ", critic started from the reward model" if s.get("chat.ppo.critic_from_rm") else ", critic started at random"
    every = s.get("chat.ppo.label_every", 0)
    if every:
        text += (f"; every {every} iterations the labelers rank K answers of the current policy to {s['chat.ppo.label_prompts']} "
                 f"prompts, the reward model is measured on them (held out) and then trains on them plus "
                 f"{s['chat.ppo.rm_replay']} replayed comparisons for {s['chat.ppo.rm_epochs']} epochs.")
    else:
        text += "; no labeling rounds during RL: PPO optimises the reward model the rm stage left (`label_every = 0`)."
    return text


def runs(names):
    return [F.load(name) for name, _ in names]


# ---------------------------------------------------------------------------------------------------------------------
# rlhf-quick

def quick_settings():
    run = F.load(quick_runs()[0][0])
    return (settings_sentence(run) + f" Seeds {F.seeds_text()}; the held-out figures are the `ppo-eval` line's: "
            f"{F.num(run.setting('chat.eval.prompts'), 0)} prompts of each split.")


def quick_table():
    rows, gains, gains_seen = [], [], []
    for name, _ in quick_runs():
        run = F.load(name)
        ev = run.stage("ppo-eval")
        seed = run.setting("seed")
        u0, u1 = ev["reference/gold_unseen"], ev["final/gold_unseen"]
        s0, s1 = ev["reference/gold"], ev["final/gold"]
        gain = F.diff(u0, u1)
        gain_seen = F.diff(s0, s1)
        gains.append(gain)
        gains_seen.append(gain_seen)
        kl_last, kl_max = last_kl(run)
        rows.append([seed, F.arrow(u0, u1), F.num(gain, 3, sign=True), F.arrow(s0, s1), F.num(gain_seen, 3, sign=True),
                     F.arrow(ev["reference/proxy"], ev["final/proxy"]),
                     F.arrow(ev["reference/proxy_frozen"], ev["final/proxy_frozen"]),
                     f"{F.num(kl_last)}; {F.num(kl_max)}",
                     f"{F.num(ev['reference/response_length'], 1)} → {F.num(ev['final/response_length'], 1)}"])
    rows.append(["mean ± std", "", f"**{F.mean_std(gains, 3, sign=True)}**", "", f"**{F.mean_std(gains_seen, 3, sign=True)}**",
                 "", "", "", ""])
    header = ["seed", "gold, unseen prompts: reference → final", "gain", "gold, seen prompts: reference → final", "gain",
              "proxy (the RM PPO optimised), reference → final", "proxy of the rm stage's RM, reference → final",
              "KL (mean of the last 10 iterations; max)", "length (tokens)"]
    rose = sum(1 for g in gains if g is not None and g > 0)
    return (F.table(header, rows) + f"\n\nGold on unseen prompts rose from the reference to the final policy in {rose} of "
            f"{len(gains)} seeds, on seen prompts in {sum(1 for g in gains_seen if g is not None and g > 0)} of {len(gains_seen)}.")


def quick_kinds():
    """Gold per prompt kind, reference → final, mean over seeds, on unseen and seen prompts."""
    evs = [F.load(name).stage("ppo-eval") for name, _ in quick_runs()]
    found = kinds(evs[0], "final/gold_unseen")
    rows, gains = [], {}
    for kind in found:
        cells = [kind]
        for split in ("gold_unseen", "gold"):
            ref = F.mean(ev[f"reference/{split}/{kind}"] for ev in evs)
            fin = F.mean(ev[f"final/{split}/{kind}"] for ev in evs)
            gain = F.diff(ref, fin)
            if split == "gold_unseen":
                gains[kind] = gain
            cells += [F.arrow(ref, fin, 2), F.num(gain, 2, sign=True)]
        rows.append(cells)
    text = F.table(["kind", "gold, unseen prompts: reference → final", "gain", "gold, seen prompts: reference → final", "gain"], rows)
    known = {k: g for k, g in gains.items() if g is not None}
    if known:
        order = sorted(known, key=known.get, reverse=True)
        text += (f"\n\nOn unseen prompts the largest gain is on {order[0]} prompts ({F.num(known[order[0]], 2, sign=True)}) and the "
                 f"smallest on {order[-1]} prompts ({F.num(known[order[-1]], 2, sign=True)}).")
    return text


def quick_rounds():
    agreement, accuracy, counts = [], [], []
    for name, _ in quick_runs():
        rounds = labeling_rounds(F.load(name))
        counts.append(len(rounds))
        agreement += [r["labelers/agreement"] for r in rounds]
        accuracy += [r["rm/accuracy_gold"] for r in rounds]
    if not any(counts):
        return "These runs had no labeling rounds during RL."
    return (f"In the labeling rounds ({F.spread(counts, 0)} per run) the labelers agree with gold on "
            f"{F.spread(agreement, 1, 100)}% of gold-ordered pairs, and the reward model, measured on "
            f"each round before it trains on it, on {F.spread(accuracy, 1, 100)}% "
            "(`labelers/agreement`, `rm/accuracy_gold` in the labeling iterations' metrics lines).")


def quick():
    return F.make(quick_runs()) + F.sections(DOC, SCRIPT, [
        ("rlhf-quick-settings", quick_settings),
        ("rlhf-quick", lambda: quick_table() + "\n\nGold per prompt kind (mean over the seeds; the `ppo-eval` line's "
         "`*/gold_unseen/<kind>` and `*/gold/<kind>`):\n\n" + quick_kinds() + "\n\n" + quick_rounds()),
    ])


# ---------------------------------------------------------------------------------------------------------------------
# adaptive KL

def adaptive_table():
    rows = []
    first = F.load(adaptive_runs()[0][0])
    for (name, _), (fixed_name, _) in zip(adaptive_runs(), quick_runs()):
        run, fixed = F.load(name), F.load(fixed_name)
        ev, fev = run.stage("ppo-eval"), fixed.stage("ppo-eval")
        ppo = run.ppo()
        u0, u1 = ev["reference/gold_unseen"], ev["final/gold_unseen"]
        f0, f1 = fev["reference/gold_unseen"], fev["final/gold_unseen"]
        kl_last, _ = last_kl(run)
        fixed_last, _ = last_kl(fixed)
        rows.append([run.setting("seed"), F.arrow(u0, u1), F.num(F.diff(u0, u1), 3, sign=True),
                     F.num(F.diff(f0, f1), 3, sign=True),
                     f"{F.num(ppo[0]['objective/kl_coef'], 3)} → {F.num(ppo[-1]['objective/kl_coef'], 3)}",
                     F.num(kl_last), F.num(fixed_last)])
    s = first.settings
    return (f"`--set chat.ppo.adaptive_kl=true --set chat.ppo.kl_target={s.get('chat.ppo.kl_target')} "
            f"--set chat.ppo.kl_horizon={s.get('chat.ppo.kl_horizon')}`: β starts at {s.get('chat.ppo.kl_coef')} and follows the KL "
            "towards its target. Gold on unseen prompts, and the gain of the fixed-β run of the same seed (table above):\n\n"
            + F.table(["seed", "gold, unseen: reference → final", "gain", "gain with β fixed", "β, first → last iteration",
                       "KL, mean of the last 10 iterations", "the same, β fixed"], rows))


def adaptive():
    return F.make(quick_runs() + adaptive_runs()) + F.sections(DOC, SCRIPT, [("rlhf-adaptive-kl", adaptive_table)])


# ---------------------------------------------------------------------------------------------------------------------
# Over-optimisation, and what the scripts of this file share about it

def curve(run, gold_key="objective/gold", width=WINDOW):
    """A run's PPO iterations in windows: first and last iteration, mean gold (gold_key), proxy and KL per window."""
    ppo = run.ppo()
    if len(ppo) < 3 * width:
        raise F.Missing(f"{F.rel(run.metrics)}: {len(ppo)} ppo iterations, fewer than 3 windows of {width} (FIGURES_WINDOW)")
    out = []
    for start in range(0, len(ppo) - width + 1, width):
        chunk = ppo[start:start + width]
        out.append({"first": chunk[0]["ppo/iteration"], "last": chunk[-1]["ppo/iteration"],
                    "gold": F.mean(line[gold_key] for line in chunk), "proxy": F.mean(line["objective/proxy"] for line in chunk),
                    "kl": F.mean(line["objective/kl"] for line in chunk)})
    return out


def peak(points, start):
    """Where the windows' gold peaks, and what happens after: the gain at the peak over `start`, the fall from the peak
    to the last window as a share of that gain, the proxy at the peak and at the end, and whether this is
    over-optimisation as the issue defines it (gold falls by at least 20% of its gain while the proxy rises)."""
    if any(p["gold"] is None for p in points) or start is None:
        return None
    top = max(points, key=lambda p: p["gold"])
    endp = points[-1]
    gain = top["gold"] - start
    fall = (top["gold"] - endp["gold"]) / gain if gain > 0 else None
    proxy_change = endp["proxy"] - top["proxy"]
    return {"window": top, "gain": gain, "fall": fall, "end": endp, "proxy_change": proxy_change,
            "d": math.sqrt(max(0.0, top["kl"])), "overoptimised": fall is not None and fall >= FALL and proxy_change > 0}


def verdict(p):
    if p is None:
        return "–"
    if p["gain"] <= 0:
        return "no gain"
    return "**yes**" if p["overoptimised"] else "no"


def fit_seen(run):
    """alignsim gao-fit --json: Gao's form fitted to the gold gain on seen prompts (objective/gold) over the windows."""
    import json
    return json.loads(F.alignsim("gao-fit", "--json", "--window", str(WINDOW), run.dir))


def fit_unseen(run):
    """The same form, least squares and windows as gao-fit, on gold of unseen prompts (objective/gold_unseen), the gain
    taken over the first iteration's as gao-fit takes it."""
    ppo = run.ppo()
    start = ppo[0]["objective/gold_unseen"]
    pts = curve(run, "objective/gold_unseen")
    if start is None or any(p["gold"] is None for p in pts):
        return None
    return F.gao_fit([math.sqrt(p["kl"]) if p["kl"] > 0 else None for p in pts], [p["gold"] - start for p in pts])


def check_fit(run, fit):
    """The script's own least squares must agree with gao-fit's on the same points: a guard on fit_unseen."""
    ppo = run.ppo()
    pts = curve(run)
    mine = F.gao_fit([math.sqrt(p["kl"]) if p["kl"] > 0 else None for p in pts], [p["gold"] - ppo[0]["objective/gold"] for p in pts])
    if mine is None or abs(mine["alpha"] - fit["alpha"]) > 1e-6 * max(1, abs(fit["alpha"])) or abs(mine["beta"] - fit["beta"]) > 1e-6 * max(1, abs(fit["beta"])):
        raise F.Failed(f"{F.rel(run.dir)}: the script's Gao fit {mine} differs from alignsim gao-fit's {fit}")


def sample_line(run, kind="harmful"):
    """The final policy's sample answer to a prompt of `kind`, as the run's log shows it, and its gold."""
    found = run.log_lines(r"final policy sample: (\[" + kind + r"[^\]]*\] -> .*?)\s+\(gold (-?[0-9.]+)")
    return (found[-1].group(1), float(found[-1].group(2))) if found else None


# ---------------------------------------------------------------------------------------------------------------------
# overoptimization.conf: length-biased labelers

def overopt_settings():
    run_list = runs(overopt_runs())
    rms = [r.stage("rm") for r in run_list]
    rm_length, gold_length = [rm["rm/corr_length"] for rm in rms], [rm["gold/corr_length"] for rm in rms]
    more = sum(1 for a, b in zip(rm_length, gold_length) if a is not None and b is not None and a > b)
    return (settings_sentence(run_list[0]) + f" Seeds {F.seeds_text()}.\n\nThe reward model's scores correlate with length more "
            f"than gold does in {more} of {len(rms)} seeds: on held-out rankings at {F.spread(rm_length)} within prompts, "
            f"where gold correlates at {F.spread(gold_length)} (`rm/corr_length`, `gold/corr_length` "
            f"of the rm stage's line, or `alignsim rm-eval DIR`); it orders {F.spread([rm['rm/accuracy_gold_unseen'] for rm in rms], 1, 100)}% "
            "of gold pairs on unseen prompts as gold does (`rm/accuracy_gold_unseen`).")


def overopt_windows():
    run = F.load(overopt_runs()[0][0])
    ppo = run.ppo()
    found = kinds(ppo[0], "objective/gold_unseen")
    show = [k for k in ("task", "harmful") if k in found] or found[:2]
    rows = []
    unseen = curve(run, "objective/gold_unseen")
    top = None if any(p["gold"] is None for p in unseen) else max(range(len(unseen)), key=lambda i: unseen[i]["gold"])
    for i, start in enumerate(range(0, len(ppo) - WINDOW + 1, WINDOW)):
        chunk = ppo[start:start + WINDOW]
        m = lambda key: F.mean(line[key] for line in chunk)  # noqa: E731
        gold_u = F.num(m("objective/gold_unseen"))
        rows.append([f"{chunk[0]['ppo/iteration']}–{chunk[-1]['ppo/iteration']}", f"**{gold_u}**" if i == top else gold_u,
                     F.num(m("objective/gold")), F.num(m("objective/proxy")), F.num(m("objective/kl")), F.num(m("response/length"), 1)]
                    + [F.num(m(f"objective/gold_unseen/{k}")) for k in show])
    text = (f"Seed {run.setting('seed')}, in windows of {WINDOW} iterations (means of the iterations' `metrics.jsonl` lines; the "
            "peak of gold on unseen prompts in bold):\n\n"
            + F.table(["iterations", "gold, unseen", "gold, seen", "proxy", "KL", "length"] + [f"gold on {k} prompts, unseen" for k in show],
                      rows))
    sample = sample_line(run)
    if sample:
        text += (f"\n\nThe final policy's sample answer to a harmful prompt, from the run's log: `{sample[0]}` (gold "
                 f"{F.num(sample[1])}).")
    return text


def overopt_heldout():
    rows = []
    for name, _ in overopt_runs():
        run = F.load(name)
        ev = run.stage("ppo-eval")
        rows.append([run.setting("seed"), F.arrow(ev["reference/gold_unseen"], ev["final/gold_unseen"]),
                     F.arrow(ev["reference/gold"], ev["final/gold"]), F.arrow(ev["reference/proxy"], ev["final/proxy"]),
                     f"{F.num(ev['reference/response_length'], 1)} → {F.num(ev['final/response_length'], 1)}"])
    return ("On the `ppo-eval` line's held-out prompts:\n\n"
            + F.table(["seed", "gold, unseen: reference → final", "gold, seen: reference → final", "proxy, reference → final",
                       "length, reference → final"], rows))


def gao_rows(run_list):
    """Per run: gao-fit's fit (seen gold), the form's peak d*, the windows' own peak (seen gold), the fall after it,
    and the fit on unseen gold."""
    out = []
    for run in run_list:
        fit = fit_seen(run)
        check_fit(run, fit)
        dstar = F.peak_d(fit["alpha"], fit["beta"])
        unseen = fit_unseen(run)
        gain = fit["gold_peak"] - fit["gold_start"]
        out.append({"run": run, "fit": fit, "dstar": dstar, "unseen": unseen, "gain": gain,
                    "overoptimised": fit["gold_drop_of_gain"] is not None and gain > 0 and fit["gold_drop_of_gain"] >= FALL
                    and fit["proxy_final"] > fit["proxy_at_peak"]})
    return out


def overopt_gao():
    rows_data = gao_rows(runs(overopt_runs()))
    rows = []
    for r in rows_data:
        f = r["fit"]
        rows.append([r["run"].setting("seed"), F.num(f["alpha"], 3), F.num(f["beta"], 3), F.num(f["r_squared"], 3),
                     dstar_text(r["dstar"]), F.num(f["gold_peak_d"]),
                     f"{F.num(f['gold_start'], 3)} → {F.num(f['gold_peak'], 3)} (iterations {window_of(f['gold_peak_iteration'])}) → "
                     f"{F.num(f['gold_final'], 3)}",
                     F.pct(f["gold_drop_of_gain"], 0) if r["gain"] > 0 else "no gain",
                     F.arrow(f["proxy_at_peak"], f["proxy_final"]),
                     F.num(r["unseen"]["r_squared"], 3) if r["unseen"] else "–"])
    text = (f"`alignsim gao-fit --window {WINDOW} DIR` averages the PPO iterations in windows of {WINDOW}, takes the gold gain on seen "
            "prompts (`objective/gold`) over the first iteration (where the policy is the reference) against `d = sqrt(KL)`, and "
            "fits `R(d) = d (alpha - beta ln d)` by least squares (Gao, Schulman & Hilton 2022, the RL form). The form peaks at "
            "`d* = exp(alpha/beta − 1)`; the windows' own peak is the window of highest gold. The last column fits the same form "
            "to gold on unseen prompts (`objective/gold_unseen`, the same windows; the script's least squares, which it checks "
            "against gao-fit's on the seen curve):\n\n"
            + F.table(["seed", "alpha", "beta", "R²", "d* of the form", "d at the windows' peak",
                       "gold, seen: start → peak → last window", "lost of the gain", "proxy at the peak → last window",
                       "R², unseen"], rows))
    return text + "\n\n" + gao_findings(rows_data)


def window_of(mean_iteration):
    """The iterations of the window whose mean iteration gao-fit reports."""
    first = round(mean_iteration - (WINDOW - 1) / 2)
    return f"{first}–{first + WINDOW - 1}"


def gao_findings(rows_data):
    """What the Gao table says, counted: over-optimisation on seen and on unseen gold, d* against the windows' peak."""
    sentences = []
    over = sum(r["overoptimised"] for r in rows_data)
    sentences.append(f"Gold on seen prompts falls after its peak by at least {F.pct(FALL, 0)} of its gain while the proxy rises in {over} of "
                     f"{len(rows_data)} runs")
    unseen = [peak(curve(r["run"], "objective/gold_unseen"), r["run"].stage("ppo-eval")["reference/gold_unseen"]) for r in rows_data]
    if all(p is not None for p in unseen):
        sentences.append(f"gold on unseen prompts (from the reference's `ppo-eval` gold) in {sum(p['overoptimised'] for p in unseen)} "
                         f"of {len(unseen)}")
    sentences.append(dstar_findings([(r["dstar"], r["fit"]) for r in rows_data]))
    sentences.append("R² of the fits: " + ", ".join(F.num(r["fit"]["r_squared"], 3) for r in rows_data))
    return "; ".join(s for s in sentences if s) + "."


def dstar_text(d):
    """The form's peak d*: '–' when the fit does not bend down, powers of ten when it lies far out."""
    if d is None:
        return "– (no peak)"
    return F.num(d) if d < 1000 else f"{d:.1e}"


def dstar_findings(pairs):
    """Where the form's peak d* lies against the windows' (pairs of d* and gao-fit's output), counted."""
    known = [(d, f) for d, f in pairs if d is not None]
    parts = []
    if known:
        before = sum(d < f["gold_peak_d"] for d, f in known)
        beyond = sum(d > f["d_final"] for d, f in known)
        fits = "the one fit that bends down" if len(known) == 1 else f"the {len(known)} fits that bend down"
        text = (f"the form's peak d* lies before the windows' peak in {before} of {fits}"
                + (f", beyond the last window's d in {beyond}" if beyond else ""))
        if len(known) <= 4:
            text += " (d* " + ", ".join(dstar_text(d) for d, _ in known) + " against " + ", ".join(F.num(f["gold_peak_d"]) for _, f in known) + ")"
        parts.append(text)
    flat = len(pairs) - len(known)
    if flat:
        parts.append(f"{flat} of {len(pairs)} fits {'does' if flat == 1 else 'do'} not bend down (beta ≤ 0: no peak)")
    return "; ".join(parts)


def overopt():
    return F.make(overopt_runs()) + F.sections(DOC, SCRIPT, [
        ("overopt-settings", overopt_settings), ("overopt-windows", overopt_windows), ("overopt-heldout", overopt_heldout),
        ("overopt-gao", overopt_gao)])


def tried_table():
    rows = []
    example = F.load(overopt_runs()[0][0])
    groups = [(f"none (the example: `kl_coef` {example.setting('chat.ppo.kl_coef')})", [n for n, _ in overopt_runs()])]
    groups += [("`" + " ".join(extra) + "`", [f"{name}-seed{s}" for s in seeds]) for name, seeds, extra in TRIED]
    for title, names in groups:
        for r in gao_rows([F.load(n) for n in names]):
            f = r["fit"]
            rows.append([title, r["run"].setting("seed"), F.num(f["r_squared"], 3), F.num(f["alpha"], 3), F.num(f["beta"], 3),
                         F.num(r["gain"], 3, sign=True), F.pct(f["gold_drop_of_gain"], 0) if r["gain"] > 0 else "no gain",
                         F.num(r["unseen"]["r_squared"], 3) if r["unseen"] else "–"])
    return (f"Settings tried on the way to the example (windows of {WINDOW}, fits as above):\n\n"
            + F.table(["settings on `examples/overoptimization.conf`", "seed", "R², seen", "alpha", "beta", "gold gain at the peak, seen", "lost of the gain", "R², unseen"],
                      rows))


def tried():
    return F.make(overopt_runs() + tried_runs()) + F.sections(DOC, SCRIPT, [("overopt-tried", tried_table)])


PARTS = {"quick": quick, "adaptive-kl": adaptive, "overopt": overopt, "overopt-tried": tried}


if __name__ == "__main__":
    F.run_parts("rlhf-results", PARTS, sys.argv[1:], __doc__)

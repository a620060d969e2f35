#!/usr/bin/env python3
"""Writes docs/CONTROL-FEEDBACK.md: PPO on CartPole (and Acrobot) from preferences against PPO on the true reward.

    scripts/control-feedback.py            run what is missing (CONTROL_FEEDBACK_JOBS at a time, default 2), then write the note
    scripts/control-feedback.py --report   only write the note from the runs there are

Runs go to runs/control-feedback/<condition>-seed<N> (CONTROL_FEEDBACK_RUNS moves them); a complete run is kept, a
partial one resumed, as scripts/figlib.py does for every figure script (FIGURES_SET, FIGURES_DOCS and ALIGNSIM apply
here too). Every number in the note comes from those runs' metrics.jsonl and config.conf, or from the constants below.
ALIGNSIM names the command to run (default ./alignsim, which rebuilds when sources change: point it at a fixed build
to edit sources while the runs go on).
"""
import json
import math
import os
import sys
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import figlib as F  # noqa: E402

ROOT = F.ROOT
RUNS = os.path.abspath(os.environ.get("CONTROL_FEEDBACK_RUNS") or os.path.join(ROOT, "runs", "control-feedback"))
NOTE = os.path.join(F.DOCS, "CONTROL-FEEDBACK.md")
JOBS = F.env_int("CONTROL_FEEDBACK_JOBS", 2)
SEEDS = (1, 2, 3)
CARTPOLE_STEPS = 150000
SOLVED = 475
ACROBOT_SOLVED = -100
ACROBOT_STEPS = 200000
# CleanRL's published PPO on Acrobot-v1 after 500,000 steps (docs/RESULTS.md sets our run beside it).
CLEANRL_ACROBOT = -86.36
MILESTONES = (25000, 50000, 75000, 100000, 125000, 150000)
ACROBOT_MILESTONES = (50000, 100000, 150000, 200000)


def flips(p):
    return ["--set", 'feedback.labelers=[{id="flipper", strategy="boltzmann+flip", '
            'params {"boltzmann.temperature" = 1.0, "flip.p" = %s}}]' % p]


def labels(n):
    return ["--set", f"feedback.labels={n}", "--set", f"feedback.initial_labels={n // 5}"]


PREFS = ["--config", "examples/cartpole-preferences.conf"]
ACRO = ["--config", "examples/acrobot-preferences.conf"]
# condition -> (title, alignsim run arguments)
CONDITIONS = {
    "ppo-true": ("PPO on the true reward", ["--config", "examples/cartpole-fast.conf", "--set", f"total_timesteps={CARTPOLE_STEPS}"]),
    "labels-200": ("200 labels", PREFS + labels(200)),
    "labels-500": ("500 labels", PREFS + labels(500)),
    "labels-1000": ("1,000 labels", PREFS + labels(1000)),
    "labels-2000": ("2,000 labels", PREFS + labels(2000)),
    "flip-10": ("1,000 labels, 10% flipped", PREFS + labels(1000) + flips(0.1)),
    "flip-25": ("1,000 labels, 25% flipped", PREFS + labels(1000) + flips(0.25)),
    "random-ens3": ("500 labels, 3 members, random pairs", PREFS + labels(500) + ["--set", "feedback.rm.ensemble_size=3"]),
    "disagreement-ens3": ("500 labels, 3 members, disputed pairs",
                          PREFS + labels(500) + ["--set", "feedback.rm.ensemble_size=3", "--set", "feedback.pair_selection=disagreement"]),
    "std-scale": ("1,000 labels, reward divided by its std", PREFS + labels(1000) + ["--set", "feedback.rm.scale=std"]),
    "acrobot-ppo-true": ("PPO on the true reward", ["--config", "examples/acrobot.conf", "--set", f"total_timesteps={ACROBOT_STEPS}"]),
    "acrobot-labels-1000": ("1,000 labels", ACRO),
    "tamer": ("TAMER, every action judged", ["--config", "examples/cartpole-tamer.conf"]),
}
WALL_MARKS = (5, 10, 20, 40, 80)
JUDGEMENT_MARKS = (1000, 2500, 5000, 10000, 20000)


def run_dir(condition, seed):
    return os.path.join(RUNS, f"{condition}-seed{seed}")


def run(condition, seed):
    """Makes a run unless it is complete (figlib.ensure: kept, resumed or made again); returns 1 when it failed."""
    try:
        F.ensure(f"{condition}-seed{seed}", [*CONDITIONS[condition][1], "--set", f"seed={seed}"], root=RUNS, meta={"jobs": JOBS})
        return 0
    except F.Failed as e:
        print(f"FAILED: {e}", file=sys.stderr, flush=True)
        return 1


def settings(condition):
    """The resolved settings of the condition's first seed (config.conf), or {} when it has not run."""
    path = run_dir(condition, SEEDS[0])
    return F.read_config(path) if os.path.isfile(os.path.join(path, "config.conf")) else {}


def parallel_runs():
    """How many runs at a time the runs were made, as their NAME.args record it."""
    jobs = {F.read_record(run_dir(c, s)).get("jobs") for c in CONDITIONS for s in SEEDS} - {None}
    if len(jobs) != 1:
        return "several runs at a time"
    n = jobs.pop()
    return "one run at a time" if n == 1 else f"{n} runs at a time"


def metrics(condition, seed):
    path = os.path.join(run_dir(condition, seed), "metrics.jsonl")
    if not os.path.isfile(path):
        return None
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def true_return(row):
    return row.get("objective/true_return", row["episode_return_mean"])


def at_steps(rows, steps):
    """The true return of the last iteration at or before `steps` env steps."""
    best = None
    for r in rows:
        if r["env_steps"] <= steps:
            best = r
    return None if best is None else true_return(best)


def at_field(rows, field, mark):
    """The true return of the last iteration whose `field` is at or below `mark`; None before the first or past the run's end."""
    if not rows or rows[-1][field] < mark:
        return None
    return true_return([r for r in rows if r[field] <= mark][-1]) if rows[0][field] <= mark else None


def marks_table(conditions, field, marks, unit):
    lines = ["| condition | " + " | ".join(f"{m:,} {unit}" for m in marks) + " |", "|---" * (len(marks) + 1) + "|"]
    for c in conditions:
        runs = [metrics(c, s) for s in SEEDS]
        lines.append(f"| {CONDITIONS[c][0]} | " + " | ".join(spread([at_field(r, field, m) for r in runs]) for m in marks) + " |")
    return "\n".join(lines)


def tamer_judgements_table():
    """TAMER's true return against judgements given; PPO's at as many env steps (each step brings it one true reward)."""
    lines = ["| condition | " + " | ".join(f"{m:,}" for m in JUDGEMENT_MARKS) + " |", "|---" * (len(JUDGEMENT_MARKS) + 1) + "|"]
    for c, field in (("ppo-true", "env_steps"), ("tamer", "feedback/judgements")):
        runs = [metrics(c, s) for s in SEEDS]
        lines.append(f"| {CONDITIONS[c][0]} | " + " | ".join(spread([at_field(r, field, m) for r in runs]) for m in JUDGEMENT_MARKS) + " |")
    return "\n".join(lines)


def tamer_ends():
    """Per seed: TAMER's final true return, judgements and wall seconds."""
    cells = []
    for s in SEEDS:
        rows = metrics("tamer", s)
        cells.append("not run" if not rows else f"seed {s}: {fmt(true_return(rows[-1]))} after {rows[-1]['feedback/judgements']:,} "
                     f"judgements in {rows[-1]['wall_s']:.0f} s")
    return "; ".join(cells)


def first_solved(rows, threshold):
    for r in rows:
        value = true_return(r)
        if value is not None and value >= threshold:
            return r
    return None


def fmt(x, digits=0):
    return "–" if x is None else f"{x:,.{digits}f}"


def spread(values, digits=0):
    present = [v for v in values if v is not None]
    if not present:
        return "–"
    mean = sum(present) / len(present)
    text = f"{mean:,.{digits}f}"
    if len(present) > 1:
        text += f" ({min(present):,.{digits}f}–{max(present):,.{digits}f})"
    if len(present) < len(values):
        text += f" [{len(present)} of {len(values)}]"
    return text


def curve_table(conditions, milestones):
    head = "| condition | " + " | ".join(f"{m // 1000}k steps" for m in milestones) + " |"
    lines = [head, "|---" * (len(milestones) + 1) + "|"]
    for c in conditions:
        runs = [metrics(c, s) for s in SEEDS]
        cells = [spread([at_steps(r, m) if r else None for r in runs]) for m in milestones]
        lines.append(f"| {CONDITIONS[c][0]} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def solved_table(conditions, threshold):
    lines = ["| condition | " + " | ".join(f"seed {s}: labels / steps / wall s" for s in SEEDS) + " | final true return |",
             "|---" * (len(SEEDS) + 2) + "|"]
    for c in conditions:
        cells = []
        finals = []
        for s in SEEDS:
            rows = metrics(c, s)
            if not rows:
                cells.append("not run")
                finals.append(None)
                continue
            finals.append(true_return(rows[-1]))
            hit = first_solved(rows, threshold)
            if hit is None:
                best = max((true_return(r) for r in rows if true_return(r) is not None), default=None)
                cells.append(f"not reached (best {fmt(best)})")
            else:
                label_count = hit.get("feedback/labels")
                cells.append(f"{fmt(label_count) if label_count is not None else 'true reward'} / {hit['env_steps']:,} / "
                             f"{hit['wall_s']:.0f}")
        lines.append(f"| {CONDITIONS[c][0]} | " + " | ".join(cells) + f" | {spread(finals)} |")
    return "\n".join(lines)


def reward_size_table(conditions):
    """The learned reward per step at the run's end: episode_return_mean over episode_length_mean."""
    lines = ["| condition | learned reward per step at the end | true return at the end |", "|---|---|---|"]
    for c in conditions:
        per_step, finals = [], []
        for s in SEEDS:
            rows = metrics(c, s)
            last = rows[-1] if rows else None
            per_step.append(last["episode_return_mean"] / last["episode_length_mean"] if last and "objective/true_return" in last else None)
            finals.append(true_return(last) if last else None)
        lines.append(f"| {CONDITIONS[c][0]} | {spread(per_step, 2)} | {spread(finals)} |")
    return "\n".join(lines)


def summary(conditions, threshold):
    """One sentence per condition: in how many seeds the true return reached the threshold, after how many labels."""
    parts = []
    for c in conditions:
        hits = []
        for s in SEEDS:
            rows = metrics(c, s)
            hit = first_solved(rows, threshold) if rows else None
            if hit is not None:
                hits.append(hit["feedback/labels"])
        if hits:
            parts.append(f"with a budget of {CONDITIONS[c][0]}, {len(hits)} of {len(SEEDS)} seeds, after "
                         + ", ".join(f"{h:,}" for h in sorted(hits)) + " labels")
        else:
            parts.append(f"with a budget of {CONDITIONS[c][0]}, no seed")
    return "; ".join(parts)


def fell_back(conditions, threshold):
    """Runs that came within 10% of the threshold (or reached it) and ended more than 10% below their best, counted."""
    made, fell = 0, []
    for c in conditions:
        for s in SEEDS:
            rows = metrics(c, s)
            if not rows:
                continue
            made += 1
            values = [true_return(r) for r in rows if true_return(r) is not None]
            if values and max(values) >= 0.9 * threshold and values[-1] < 0.9 * max(values):
                fell.append(f"{CONDITIONS[c][0]}, seed {s}: best {fmt(max(values))}, end {fmt(values[-1])}")
    if not fell:
        return f"none of the {made} runs above came within 10% of {threshold} and then ended more than 10% below its best"
    return (f"{len(fell)} of the {made} runs above came within 10% of {threshold} and then ended more than 10% below their best ("
            + "; ".join(fell) + ")")


def reference_summary(condition, threshold):
    steps = []
    for s in SEEDS:
        rows = metrics(condition, s)
        hit = first_solved(rows, threshold) if rows else None
        if hit is not None:
            steps.append(hit["env_steps"])
    return (f"got there in {len(steps)} of {len(SEEDS)} seeds, after " + ", ".join(f"{x:,}" for x in sorted(steps))
            + " steps") if steps else "did not get there"


def per_seed_table(condition):
    """Per seed: the labels' agreement with the true returns, the learned reward per step and the true return, at the end."""
    lines = ["| seed | labels agreeing with the true returns (ties 1/2) | learned reward per step at the end | true return at the end |",
             "|---|---|---|---|"]
    for s in SEEDS:
        rows = metrics(condition, s) or []
        labeled = [r for r in rows if r.get("labelers/agreement") is not None]
        if not labeled:
            lines.append(f"| {s} | – | – | – |")
            continue
        total = sum(r["feedback/labels_new"] for r in labeled)
        agree = sum(r["labelers/agreement"] * r["feedback/labels_new"] for r in labeled) / total
        last = rows[-1]
        lines.append(f"| {s} | {agree:.3f} | {last['episode_return_mean'] / last['episode_length_mean']:.2f} | {fmt(true_return(last))} |")
    return "\n".join(lines)


def agreement_table(conditions):
    lines = ["| condition | labels agreeing with the true returns (ties 1/2) | reward model pair accuracy (last round) |",
             "|---|---|---|"]
    for c in conditions:
        agree, acc = [], []
        for s in SEEDS:
            rows = metrics(c, s) or []
            labeled = [r for r in rows if r.get("labelers/agreement") is not None]
            if labeled:
                total = sum(r["feedback/labels_new"] for r in labeled)
                agree.append(sum(r["labelers/agreement"] * r["feedback/labels_new"] for r in labeled) / total)
                acc.append(labeled[-1]["rm/pair_accuracy"])
            else:
                agree.append(None)
                acc.append(None)
        lines.append(f"| {CONDITIONS[c][0]} | {spread(agree, 3)} | {spread(acc, 3)} |")
    return "\n".join(lines)


NOTE_TEXT = """<!-- written whole by scripts/control-feedback.py: edit the script, not this file -->
# Human feedback on the control worlds

Preference-based RL (Christiano et al. 2017) on AlignSim's exact CartPole-v1 and Acrobot-v1: simulated labelers
compare pairs of {segment}-step segments of the current policy's rollouts by the world's true return over the segment,
through the same labeler strategies as ChatWorld's (`feedback.labelers`, [LABELERS.md](LABELERS.md)); a reward model
over (observation, action) learns the comparisons with the Bradley-Terry loss on segment sums; PPO learns from its
reward only. Labels come as in the paper: {initial_share} of the budget on the first rollout (the untrained policy), the
rest at a rate falling as 1 / (1 + steps / {decay:,}). Every number below was written by `scripts/control-feedback.py` from
the runs in `{runs_dir}/` (seeds {seeds}); the true-reward PPO run is the first line of every table.
Cells are the mean over seeds (min–max); "true return" is the mean of the last 100 episodes' true returns
(`objective/true_return`).

Settings: `examples/cartpole-preferences.conf` ({ppo}; {cartpole_steps:,} steps), a labeler with Boltzmann noise
T = {temperature} (a segment one step longer alive is preferred with probability {one_step:.2f}), a reward model of
{rm_hidden} tanh units trained {rm_epochs} per round on the new comparisons and {replay} replayed stored ones,
its output divided by its root mean square on the latest rollout.

**In short.** Preference-based PPO reached a true return of {solved} on CartPole {summary}; PPO on the true reward
{reference_summary}. The best true return of each run that did not get there is in the second table.

## CartPole: true return against the number of labels

{curve_labels}

## CartPole: labels to reach {solved}

First iteration whose true return (last 100 episodes) is at least {solved}: the labels given by then, the env steps
and the wall-clock seconds ({machine}: indicative only); "best" is the highest true return of a run that never got
there.

{solved_labels}

What the reward model learned: its reward per step at the end of each run (the learned return of the last 100
episodes over their length; the output is divided by its root mean square, so 1 means a reward that is the same in
every state):

{size_labels}

A reward per step close to 1 means a reward nearly level across the states the policy visits: what the comparisons
taught is mostly that staying alive is good (segments that end in a failure are shorter and lose), which on CartPole is
all the true reward says. The differences between states are small beside that level, and where they point the wrong
way the policy can drift: {fell_back}.

## CartPole: noisy labelers

The same 1,000 labels from a labeler whose choices are flipped with probability 10% or 25% (AlpacaFarm's flips, the
`flip` strategy after Boltzmann noise).

{curve_flips}

{solved_flips}

{agreement}

On CartPole two segments in which the pole stays up have the same true return, so a labeler can only guess between
them: only segments in which an episode ends carry information, and once the policy balances most pairs are ties.
Agreement counts a tie as one half (a noiseless labeler facing only ties would score 0.5), and the reward model cannot
fit coin flips, which is why its pair accuracy on its own training comparisons stays well below 1 for every labeler.

## CartPole: random against disputed pairs

An ensemble of three reward models; 500 labels on random pairs, or on the pairs the members dispute most (the
variance over members of the probability that the first segment is preferred) among four times as many random ones.

{curve_selection}

{solved_selection}

Reaching {solved}: {summary_selection}.

## Settings tried: the reward's scale

The reward model's output is divided by its root mean square on the latest rollout. Dividing by its standard deviation
instead (as the offset is kept in both, that is the only difference) was tried first:

{curve_scale}

{solved_scale}

{size_scale}

A reward model on CartPole learns mostly a level (staying alive is good) with small differences between states. Divided
by their spread, the rewards per step become far larger than divided by their root mean square (about 1 per step, the
true reward's size; table above), so returns and values grow with them, and PPO's value loss, clipped at 0.2 around the
old values, follows them only slowly.

## Acrobot

`examples/acrobot-preferences.conf`: CleanRL's PPO (examples/acrobot.conf) for 200,000 steps, 1,000 labels; the
threshold below is a true return of {acrobot_solved} (CleanRL publishes {cleanrl_acrobot} for its PPO after 500,000 steps). Acrobot's reward is -1 a
step until the tip swings up, so only segments in which an episode ends (a success) differ in true return.

{curve_acrobot}

{solved_acrobot}

{per_seed_acrobot}

Where the untrained policy's segments hold no success, every pair is a tie: the labels agree with the true returns
exactly half the time (all coin flips), the reward model learns a level of either sign and a shape from nothing (a
positive level even pays the policy never to swing up), and the policy never swings up. Where successes show up in the segments, the comparisons teach a negative
reward per step, as the true one, and the policy learns to swing up. Preferences on worlds whose reward is informative
only at the end of an episode need segments that reach it (longer segments, or comparisons of whole episodes).

## TAMER

`feedback.mode = tamer` (Knox and Stone 2009; `examples/cartpole-tamer.conf`) runs no PPO and no reward model of
segments. The one labeler of `feedback.labelers` (TAMER takes exactly one) judges every action the agent takes, through its strategy
(`SegmentLabeler.score`), from the action's true advantage: the world's true return over the next
`feedback.tamer.horizon` steps after the action, under the agent's current greedy policy, minus its mean over the
actions (the world is exact and deterministic given its state, so copies of it replay each branch). A judgement
arrives `feedback.tamer.delay` steps after its action and is credited uniformly to the last
`feedback.tamer.credit_window` steps of the episode (`CreditAssignment`); after each episode `TamerLearner` regresses
the credited judgements of the most recent `feedback.tamer.memory` steps on (observation, action), and the agent acts
greedily on its estimate H(s, a). An episode is an iteration; the run ends with the episode that reaches
`total_timesteps`. Each line of `metrics.jsonl` holds `objective/true_return` (and `episode_return_mean`: the true
return of the last 100 episodes), `episode/true_return` (this episode's) and `feedback/judgements` (so far: one per
step). TAMER's coordinator is a plain loop (`TamerRun`), not actors: acting, judging and learning alternate one step
at a time, with nothing to run in parallel. A TAMER run keeps no checkpoint, and `resume` refuses it (exit 2).
Only discrete worlds (CartPole, Acrobot); Pendulum is refused.

TAMER on CartPole (`examples/cartpole-tamer.conf`: a labeler with Boltzmann noise T = {tamer_temperature} on the
advantage over {tamer_horizon} steps, judgements {tamer_delay}, a {tamer_hidden}-unit learner, {tamer_steps:,} steps) beside PPO on the true reward
(`examples/cartpole-fast.conf`). True return (last 100 episodes) against the wall-clock seconds of the run
({machine}: indicative only; "–" where a run had ended or not yet reported):

{tamer_wall}

Against the number of judgements, and PPO's at as many env steps (each of its steps brings it one true reward):

{tamer_judgements}

At the end: {tamer_ends}.

A judgement of every action is far richer than one true reward per step (it says which action was better, not only
that the pole is still up), so TAMER climbs faster than PPO early, per step and per second. It then stalls and varies
from seed to seed: an advantage over {tamer_horizon} steps is zero wherever both actions keep the pole up that long, so the
judgements say little once the agent balances, and acting greedily on them is myopic by design. Longer horizons,
delays and noisier labelers are settings (`feedback.tamer.*`) not yet compared here.

## Reproduce

```bash
scripts/control-feedback.py          # {runs} runs, CONTROL_FEEDBACK_JOBS at a time (default 2); then writes this file
```
"""


def write_note():
    cart = ["ppo-true"]
    acro = ["acrobot-ppo-true", "acrobot-labels-1000"]
    s, tamer = settings("labels-1000"), settings("tamer")
    temperature = (s.get("feedback.labelers") or [{}])[0].get("params", {}).get("temperature")
    tamer_labeler = (tamer.get("feedback.labelers") or [{}])[0].get("params", {})
    delay = tamer.get("feedback.tamer.delay")
    text = NOTE_TEXT.format(
        cartpole_steps=s.get("total_timesteps", CARTPOLE_STEPS), solved=SOLVED, runs=len(CONDITIONS) * len(SEEDS),
        runs_dir=F.rel(RUNS), seeds=", ".join(str(x) for x in SEEDS), segment=s.get("feedback.segment_length", "?"), decay=s.get("feedback.label_decay_steps", 0),
        initial_share=F.pct(s["feedback.initial_labels"] / s["feedback.labels"], 0) if s else "?",
        ppo=(f"PPO: {s['num_envs']} envs × {s['num_steps']} steps, {s['ppo.update_epochs']} epochs, γ {s['ppo.gamma']}, "
             f"λ {s['ppo.gae_lambda']}, lr {s['ppo.learning_rate']}{' annealed' if s['ppo.anneal_lr'] else ''}") if s else "PPO",
        temperature=temperature, one_step=1 / (1 + math.exp(-1 / temperature)) if temperature else float("nan"),
        rm_hidden="-".join(str(h) for h in s.get("feedback.rm.hidden", [])), rm_epochs=("one epoch" if s.get("feedback.rm.epochs") == 1 else f"{s.get('feedback.rm.epochs')} epochs"),
        replay=s.get("feedback.replay"), fell_back=fell_back(["labels-200", "labels-500", "labels-1000", "labels-2000"], SOLVED),
        machine=f"{os.cpu_count()} cores, {parallel_runs()}",
        acrobot_solved=F.num(ACROBOT_SOLVED, 0), cleanrl_acrobot=F.num(CLEANRL_ACROBOT),
        tamer_temperature=tamer_labeler.get("temperature"), tamer_horizon=tamer.get("feedback.tamer.horizon"),
        tamer_delay="without delay" if not delay else f"{delay} steps late",
        tamer_hidden="-".join(str(h) for h in tamer.get("feedback.tamer.hidden", [])), tamer_steps=tamer.get("total_timesteps", 0),
        summary=summary(["labels-200", "labels-500", "labels-1000", "labels-2000"], SOLVED),
        reference_summary=reference_summary("ppo-true", SOLVED),
        curve_labels=curve_table(cart + ["labels-200", "labels-500", "labels-1000", "labels-2000"], MILESTONES),
        solved_labels=solved_table(cart + ["labels-200", "labels-500", "labels-1000", "labels-2000"], SOLVED),
        size_labels=reward_size_table(["labels-200", "labels-500", "labels-1000", "labels-2000"]),
        curve_flips=curve_table(cart + ["labels-1000", "flip-10", "flip-25"], MILESTONES),
        solved_flips=solved_table(cart + ["labels-1000", "flip-10", "flip-25"], SOLVED),
        agreement=agreement_table(["labels-1000", "flip-10", "flip-25"]),
        curve_selection=curve_table(cart + ["random-ens3", "disagreement-ens3"], MILESTONES),
        solved_selection=solved_table(cart + ["random-ens3", "disagreement-ens3"], SOLVED),
        curve_scale=curve_table(cart + ["labels-1000", "std-scale"], MILESTONES),
        solved_scale=solved_table(cart + ["labels-1000", "std-scale"], SOLVED),
        size_scale=reward_size_table(["labels-1000", "std-scale"]),
        curve_acrobot=curve_table(acro, ACROBOT_MILESTONES),
        per_seed_acrobot=per_seed_table("acrobot-labels-1000"),
        summary_selection=summary(["random-ens3", "disagreement-ens3"], SOLVED),
        solved_acrobot=solved_table(acro, ACROBOT_SOLVED),
        tamer_wall=marks_table(["ppo-true", "tamer"], "wall_s", WALL_MARKS, "s"),
        tamer_judgements=tamer_judgements_table(),
        tamer_ends=tamer_ends())
    with open(NOTE, "w") as f:
        f.write(text)
    label = f"{F.rel(NOTE)} (whole file)"
    print(f"rewrote {label}", flush=True)
    if os.environ.get("FIGURES_LOG"):
        with open(os.environ["FIGURES_LOG"], "a") as f:
            f.write(label + "\n")


def main(argv):
    failures = 0
    if "--report" not in argv:
        os.makedirs(RUNS, exist_ok=True)
        jobs = [(c, s) for c in CONDITIONS for s in SEEDS]
        with ThreadPoolExecutor(max_workers=max(1, JOBS)) as pool:
            failures = sum(pool.map(lambda job: run(*job), jobs))
    write_note()
    return 1 if failures else 0


if __name__ == "__main__":
    if {"-h", "--help"} & set(sys.argv[1:]):
        sys.exit(print(__doc__))
    sys.exit(main(sys.argv[1:]))

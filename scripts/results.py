#!/usr/bin/env python3
"""Writes the control-world figures of docs/RESULTS.md from runs it makes (or finds) in runs/results/: every control
example for seeds 1 2 3 (and Pendulum with RL Zoo's learning rate and rollout for the first seed).

    scripts/results.py [EXAMPLE...]     default: cartpole cartpole-fast acrobot pendulum; section control-EXAMPLE each

The tables are `alignsim summary` of the runs; means, settings and targets are read from the runs' metrics.jsonl and
config.conf. A run already complete is kept, a partial one resumed (scripts/figlib.py, which lists the environment).
"""
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import figlib as F  # noqa: E402

DOC = "RESULTS.md"
SCRIPT = "scripts/results.py"
# Per example: the target a run should reach, and the published figure it is set against (what, mean, std), if any.
EXAMPLES = {
    "cartpole": {"threshold": 475, "published": ("CleanRL publishes", 490.04, 6.12)},
    "cartpole-fast": {"threshold": 475, "published": None},
    "acrobot": {"threshold": -100, "published": ("CleanRL publishes", -86.36, 1.32)},
    "pendulum": {"threshold": -600, "published": None},
}
RLZOO = ["--set", "ppo.learning_rate=1e-3", "--set", "num_steps=1024", "--set", "ppo.num_minibatches=64"]


def example_runs(ex):
    return [(f"{ex}-seed{s}", ["--config", f"examples/{ex}.conf", "--set", f"seed={s}"]) for s in F.SEEDS]


def rlzoo_run():
    return (f"pendulum-rlzoo-seed{F.SEEDS[0]}", ["--config", "examples/pendulum.conf", *RLZOO, "--set", f"seed={F.SEEDS[0]}"])


def settings_text(run):
    s = run.settings
    batch = s["num_envs"] * s["num_steps"]
    iterations = s["total_timesteps"] // batch
    return (f"{s['num_envs']} envs × {s['num_steps']} steps ({F.num(iterations, 0)} iterations of {batch}: "
            f"{F.num(iterations * batch, 0)} steps), {s['ppo.num_minibatches']} minibatch{'es' if s['ppo.num_minibatches'] > 1 else ''} of "
            f"{batch // s['ppo.num_minibatches']}, {s['ppo.update_epochs']} epochs, γ {s['ppo.gamma']}, λ {s['ppo.gae_lambda']}, "
            f"lr {s['ppo.learning_rate']}{' annealed' if s['ppo.anneal_lr'] else ''}, entropy coefficient {s['ppo.ent_coef']}"
            + (", observation and reward normalisation" if s.get("normalize_observations") and s.get("normalize_rewards") else ""))


def final_return(run):
    lines = run.control()
    if not lines:
        raise F.Missing(f"{F.rel(run.metrics)}: no iterations")
    return lines[-1]["episode_return_mean"]


def section(ex):
    spec = EXAMPLES[ex]
    runs = [F.load(name) for name, _ in example_runs(ex)]
    threshold = spec["threshold"]
    args = ["summary"] + (["--threshold", str(threshold)] if ex.startswith("cartpole") else []) + [r.dir for r in runs]
    table = F.alignsim(*args).strip().replace(F.RUNS + "/", "")
    finals = [final_return(r) for r in runs]
    met = sum(1 for f in finals if f is not None and f >= threshold)
    text = (f"Settings (`examples/{ex}.conf`): {settings_text(runs[0])}. Target: a final mean return ≥ {F.num(threshold, 0)} on "
            f"each seed; met by {met} of {len(runs)}.")
    if spec["published"]:
        who, mean, std = spec["published"]
        text += f" {who} {F.num(mean)} ± {F.num(std)}."
    text += f"\n\n{table}\n\nMean {F.num(statistics.fmean(finals))} ± {F.num(statistics.pstdev(finals))} (population standard deviation over the seeds)."
    if ex == "pendulum":
        first = next((line["episode_return_mean"] for line in runs[0].control() if "episode_return_mean" in line), None)
        zoo = F.load(rlzoo_run()[0])
        text += (f" The first episodes of seed {runs[0].setting('seed')}, by the untrained policy, average {F.num(first)} (its "
                 f"first metrics line with finished episodes). RL Zoo's own learning rate and rollout length (`{' '.join(RLZOO)}`, "
                 f"without RL Zoo's gSDE exploration) end at {F.num(final_return(zoo))} on seed {zoo.setting('seed')}.")
    return text


def main(argv):
    examples = argv or list(EXAMPLES)
    unknown = [e for e in examples if e not in EXAMPLES]
    if unknown:
        sys.exit(f"unknown example {unknown[0]!r}; expected some of: {' '.join(EXAMPLES)}")
    runs = [r for ex in examples for r in example_runs(ex)] + ([rlzoo_run()] if "pendulum" in examples else [])
    failures = F.make(runs)
    failures += F.sections(DOC, SCRIPT, [(f"control-{ex}", lambda ex=ex: section(ex)) for ex in examples])
    return 1 if failures else 0


if __name__ == "__main__":
    if {"-h", "--help"} & set(sys.argv[1:]):
        sys.exit(print(__doc__))
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""Writes the figures of docs/PERFORMANCE.md from runs and benchmarks it makes (or finds).

    scripts/perf-results.py [PART...]     default: every part

Parts and the sections they rewrite:
    machine   perf-machine        the machine the figures were taken on (CPU, cores, memory, Java, libtorch, load)
    phases    perf-phases         where a control-world iteration's time goes (`alignsim summary --phases` of the
                                  first seed's runs of scripts/results.py)
    rlhf      perf-rlhf           the phase split of an rlhf-quick PPO iteration (generate, score, train, label, commit),
                                  seconds and shares, from the runs' perf/* fields; whole-run durations; overoptimization
    inspect   perf-inspect        bytes per transition in a CartPole run's store (`alignsim inspect`)
    reports   perf-reports        `alignsim report` timed and weighed by scripts/report-perf.sh on a 500-iteration
                                  rlhf-quick run, a CartPole run and an rlhf-quick run
    targets   perf-targets        bench/run e2e-throughput and e2e-solve against the foundation issue's targets
    jmh       perf-jmh, perf-jmh-sequence, perf-store   JMH micro-benchmarks (bench/run jmh)
    settings  perf-settings       CartPole with one and two PyTorch threads

Budgets (environment): PERF_E2E_SEEDS (default "1 2 3"), PERF_JMH_ARGS (default "-f 1 -wi 3 -w 1 -i 5 -r 2"),
PERF_JMH_SEQUENCE_ARGS ("-f 1 -wi 3 -w 2 -i 5 -r 2"), PERF_JMH_STORE_ARGS ("-f 2 -wi 5 -w 1 -i 10 -r 1"),
PERF_REPORT_ITERATIONS (PPO iterations of the long run whose report is timed, default 500); and those of
scripts/figlib.py. Timing figures depend on what else the machine is doing: perf-machine records the load.
"""
import importlib.util
import os
import platform
import re
import shlex
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import figlib as F  # noqa: E402


def _module(name, file):
    spec = importlib.util.spec_from_file_location(name, os.path.join(HERE, file))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CONTROL = _module("control_results", "results.py")
RLHF = _module("rlhf_results", "rlhf-results.py")
DOC = "PERFORMANCE.md"
SCRIPT = "scripts/perf-results.py"
E2E_SEEDS = F.env_list("PERF_E2E_SEEDS", ["1", "2", "3"])
JMH_ARGS = shlex.split(os.environ.get("PERF_JMH_ARGS", "-f 1 -wi 3 -w 1 -i 5 -r 2"))
JMH_SEQUENCE_ARGS = shlex.split(os.environ.get("PERF_JMH_SEQUENCE_ARGS", "-f 1 -wi 3 -w 2 -i 5 -r 2"))
JMH_STORE_ARGS = shlex.split(os.environ.get("PERF_JMH_STORE_ARGS", "-f 2 -wi 5 -w 1 -i 10 -r 1"))
REPORT_ITERATIONS = F.env_int("PERF_REPORT_ITERATIONS", 500)
# The foundation issue's targets.
THROUGHPUT_TARGET = 10000
SOLVE_TARGET_S = 30
STORE_TARGET = 1.3


_built = []


def bench(*args):
    """bench/run ARGS: its standard output (the bench module is built by the first call only)."""
    command = [os.path.join(F.ROOT, "bench", "run"), *args]
    print(f"  bench/run {' '.join(shlex.quote(a) for a in args)}", flush=True)
    env = dict(os.environ, **({"BENCH_SKIP_BUILD": "1"} if _built else {}))
    result = subprocess.run(command, cwd=F.ROOT, capture_output=True, text=True, env=env)
    _built.append(True)
    if result.returncode != 0:
        raise F.Failed(f"bench/run {' '.join(args)} exited {result.returncode}: {result.stderr.strip()[-800:]}")
    return result.stdout


def first_seed(ex):
    return CONTROL.example_runs(ex)[0]


# ---------------------------------------------------------------------------------------------------------------------

def machine():
    model = memory = load = None
    try:
        with open("/proc/cpuinfo") as f:
            model = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), None)
        with open("/proc/meminfo") as f:
            kb = next((int(line.split()[1]) for line in f if line.startswith("MemTotal")), None)
            memory = kb / 1024 / 1024 if kb else None
        with open("/proc/loadavg") as f:
            load = f.read().split()[:3]
    except OSError:
        load = None
    cores = os.cpu_count()
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()
    engine = None
    for name in (RLHF.quick_runs()[0][0], first_seed("cartpole")[0]):
        path = os.path.join(F.run_dir(name), "alignsim.log")
        if os.path.isfile(path):
            with open(path, errors="replace") as f:
                m = next((re.search(r"engine (PyTorch [0-9.]+)", line) for line in f if "engine PyTorch" in line), None)
                engine = m.group(1) if m else None
            if engine:
                break
    return (f"Figures of this file were taken on: {model or 'an unknown CPU'}, {cores} cores as the OS counts them, "
            f"{F.num(memory, 0) if memory else '?'} GiB of memory, {platform.system()} {platform.release()}, "
            f"{java[0] if java else 'Java'}" + (f", {engine} (CPU, one PyTorch thread unless said)" if engine else "")
            + (f"; load average {', '.join(load)} (1, 5, 15 minutes) when this section was written" if load else "")
            + ". The machine may be shared: compare figures taken together.")


# ---------------------------------------------------------------------------------------------------------------------

def phases():
    names = [first_seed(ex)[0] for ex in CONTROL.EXAMPLES]
    runs = [F.load(n) for n in names]
    table = F.alignsim("summary", "--phases", *[r.dir for r in runs]).strip()
    shares = []
    for r in runs:
        lines = r.control()[1:]
        if not lines:
            raise F.Missing(f"{F.rel(r.metrics)}: fewer than 2 iterations")
        wall = (r.control()[-1]["wall_s"] - r.control()[0]["wall_s"]) / len(lines)
        shares.append({k: F.mean(line[f"perf/{k}_s"] for line in lines) / wall for k in ("rollout", "values", "train")})
    other = [1 - sum(s.values()) for s in shares]
    return (f"```\n$ ./alignsim summary --phases {' '.join(F.rel(r.dir) for r in runs)}\n```\n\n{table}\n\n"
            f"Training is {F.spread([s['train'] for s in shares], 0, 100)}% of an iteration, acting (rollout) "
            f"{F.spread([s['rollout'] for s in shares], 0, 100)}%; messaging, GAE and storage together (\"other\") "
            f"{F.spread(other, 0, 100)}%.")


# ---------------------------------------------------------------------------------------------------------------------

PHASES = ("generate", "score", "train", "label", "commit")


def rlhf_split(run):
    """Mean seconds per PPO iteration (all but the first) of each phase, 'other' and the total, as `alignsim summary
    --rlhf` computes them: total = wall_s + the commit measured by the next iteration; label averaged over all
    iterations (0 where none); also the labeling round's own mean and the tokens per second."""
    steady = run.ppo()[1:]
    if not steady:
        raise F.Missing(f"{F.rel(run.metrics)}: fewer than 2 ppo iterations")
    rounds = [line for line in steady if "rm/accuracy_gold" in line or "labelers/agreement" in line]
    labelled = [line for line in steady if "perf/label_s" in line]
    if rounds and not labelled:
        F.missing("perf/label_s", f"{F.rel(run.metrics)}: the labeling iterations")
    out = {k: F.mean(line[f"perf/{k}_s"] for line in steady) for k in ("generate", "score", "train")}
    out["label"] = sum(line.get("perf/label_s", 0) for line in steady) / len(steady)
    commits = [line["perf/previous_commit_s"] for line in steady]
    out["commit"] = F.mean(commits)
    out["total"] = None if out["commit"] is None else F.mean(line["wall_s"] for line in steady) + out["commit"]
    out["other"] = None if None in out.values() else out["total"] - sum(out[k] for k in PHASES)
    out["round"] = F.mean(line["perf/label_s"] for line in labelled) if labelled else None
    out["generated"] = F.mean(line["perf/tokens_per_s"] for line in steady)
    out["trained"] = F.mean(line["perf/trained_tokens_per_s"] for line in steady)
    out["averaged"] = f"{steady[0]['ppo/iteration']}..{steady[-1]['ppo/iteration']}"
    out["iterations"] = len(steady) + 1
    return out


def done_seconds(run):
    """The whole run's seconds from its log's `done:` line(s): several when it was resumed."""
    found = run.log_lines(r"alignsim - done: .* in ([0-9.]+) s")
    return sum(float(m.group(1)) for m in found) if found else None, len(found)


def rlhf():
    names = [n for n, _ in RLHF.quick_runs()]
    runs = [F.load(n) for n in names]
    rows = []
    splits = []
    for r in runs:
        s = rlhf_split(r)
        splits.append(s)
        cell = lambda k: "–" if s[k] is None or s["total"] is None else f"{F.num(1e3 * s[k], 1)} ({F.pct(s[k] / s['total'], 0)})"  # noqa: E731
        rows.append([r.name, s["iterations"], s["averaged"], *[cell(k) for k in PHASES], cell("other"),
                     F.num(None if s["total"] is None else 1e3 * s["total"], 1), F.num(s["generated"], 0), F.num(s["trained"], 0)])
    s0 = runs[0].settings
    text = (f"Means over the PPO iterations of `scripts/rlhf-results.py`'s rlhf-quick runs but the first (engine warm-up), milliseconds "
            f"per iteration of {s0['chat.ppo.batch_prompts']} prompts and, in brackets, the share of the iteration (from the "
            "runs' `perf/generate_s`, `perf/score_s`, `perf/train_s`, `perf/label_s`, `perf/previous_commit_s` and `wall_s`; "
            "`./alignsim summary --rlhf DIR...` prints the same means):\n\n"
            + F.table(["run", "ppo iterations", "averaged", "generate", "score", "train", "label", "commit", "other", "total",
                       "generated tokens/s", "PPO-trained tokens/s"], rows))
    rounds = [s["round"] for s in splits if s["round"] is not None]
    if rounds:
        text += (f"\n\nA labeling round (every {s0['chat.ppo.label_every']} iterations: generation of "
                 f"{s0['chat.ppo.label_prompts']} × {s0['chat.label.k']} answers, ranking by the Labeler actors, scoring, "
                 f"reward-model training) takes {F.spread([1e3 * x for x in rounds], 0)} ms; the label column spreads it over "
                 "every iteration.")
    durations = [done_seconds(r) for r in runs]
    if all(d is not None and n == 1 for d, n in durations):
        text += (f" A whole rlhf-quick run (SFT, labels, reward model, {s0['chat.ppo.iterations']} PPO iterations) took "
                 f"{F.spread([d for d, _ in durations], 1)} s (the `done:` line of each run's log).")
    over = [F.load(n) for n, _ in RLHF.overopt_runs()]
    osplits = [rlhf_split(r) for r in over]
    text += (f"\n\nThe overoptimization runs (responses up to {over[0].setting('chat.model.response_length')} tokens, no labeling "
             f"rounds): {F.spread([None if s['total'] is None else 1e3 * s['total'] for s in osplits], 0)} ms per iteration, "
             f"{F.spread([s['generated'] for s in osplits], 0)} generated tokens/s, "
             f"{F.spread([s['trained'] for s in osplits], 0)} PPO-trained tokens/s.")
    check_summary(runs, splits)
    return text


def check_summary(runs, splits):
    """`alignsim summary --rlhf` should print the same totals; a difference is said on standard error."""
    try:
        out = F.alignsim("summary", "--rlhf", *[r.dir for r in runs])
    except F.Failed as e:
        print(f"  (summary --rlhf not compared: {e})", file=sys.stderr)
        return
    for r, s in zip(runs, splits):
        row = next((line for line in out.splitlines() if line.startswith(f"| {r.name} |")), None)
        if row and s["total"] is not None:
            total = float(row.split("|")[10])
            if abs(total - 1e3 * s["total"]) > 0.11:
                print(f"  warning: {r.name}: summary --rlhf's total {total} ms, this script's {1e3 * s['total']:.1f} ms", file=sys.stderr)


# ---------------------------------------------------------------------------------------------------------------------

def inspect():
    name = first_seed("cartpole")[0]
    run = F.load(name)
    out = F.alignsim("inspect", run.dir)
    row = next((line for line in out.splitlines() if line.startswith("| experience |")), None)
    per = next((line for line in out.splitlines() if line.startswith("experience:")), None)
    if not row or not per:
        raise F.Failed(f"alignsim inspect {F.rel(run.dir)}: no experience row or bytes-per-transition line in its output")
    store = os.path.join(run.dir, "store")
    size = sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(store) for f in files)
    m = re.search(r"([0-9.]+) bytes per transition \(keys \+ values\), ([0-9.]+) in SST files", per)
    return (f"```\n$ ./alignsim inspect {F.rel(run.dir)}\n...\n{row}\n...\n{per}\n```\n\n"
            + (f"{m.group(1)} bytes of keys and values per transition, {m.group(2)} in LZ4-compressed SST files. " if m else "")
            + f"The whole store of that run is {F.num(size / 1e6, 1)} MB ({F.num(run.control()[-1]['env_steps'], 0)} steps).")


# ---------------------------------------------------------------------------------------------------------------------

def reports():
    long_name = f"rlhf-{REPORT_ITERATIONS}"
    long_args = ["--config", "examples/rlhf-quick.conf", "--set", f"chat.ppo.iterations={REPORT_ITERATIONS}"]
    if F.make([(long_name, long_args)]):
        raise F.Failed(f"the {REPORT_ITERATIONS}-iteration run could not be made")
    others = [first_seed("cartpole")[0], RLHF.quick_runs()[0][0]]
    for n in others:
        F.load(n)  # says which is missing
    dirs = [F.run_dir(n) for n in [long_name] + others]
    print("  scripts/report-perf.sh", " ".join(F.rel(d) for d in dirs), flush=True)
    result = subprocess.run([os.path.join(HERE, "report-perf.sh"), *dirs], cwd=F.ROOT, capture_output=True, text=True)
    if result.returncode not in (0, 1):
        raise F.Failed(f"scripts/report-perf.sh exited {result.returncode}: {result.stderr.strip()[-500:]}")
    pattern = re.compile(r"^(.*): (\d+) metrics lines, report in ([0-9.]+) s \(best of 3; user CPU ([0-9.]+) s\), (\d+) bytes")
    rows, measured = [], {}
    for line in result.stdout.splitlines():
        m = pattern.match(line)
        if m:
            measured[m.group(1)] = (int(m.group(2)), float(m.group(3)), float(m.group(4)), int(m.group(5)))
    if len(measured) != len(dirs):
        raise F.Failed(f"scripts/report-perf.sh printed {len(measured)} of {len(dirs)} lines:\n{result.stdout}{result.stderr}")
    baseline = jvm_baseline()
    titles = [f"ChatWorld, rlhf-quick with {len(F.Run(dirs[0]).ppo())} PPO iterations", "CartPole-v1, `examples/cartpole.conf`",
              "ChatWorld, rlhf-quick"]
    made_with = " ".join(shlex.quote(a) for a in F.read_record(dirs[0]).get("args", long_args))
    for title, d in zip(titles, dirs):
        lines, wall, user, size = measured[d]
        rows.append([title, lines, f"{F.num(wall, 2)} s", f"{F.num(user, 1)} s", f"{F.num(size / 1e6, 2)} MB",
                     "yes" if wall < 5 and size < 5e6 else "**no**"])
    shown = result.stdout.strip().replace(F.ROOT + "/", "")
    (l500, _, _, b500), (lq, _, _, bq) = measured[dirs[0]], measured[dirs[2]]
    per_line = (b500 - bq) / (l500 - lq) if l500 != lq else None
    with open("/proc/loadavg") as f:
        load = f.read().split()[0]
    return (f"```\n$ ./alignsim run {made_with} --out {F.rel(dirs[0])}\n"
            f"$ scripts/report-perf.sh {' '.join(F.rel(d) for d in dirs)}\n{shown}\n```\n\n"
            + F.table(["run", "metrics lines", "time, best of 3", "CPU (user)", "size", "under 5 s and 5 MB"], rows)
            + f"\n\nThe JVM's start and the command line alone (`./alignsim --version`, best of 3) take {F.num(baseline[0], 2)} s "
            f"({F.num(baseline[1], 1)} s of user CPU). The load average (1 minute) was {load} after the measurement."
            + (f" The report grows by about {F.num(per_line, 0)} bytes per metrics line (the long run's against rlhf-quick's)."
               if per_line else ""))


def jvm_baseline():
    best = None
    for _ in range(3):
        before = os.times()
        start = __import__("time").time()
        subprocess.run([F.ALIGNSIM, "--version"], cwd=F.ROOT, capture_output=True)
        wall = __import__("time").time() - start
        after = os.times()
        user = after.children_user - before.children_user
        if best is None or wall < best[0]:
            best = (wall, user)
    return best


# ---------------------------------------------------------------------------------------------------------------------

def targets():
    throughput = bench("e2e-throughput", *E2E_SEEDS)
    solve = bench("e2e-solve", *E2E_SEEDS)
    t_lines = throughput.split("---")[-1].strip().splitlines()
    s_lines = solve.split("---")[-1].strip().splitlines()
    rates = [float(m.group(1)) for m in (re.search(r"= ([0-9.]+) steps/s", l) for l in t_lines) if m]
    solved = []
    for line in s_lines:
        m = re.search(r"after ([0-9.]+|NaN) s", line)
        solved.append(None if not m or m.group(1) == "NaN" else float(m.group(1)))
    if len(rates) != len(E2E_SEEDS) or len(solved) != len(E2E_SEEDS):
        raise F.Failed(f"bench/run printed unexpected lines:\n{throughput}\n{solve}")
    seeds = ("seed " if len(E2E_SEEDS) == 1 else "seeds ") + ", ".join(E2E_SEEDS)
    rows = [["CartPole-v1, CleanRL's hyper-parameters, env steps per second over a whole run", f"≥ {F.num(THROUGHPUT_TARGET, 0)}",
             " / ".join(F.num(r, 0) for r in rates) + f" ({seeds})", "met" if all(r >= THROUGHPUT_TARGET for r in rates) else "**not met**",
             "`bench/run e2e-throughput`"],
            ["wall time from start to solved (mean return ≥ 475), `examples/cartpole-fast.conf`", f"≤ {SOLVE_TARGET_S} s",
             " / ".join("not solved" if s is None else f"{F.num(s, 1)} s" for s in solved) + f" ({seeds})",
             "met" if all(s is not None and s <= SOLVE_TARGET_S for s in solved) else "**not met**", "`bench/run e2e-solve`"]]
    return (F.table(["what", "target", "measured", "", "command"], rows)
            + f"\n\n```\n$ bench/run e2e-throughput {' '.join(E2E_SEEDS)}\n" + "\n".join(t_lines)
            + f"\n\n$ bench/run e2e-solve {' '.join(E2E_SEEDS)}\n" + "\n".join(s_lines) + "\n```")


def jmh_scores(output):
    """Benchmark -> (score, error, unit) from JMH's result table."""
    scores = {}
    for line in output.splitlines():
        m = re.match(r"^(\w+)\.(\w+)\s+\w+\s+\d*\s+([0-9.]+)\s+(?:±\s+([0-9.]+)\s+)?(\S+)$", line.strip())
        if m:
            scores[f"{m.group(1)}.{m.group(2)}"] = (float(m.group(3)), float(m.group(4)) if m.group(4) else None, m.group(5))
    return scores


def jmh_block(args, output):
    table = output[output.rfind("Benchmark "):].strip() if "Benchmark " in output else output.strip()[-2000:]
    return f"```\n$ bench/run jmh {' '.join(shlex.quote(a) for a in args)}\n{table}\n```"


def need(scores, key):
    if key not in scores:
        raise F.Failed(f"JMH printed no score for {key}")
    return scores[key]


def jmh():
    args = ["ActingBenchmark|PpoUpdateBenchmark", *JMH_ARGS]
    out = bench("jmh", *args)
    sc = jmh_scores(out)
    cart = F.load(first_seed("cartpole")[0]).settings
    steps = cart["ppo.update_epochs"] * cart["ppo.num_minibatches"]
    policy_ms = need(sc, "PpoUpdateBenchmark.policyUpdate")[0]
    collect_us = need(sc, "ActingBenchmark.collect128Steps")[0]
    act_us = need(sc, "ActingBenchmark.actTwoEnvs")[0]
    phases_train = F.mean(line["perf/train_s"] for line in F.load(first_seed("cartpole")[0]).control()[1:])
    text = (jmh_block(args, out)
            + f"\n\n- `policyUpdate`: one iteration's policy training with CleanRL's settings ({cart['ppo.update_epochs']} epochs × "
            f"{cart['ppo.num_minibatches']} minibatches = {steps} Adam steps): {F.num(policy_ms / steps, 2)} ms per minibatch step. "
            f"`criticUpdate` is the same for the critic; the two run in parallel on their own threads, and the CartPole run's train "
            f"phase is {F.num(1e3 * phases_train, 1)} ms (perf-phases above).\n"
            f"- `collect128Steps`: one env runner's share of a default iteration (2 CartPoles × 128 steps) in plain Java: "
            f"{F.num(collect_us / 256, 1)} µs per transition; `actTwoEnvs`, the 64-64 MLP's forward for two observations: "
            f"{F.num(act_us / 2, 1)} µs per observation.")
    return text


def jmh_sequence():
    args = ["SequenceModelBenchmark", *JMH_SEQUENCE_ARGS]
    out = bench("jmh", *args)
    sc = jmh_scores(out)
    quick = F.load(RLHF.quick_runs()[0][0])
    s = quick.settings
    steps = s["chat.ppo.update_epochs"] * s["chat.ppo.num_minibatches"]
    split = rlhf_split(quick)
    return (jmh_block(args, out)
            + f"\n\n- `generate`: {F.num(need(sc, 'SequenceModelBenchmark.generate')[0], 2)} ms for a batch of responses token by token; "
            f"the rlhf-quick run's `perf/generate_s` averages {F.num(1e3 * split['generate'], 1)} ms.\n"
            f"- `policyUpdate`: one PPO update, {steps} Adam steps ({s['chat.ppo.update_epochs']} epochs × "
            f"{s['chat.ppo.num_minibatches']} minibatches): {F.num(need(sc, 'SequenceModelBenchmark.policyUpdate')[0] / steps, 2)} ms a "
            f"step; the run's train phase, policy and critic in parallel, averages {F.num(1e3 * split['train'], 1)} ms.")


def jmh_store():
    args = ["StoreBenchmark.(store|raw|decodeOnly)", *JMH_STORE_ARGS]
    out = bench("jmh", *args)
    sc = jmh_scores(out)
    sa, ra = need(sc, "StoreBenchmark.storeAppend")[0], need(sc, "StoreBenchmark.rawAppend")[0]
    sr, rr = need(sc, "StoreBenchmark.storeRead")[0], need(sc, "StoreBenchmark.rawRead")[0]
    decode = sc.get("StoreBenchmark.decodeOnly")
    rows = [["append (iterations/s; ×512 transitions)", F.num(sa, 0), F.num(ra, 0), f"{F.num(ra / sa, 2)}×", f"≤ {STORE_TARGET}×",
             "met" if ra / sa <= STORE_TARGET else "**not met**"],
            ["read (iterations/s)", F.num(sr, 0), F.num(rr, 0), f"{F.num(rr / sr, 2)}×", f"≤ {STORE_TARGET}×",
             "met" if rr / sr <= STORE_TARGET else "**not met**"]]
    text = (jmh_block(args, out) + "\n\n"
            + F.table(["", "store", "raw RocksDB", "store's cost (raw / store)", "target", ""], rows)
            + f"\n\nThat is {F.num(sa * 512 / 1e6, 1)} million transitions appended and {F.num(sr * 512 / 1e6, 0)} million read per "
            "second through the store.")
    if decode:
        us = 1e6 / decode[0] if decode[2] == "ops/s" else decode[0] if decode[2] == "us/op" else None
        if us is not None:
            text += f" `decodeOnly`: {F.num(us, 2)} µs to decode an iteration's two records."
    return text


def jmh_all():
    return F.sections(DOC, SCRIPT, [("perf-jmh", jmh), ("perf-jmh-sequence", jmh_sequence), ("perf-store", jmh_store)])


# ---------------------------------------------------------------------------------------------------------------------

def settings_runs():
    base = ["--config", "examples/cartpole.conf", "--set", f"seed={F.SEEDS[0]}"]
    return [("cartpole-threads1", base + ["--set", "torch_threads=1"]), ("cartpole-threads2", base + ["--set", "torch_threads=2"])]


def settings():
    rows = []
    for name, args in settings_runs():
        run = F.load(name)
        lines = run.control()
        rate = lines[-1]["env_steps"] / lines[-1]["wall_s"]
        rows.append([f"`torch_threads = {run.setting('torch_threads')}`", F.num(rate, 0)])
    return ("`examples/cartpole.conf`, seed " + str(F.SEEDS[0]) + ", one PyTorch intra-op thread or two (steps per second over the "
            "whole run, its last line's `env_steps / wall_s`):\n\n" + F.table(["setting", "steps/s"], rows))


# ---------------------------------------------------------------------------------------------------------------------

PARTS = {
    "machine": lambda: F.sections(DOC, SCRIPT, [("perf-machine", machine)]),
    "phases": lambda: F.make([first_seed(ex) for ex in CONTROL.EXAMPLES]) + F.sections(DOC, SCRIPT, [("perf-phases", phases)]),
    "rlhf": lambda: F.make(RLHF.quick_runs() + RLHF.overopt_runs()) + F.sections(DOC, SCRIPT, [("perf-rlhf", rlhf)]),
    "inspect": lambda: F.make([first_seed("cartpole")]) + F.sections(DOC, SCRIPT, [("perf-inspect", inspect)]),
    "reports": lambda: F.make([first_seed("cartpole"), RLHF.quick_runs()[0]]) + F.sections(DOC, SCRIPT, [("perf-reports", reports)]),
    "targets": lambda: F.sections(DOC, SCRIPT, [("perf-targets", targets)]),
    "jmh": lambda: F.make([first_seed("cartpole"), RLHF.quick_runs()[0]]) + jmh_all(),
    "settings": lambda: F.make(settings_runs()) + F.sections(DOC, SCRIPT, [("perf-settings", settings)]),
}


if __name__ == "__main__":
    F.run_parts("perf-results", PARTS, sys.argv[1:], __doc__)

#!/usr/bin/env python3
"""Measures one sweep on 1, 2 and 3 `alignsim node` members of a loopback cluster (and without nodes) on this
machine, and writes the figures:cluster-throughput section of docs/CLUSTER.md.

    scripts/cluster-bench.py

Each measurement starts from a fresh sweep root under FIGURES_RUNS/cluster-bench/: N nodes on free loopback ports
(--jobs CLUSTER_BENCH_JOBS each), then `alignsim sweep --seeds ...` timed from its start to its exit (joining
included), then the nodes are stopped with SIGTERM. The baseline is the same sweep without nodes
(`alignsim sweep --jobs CLUSTER_BENCH_JOBS`). The sweep: examples/cartpole-fast.conf with CLUSTER_BENCH_STEPS
steps, one experiment per seed.

Environment: CLUSTER_BENCH_NODES (default "1 2 3"), CLUSTER_BENCH_SEEDS (default "1 2 3 4 5 6"),
CLUSTER_BENCH_STEPS (default 20480), CLUSTER_BENCH_JOBS (experiments per node at a time, default 1); and those of
scripts/figlib.py (ALIGNSIM, FIGURES_RUNS, FIGURES_DOCS).
"""
import os
import shutil
import signal
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import figlib as F  # noqa: E402

DOC = "CLUSTER.md"
SCRIPT = "scripts/cluster-bench.py"
NODES = [int(n) for n in F.env_list("CLUSTER_BENCH_NODES", ["1", "2", "3"])]
SEEDS = [int(s) for s in F.env_list("CLUSTER_BENCH_SEEDS", ["1", "2", "3", "4", "5", "6"])]
STEPS = F.env_int("CLUSTER_BENCH_STEPS", 20480)
JOBS = F.env_int("CLUSTER_BENCH_JOBS", 1)
WORK = os.path.join(F.RUNS, "cluster-bench")


def free_ports(n):
    sockets = []
    for _ in range(n):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        sockets.append(s)
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


def sweep_file():
    os.makedirs(WORK, exist_ok=True)
    path = os.path.join(WORK, "sweep.conf")
    base = os.path.join(F.ROOT, "examples", "cartpole-fast.conf")
    with open(path, "w") as f:
        f.write(f'base = "{base}"\nruns = [ {{ total_timesteps = {STEPS}, device = cpu }} ]\n'
                f"seeds = [{', '.join(str(s) for s in SEEDS)}]\n")
    return path


def await_text(log, text, process, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if os.path.exists(log) and text in open(log).read():
            return
        if process.poll() is not None:
            break
        time.sleep(0.2)
    raise F.Failed(f"no '{text}' in {log}")


def measure(nodes):
    """Seconds for the whole sweep on `nodes` nodes (0: without nodes)."""
    root = os.path.join(WORK, f"{nodes}-nodes")
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(root)
    config = sweep_file()
    started = []
    try:
        ports = free_ports(max(nodes, 1))
        seeds = ",".join(f"127.0.0.1:{p}" for p in ports[:nodes])
        for i in range(nodes):
            log = os.path.join(WORK, f"{nodes}-nodes-node{i}.log")
            with open(log, "w") as out:
                started.append(subprocess.Popen([F.ALIGNSIM, "node", "--port", str(ports[i]), "--seeds", seeds, "--root", root,
                                                 "--jobs", str(JOBS)], cwd=F.ROOT, stdout=out, stderr=subprocess.STDOUT))
        for i, process in enumerate(started):
            await_text(os.path.join(WORK, f"{nodes}-nodes-node{i}.log"), "node: up at", process, 180)
        command = [F.ALIGNSIM, "sweep", "--config", config, "--root", root]
        command += ["--seeds", seeds] if nodes else ["--jobs", str(JOBS)]
        start = time.time()
        code = F.call(command, os.path.join(WORK, f"{nodes}-nodes-sweep.log"), fresh=True)
        seconds = time.time() - start
        if code != 0:
            raise F.Failed(f"{' '.join(command)} exited {code}; see {os.path.join(WORK, f'{nodes}-nodes-sweep.log')}")
        return seconds
    finally:
        for process in started:
            process.send_signal(signal.SIGTERM)
        for process in started:
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()


def throughput():
    # ./alignsim rebuilds the app when sources changed: once here, not inside the first measurement.
    F.alignsim("--version")
    rows = []
    base = None
    for nodes in [0] + NODES:
        print(f"{SCRIPT}: {nodes or 'no'} nodes", flush=True)
        seconds = measure(nodes)
        per_minute = 60 * len(SEEDS) / seconds
        if nodes == 1:
            base = per_minute
        rows.append((nodes, seconds, per_minute))
    table = []
    for nodes, seconds, per_minute in rows:
        table.append(["none (`--jobs " + str(JOBS) + "`)" if nodes == 0 else str(nodes), str(len(SEEDS)), F.num(seconds, 1),
                      F.num(per_minute, 2), "–" if nodes == 0 or not base else F.num(per_minute / base, 2) + "×"])
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (F.table(["nodes", "experiments", "sweep wall s", "experiments / min", "vs 1 node"], table)
            + f"\n\nA sweep of {len(SEEDS)} CartPole-fast experiments of {STEPS} steps (one per seed), {JOBS} experiment(s) per node at a "
            f"time, every node on this one machine ({os.cpu_count()} cores, load {load:.1f} when it ended), "
            f"commit {F.commit()}, {time.strftime('%Y-%m-%d', time.gmtime())}. Wall time includes joining the cluster and every "
            "child JVM's start.")


if __name__ == "__main__":
    if {"-h", "--help"} & set(sys.argv[1:]):
        sys.exit(print(__doc__))
    sys.exit(1 if F.sections(DOC, SCRIPT, [("cluster-throughput", throughput)]) else 0)

"""Shared by the scripts that write the figures of docs/: running experiments (resuming or skipping what is done),
reading their metrics.jsonl, config.conf and logs, and rewriting a delimited section of a Markdown file.

A generated section sits between two markers and nothing else in the file is touched:

    <!-- BEGIN figures:NAME -->
    ... written by a script ...
    <!-- END figures:NAME -->

Environment (every figure script reads it through this module):
    ALIGNSIM               the command that runs alignsim (default: ./alignsim, which rebuilds when sources change)
    FIGURES_RUNS           where runs go (default: runs/results)
    FIGURES_DOCS           the documents to rewrite (default: docs)
    FIGURES_SEEDS          seeds of the multi-seed experiments (default: "1 2 3")
    FIGURES_SET            settings added to every run, e.g. "--set chat.ppo.iterations=3" for a quick check of the scripts
    FIGURES_ALLOW_MISSING  1: a metric missing from a run is written as "–" with a note, instead of leaving the
                           section as it was (for checking the scripts against code that does not write it yet)
    FIGURES_LOG            a file to which every rewritten section is appended as "DOC figures:NAME" (figures.sh reads it)
"""
import json
import math
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUNS = os.path.abspath(os.environ.get("FIGURES_RUNS") or os.path.join(ROOT, "runs", "results"))
DOCS = os.path.abspath(os.environ.get("FIGURES_DOCS") or os.path.join(ROOT, "docs"))
ALIGNSIM = os.environ.get("ALIGNSIM") or os.path.join(ROOT, "alignsim")
EXTRA = shlex.split(os.environ.get("FIGURES_SET", ""))
SEEDS = [int(s) for s in os.environ.get("FIGURES_SEEDS", "1 2 3").split()]
ALLOW_MISSING = os.environ.get("FIGURES_ALLOW_MISSING") == "1"
MINUS = "\u2212"


class Missing(Exception):
    """A metric, a stage line or a run that a figure needs and does not find; the message says which and where."""


class Failed(Exception):
    """A run that could not be made."""


# ---------------------------------------------------------------------------------------------------------------------
# Running experiments

def env_list(name, default):
    """A space-separated environment variable as a list of strings (the default when unset or empty)."""
    value = os.environ.get(name, "").split()
    return value or list(default)


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        sys.exit(f"{name}={value!r}: expected a whole number")


def run_dir(name):
    return os.path.join(RUNS, name)


def rel(path):
    """A path as a person reads it: relative to the repository when it is inside it."""
    path = os.path.abspath(path)
    return os.path.relpath(path, ROOT) if path.startswith(ROOT + os.sep) else path


def complete(directory):
    """Whether a run has written everything it will: a ChatWorld run's closing line (<method>-eval, or the last stage of
    its pipeline), a control world's last iteration (total_timesteps / (num_envs * num_steps)), a TAMER run's report."""
    metrics = os.path.join(directory, "metrics.jsonl")
    config = os.path.join(directory, "config.conf")
    if not (os.path.isfile(metrics) and os.path.isfile(config)):
        return False
    try:
        settings = read_config(directory)
        lines = read_lines(metrics)
    except (ValueError, OSError):
        return False
    if not lines:
        return False
    if settings.get("env") == "ChatWorld":
        pipeline = settings.get("pipeline") or []
        last = pipeline[-1] if pipeline else None
        closing = last + "-eval" if last in ("ppo", "rloo", "grpo", "dpo") else last
        return any(line.get("stage") == closing for line in lines)
    if settings.get("feedback.mode") == "tamer":
        return os.path.isfile(os.path.join(directory, "report.html"))
    batch = settings["num_envs"] * settings["num_steps"]
    return lines[-1].get("iteration", 0) >= settings["total_timesteps"] // batch


def ensure(name, args, root=None, meta=None):
    """Makes run `name` (a directory under FIGURES_RUNS, or `root`) with `alignsim run ARGS... FIGURES_SET...` unless it
    is there.

    A complete run made with the same arguments is kept; so is a complete run made before its arguments were recorded
    (by an earlier version of these scripts: delete it to make it again). A partial run (a regeneration interrupted)
    is resumed with `alignsim resume`. A run made with other arguments, or one that cannot be resumed, is made again
    from scratch. The arguments of each run are kept beside it in NAME.args (with `meta`, if given), its console output
    in NAME.console.log. Returns the run directory."""
    root = root or RUNS
    out = os.path.join(root, name)
    args = list(args) + EXTRA
    record = out + ".args"
    log = out + ".console.log"
    recorded = None
    if os.path.isfile(record):
        with open(record) as f:
            recorded = json.load(f).get("args")
    if complete(out):
        if recorded == args:
            return out
        if recorded is None:
            print(f"  kept {rel(out)}: complete, made before its arguments were recorded (delete it to make it again)", flush=True)
            write_record(record, args, meta, adopted=True)
            return out
        print(f"  {rel(out)} was made with other arguments: making it again", flush=True)
    os.makedirs(root, exist_ok=True)
    if recorded == args and os.path.isdir(out):
        print(f"  resume {rel(out)}", flush=True)
        if call([ALIGNSIM, "resume", out, "--no-progress"], log) == 0 and complete(out):
            return out
        print(f"  {rel(out)} could not be resumed (see {rel(log)}); running it again", flush=True)
    shutil.rmtree(out, ignore_errors=True)
    write_record(record, args, meta)
    print(f"  run {rel(out)}: alignsim run {' '.join(shlex.quote(a) for a in args)}", flush=True)
    started = time.time()
    code = call([ALIGNSIM, "run", *args, "--out", out, "--no-progress"], log, fresh=True)
    if code != 0 or not complete(out):
        raise Failed(f"{rel(out)}: alignsim run exited {code} (its console output: {rel(log)})")
    print(f"  {rel(out)} done in {time.time() - started:.0f} s", flush=True)
    return out


def write_record(record, args, meta=None, adopted=False):
    entry = {"args": args, "started": time.strftime("%Y-%m-%d %H:%M:%S"), "commit": commit(), **(meta or {})}
    if adopted:
        entry["adopted"] = "complete before its arguments were recorded"
    with open(record, "w") as f:
        json.dump(entry, f)
        f.write("\n")


def read_record(directory):
    """What NAME.args says of a run made by ensure() ({} when nothing)."""
    try:
        with open(directory + ".args") as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def call(command, log, fresh=False):
    with open(log, "w" if fresh else "a") as f:
        f.write("$ " + " ".join(shlex.quote(c) for c in command) + "\n")
        f.flush()
        return subprocess.call(command, cwd=ROOT, stdout=f, stderr=subprocess.STDOUT)


def commit():
    try:
        return subprocess.run(["git", "-C", ROOT, "describe", "--always", "--dirty"], capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""


def alignsim(*args):
    """Runs an alignsim command that prints (gao-fit, summary, inspect) and returns its standard output."""
    result = subprocess.run([ALIGNSIM, *args], cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        raise Failed(f"alignsim {' '.join(args)} exited {result.returncode}: {result.stderr.strip()[-500:]}")
    return result.stdout


# ---------------------------------------------------------------------------------------------------------------------
# Reading runs

def read_lines(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for raw in f:
            if raw.strip():
                try:
                    rows.append(json.loads(raw))
                except json.JSONDecodeError:
                    break  # a last line still being written
    return rows


class Line:
    """One metrics.jsonl line; `line["key"]` raises Missing naming the run, the line and the key."""

    def __init__(self, run, row, where):
        self.run, self.row, self.where = run, row, where

    def __getitem__(self, key):
        value = self.row.get(key)
        if value is None:
            return missing(key, f"{rel(self.run.metrics)}: {self.where}")
        return value

    def get(self, key, default=None):
        value = self.row.get(key)
        return default if value is None else value

    def __contains__(self, key):
        return self.row.get(key) is not None


class Run:
    def __init__(self, directory):
        self.dir = directory
        self.metrics = os.path.join(directory, "metrics.jsonl")
        if not os.path.isfile(self.metrics):
            raise Missing(f"{rel(directory)}: no metrics.jsonl (the run has not been made)")
        self.rows = read_lines(self.metrics)
        self.settings = read_config(directory) if os.path.isfile(os.path.join(directory, "config.conf")) else {}

    @property
    def name(self):
        return os.path.basename(self.dir)

    def stage(self, stage):
        for row in self.rows:
            if row.get("stage") == stage:
                return Line(self, row, f"the {stage} line")
        raise Missing(f"{rel(self.metrics)}: no {stage} line (an unfinished run, or a pipeline without {stage})")

    def ppo(self):
        # Every policy-gradient stage (ppo, rloo, grpo) numbers its iterations as ppo/iteration.
        lines = [Line(self, r, f"{r.get('stage')} iteration {r.get('ppo/iteration')}") for r in self.rows if r.get("ppo/iteration") is not None]
        if not lines:
            raise Missing(f"{rel(self.metrics)}: no ppo iterations")
        return lines

    def control(self):
        return [Line(self, r, f"iteration {r.get('iteration')}") for r in self.rows if "stage" not in r]

    def setting(self, key):
        if key not in self.settings:
            raise Missing(f"{rel(self.dir)}/config.conf: no setting {key}")
        return self.settings[key]

    def log_lines(self, pattern):
        """Lines of the run's alignsim.log matching a regular expression (its match objects)."""
        path = os.path.join(self.dir, "alignsim.log")
        if not os.path.isfile(path):
            return []
        with open(path, encoding="utf-8", errors="replace") as f:
            return [m for m in (re.search(pattern, line) for line in f) if m]


def load(name):
    return Run(run_dir(name))


_missing = {}


def missing(key, where):
    """In strict mode raises Missing naming the key and where it was looked for; with FIGURES_ALLOW_MISSING=1 records
    it and returns None (written as "–")."""
    if not ALLOW_MISSING:
        raise Missing(f"{where} has no {key!r}")
    if key not in _missing:
        print(f"  missing: {key!r}, e.g. in {where}", file=sys.stderr)
    _missing.setdefault(key, []).append(where)
    return None


def missing_notes():
    return [f"{key!r} ({len(wheres)} lookups, e.g. {wheres[0]})" for key, wheres in _missing.items()]


def mean(values):
    values = list(values)
    if any(v is None for v in values) or not values:
        return None
    return sum(values) / len(values)


def windows(lines, key, width):
    """Means of `key` over consecutive windows of `width` lines (a last partial window is dropped, as gao-fit does)."""
    return [mean(line[key] for line in lines[start:start + width]) for start in range(0, len(lines) - width + 1, width)]


# ---------------------------------------------------------------------------------------------------------------------
# config.conf (the resolved settings a run was made with), flattened to dotted keys without the leading "alignsim."

_TOKEN = re.compile(r'\s*(?:(#[^\n]*|//[^\n]*)|("(?:[^"\\]|\\.)*")|([{}\[\]=:,])|([^\s{}\[\]=:,"#]+))')


def read_config(directory):
    with open(os.path.join(directory, "config.conf"), encoding="utf-8") as f:
        text = f.read()
    tokens = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            if text[pos:].strip() == "":
                break
            raise ValueError(f"{directory}/config.conf: cannot read near {text[pos:pos + 40]!r}")
        pos = m.end()
        if m.group(1):
            continue
        tokens.append(m.group(2) or m.group(3) or m.group(4))
    tokens = [t for t in tokens if t is not None]
    value, _ = _parse_object_body(tokens, 0, top=True)
    flat = {}
    _flatten(value.get("alignsim", value), "", flat)
    return flat


def defaults():
    """The settings' defaults, app/src/main/resources/reference.conf, flattened as read_config flattens a run's."""
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(os.path.join(ROOT, "app", "src", "main", "resources", "reference.conf"), os.path.join(tmp, "config.conf"))
        return read_config(tmp)


def _scalar(token):
    if token.startswith('"'):
        return json.loads(token)
    if token in ("true", "false"):
        return token == "true"
    if token == "null":
        return None
    try:
        return int(token)
    except ValueError:
        pass
    try:
        return float(token)
    except ValueError:
        return token


def _parse_value(tokens, i):
    t = tokens[i]
    if t == "{":
        return _parse_object_body(tokens, i + 1)
    if t == "[":
        items = []
        i += 1
        while tokens[i] != "]":
            if tokens[i] == ",":
                i += 1
                continue
            item, i = _parse_value(tokens, i)
            items.append(item)
        return items, i + 1
    return _scalar(t), i + 1


def _parse_object_body(tokens, i, top=False):
    obj = {}
    while i < len(tokens):
        t = tokens[i]
        if t == "}":
            return obj, i + 1
        if t == ",":
            i += 1
            continue
        key = _scalar(t) if t.startswith('"') else t
        i += 1
        if tokens[i] in ("=", ":"):
            i += 1
        value, i = _parse_value(tokens, i)
        obj[str(key)] = value
    if not top:
        raise ValueError("config.conf: unbalanced braces")
    return obj, i


def _flatten(value, prefix, out):
    if isinstance(value, dict):
        for k, v in value.items():
            _flatten(v, f"{prefix}.{k}" if prefix else k, out)
    else:
        out[prefix] = value


# ---------------------------------------------------------------------------------------------------------------------
# Numbers as the documents write them

def num(x, digits=2, sign=False):
    """A number with a true minus sign and thousands separators; None as '–'."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    text = f"{x:+,.{digits}f}" if sign else f"{x:,.{digits}f}"
    if float(text.replace(",", "")) == 0:
        text = text.replace("-", "+" if sign else "")  # no "−0.00"
    return text.replace("-", MINUS)


def pct(x, digits=1):
    return "–" if x is None else num(100 * x, digits) + "%"


def arrow(a, b, digits=3):
    return f"{num(a, digits)} → {num(b, digits)}"


def diff(a, b):
    """b - a, or None when either is missing."""
    return None if a is None or b is None else b - a


def spread(values, digits=2, scale=1):
    """min–max of values times scale (one value: itself); missing values are left out."""
    values = [scale * v for v in values if v is not None]
    if not values:
        return "–"
    lo, hi = min(values), max(values)
    if num(lo, digits) == num(hi, digits):
        return num(lo, digits)
    return f"{num(lo, digits)}{' to ' if lo < 0 else '–'}{num(hi, digits)}"


def mean_std(values, digits=3, sign=False):
    """mean ± population standard deviation (as the documents have always written it)."""
    values = [v for v in values if v is not None]
    if not values:
        return "–"
    if len(values) == 1:
        return num(values[0], digits, sign)
    return f"{num(statistics.fmean(values), digits, sign)} ± {num(statistics.pstdev(values), digits)}"


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def labelers_text(specs):
    """Labeler specs (chat.labelers, chat.sft.demonstrators, feedback.labelers) as a person reads them."""
    parts = []
    for spec in specs:
        params = ", ".join(f"{k} {v}" for k, v in sorted((spec.get("params") or {}).items()))
        parts.append(f"`{spec.get('strategy')}`" + (f" ({params})" if params else ""))
    return " and ".join(parts) or "none"


def seeds_text(seeds=None):
    seeds = list(seeds or SEEDS)
    return ", ".join(str(s) for s in seeds[:-1]) + (" and " if len(seeds) > 1 else "") + str(seeds[-1])


def gao_fit(d, y):
    """Gao et al.'s R(d) = d (alpha - beta ln d) by least squares without intercept, R² about the mean of R, as
    policy.eval.GaoFit computes it (alignsim gao-fit). Points with d <= 0 are dropped. None when it cannot be fitted."""
    pts = [(a, b) for a, b in zip(d, y) if a is not None and b is not None and a > 0]
    if len(pts) < 3 or len({a for a, _ in pts}) < 2:
        return None
    x1 = [a for a, _ in pts]
    x2 = [-a * math.log(a) for a, _ in pts]
    ys = [b for _, b in pts]
    s11 = sum(u * u for u in x1)
    s12 = sum(u * v for u, v in zip(x1, x2))
    s22 = sum(v * v for v in x2)
    s1y = sum(u * w for u, w in zip(x1, ys))
    s2y = sum(v * w for v, w in zip(x2, ys))
    det = s11 * s22 - s12 * s12
    if abs(det) < 1e-12 * max(1.0, s11 * s22):
        return None
    alpha = (s22 * s1y - s12 * s2y) / det
    beta = (s11 * s2y - s12 * s1y) / det
    m = sum(ys) / len(ys)
    ss_res = sum((w - (u * alpha + v * beta)) ** 2 for u, v, w in zip(x1, x2, ys))
    ss_tot = sum((w - m) ** 2 for w in ys)
    return {"alpha": alpha, "beta": beta, "r_squared": (1 - ss_res / ss_tot) if ss_tot > 0 else None, "points": len(pts)}


def peak_d(alpha, beta):
    """Where R(d) = d (alpha - beta ln d) peaks: d* = exp(alpha / beta - 1); None when the curve does not bend down."""
    if alpha is None or beta is None or beta <= 0:
        return None
    try:
        return math.exp(alpha / beta - 1)
    except OverflowError:
        return None


# ---------------------------------------------------------------------------------------------------------------------
# Rewriting sections

def begin(name):
    return f"<!-- BEGIN figures:{name} -->"


def end(name):
    return f"<!-- END figures:{name} -->"


def section_label(doc, name):
    return f"{rel(os.path.join(DOCS, doc))} figures:{name}"


def write_section(doc, name, body, script):
    """Replaces what lies between the markers of section `name` in docs/`doc` with `body`; nothing else changes."""
    path = os.path.join(DOCS, doc)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    b, e = begin(name), end(name)
    if text.count(b) != 1 or text.count(e) != 1 or text.index(b) > text.index(e):
        raise Failed(f"{rel(path)}: expected one {b} and one {e} after it")
    notes = missing_notes()
    if notes:
        body = body.rstrip("\n") + f"\n\n*Not in the runs' metrics, written as \"–\" (FIGURES_ALLOW_MISSING=1): " + "; ".join(notes) + "*"
    _missing.clear()
    head, rest = text.split(b, 1)
    _, tail = rest.split(e, 1)
    new = f"{head}{b}\n<!-- written by {script}; edit the script, not this section -->\n{body.strip()}\n{e}{tail}"
    if new != text:
        with open(path, "w", encoding="utf-8") as f:
            f.write(new)
    label = section_label(doc, name)
    print(f"rewrote {label}" + ("" if new != text else " (unchanged)"), flush=True)
    log = os.environ.get("FIGURES_LOG")
    if log:
        with open(log, "a") as f:
            f.write(f"{label}\n")


def sections(doc, script, builders):
    """Writes each (name, function) section of `doc` in turn; a section whose figures cannot be made is left as it
    was, with the reason on standard error. Returns the number of sections left as they were."""
    failures = 0
    for name, build in builders:
        _missing.clear()
        try:
            body = build()
            write_section(doc, name, body, script)
        except Exception as e:  # noqa: BLE001 - one section's failure leaves the others to be written
            failures += 1
            _missing.clear()
            if not isinstance(e, (Missing, Failed)):
                import traceback
                traceback.print_exc()
            hint = "" if not isinstance(e, Missing) or ALLOW_MISSING else (
                " (runs made by code that does not write it? FIGURES_ALLOW_MISSING=1 writes \"–\" in its place)")
            print(f"NOT rewritten: {section_label(doc, name)}: {e}{hint}", file=sys.stderr, flush=True)
    return failures


def make(runs):
    """Makes every (name, args) run in turn; returns the number that failed (each failure said on standard error)."""
    failures = 0
    for name, args in runs:
        try:
            ensure(name, args)
        except Failed as e:
            failures += 1
            print(f"FAILED: {e}", file=sys.stderr, flush=True)
    return failures


def make_parallel(runs, jobs):
    """Makes every (name, args) run, `jobs` at a time (each run keeps about one core busy); returns the number that
    failed (each failure said on standard error)."""
    import concurrent.futures
    failures = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = {pool.submit(ensure, name, args): name for name, args in runs}
        for future in concurrent.futures.as_completed(futures):
            try:
                future.result()
            except Failed as e:
                failures += 1
                print(f"FAILED: {e}", file=sys.stderr, flush=True)
    return failures


def run_parts(script, parts, argv, doc):
    """The main of a script made of named parts: -h prints its doc; otherwise each part named in argv (all of
    `parts`, in order, when none is) runs and returns its failure count. Exits 1 when any part failed."""
    if {"-h", "--help"} & set(argv):
        sys.exit(print(doc))
    chosen = argv or list(parts)
    unknown = [p for p in chosen if p not in parts]
    if unknown:
        sys.exit(f"unknown part {unknown[0]!r}; expected some of: {' '.join(parts)}")
    failures = 0
    for part in chosen:
        print(f"{script}: {part}", flush=True)
        failures += parts[part]()
    sys.exit(1 if failures else 0)

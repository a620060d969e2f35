#!/usr/bin/env python3
"""Compares two runs' metrics.jsonl line by line, timing fields aside (wall_s and every perf/* key).

    scripts/compare-metrics.py runs/a/metrics.jsonl runs/b/metrics.jsonl

Prints "identical: N lines" and exits 0, or prints the first difference and exits 1. Values are compared as
parsed JSON (numbers exactly), so the order of keys in a line does not matter.
"""
import json
import sys


def without_timing(path):
    lines = []
    with open(path, encoding="utf-8") as f:
        for raw in f:
            if raw.strip():
                row = json.loads(raw)
                lines.append({k: v for k, v in row.items() if k != "wall_s" and not k.startswith("perf/")})
    return lines


def main(a, b):
    left, right = without_timing(a), without_timing(b)
    for i, (x, y) in enumerate(zip(left, right)):
        if x != y:
            keys = sorted(k for k in set(x) | set(y) if x.get(k) != y.get(k))
            print(f"line {i + 1} differs in {keys}: {[x.get(k) for k in keys]} vs {[y.get(k) for k in keys]}")
            return 1
    if len(left) != len(right):
        print(f"{a} has {len(left)} lines, {b} has {len(right)}")
        return 1
    print(f"identical: {len(left)} lines")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))

"""Benchmark a command's start-up: `specaudit --version`, `specaudit check --help` and
`specaudit clauses` of a small spec, each run as a fresh process, against the same
interpreter doing nothing (`python -c pass`), interleaved in the same run. Prints medians
and ratios; never asserts a time.

    python benchmarks/bench_cli_start.py [--runs 9]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = "# Retries\n\n## Behavior\n\n- Retry transient gateway errors.\n- Use a flat delay.\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=9)
    args = ap.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory() as tmp:
        spec = Path(tmp) / "spec.md"
        spec.write_text(SPEC, encoding="utf-8")
        cases = {
            "python -c pass (baseline)": [sys.executable, "-c", "pass"],
            "specaudit --version": [sys.executable, "-m", "specaudit", "--version"],
            "specaudit check --help": [sys.executable, "-m", "specaudit", "check", "--help"],
            "specaudit clauses SPEC": [sys.executable, "-m", "specaudit", "clauses", str(spec)],
        }
        times: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(args.runs):  # interleaved: a busy moment weighs on every case alike
            for name, cmd in cases.items():
                t = time.perf_counter()
                subprocess.run(cmd, env=env, capture_output=True, check=True)
                times[name].append(time.perf_counter() - t)
    base = statistics.median(times["python -c pass (baseline)"])
    for name, ts in times.items():
        med = statistics.median(ts)
        print(f"{name:28} {1000 * med:7.0f} ms  {med / base:5.1f}x the bare interpreter")


if __name__ == "__main__":
    main()

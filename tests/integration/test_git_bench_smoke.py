"""The diff benchmark and its repository generator run end to end at a tiny size."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_generator_is_deterministic(tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from make_synthetic_repo import make_repo
    finally:
        sys.path.pop(0)
    heads = []
    for name in ("a", "b"):
        make_repo(tmp_path / name, files=6, lines=40)
        heads.append(subprocess.run(["git", "rev-parse", "s1m", "s10k"], cwd=tmp_path / name,
                                    capture_output=True, text=True, check=True).stdout)
    assert heads[0] == heads[1]
    stat = subprocess.run(["git", "diff", "--shortstat", "main", "s1m"], cwd=tmp_path / "a",
                          capture_output=True, text=True, check=True).stdout
    assert "6 files changed" in stat


def test_benchmark_prints_ratios(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_diff.py"), "--files", "12", "--lines", "60",
         "--repeat", "1", "--paint-lines", "3000"],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = proc.stdout
    for needle in ("alone", "unidiff", "HtmlDiff", "end/top", "bytes per changed line", "flatness"):
        assert needle in out

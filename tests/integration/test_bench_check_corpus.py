"""The check benchmark times the code it says it times: the baseline side imports the
baseline tree, never the checkout it is started from (issue 21's speed claim)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _bench():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import bench_check_corpus
    finally:
        sys.path.pop(0)
    return bench_check_corpus


def test_each_side_runs_its_own_tree(tmp_path, monkeypatch):
    bench = _bench()
    old, cwd = tmp_path / "baseline", tmp_path / "cwd"
    old.mkdir()
    cwd.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "HEAD", "specaudit"], capture_output=True,
                             check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
    # A baseline that says who it is when run as `python -m specaudit`.
    (old / "specaudit" / "__main__.py").write_text("print('the baseline tree')\n")
    monkeypatch.chdir(ROOT)  # started from the checkout, as the benchmark usually is
    assert bench.imported_from(old, cwd) == old.resolve()
    assert bench.imported_from(ROOT, cwd) == ROOT.resolve()
    _t, out = bench._run(old, cwd, ["--version"])
    assert out.strip() == "the baseline tree"
    _t, out = bench._run(ROOT, cwd, ["--version"])
    assert out.startswith("specaudit ")

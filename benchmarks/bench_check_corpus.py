"""Benchmark `check` on a real corpus change against an earlier specaudit, in one run.

Clones a corpus history (default: the largest change, 3bDevDZ/backoffice-app, 246 files,
+67,144 lines), checks out the range's target and runs `specaudit check --range` as a
subprocess with this checkout's code and with the code of ``--baseline`` (extracted with
`git archive`), alternating, and prints the median of each and their ratio. Never asserts
a time.

Each side runs with ``PYTHONPATH`` set to its own tree and the working directory in a
temporary folder outside both checkouts: ``python -m`` puts the working directory first
on ``sys.path``, so running from the checkout would import the current code for both
sides. Before timing, each side prints ``specaudit.__file__`` from the same environment
and the benchmark stops unless it is the tree it means to run.

    python benchmarks/bench_check_corpus.py [--baseline REV] [--runs 5] [--repo NAME]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from support import CORPUS  # noqa: E402

RANGES = {  # MANIFEST.yaml: range.base..range.head, and the spec
    "3bDevDZ+backoffice-app": ("27a5efc66dff", "6d384f9ee974", "specs/002-commercial-management-phase2/spec.md"),
    "hdyksha+hibi": ("de1eaca87212", "93847288e2aa", ".kiro/specs/todo-app/requirements.md"),
    "shishuohongdou36-del+ai-native-portfolio": ("ae1d99bc249d", "e84e20a8c598",
                                                 "specs/001-ai-native-portfolio/spec.md"),
}


def _env(code: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(code), "PYTHONDONTWRITEBYTECODE": "1"}


def imported_from(code: Path, cwd: Path) -> Path:
    """Where ``import specaudit`` resolves with ``code`` on the path, run from ``cwd``."""
    out = subprocess.run([sys.executable, "-c", "import specaudit; print(specaudit.__file__)"], cwd=cwd,
                         env=_env(code), capture_output=True, text=True, check=True).stdout.strip()
    return Path(out).resolve().parent.parent


def _run(code: Path, cwd: Path, args: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "specaudit", *args], cwd=cwd, capture_output=True, env=_env(code),
                          check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"check failed with {code}: {proc.stderr.decode(errors='replace')[-400:]}")
    return elapsed, proc.stdout.decode()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--baseline", default="bfcbe8e", help="specaudit revision to compare with (default: bfcbe8e, "
                    "main before issue 21)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--repo", default="3bDevDZ+backoffice-app", choices=sorted(RANGES))
    args = ap.parse_args()
    base, head, spec = RANGES[args.repo]
    with tempfile.TemporaryDirectory() as tmp:
        repo, old, cwd = Path(tmp) / "repo", Path(tmp) / "baseline", Path(tmp) / "cwd"
        subprocess.run(["git", "clone", "-q", str(CORPUS / "history" / f"{args.repo}.bundle"), str(repo)], check=True)
        subprocess.run(["git", "-C", str(repo), "checkout", "-q", head], check=True)
        old.mkdir()
        cwd.mkdir()
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.baseline, "specaudit"],
                                 capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
        for code in (ROOT, old):
            seen = imported_from(code, cwd)
            if seen != code.resolve():
                raise SystemExit(f"running with PYTHONPATH={code} imports specaudit from {seen}; refusing to time it")
        check = ["check", "-C", str(repo), "--range", f"{base}..{head}", "--spec", spec, "--format", "json"]
        _run(ROOT, cwd, check)  # warm the OS caches for both
        _run(old, cwd, check)
        now_t: list[float] = []
        old_t: list[float] = []
        for _ in range(args.runs):
            t, out = _run(ROOT, cwd, check)
            now_t.append(t)
            t, _ = _run(old, cwd, check)
            old_t.append(t)
        kinds: dict[str, int] = {}
        for f in json.loads(out)["findings"]:
            kinds[f["kind"]] = kinds.get(f["kind"], 0) + 1
    a, b = statistics.median(old_t), statistics.median(now_t)
    print(f"{args.repo} {base}..{head}: check median of {args.runs}: baseline ({args.baseline}) {a:.2f} s, "
          f"now {b:.2f} s, ratio {b / a:.2f}")
    print("baseline runs:", " ".join(f"{t:.2f}" for t in old_t))
    print("now runs:     ", " ".join(f"{t:.2f}" for t in now_t))
    print("findings now:", ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())))


if __name__ == "__main__":
    main()

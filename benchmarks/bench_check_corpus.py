"""Benchmark `check` on a real corpus change against an earlier specaudit, in one run.

Clones a corpus history (default: the largest change, 3bDevDZ/backoffice-app, 246 files,
+67,144 lines), checks out the range's target and runs `specaudit check --range` as a
subprocess with this checkout's code and with the code of ``--baseline`` (extracted with
`git archive`), alternating, and prints the median of each and their ratio. Never asserts
a time.

    python benchmarks/bench_check_corpus.py [--baseline REV] [--runs 5] [--repo NAME]
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
sys.path.insert(0, str(ROOT / "tests"))

from support import CORPUS  # noqa: E402

RANGES = {  # MANIFEST.yaml: range.base..range.head, and the spec
    "3bDevDZ+backoffice-app": ("27a5efc66dff", "6d384f9ee974", "specs/002-commercial-management-phase2/spec.md"),
    "hdyksha+hibi": ("de1eaca87212", "93847288e2aa", ".kiro/specs/todo-app/requirements.md"),
}


def _run(code: Path, repo: Path, base: str, head: str, spec: str) -> tuple[float, str]:
    env = {**os.environ, "PYTHONPATH": str(code)}
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "specaudit", "check", "-C", str(repo), "--range", f"{base}..{head}",
                           "--spec", spec, "--format", "json"], capture_output=True, env=env, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"check failed with {code}: {proc.stderr.decode(errors='replace')[-400:]}")
    return elapsed, proc.stdout.decode()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--baseline", default="bfcbe8e", help="specaudit revision to compare with (default: bfcbe8e, "
                    "main before the code findings)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--repo", default="3bDevDZ+backoffice-app", choices=sorted(RANGES))
    args = ap.parse_args()
    base, head, spec = RANGES[args.repo]
    with tempfile.TemporaryDirectory() as tmp:
        repo, old = Path(tmp) / "repo", Path(tmp) / "baseline"
        subprocess.run(["git", "clone", "-q", str(CORPUS / "history" / f"{args.repo}.bundle"), str(repo)], check=True)
        subprocess.run(["git", "-C", str(repo), "checkout", "-q", head], check=True)
        old.mkdir()
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.baseline, "specaudit"],
                                 capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
        _run(ROOT, repo, base, head, spec)  # warm the OS caches for both
        _run(old, repo, base, head, spec)
        now_t: list[float] = []
        old_t: list[float] = []
        for _ in range(args.runs):
            t, out = _run(ROOT, repo, base, head, spec)
            now_t.append(t)
            t, _ = _run(old, repo, base, head, spec)
            old_t.append(t)
        import json

        kinds: dict[str, int] = {}
        for f in json.loads(out)["findings"]:
            kinds[f["kind"]] = kinds.get(f["kind"], 0) + 1
    a, b = statistics.median(old_t), statistics.median(now_t)
    print(f"{args.repo} {base}..{head}: check median of {args.runs}: baseline ({args.baseline}) {a:.2f} s, "
          f"now {b:.2f} s, ratio {b / a:.2f}")
    print("findings now:", ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())))


if __name__ == "__main__":
    main()

"""Benchmark `check`: 500 reviewed clauses, 2,000 links, 1,000 commits since the reviews.

Prints the check's time, its ratio to one `git log -p` over the same commits (the
baseline, measured in the same run), and the time per clause at 1/4, 1/2 and all of
the clauses, to show the cost grows at most linearly. Never asserts a time.

    python benchmarks/bench_check.py [--clauses 500] [--links-per-clause 4] [--commits 1000]
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from specaudit.app.check.checking import run_check  # noqa: E402
from specaudit.app.store.audit_store import save_audit  # noqa: E402
from specaudit.core.audit import Audit, Link, Review  # noqa: E402
from specaudit.core.fingerprint import lines_fingerprint  # noqa: E402
from specaudit.formats import parse_spec  # noqa: E402
from specaudit.vcs.runner import open_repo  # noqa: E402

FILES = 50
LINES = 200
ENV = {"GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@x", "GIT_COMMITTER_NAME": "b", "GIT_COMMITTER_EMAIL": "b@x"}


def _git(root: Path, *args: str, stdin: bytes | None = None) -> str:
    import os

    return subprocess.run(["git", "-C", str(root), *args], input=stdin, capture_output=True, check=True,
                          env={**os.environ, **ENV}).stdout.decode()


def _spec_text(n: int) -> str:
    bullets = "".join(f"- Requirement {i}: the service handles case {i} correctly.\n" for i in range(1, n + 1))
    return f"# Bench\n\n## Intent\n\nA benchmark.\n\n## Behavior\n\n{bullets}"


def build_repo(root: Path, clauses: int, commits: int, seed: int = 7) -> tuple[str, list[list[str]]]:
    """A repo whose first commit holds the spec and FILES files; then ``commits`` commits
    that each insert a line near the top of one file and rewrite one line of another."""
    rng = random.Random(seed)
    files = [[f"f{f} line {i} = {rng.random():.6f}" for i in range(LINES)] for f in range(FILES)]
    base_files = [list(f) for f in files]
    out = bytearray()

    def blob(path: str, text: str) -> None:
        data = text.encode()
        out.extend(f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n")

    t = 1_700_000_000
    out.extend(f"commit refs/heads/main\ncommitter b <b@x> {t} +0000\ndata 4\nbase\n".encode())
    blob("specs/bench.md", _spec_text(clauses))
    for f, lines in enumerate(files):
        blob(f"src/m{f}.py", "\n".join(lines) + "\n")
    for c in range(1, commits + 1):
        out.extend(f"commit refs/heads/main\ncommitter b <b@x> {t + c} +0000\ndata 3\nc{c % 10}\n".encode())
        a, b = rng.randrange(FILES), rng.randrange(FILES)
        files[a].insert(rng.randrange(3), f"inserted {c}")
        files[b][rng.randrange(len(files[b]))] = f"rewritten {c}"
        for f in {a, b}:
            blob(f"src/m{f}.py", "\n".join(files[f]) + "\n")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "fast-import", "--quiet", stdin=bytes(out))
    _git(root, "checkout", "-q", "main")
    base = _git(root, "rev-list", "--max-parents=0", "HEAD").strip()
    return base, base_files


def write_audit(root: Path, base: str, base_files: list[list[str]], clauses: int, per_clause: int,
                seed: int = 11) -> None:
    rng = random.Random(seed)
    spec = parse_spec("specs/bench.md", (root / "specs/bench.md").read_text())
    audit = Audit("specs/bench.md")
    reviewed = [c for c in spec.clauses if c.kind == "requirement"][:clauses]
    for clause in reviewed:
        links = []
        for _ in range(per_clause):
            f = rng.randrange(FILES)
            first = rng.randrange(1, LINES - 5)
            last = first + rng.randrange(5)
            links.append(Link(f"src/m{f}.py", first, last, "new", base,
                              lines_fingerprint(base_files[f][first - 1:last])))
        audit.put_review(Review(clause.key, "implemented", reviewer="bench", commit=base,
                                clause_fingerprint=clause.fingerprint, links=tuple(links)))
    save_audit(root, audit)


def timed(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clauses", type=int, default=500)
    ap.add_argument("--links-per-clause", type=int, default=4)
    ap.add_argument("--commits", type=int, default=1000)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="specaudit-bench-") as tmp:
        root = Path(tmp)
        t0 = time.perf_counter()
        base, base_files = build_repo(root, args.clauses, args.commits)
        print(f"built repo: {args.commits} commits, {FILES} files in {time.perf_counter() - t0:.1f}s")
        repo = open_repo(root)
        baseline = timed(lambda: _git(root, "log", "-p", f"{base}..HEAD"))
        print(f"baseline  git log -p over {args.commits} commits: {baseline * 1000:8.1f} ms")
        per_clause = []
        for n in sorted({max(1, args.clauses // 4), max(1, args.clauses // 2), args.clauses}):
            write_audit(root, base, base_files, n, args.links_per_clause)
            result = None

            def run(n=n):
                nonlocal result
                result = run_check(repo, ["specs/bench.md"])

            t = timed(run)
            stale = sum(1 for f in result.findings if f.kind == "stale-code")
            per_clause.append(t / n)
            print(f"check     {n:5d} clauses, {n * args.links_per_clause:5d} links: {t * 1000:8.1f} ms  "
                  f"ratio to git log -p {t / baseline:5.2f}  per clause {t / n * 1e3:6.3f} ms  "
                  f"({stale} stale-code, {len(result.findings)} findings)")
        growth = per_clause[-1] / per_clause[0]
        print(f"per-clause cost at {args.clauses} vs {max(1, args.clauses // 4)} clauses: x{growth:.2f} "
              f"({'at most linear' if growth <= 1.25 else 'SUPERLINEAR'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Build the scale inputs of issue 18 item 12 (deterministic; nothing of this size is committed):

    bigfile   a repository whose last commit rewrites one file of MB megabytes (every line
              changed: one hunk as long as the file), beside a small layered spec
    audit     a repository whose spec has an audit file of N entries (reviews, links,
              rejected proposals and viewed marks in the proportions below)
    clauses   a repository whose spec has N clauses (a layered spec, one bullet each)

    python benchmarks/make_scale_inputs.py bigfile DIR [--mb 200]
    python benchmarks/make_scale_inputs.py audit DIR [--entries 200000]
    python benchmarks/make_scale_inputs.py clauses DIR [--clauses 100000]

Each prints the repository and the spec path. tests/reliability/test_scale.py and
benchmarks/bench_scale.py build the same inputs (smaller) with these functions.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SPEC = "specs/scale.md"
ENV = {"GIT_AUTHOR_NAME": "Scale", "GIT_AUTHOR_EMAIL": "scale@example.com", "GIT_COMMITTER_NAME": "Scale",
       "GIT_COMMITTER_EMAIL": "scale@example.com", "GIT_CONFIG_NOSYSTEM": "1"}
WORDS = ("alpha", "beta", "gamma", "delta", "retry", "backoff", "gateway", "charge", "ledger", "cache",
         "limit", "window", "token", "attempt", "status", "result", "amount", "account", "queue", "event")


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=True,
                          env={**os.environ, **ENV}).stdout.decode()


def spec_text(n: int) -> str:
    bullets = "".join(f"- Requirement {i}: the service handles {WORDS[i % 20]} case {i} of the "
                      f"{WORDS[(i * 7) % 20]} path.\n" for i in range(1, n + 1))
    return f"# Scale\n\n## Intent\n\nA spec to measure scale.\n\n## Behavior\n\n{bullets}"


def _init(root: Path, clauses: int) -> None:
    root.mkdir(parents=True, exist_ok=True)
    git(root.parent, "init", "-q", "-b", "main", str(root))
    (root / SPEC).parent.mkdir(parents=True, exist_ok=True)
    (root / SPEC).write_text(spec_text(clauses), encoding="utf-8")


def _write_lines(path: Path, mb: float, version: int) -> int:
    """``mb`` megabytes of code-like lines; ``version`` changes every line."""
    rng = random.Random(11)
    target, size, n = int(mb * 1024 * 1024), 0, 0
    with path.open("w", encoding="utf-8") as fh:
        buf = []
        while size < target:
            a, b, c = rng.choice(WORDS), rng.choice(WORDS), rng.choice(WORDS)
            line = f"    {a}_{n} = self.{b}({c}, {rng.randint(0, 9999)})  # v{version}\n"
            buf.append(line)
            size += len(line)
            n += 1
            if len(buf) >= 10_000:
                fh.write("".join(buf))
                buf.clear()
        fh.write("".join(buf))
    return n


def bigfile(root: Path, mb: float = 200) -> tuple[Path, str, str]:
    """(repository, spec, range): HEAD rewrites every line of ``big.py`` (``mb`` MB)."""
    _init(root, 20)
    (root / "src").mkdir()
    _write_lines(root / "src" / "big.py", mb, 1)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    _write_lines(root / "src" / "big.py", mb, 2)
    git(root, "commit", "-q", "-am", "regenerate big.py")
    return root, SPEC, "HEAD~1..HEAD"


def audit_file(root: Path, entries: int = 200_000, clauses: int = 1_000) -> tuple[Path, str]:
    """(repository, spec) whose spec of ``clauses`` clauses has an audit of ``entries``
    entries: a review with a link per clause, viewed marks (a twentieth of the entries) and
    proposals the reviewer rejected (the rest, spread over the clauses). 200,000 entries
    make a 4 MB file, most of it one short line per rejected path."""
    from specaudit.app.store.audit_store import save_audit
    from specaudit.core.audit import Audit, Link, Rejection, Review, ViewedMark

    _init(root, clauses)
    (root / "src").mkdir()
    (root / "src" / "a.py").write_text("".join(f"x{i} = {i}\n" for i in range(50)))
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    head = git(root, "rev-parse", "HEAD").strip()
    fp = "0" * 64
    keys = [f"behavior-{i}" for i in range(1, clauses + 1)]
    reviews = {k: Review(k, "implemented", note=f"ok {i}",
                         links=(Link("src/a.py", 1 + i % 40, 3 + i % 40, "new", head, fp),))
               for i, k in enumerate(keys)}
    n_viewed = entries // 20
    n_rejected = max(0, entries - len(reviews) - n_viewed)
    rejected: dict[str, list[str]] = {}
    for j in range(n_rejected):
        rejected.setdefault(keys[j % clauses], []).append(f"src/r{j}.py")
    viewed = {f"src/v{i}.py": ViewedMark(f"src/v{i}.py", fp[:40]) for i in range(n_viewed)}
    save_audit(root, Audit(SPEC, reviews=reviews, viewed=viewed,
                           rejected={k: tuple(map(Rejection, v)) for k, v in rejected.items()}))
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "audit")
    return root, SPEC


def many_clauses(root: Path, clauses: int = 100_000) -> tuple[Path, str]:
    """(repository, spec) whose spec has ``clauses`` clauses and an empty audit."""
    _init(root, clauses)
    (root / "src").mkdir()
    (root / "src" / "a.py").write_text("x = 1\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    (root / "src" / "a.py").write_text("x = 2\n")
    git(root, "commit", "-q", "-am", "change")
    return root, SPEC


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("what", choices=("bigfile", "audit", "clauses"))
    p.add_argument("dir", type=Path)
    p.add_argument("--mb", type=float, default=200)
    p.add_argument("--entries", type=int, default=200_000)
    p.add_argument("--clauses", type=int, default=100_000)
    a = p.parse_args(argv)
    if a.what == "bigfile":
        root, spec, rng = bigfile(a.dir, a.mb)
        print(root, spec, rng)
    elif a.what == "audit":
        print(*audit_file(a.dir, a.entries))
    else:
        print(*many_clauses(a.dir, a.clauses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

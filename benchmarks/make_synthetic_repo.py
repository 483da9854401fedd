"""Generate a deterministic synthetic repository for the diff benchmarks.

One base commit with FILES files of LINES code-like lines each, then three branches
from it that regenerate part of the code the way a model does (blocks of lines
rewritten, a few blocks growing or shrinking):

    s10k   files 0..N/100   changed   (~1% of the changed lines of s1m)
    s100k  files 0..N/10    changed
    s1m    every file       changed   (1,000 files x 1,000 lines: ~1.2M changed lines)

Written with ``git fast-import``, so a 1M-line change takes seconds. The same seed
always gives the same bytes and the same commit ids.

    python benchmarks/make_synthetic_repo.py DIR [--files 1000] [--lines 1000]
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
from pathlib import Path

WORDS = ("alpha", "beta", "gamma", "delta", "retry", "backoff", "gateway", "charge", "ledger", "cache",
         "limit", "window", "token", "attempt", "status", "result", "amount", "account", "queue", "event")
BRANCHES = (("s10k", 100), ("s100k", 10), ("s1m", 1))  # name, 1/fraction of files changed
BLOCK = 20  # lines per block: 8 kept, 12 rewritten


def _line(rng: random.Random, i: int, version: int) -> str:
    a, b, c = rng.choice(WORDS), rng.choice(WORDS), rng.choice(WORDS)
    kind = i % 5
    if kind == 0:
        return f"def {a}_{b}_{i}(self, {c}, limit={rng.randint(1, 99)}):"
    if kind == 1:
        return f"    {a}_{i} = self.{b}({c}, {rng.randint(0, 9999)})  # v{version}"
    if kind == 2:
        return f"    if {a} > {b}_{i} and not {c}:"
    if kind == 3:
        return f'        log.info("{a} {b} %s", {c}_{i})'
    return f"    return {a}.{b}({c}, attempt={rng.randint(0, 9)})"


def base_lines(file_no: int, lines: int) -> list[str]:
    rng = random.Random(file_no * 7919)
    return [_line(rng, i, 0) for i in range(lines)]


def changed_lines(file_no: int, lines: int) -> list[str]:
    """The regenerated file: in every block of 20 lines, the last 12 are rewritten; every
    third block grows by one line and every seventh shrinks by one."""
    old = base_lines(file_no, lines)
    rng = random.Random(file_no * 104729 + 1)
    out: list[str] = []
    for start in range(0, lines, BLOCK):
        block = old[start : start + BLOCK]
        out.extend(block[:8])
        n_new = len(block[8:])
        if n_new:
            k = start // BLOCK
            n_new += (1 if k % 3 == 0 else 0) - (1 if k % 7 == 0 else 0)
            out.extend(_line(rng, start + 8 + j, 1) for j in range(max(0, n_new)))
    return out


def path_of(file_no: int) -> str:
    return f"pkg{file_no // 100:02d}/module_{file_no:04d}.py"


def _blob(out, lines: list[str]) -> None:
    data = ("\n".join(lines) + "\n").encode()
    out.write(b"data %d\n" % len(data))
    out.write(data)
    out.write(b"\n")


def _commit(out, ref: str, mark: int, message: str, parent: int | None, files) -> None:
    msg = message.encode()
    out.write(f"commit {ref}\nmark :{mark}\n".encode())
    out.write(b"author Bench <bench@example.com> 1700000000 +0000\n")
    out.write(b"committer Bench <bench@example.com> 1700000000 +0000\n")
    out.write(b"data %d\n%s\n" % (len(msg), msg))
    if parent is not None:
        out.write(f"from :{parent}\n".encode())
    for path, lines in files:
        out.write(f"M 100644 inline {path}\n".encode())
        _blob(out, lines)


def make_repo(target: Path, files: int = 1000, lines: int = 1000) -> dict[str, str]:
    """Create the repository; returns {"10k": range, "100k": range, "1m": range}."""
    target.mkdir(parents=True, exist_ok=False)
    subprocess.run(["git", "init", "-q", "-b", "main", str(target)], check=True)
    proc = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=target, stdin=subprocess.PIPE)
    out = proc.stdin
    _commit(out, "refs/heads/main", 1, "base", None, ((path_of(f), base_lines(f, lines)) for f in range(files)))
    for k, (name, every) in enumerate(BRANCHES):
        touched = range(0, max(1, files // every))
        _commit(out, f"refs/heads/{name}", 2 + k, f"regenerate {name}", 1,
                ((path_of(f), changed_lines(f, lines)) for f in touched))
    out.close()
    if proc.wait() != 0:
        raise SystemExit("git fast-import failed")
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=target, check=True)
    return {"10k": "main..s10k", "100k": "main..s100k", "1m": "main..s1m"}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", type=Path)
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--lines", type=int, default=1000)
    args = ap.parse_args(argv)
    ranges = make_repo(args.dir, args.files, args.lines)
    for label, rng in ranges.items():
        print(f"{label}: {rng}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark scale (issue 18 item 12): each command on a huge input against a linear
baseline over the same input, measured in the same run. Prints seconds, peak memory (RSS
of the process) and the ratio to the baseline; never asserts a time.

    input                         baseline (one linear pass over the same bytes)
    one rewritten 200 MB file     git diff of the same range
    a 200,000-entry audit file    yaml.safe_load of the same file
    a spec of 100,000 clauses     markdown-it's parse of the same file

    python benchmarks/bench_scale.py [--only bigfile,audit,clauses] [--mb 200]
        [--entries 200000] [--clauses 100000] [--inputs DIR] [--code DIR] [--window]

``--code DIR`` times the specaudit package found in DIR (e.g. an export of an older
commit: ``git archive COMMIT specaudit | tar -x -C DIR``) with the same inputs and
baselines. ``--inputs DIR`` keeps the generated inputs there (re-used when present).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from make_scale_inputs import audit_file, bigfile, many_clauses  # noqa: E402

# Runs specaudit and records its own peak RSS (wait4 reports the largest of the process and
# the children it waited for, such as git).
_OWN_RSS = ("import atexit, os, resource, runpy, sys\n"
            "atexit.register(lambda: open(os.environ['SCALE_RSS'], 'w').write("
            "str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)))\n"
            "sys.argv[0] = 'specaudit'\n"
            "runpy.run_module('specaudit', run_name='__main__', alter_sys=True)\n")


def measure(cmd: list[str], cwd: Path, env: dict | None = None) -> tuple[float, float, int, float | None]:
    """(seconds, peak RSS in MB of the process and its children, exit code, its own peak
    RSS in MB when it reports it) of one process."""
    with tempfile.NamedTemporaryFile(suffix=".rss") as own:
        env = {**(env or os.environ), "SCALE_RSS": own.name}
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        text = Path(own.name).read_text().strip()
    return seconds, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), int(text) / 1024 if text else None


def specaudit(code: Path | None) -> tuple[list[str], dict]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    if code is not None:
        env["PYTHONPATH"] = str(code)
    return [sys.executable, "-c", _OWN_RSS], env


def report(title: str, base_label: str, base: tuple, rows: list[tuple[str, tuple]]) -> None:
    print(f"\n{title}")
    print(f"  {'command':<44} {'seconds':>8} {'x baseline':>11} {'peak MB':>8} {'own MB':>7}")
    print(f"  {base_label:<44} {base[0]:8.2f} {'1.00':>11} {base[1]:8.0f} {'':>7}")
    for label, (sec, mb, code, own) in rows:
        flag = "" if code in (0, 1) else f"  (exit {code})"
        mine = f"{own:7.0f}" if own is not None else f"{'':>7}"
        print(f"  {label:<44} {sec:8.2f} {sec / base[0]:11.2f} {mb:8.0f} {mine}{flag}")


def bench_bigfile(where: Path, mb: float, code: Path | None) -> None:
    root = where / f"bigfile-{mb:g}mb"
    if not root.exists():
        bigfile(root, mb)
    py, env = specaudit(code)
    base = measure(["git", "-C", str(root), "diff", "--no-color", "--no-ext-diff", "HEAD~1..HEAD"], root)
    rows = [(f"specaudit {a[0]} --range HEAD~1..HEAD", measure([*py, *a], root, env)) for a in (
        ["diff", "--range", "HEAD~1..HEAD"],
        ["check", "--range", "HEAD~1..HEAD"],
        ["suggest", "--spec", "specs/scale.md", "--range", "HEAD~1..HEAD"],
    )]
    report(f"one file of {mb:g} MB, every line rewritten", "git diff HEAD~1..HEAD", base, rows)


def bench_audit(where: Path, entries: int, code: Path | None, window: bool) -> None:
    root = where / f"audit-{entries}"
    if not root.exists():
        audit_file(root, entries)
    audit = root / ".specaudit" / "specs" / "scale.md.audit.yaml"
    py, env = specaudit(code)
    base = measure([sys.executable, "-c", "import sys, yaml; yaml.safe_load(open(sys.argv[1], 'rb'))", str(audit)],
                   root)
    commands = [
        ["check", "--spec", "specs/scale.md"],
        ["scar", "list", "--spec", "specs/scale.md"],
        ["review", "--spec", "specs/scale.md", "--clause", "behavior-5", "--verdict", "violated", "--note", "x"],
        ["report", "--spec", "specs/scale.md"],
    ]
    if window:
        commands.append(["open", ".", "--screenshot", str(where / "window.png")])
    rows = []
    for a in commands:
        rows.append((f"specaudit {' '.join(w for w in a[:2] if not w.startswith('-'))}",
                     measure([*py, *a], root, env)))
        subprocess.run(["git", "-C", str(root), "checkout", "-q", "--", "."], check=True)
    report(f"an audit file of {entries:,} entries ({audit.stat().st_size / 1e6:.1f} MB)",
           "yaml.safe_load of the file", base, rows)


def bench_clauses(where: Path, clauses: int, code: Path | None, window: bool) -> None:
    root = where / f"clauses-{clauses}"
    if not root.exists():
        many_clauses(root, clauses)
    spec = root / "specs" / "scale.md"
    py, env = specaudit(code)
    base = measure([sys.executable, "-c", "import sys; from markdown_it import MarkdownIt; "
                    "MarkdownIt('commonmark').parse(open(sys.argv[1], encoding='utf-8').read())", str(spec)], root)
    commands = [["check", "--spec", "specs/scale.md"], ["clauses", "specs/scale.md"]]
    if window:  # the clause list: a row per clause, its group heading read once per name
        commands.append(["open", ".", "--spec", "specs/scale.md", "--screenshot", str(where / "clauses.png")])
    rows = [(f"specaudit {' '.join(a[:1])}", measure([*py, *a], root, env)) for a in commands]
    report(f"a spec of {clauses:,} clauses ({spec.stat().st_size / 1e6:.1f} MB)",
           "markdown-it parse of the spec", base, rows)


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--only", default="bigfile,audit,clauses")
    p.add_argument("--mb", type=float, default=200)
    p.add_argument("--entries", type=int, default=200_000)
    p.add_argument("--clauses", type=int, default=100_000)
    p.add_argument("--inputs", type=Path, help="keep (and re-use) the generated inputs here")
    p.add_argument("--code", type=Path, help="time the specaudit package in this directory")
    p.add_argument("--window", action="store_true", help="also open the window on the audit and clauses inputs (slow)")
    a = p.parse_args(argv)
    where = a.inputs or Path(tempfile.mkdtemp(prefix="specaudit-scale-"))
    where.mkdir(parents=True, exist_ok=True)
    print(f"inputs in {where}; code: {a.code or 'this checkout'}")
    try:
        only = set(a.only.split(","))
        if "bigfile" in only:
            bench_bigfile(where, a.mb, a.code)
        if "audit" in only:
            bench_audit(where, a.entries, a.code, a.window)
        if "clauses" in only:
            bench_clauses(where, a.clauses, a.code, a.window)
    finally:
        if a.inputs is None:
            shutil.rmtree(where, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

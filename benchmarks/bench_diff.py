"""Benchmark the diff pipeline against baselines measured in the same run.

On the synthetic repository of make_synthetic_repo.py (made in a temp dir unless
--repo is given) it prints:
  1. the ChangeSet for a range (git included) against ``git diff`` of the range alone,
     and with every file's side-by-side rows built too;
  2. parse_patch against unidiff on the same patch text; our parse + side-by-side
     rows against difflib.HtmlDiff's side-by-side table for the same files;
  3. cost per changed line at the 10k, 100k and 1M scales;
  4. painting a full viewport offscreen at the top, middle and end of a 1M-line diff;
  5. peak Python memory for the 1M-line change set, as bytes per changed line.
Times are best-of-N (medians for painting); only ratios are meant to be compared
across machines. Nothing here asserts a time.

    python benchmarks/bench_diff.py [--repo DIR] [--files 1000] [--lines 1000] [--repeat 3]
                                    [--real-repo PATH --real-range A..B]
"""

from __future__ import annotations

import argparse
import difflib
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_synthetic_repo import base_lines, changed_lines, make_repo  # noqa: E402

from specaudit.app.workspace.diffs import load_changeset  # noqa: E402
from specaudit.core.diff import parse_patch  # noqa: E402
from specaudit.core.diff.rows import RowModel  # noqa: E402
from specaudit.vcs import open_repo  # noqa: E402
from specaudit.vcs.diffread import DIFF_FLAGS  # noqa: E402


def best(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return min(times), result


def git_diff(repo: Path, rng: str) -> bytes:
    a, b = rng.split("..")
    return subprocess.run(["git", "diff", *DIFF_FLAGS, a, b], cwd=repo, capture_output=True, check=True).stdout


def all_rows(cs) -> int:
    return sum(len(RowModel(f)) for f in cs.files)


def section(title: str) -> None:
    print(f"\n== {title}")


def bench_model(repo: Path, ranges: dict[str, str], repeat: int) -> dict:
    g = open_repo(repo)
    out = {}
    section("1. ChangeSet for a range (git included) vs `git diff` alone; 3. cost per changed line")
    print(f"{'scale':>6} {'changed':>9} {'git diff':>9} {'model':>8} {'ratio':>6} {'+rows':>8} {'ratio':>6} "
          f"{'ns/line model':>14} {'ns/line +rows':>14}")
    for label, rng in ranges.items():
        t_git, _ = best(lambda rng=rng: git_diff(repo, rng), repeat)
        t_model, cs = best(lambda rng=rng: load_changeset(g, rng), repeat)
        t_rows, _ = best(lambda rng=rng: all_rows(load_changeset(g, rng)), repeat)
        changed = cs.added + cs.removed
        out[label] = (changed, t_git, t_model, t_rows)
        print(f"{label:>6} {changed:>9,} {t_git:>8.3f}s {t_model:>7.3f}s {t_model / t_git:>6.2f} {t_rows:>7.3f}s "
              f"{t_rows / t_git:>6.2f} {t_model / changed * 1e9:>14.0f} {t_rows / changed * 1e9:>14.0f}")
    small, large = out[min(out, key=lambda k: out[k][0])], out[max(out, key=lambda k: out[k][0])]
    print(f"flatness (largest / smallest ns per line): model {large[2] / large[0] / (small[2] / small[0]):.2f}, "
          f"+rows {large[3] / large[0] / (small[3] / small[0]):.2f}")
    return out


def bench_baselines(repo: Path, ranges: dict[str, str], files: int, lines: int, repeat: int) -> None:
    import unidiff

    section("2a. parse_patch vs unidiff.PatchSet on the same patch text")
    for label in ("10k", "100k"):
        data = git_diff(repo, ranges[label])
        text = data.decode("utf-8")
        t_uni, _ = best(lambda text=text: unidiff.PatchSet(text), repeat)
        t_ours, _ = best(lambda data=data: parse_patch(data, trusted=False), repeat)
        t_rows, _ = best(lambda data=data: all_rows(parse_patch(data)), repeat)
        print(f"{label:>6}: unidiff {t_uni:.3f}s  parse_patch {t_ours:.3f}s (ratio {t_ours / t_uni:.3f})  "
              f"parse+side-by-side rows {t_rows:.3f}s (ratio {t_rows / t_uni:.3f})")

    section("2b. side-by-side rows: parse + RowModel vs difflib.HtmlDiff.make_table(context=True)")
    n = max(1, files // 100)
    data = git_diff(repo, ranges["10k"])
    pairs = [(base_lines(f, lines), changed_lines(f, lines)) for f in range(n)]
    hd = difflib.HtmlDiff()
    t_html, _ = best(lambda: [hd.make_table(a, b, context=True, numlines=3) for a, b in pairs], 1)
    t_ours, _ = best(lambda: all_rows(parse_patch(data)), repeat)
    print(f"{n} files: HtmlDiff {t_html:.3f}s  ours {t_ours:.3f}s (ratio {t_ours / t_html:.4f})")


def big_single_file_patch(changed: int) -> bytes:
    """One file with ``changed`` changed lines: blocks of 12 removed + 12 added lines
    between 8 context lines, like a regenerated module."""
    out = [b"diff --git a/big.py b/big.py\n--- a/big.py\n+++ b/big.py\n"]
    old_no = new_no = 1
    k = 0
    while k * 24 < changed:
        out.append(b"@@ -%d,18 +%d,18 @@ def block_%d():\n" % (old_no, new_no, k))
        out.append(b"".join(b"     context %d line %d\n" % (k, j) for j in range(3)))
        out.append(b"".join(b"-    value_%d = compute(alpha, %d)  # old\n" % (j, k) for j in range(12)))
        out.append(b"".join(b"+    value_%d = compute(alpha, beta, %d)  # new\n" % (j, k) for j in range(12)))
        out.append(b"".join(b"     context %d tail %d\n" % (k, j) for j in range(3)))
        old_no += 26
        new_no += 26
        k += 1
    return b"".join(out)


def bench_paint(changed: int, repeat: int) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QApplication

    from specaudit.ui.diff.view import DiffView

    section(f"4. painting a full viewport offscreen, {changed:,}-changed-line file (cold: no cached lines)")
    app = QApplication.instance() or QApplication([])
    t0 = time.perf_counter()
    cs = parse_patch(big_single_file_patch(changed), "big")
    rows = RowModel(cs.files[0])
    print(f"parse + rows for the file: {time.perf_counter() - t0:.2f}s, {len(rows):,} rows")
    for mode in ("side-by-side", "unified"):
        if mode == "unified":
            rows = RowModel(cs.files[0], unified=True)
        view = DiffView()
        view.resize(1400, 1000)
        view.set_rows(rows)
        view.show()
        app.processEvents()
        img = QImage(view.viewport().size(), QImage.Format.Format_ARGB32_Premultiplied)
        results = {}
        for where, frac in (("top", 0.0), ("middle", 0.5), ("end", 1.0)):
            view.verticalScrollBar().setValue(int(view.verticalScrollBar().maximum() * frac))
            samples = []
            for _ in range(max(5, repeat * 5)):
                view.invalidate()
                t = time.perf_counter()
                view.viewport().render(img)
                samples.append(time.perf_counter() - t)
            results[where] = statistics.median(samples)
        rowsv = view.visible_rows()
        print(f"{mode:>12} ({rowsv} rows visible): " + "  ".join(f"{k} {v * 1000:.1f} ms" for k, v in results.items())
              + f"  end/top {results['end'] / results['top']:.2f}")
        view.deleteLater()
    app.processEvents()


def bench_memory(repo: Path, rng: str) -> None:
    section("5. peak Python memory for the largest change set (tracemalloc)")
    g = open_repo(repo)
    tracemalloc.start()
    cs = load_changeset(g, rng)
    _cur, peak = tracemalloc.get_traced_memory()
    changed = cs.added + cs.removed
    rows_peak = 0
    tracemalloc.reset_peak()
    for f in cs.files:  # the view holds one file's rows at a time, and releases the last
        RowModel(f)
        f.release_lines()
        rows_peak = max(rows_peak, tracemalloc.get_traced_memory()[1])
    tracemalloc.stop()
    print(f"ChangeSet: {peak / 1e6:.1f} MB peak = {peak / changed:.0f} bytes per changed line "
          f"(the patch text itself is {len(cs.data) / changed:.0f} bytes per changed line)")
    print(f"then every file's rows, one at a time: {rows_peak / 1e6:.1f} MB peak "
          f"({rows_peak / changed:.0f} bytes per changed line)")


def bench_real(path: Path, rng: str, repeat: int) -> None:
    section(f"real repository {path} {rng}")
    g = open_repo(path)
    t_git, _ = best(lambda: git_diff(path, rng), repeat)
    t_model, cs = best(lambda: load_changeset(g, rng), repeat)
    print(f"{len(cs.files)} files, {cs.added + cs.removed:,} changed lines: git diff {t_git:.3f}s, "
          f"model {t_model:.3f}s, ratio {t_model / t_git:.2f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repo", type=Path, help="an existing repository made by make_synthetic_repo.py")
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--lines", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--paint-lines", type=int, default=1_000_000)
    ap.add_argument("--real-repo", type=Path)
    ap.add_argument("--real-range")
    ap.add_argument("--skip", default="", help="comma list of: model,baselines,paint,memory")
    args = ap.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    ranges = {"10k": "main..s10k", "100k": "main..s100k", "1m": "main..s1m"}
    with tempfile.TemporaryDirectory(prefix="specaudit-bench-") as tmp:
        repo = args.repo
        if repo is None:
            repo = Path(tmp) / "synthetic"
            t = time.perf_counter()
            make_repo(repo, args.files, args.lines)
            print(f"synthetic repository: {args.files} files x {args.lines} lines, made in "
                  f"{time.perf_counter() - t:.1f}s")
        if "model" not in skip:
            bench_model(repo, ranges, args.repeat)
        if "baselines" not in skip:
            bench_baselines(repo, ranges, args.files, args.lines, args.repeat)
        if "paint" not in skip:
            bench_paint(args.paint_lines, args.repeat)
        if "memory" not in skip:
            bench_memory(repo, ranges["1m"])
        if args.real_repo and args.real_range:
            bench_real(args.real_repo, args.real_range, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""specaudit's hardened git runner against GitPython, same operations, same run.

Why this exists: docs/architecture.md says why git runs through ``vcs/runner.py`` and not
GitPython (the repositories under review are untrusted; GitPython hands their
configuration to git unscrubbed). This measures what that choice costs or saves.

GitPython is NOT a dependency of specaudit. Install it somewhere throwaway and point
this script at it:

    pip install --target /tmp/gitpython GitPython
    python benchmarks/bench_gitpython.py --gitpython /tmp/gitpython [--repeat 7]

Each real repository of the corpus (``shared/corpus/history/*.bundle``, cloned into a
temp dir) is read over its MANIFEST range, by both libraries, interleaved:

  open      open the repository (the other operations reuse one opened repository)
  resolve   the range's two commits to full ids
  log       the range's commit messages
  diff      the -U0 patch between the two commits (specaudit: the drift check's diff;
            GitPython: ``Commit.diff(create_patch=True)``, its object model)
  blobs     every changed file's content at the range's end (specaudit: one
            ``cat-file --batch``; GitPython: ``tree / path`` data streams)

It prints the median seconds of each and the ratio GitPython / specaudit (above 1:
GitPython is slower). Only ratios are meant to be compared across machines; nothing
here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from specaudit.vcs.blobs import batch_blobs  # noqa: E402
from specaudit.vcs.evidence_read import commit_messages  # noqa: E402
from specaudit.vcs.line_tracking import DIFF_OPTS  # noqa: E402
from specaudit.vcs.runner import open_repo  # noqa: E402

OPS = ("open", "resolve", "log", "diff", "blobs")


def corpus() -> Path:
    for c in (os.environ.get("SPECAUDIT_CORPUS"), ROOT.parent / "shared" / "corpus", "/work/shared/corpus"):
        if c and (Path(c) / "MANIFEST.yaml").is_file():
            return Path(c)
    raise SystemExit("no corpus: set SPECAUDIT_CORPUS")


def ranges(base: Path) -> list[tuple[str, str, str]]:
    """(repository, base commit, head commit): the first range of each bundled repository."""
    import yaml

    out = []
    for r in yaml.safe_load((base / "MANIFEST.yaml").read_text())["repositories"]:
        name = r["repo"].replace("/", "+")
        sets = [s["range"] for s in r.get("spec_sets", []) if s.get("range")]
        if sets and (base / "history" / f"{name}.bundle").is_file():
            out.append((name, sets[0]["base"], sets[0]["head"]))
    return out


def ours(path: Path, old: str, new: str) -> dict[str, Callable[[], object]]:
    repo = open_repo(path)  # opened once, as one command does; "open" measures opening

    def blobs() -> int:
        names = repo.text("diff", "--name-only", "--no-renames", "--diff-filter=d", old, new, "--").splitlines()
        return sum(len(b or b"") for b in batch_blobs(repo, [f"{new}:{n}" for n in names]).values())

    return {
        "open": lambda: open_repo(path),
        "resolve": lambda: [repo.rev_parse(c) for c in (old, new)],
        "log": lambda: commit_messages(repo, old, new),
        "diff": lambda: repo.run("diff", *DIFF_OPTS, old, new, "--"),
        "blobs": blobs,
    }


def theirs(git, path: Path, old: str, new: str) -> dict[str, Callable[[], object]]:
    repo = git.Repo(path)

    def blobs() -> int:
        tree = repo.commit(new).tree
        names = repo.git.diff("--name-only", "--no-renames", "--diff-filter=d", old, new, "--").splitlines()
        return sum(len((tree / n).data_stream.read()) for n in names)

    return {
        "open": lambda: git.Repo(path),
        "resolve": lambda: [repo.rev_parse(c).hexsha for c in (old, new)],
        "log": lambda: [(c.hexsha, c.message) for c in repo.iter_commits(f"{old}..{new}")],
        "diff": lambda: [d.diff for d in repo.commit(old).diff(new, create_patch=True, unified=0)],
        "blobs": blobs,
    }


def trap_demo(git, tmp: Path) -> None:
    """The reason, shown: a repository whose .git/config names programs (core.fsmonitor,
    diff.external, a textconv driver). Each library reads its working-tree change; a
    program that ran leaves a marker file."""
    from specaudit.app.workspace.diffs import load_changeset

    root, marks = tmp / "trap-repo", tmp / "marks"
    marks.mkdir()
    trap = tmp / "trap.sh"
    trap.write_text(f'#!/bin/sh\ntouch "{marks}/ran-$$"\n')
    trap.chmod(0o755)
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t"}

    def sh(*args: str) -> None:
        subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)

    root.mkdir()
    sh("init", "-q")
    (root / "a.txt").write_text("a\n")
    sh("add", "a.txt")
    sh("commit", "-qm", "a")
    (root / "a.txt").write_text("a\nb\n")
    (root / ".gitattributes").write_text("*.txt diff=evil\n")
    for key in ("core.fsmonitor", "diff.external", "diff.evil.textconv"):
        sh("config", key, str(trap))

    def ran(fn: Callable[[], object]) -> int:
        for m in marks.iterdir():
            m.unlink()
        fn()
        return len(list(marks.iterdir()))

    repo = git.Repo(root)
    print("\nPrograms named by the repository's own .git/config that ran (core.fsmonitor, diff.external, textconv):")
    for what, fn in (("GitPython Repo.is_dirty()", repo.is_dirty),
                     ("GitPython Repo.git.diff()", lambda: repo.git.diff()),
                     ("GitPython IndexFile.diff(None, create_patch=True)",
                      lambda: repo.index.diff(None, create_patch=True)),
                     ("specaudit working-tree diff (app/diffs.load_changeset)",
                      lambda: load_changeset(open_repo(root), staged=False, unstaged=True))):
        print(f"  {what:56} {ran(fn)}")


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gitpython", metavar="DIR", help="where GitPython was installed (pip install --target DIR)")
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    if args.gitpython:
        sys.path.insert(0, args.gitpython)
    os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")
    try:
        import git  # GitPython
    except ImportError:
        raise SystemExit("GitPython is not importable: pip install --target DIR GitPython, then --gitpython DIR") from None
    base = corpus()
    totals = {op: [0.0, 0.0] for op in OPS}
    print(f"GitPython {git.__version__} vs specaudit's runner; median of {args.repeat}, interleaved; "
          "ratio = GitPython / specaudit")
    print(f"{'repository':44} " + " ".join(f"{op:>14}" for op in OPS))
    with tempfile.TemporaryDirectory() as tmp:
        for name, old, new in ranges(base):
            path = Path(tmp) / name
            subprocess.run(["git", "clone", "-q", str(base / "history" / f"{name}.bundle"), str(path)], check=True)
            a, b = ours(path, old, new), theirs(git, path, old, new)
            cells = []
            for op in OPS:
                ta, tb = [], []
                for _ in range(args.repeat):
                    ta.append(timed(a[op]))
                    tb.append(timed(b[op]))
                ma, mb = statistics.median(ta), statistics.median(tb)
                totals[op][0] += ma
                totals[op][1] += mb
                cells.append(f"{mb / ma:>13.2f}x")
            print(f"{name[:44]:44} " + " ".join(cells), flush=True)
        print(f"{'all repositories (sum of medians)':44} "
              + " ".join(f"{totals[op][1] / totals[op][0]:>13.2f}x" for op in OPS))
        print("seconds, specaudit / GitPython: "
              + ", ".join(f"{op} {totals[op][0]:.3f}/{totals[op][1]:.3f}" for op in OPS))
        trap_demo(git, Path(tmp))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Following lines in files whose names git quotes (spaces, non-ASCII, tabs, quotes)."""

from __future__ import annotations

import subprocess

import pytest

from specaudit.app.check.checking import check_details
from specaudit.app.review.verdicts import record_verdict
from specaudit.app.workspace.specs import load_spec
from specaudit.vcs.line_tracking import Tracker
from specaudit.vcs.runner import open_repo

CODE = "".join(f"line {i}\n" for i in range(1, 21))


def _git(root, *args):
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize(("old", "new"), [
    ("dir with space/ü file.py", "renamed dir/ñ.py"),
    ("tab\tname.py", 'quote"d\\name.py'),
    ("-dash.py", "--also.py"),
])
def test_renamed_odd_paths_are_followed(tmp_path, old, new):
    root = tmp_path / "r"
    (root / "specs").mkdir(parents=True)
    _git(tmp_path, "init", "-q", "-b", "main", str(root))
    (root / "specs/s.md").write_text("# S\n\n## Behavior\n\n- Do it.\n")
    (root / old).parent.mkdir(parents=True, exist_ok=True)
    (root / old).write_text(CODE)
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "base")
    repo = open_repo(root)
    record_verdict(repo, load_spec(root, "specs/s.md"), "behavior-1", "implemented", links=[(old, 5, 7)])
    (root / new).parent.mkdir(parents=True, exist_ok=True)
    _git(root, "mv", "--", old, new)
    (root / new).write_text("top\n" + CODE.replace("line 15\n", "line 15 edited\n"))
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "rename")
    result, checked = check_details(repo)
    (now,) = checked[0].links_now.values()
    assert (now.path, now.first, now.last, now.changed) == (new, 6, 8, False)
    assert not [f for f in result.findings if f.kind == "stale-code"]
    # The tracker sees the file as one renamed change, not a delete plus an add.
    head = _git(root, "rev-parse", "HEAD").strip()
    base = _git(root, "rev-parse", "HEAD~1").strip()
    (fc,) = [fc for fc in Tracker(repo, head).diff(base) if fc.new_path == new]
    assert fc.old_path == old

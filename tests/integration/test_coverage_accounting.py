"""The review's coverage line adds up (issue 23 item 4's header, as `check` gives it): on a
real history (sunfmin/todo2) with one more commit that changes a file of every kind the
count leaves out, the counted files plus each reason's count are exactly git's list."""

from __future__ import annotations

import json

from support import clone_history, git

BASE = "842e34200ce5c66fb186e413f4d6b5856d3af9c8"  # MANIFEST.yaml alt_range head: the implementing commit
SPEC = "specs/001-todo-app/spec.md"


def test_every_changed_file_is_counted_or_said_why_not(run_cli, tmp_path):
    root = clone_history("sunfmin/todo2", tmp_path / "todo2")
    git(root, "checkout", "-q", BASE)
    git(root, "config", "user.name", "R")
    git(root, "config", "user.email", "r@example.invalid")
    git(root, "rm", "-q", "Makefile")  # deleted
    readme = (root / "README.md").read_text().splitlines(keepends=True)
    (root / "README.md").write_text("".join(readme[3:]))  # only lost lines
    (root / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00binary\x00")  # binary: counted
    (root / "cmd" / "api" / "main.go").write_text((root / "cmd" / "api" / "main.go").read_text() + "// more\n")
    (root / "docs").mkdir()
    (root / "docs" / "notes.md").write_text("notes\n")  # excluded by config
    (root / ".specaudit").mkdir()
    (root / ".specaudit" / "config.yaml").write_text("coverage:\n  exclude: ['docs/*']\n")  # specaudit's own
    (root / SPEC).write_text((root / SPEC).read_text() + "\n")  # a spec document
    git(root, "add", "-A")
    git(root, "commit", "-qm", "every kind of change")
    rng = f"{BASE}..HEAD"

    r = run_cli("check", "-C", str(root), "--spec", SPEC, "--range", rng, "--format", "json")
    assert r.code in (0, 1), r
    summary = json.loads(r.out)["summary"]
    assert summary["changed_files"] == 2  # cmd/api/main.go and logo.png
    assert summary["not_counted"] == {"deleted": 1, "only lost lines": 1, "excluded by config": 1,
                                      "spec documents": 1, "specaudit's own files": 1}
    changed = git(root, "diff", "--name-only", "--no-renames", rng).split()
    assert summary["changed_files"] + sum(summary["not_counted"].values()) == len(changed) == 7

"""Drift through real commits: moved lines stay fresh, changed lines go stale, renames are followed."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from specaudit.app.check.checking import check_details, run_check
from specaudit.app.review.scars import add_scar
from specaudit.app.review.verdicts import add_link, record_verdict
from specaudit.app.workspace.specs import load_spec
from specaudit.vcs.runner import open_repo

SPEC = "specs/svc.md"
SPEC_TEXT = """# Service

## Behavior

- Requests are retried three times.
- Every response is logged.

## Invariants

- A request is never sent twice.

## What NOT to build

- No queue of pending requests.
"""
CODE = "".join(f"line {i}\n" for i in range(1, 31))


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout


def _commit(root: Path, message: str) -> str:
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", message)
    return _git(root, "rev-parse", "HEAD").strip()


@pytest.fixture
def repo(tmp_path):
    root = tmp_path / "r"
    (root / "specs").mkdir(parents=True)
    (root / "src").mkdir()
    _git(root, "init", "-q", "-b", "main")
    (root / SPEC).write_text(SPEC_TEXT)
    (root / "src" / "a.py").write_text(CODE)
    _commit(root, "base")
    return open_repo(root)


def _spec(repo):
    return load_spec(repo.root, SPEC)


def _kinds(result, kind):
    return [f for f in result.findings if f.kind == kind]


def _review_lines_10_12(repo):
    record_verdict(repo, _spec(repo), "behavior-1", "implemented", links=[("src/a.py", 10, 12)])
    _commit(repo.root, "review")


def test_lines_inserted_above_only_move_the_link(repo):
    _review_lines_10_12(repo)
    text = (repo.root / "src/a.py").read_text()
    (repo.root / "src/a.py").write_text("new 0\nnew 0b\n" + text.replace("line 20\n", "line 20 changed\n"))
    _commit(repo.root, "insert above, change below")
    result, checked = check_details(repo)
    assert not _kinds(result, "stale-code")
    (now,) = checked[0].links_now.values()
    assert (now.path, now.first, now.last, now.moved) == ("src/a.py", 12, 14, True)


def test_changed_linked_line_goes_stale_and_a_revert_makes_it_fresh(repo):
    _review_lines_10_12(repo)
    path = repo.root / "src/a.py"
    path.write_text(CODE.replace("line 11\n", "line 11 rewritten\n"))
    _commit(repo.root, "edit a linked line")
    (stale,) = _kinds(run_check(repo), "stale-code")
    assert (stale.clause, stale.path, stale.line) == ("behavior-1", "src/a.py", 10)
    assert stale.gating
    path.write_text(CODE)
    _commit(repo.root, "revert")
    assert not _kinds(run_check(repo), "stale-code")


def test_reviewing_again_re_anchors_stale_links_at_head(repo):
    _review_lines_10_12(repo)
    (repo.root / "src/a.py").write_text("top\n" + CODE.replace("line 11\n", "line 11 rewritten\n"))
    head = _commit(repo.root, "edit")
    assert _kinds(run_check(repo), "stale-code")
    review = record_verdict(repo, _spec(repo), "behavior-1", "implemented", note="still fine")
    (link,) = review.links
    assert (link.path, link.first, link.last, link.commit) == ("src/a.py", 11, 13, head)
    assert not _kinds(run_check(repo), "stale-code")


def test_insertion_inside_the_range_is_a_change(repo):
    _review_lines_10_12(repo)
    (repo.root / "src/a.py").write_text(CODE.replace("line 11\n", "line 11\nsneaky\n"))
    _commit(repo.root, "insert inside")
    assert len(_kinds(run_check(repo), "stale-code")) == 1


def test_rename_and_block_move_are_followed(repo):
    _review_lines_10_12(repo)
    _git(repo.root, "mv", "src/a.py", "src/b.py")
    lines = CODE.splitlines(keepends=True)
    block, rest = lines[9:12], lines[:9] + lines[12:]
    (repo.root / "src/b.py").write_text("".join(rest[:25] + block + rest[25:]))
    _commit(repo.root, "rename and move the block down")
    result, checked = check_details(repo)
    assert not _kinds(result, "stale-code")
    (now,) = checked[0].links_now.values()
    assert now.path == "src/b.py" and now.first == 26 and now.last == 28


def test_deleted_file_makes_links_stale(repo):
    _review_lines_10_12(repo)
    _git(repo.root, "rm", "-q", "src/a.py")
    _commit(repo.root, "delete")
    (stale,) = _kinds(run_check(repo), "stale-code")
    assert "deleted" in stale.message


def test_spec_change_makes_verdict_stale_and_rename_carries_over(repo):
    spec = _spec(repo)
    record_verdict(repo, spec, "behavior-1", "implemented")
    record_verdict(repo, spec, "invariants-1", "implemented")
    _commit(repo.root, "review")
    (repo.root / SPEC).write_text(SPEC_TEXT.replace("three times", "five times"))
    _commit(repo.root, "tighten")
    result = run_check(repo)
    (stale,) = _kinds(result, "stale-spec")
    assert stale.clause == "behavior-1" and stale.path == SPEC and stale.line == 5
    # Moving the invariant under Behavior gives it a new key but the same text.
    moved = SPEC_TEXT.replace("- A request is never sent twice.\n", "")
    moved = moved.replace("- Every response is logged.\n", "- Every response is logged.\n- A request is never sent twice.\n")
    (repo.root / SPEC).write_text(moved)
    _commit(repo.root, "restructure")
    result = run_check(repo)
    (renamed,) = _kinds(result, "renamed")
    assert renamed.clause == "behavior-3" and "invariants-1" in renamed.message
    assert not _kinds(result, "removed")
    (repo.root / SPEC).write_text(moved.replace("- A request is never sent twice.\n", ""))
    _commit(repo.root, "drop it")
    (removed,) = _kinds(run_check(repo), "removed")
    assert removed.clause == "invariants-1" and removed.gating


def test_scar_outside_the_change_and_add_link_without_verdict(repo, run_cli):
    scar = add_scar(repo, SPEC, "src/a.py", 3, 4, "Keep the pause", "The bank rate-limits bursts.", clause="behavior-1")
    add_link(repo, _spec(repo), "behavior-2", "src/a.py", 20, 20)
    _commit(repo.root, "scar")
    (repo.root / "src/a.py").write_text(CODE.replace("line 4\n", "line 4 regenerated\n"))
    _commit(repo.root, "regenerate")
    r = run_cli("check", "-C", str(repo.root), "--format", "json")
    assert r.code == 1, r
    findings = json.loads(r.out)["findings"]
    (over,) = [f for f in findings if f["kind"] == "scar-overwritten"]
    assert over["scar"] == scar.id and over["path"] == "src/a.py" and over["line"] == 3
    # behavior-2 is linked but unreviewed: its link drives coverage, not staleness.
    assert not [f for f in findings if f["kind"] == "stale-code"]


def test_unexplained_change_excludes_linked_lines(repo):
    _review_lines_10_12(repo)
    base = _git(repo.root, "rev-parse", "HEAD").strip()
    (repo.root / "src/a.py").write_text(CODE.replace("line 11\n", "line 11 new\n").replace("line 25\n", "line 25 x\n"))
    (repo.root / "src/queue.py").write_text("pending = []\n")
    _commit(repo.root, "change")
    result = run_check(repo, since=base)
    unexplained = {(f.path, f.line) for f in _kinds(result, "unexplained-change")}
    # Line 11 sits in the linked range: explained, but the verdict is stale instead.
    assert unexplained == {("src/a.py", 25), ("src/queue.py", 1)}
    assert [f.line for f in _kinds(result, "stale-code")] == [10]
    (hit,) = _kinds(result, "non-goal-hit")
    assert hit.path == "src/queue.py" and hit.clause == "non-goals-1"

"""Whose work a commit is, in the layouts people use: another spec's task list is a
tasks.md in a sibling folder of this spec's own."""

from __future__ import annotations

from specaudit.core.evidence.model import Commit
from specaudit.core.evidence.whose import others_work, ticked_elsewhere


def _c(sha: str, *paths: str) -> Commit:
    return Commit(sha, f"{sha} work\n", {}, paths)


def test_spec_kit_another_features_commit_is_its_work():
    own = ["specs/001-ledger/tasks.md"]
    commits = [_c("a", "src/ledger.py", "specs/001-ledger/tasks.md"),
               _c("b", "src/export.py", "src/shared.py", "specs/002-export/tasks.md"),
               _c("c", "src/shared.py")]  # a fix that ticked nothing: nobody's in particular
    theirs = ticked_elsewhere(commits, own)
    assert theirs == {"specs/002-export/tasks.md"}
    work = others_work(commits, own, theirs)
    assert work.commits == {"b"}
    assert work.files == {"src/export.py", "specs/002-export/tasks.md"}
    assert work.mixed == {"src/shared.py"}  # whose each line is, is read from the commits' lines
    lines = work.with_lines({"b": {"src/shared.py": ("# FR-001 export", "x = 1")},
                             "c": {"src/shared.py": ("x = 1",)}}).lines
    assert lines == {"src/shared.py": frozenset({"# FR-001 export"})}


def test_a_commit_touching_this_specs_folder_is_this_specs_even_if_it_ticks_another():
    own = [".kiro/specs/a/tasks.md"]
    commits = [_c("x", "src/a.ts", ".kiro/specs/a/design.md", ".kiro/specs/b/tasks.md")]
    assert not others_work(commits, own, ticked_elsewhere(commits, own))


def test_openspec_other_changes_are_siblings_a_main_spec_has_none():
    delta = ["openspec/changes/add-x/specs/cap/tasks.md", "openspec/changes/add-x/tasks.md"]
    commits = [_c("y", "src/y.py", "openspec/changes/add-y/tasks.md"),
               _c("z", "src/z.py", "openspec/changes/add-x/specs/other/spec.md")]
    assert ticked_elsewhere(commits, delta) == {"openspec/changes/add-y/tasks.md"}
    assert others_work(commits, delta, {"openspec/changes/add-y/tasks.md"}).commits == {"y"}
    # A main spec (openspec/specs/cap/spec.md) is changed by the changes: none is another spec.
    assert ticked_elsewhere(commits, ["openspec/specs/cap/tasks.md"]) == set()


def test_nothing_known_of_other_specs_attributes_nothing():
    commits = [_c("b", "src/b.ts", ".kiro/specs/b/tasks.md")]
    assert not others_work(commits, [".kiro/specs/a/tasks.md"], ())  # that list went: maybe this spec's, renamed
    assert not others_work(commits, [], {".kiro/specs/b/tasks.md"})


def test_a_spec_written_as_one_file_has_no_siblings():
    """specs/payments.md reads its tasks from specs/tasks.md; docs/tasks.md or
    frontend/tasks.md is not known to be another spec's task list."""
    commits = [_c("f", "web/app.ts", "frontend/tasks.md"), _c("d", "docs/tasks.md")]
    assert ticked_elsewhere(commits, ["specs/tasks.md"]) == set()
    assert ticked_elsewhere(commits, ["tasks.md"]) == set()


def test_an_archived_openspec_change_is_the_change_it_was():
    """`openspec archive` moves changes/add-y to changes/archive/DATE-add-y: the commits
    that ticked add-y's list before are still add-y's work, and this change's own commits
    before its archive are still its own."""
    own = ["openspec/changes/archive/2026-01-02-add-x/tasks.md"]  # the reviewed change, archived since
    commits = [_c("x1", "pay/retry.py", "openspec/changes/add-x/tasks.md"),
               _c("y1", "pay/fees.py", "openspec/changes/add-y/tasks.md"),
               _c("y2", "openspec/changes/add-y/tasks.md", "openspec/changes/archive/2026-01-01-add-y/tasks.md"),
               _c("x2", "openspec/changes/add-x/tasks.md", "openspec/changes/archive/2026-01-02-add-x/tasks.md")]
    assert ticked_elsewhere(commits, own) == {"openspec/changes/add-y/tasks.md",
                                              "openspec/changes/archive/2026-01-01-add-y/tasks.md"}
    # Only the archived copy exists at the range's end; it stands for the change.
    work = others_work(commits, own, {"openspec/changes/archive/2026-01-01-add-y/tasks.md"})
    assert work.commits == {"y1", "y2"}
    assert "pay/fees.py" in work.files and "pay/retry.py" not in work.files

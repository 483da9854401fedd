"""Unexplained changes, one finding per file: hunks, runs, what is excluded."""

from __future__ import annotations

from dataclasses import dataclass, field

from specaudit.core.diff import Hunk
from specaudit.core.evidence.paths import spec_document_roots
from specaudit.core.unexplained import file_coverage, unexplained_findings


@dataclass
class FC:
    new_path: str | None
    hunks: list[Hunk] = field(default_factory=list)
    binary: bool = False


def _findings(changes, covered, **kw):
    return unexplained_findings(file_coverage(changes, covered, **kw))


def test_one_finding_per_file_with_its_hunks_and_open_runs():
    changes = [FC("a.py", [Hunk(1, 0, 1, 10), Hunk(20, 1, 30, 0), Hunk(40, 0, 50, 2)]), FC("gone.py"),
               FC(".specaudit/x.yaml", [Hunk(0, 0, 1, 3)])]
    (f,) = _findings(changes, {"a.py": [(3, 4), (8, 20)]}, exclude=[".specaudit/*"])
    assert (f.path, f.line, f.end_line) == ("a.py", 1, 51)
    assert [(h.first, h.last, h.runs) for h in f.hunks] == [(1, 10, ((1, 2), (5, 7))), (50, 51, ((50, 51),))]
    assert f.message == "2 hunks, 7 lines linked to no clause (5 of 12 changed lines explained)"
    assert f.to_json()["hunks"][0] == {"lines": [1, 10], "unexplained": [[1, 2], [5, 7]]}


def test_a_link_inside_a_new_file_never_adds_a_finding_or_a_hunk():
    new_file = [FC("src/new.rs", [Hunk(0, 0, 1, 300)])]
    (before,) = _findings(new_file, {})
    (after,) = _findings(new_file, {"src/new.rs": [(120, 140)]})
    assert len(before.hunks) == len(after.hunks) == 1
    assert after.hunks[0].runs == ((1, 119), (141, 300))
    assert after.message == "1 hunk, 279 lines linked to no clause (21 of 300 changed lines explained)"
    assert _findings(new_file, {"src/new.rs": [(1, 300)]}) == []


def test_the_specs_own_documents_and_tooling_are_never_unexplained():
    roots = spec_document_roots(["specs/001-x/spec.md"])
    changes = [FC(p, [Hunk(0, 0, 1, 5)]) for p in (
        "specs/001-x/plan.md", "specs/001-x/tasks.md", "specs/001-x/contracts/api.yaml", ".specify/memory/c.md",
        ".claude/commands/x.md", "src/main.py")]
    assert [f.path for f in _findings(changes, {}, spec_roots=roots)] == ["src/main.py"]


def test_binary_files_count_once_and_a_covered_one_is_explained():
    changes = [FC("logo.png", binary=True)]
    (f,) = _findings(changes, {})
    assert f.message.startswith("binary file") and f.line is None
    assert _findings(changes, {"logo.png": [(1, 1)]}) == []

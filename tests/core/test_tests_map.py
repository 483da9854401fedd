"""Tests per clause: discovery by each ecosystem's conventions, evidence, and results from
every reporter's JUnit XML matched back to the test cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from specaudit.core.audit import IMPLEMENTED, Scar
from specaudit.core.evidence.keys import KeyMatcher
from specaudit.core.junit import parse_junit
from specaudit.core.model import Clause
from specaudit.core.testcases import discover, language_of
from specaudit.core.tests_map import (
    CITATION,
    LINK,
    NAME,
    PROPOSAL,
    Outcome,
    Span,
    findings_from_tests,
    map_tests,
    match_results,
)

FIXTURES = Path(__file__).parent / "junit_fixtures"

SOURCES = {
    "tests/test_retry.py": '''\
"""Retry behaviour."""
import pytest


@pytest.mark.spec("FR-003")
def test_spacing_is_flat():
    assert waits() == [1.5, 1.5]


class TestBackoff:
    def test_fr_004_caps_at_budget(self):
        assert total_wait() <= 10.0


@pytest.mark.parametrize("n", [1, 2])
def test_attempts(n):
    # Requirement 1.4
    def helper():
        return n
    assert helper() == n
''',
    "src/retry.test.ts": '''\
/**
 * Requirements: 2.1, 2.2
 */
describe("retry", () => {
  describe("spacing", () => {
    it("1.3 waits are flat", () => {
      expect(waits()).toEqual([1.5, 1.5]);
    });

    // Requirement 1.4
    test("gives up after three", () => {
      expect(attempts()).toBe(3);
    });
  });
});
''',
    "handlers/todo_test.go": '''\
package handlers

// TestTodoAPI_Create covers FR-001.
func TestTodoAPI_Create(t *testing.T) {
	tests := []struct{ name string }{
		{name: "US1-AS1: Add valid todo"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {})
	}
}

func TestTodoAPI_List(t *testing.T) {
}
''',
    "src/lib.rs": '''\
pub fn waits() -> Vec<f64> { vec![1.5, 1.5] }

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fr_003_flat_spacing() {
        assert_eq!(waits(), vec![1.5, 1.5]);
    }

    /// The whole retry stays within FR-004's budget.
    #[test]
    fn budget_is_ten_seconds() {
        assert!(true);
    }
}
''',
    "src/test/java/com/example/RetryTest.java": '''\
package com.example;

import org.junit.jupiter.api.Test;

class RetryTest {
    @Test
    void flatSpacing() {
        // FR-003
    }

    @Test
    @Disabled
    void fr003Backoff() {
    }
}
''',
}

KEYS = ("FR-001", "FR-003", "FR-004", "1.3", "1.4", "2.1", "2.2", "US1/AC1", "invariant-1")


def _clause(key: str, kind: str = "requirement") -> Clause:
    return Clause(key=key, kind=kind, title=key, text=key, section=(), span=(1, 1), fingerprint=key)


CLAUSES = [_clause(k, "invariant" if k.startswith("invariant") else "requirement") for k in KEYS]


def _files():
    return [discover(p, text) for p, text in SOURCES.items()]


def _ids(tmap, key):
    return {(lt.case.id, lt.evidence) for lt in tmap.tests_of(key)}


def test_each_ecosystem_is_recognised_by_its_file_names():
    assert language_of("tests/test_x.py") == "python" and language_of("pkg/x_test.py") == "python"
    assert language_of("pkg/helpers.py") is None
    assert language_of("src/a.test.tsx") == "js" and language_of("src/__tests__/a.js") == "js"
    assert language_of("src/a.ts") is None
    assert language_of("h/a_test.go") == "go" and language_of("h/a.go") is None
    assert language_of("src/FooTest.java") == "java" and language_of("src/Foo.java") is None


def test_discovery_finds_every_case_with_its_id_and_lines():
    found = {c.id: c for tf in _files() for c in tf.cases}
    assert set(found) == {
        "tests/test_retry.py::test_spacing_is_flat",
        "tests/test_retry.py::TestBackoff::test_fr_004_caps_at_budget",
        "tests/test_retry.py::test_attempts",
        "src/retry.test.ts::retry::spacing::1.3 waits are flat",
        "src/retry.test.ts::retry::spacing::gives up after three",
        "handlers/todo_test.go::TestTodoAPI_Create",
        "handlers/todo_test.go::TestTodoAPI_List",
        "src/lib.rs::tests::fr_003_flat_spacing",
        "src/lib.rs::tests::budget_is_ten_seconds",
        "src/test/java/com/example/RetryTest.java::com.example.RetryTest::flatSpacing",
        "src/test/java/com/example/RetryTest.java::com.example.RetryTest::fr003Backoff",
    }
    flat = found["tests/test_retry.py::test_spacing_is_flat"]
    assert (flat.first, flat.line, flat.last) == (5, 6, 7)  # the marker above belongs to it
    attempts = found["tests/test_retry.py::test_attempts"]
    assert attempts.last == 20  # the nested helper is part of the test, not a test of its own


def test_evidence_by_marker_name_comment_and_file_header():
    tmap = map_tests(CLAUSES, _files())
    assert _ids(tmap, "FR-003") == {
        ("tests/test_retry.py::test_spacing_is_flat", CITATION),
        ("src/lib.rs::tests::fr_003_flat_spacing", NAME),
        ("src/test/java/com/example/RetryTest.java::com.example.RetryTest::flatSpacing", CITATION),
        ("src/test/java/com/example/RetryTest.java::com.example.RetryTest::fr003Backoff", NAME),
    }
    assert ("tests/test_retry.py::TestBackoff::test_fr_004_caps_at_budget", NAME) in _ids(tmap, "FR-004")
    assert ("src/lib.rs::tests::budget_is_ten_seconds", CITATION) in _ids(tmap, "FR-004")
    assert _ids(tmap, "1.3") == {("src/retry.test.ts::retry::spacing::1.3 waits are flat", NAME)}
    assert _ids(tmap, "1.4") == {("tests/test_retry.py::test_attempts", CITATION),
                                 ("src/retry.test.ts::retry::spacing::gives up after three", CITATION)}
    # The file header "Requirements: 2.1, 2.2" cites for every test in the file.
    assert len(_ids(tmap, "2.1")) == 2 and len(_ids(tmap, "2.2")) == 2
    assert _ids(tmap, "FR-001") == {("handlers/todo_test.go::TestTodoAPI_Create", CITATION)}
    assert not tmap.tests_of("invariant-1")


def test_playwright_describe_groups_its_tests():
    tf = discover("e2e/subtasks.spec.ts", 'test.describe("Subtasks", () => {\n  test("FR20 completes", async () => {\n'
                  '    await page.click("x");\n  });\n});\n')
    assert [c.id for c in tf.cases] == ["e2e/subtasks.spec.ts::Subtasks::FR20 completes"]


def test_numbers_in_passing_cite_nothing():
    index = KeyMatcher(["1", "1.3", "FR-003"])
    assert index.keys_in("assert retries == 1 and delay == 13", dotted=True) == set()
    assert index.keys_in("version 1.3.2 of the client", dotted=True) == set()
    assert index.keys_in("// Requirement 1, see also Requirements: 1.3", dotted=True) == {"1", "1.3"}
    assert index.keys_in("test_fr_3_and_more", dotted=True) == {"FR-003"}
    assert index.keys_in("FR003") == {"FR-003"} and index.keys_in("fr-0031") == set()
    assert index.keys_in("fr003Backoff") == {"FR-003"}
    assert index.keys_in("1.3 waits are flat", title=True) == {"1.3"} and index.keys_in("1 retry", title=True) == {"1"}
    assert index.keys_in("waits 1.3 times") == set()  # dotted in passing only in test text
    scenarios = KeyMatcher(["US1", "US1/AC2"])
    assert scenarios.keys_in('name: "US1-AS2: Add valid todo"') == {"US1/AC2"}
    assert scenarios.keys_in("test_us1_ac2_adds") == {"US1/AC2"} and scenarios.keys_in("US1 story") == {"US1"}


def test_a_test_citing_a_task_backs_the_tasks_clauses_not_the_clause_of_that_number():
    # task-lens's test files open "Task 2.3 — useFilteredSortedTodos フックのテスト": its task
    # 2.3 cites requirements 7.1 and 7.2; requirement 2.3 is about cancelling an edit.
    clauses = [_clause(k, "requirement") for k in ("2.3", "4.1", "7.1", "7.2", "9.2")]
    files = [discover("src/useSorted.test.ts", "/**\n * Task 2.3 — useSorted のテスト\n */\n"
                      "describe('useSorted', () => {\n  it('sorts by due date', () => {})\n})\n"),
             discover("src/App.test.tsx", "// Task 4.1: App 統合テスト\n"
                      "it('shows the banner', () => {})\n"),
             discover("src/form.test.ts", "it('keeps 2.3 and 4.1 apart', () => {})\n")]
    tmap = map_tests(clauses, files, tasks={"2.3": ("7.1", "7.2"), "4.1": ("9.2",)})
    sorted_case = "src/useSorted.test.ts::useSorted::sorts by due date"
    assert _ids(tmap, "7.1") == _ids(tmap, "7.2") == {(sorted_case, CITATION)}
    assert _ids(tmap, "9.2") == {("src/App.test.tsx::shows the banner", CITATION)}
    # After "Task" a number is a task's: 2.3 and 4.1 are backed only by the test whose title
    # names them.
    assert _ids(tmap, "2.3") == _ids(tmap, "4.1") == {("src/form.test.ts::keeps 2.3 and 4.1 apart", NAME)}
    # A top-level task's bare number needs "Task" as a name, on the same line: hibi's test
    # comments "for each task" and "3 tasks in mockArchiveData" are no citation of task 3.
    index = KeyMatcher(["3.3"], task_ids=["3", "2.3"])
    assert [c.key for c in index.cites("// Task 3: theme toggling", dotted=True) if c.task] == ["3"]
    for text in ("// for each task\n// 3 tasks in mockArchiveData", "runs every task 3 times"):
        assert not index.cites(text, dotted=True), text
    # Without the task lists a task's number still cites no clause.
    bare = map_tests(clauses, files)
    assert not bare.tests_of("7.1") and sorted_case not in {lt.case.id for lt in bare.tests_of("2.3")}


def test_links_and_proposals_and_a_scar_citation_reach_the_scars_clause():
    scar = Scar(id="S-0000abcd", path="src/retry.py", first=1, last=3, title="flat", why="bank",
                clause="1.3", incident="PAY-1142")
    files = [discover("tests/test_flat.py", "# Guards PAY-1142\ndef test_flat():\n    pass\n"), *_files()]
    tmap = map_tests(
        CLAUSES, files, scars={scar.id: scar},
        links=[Span("invariant-1", "handlers/todo_test.go", 14, 14)],
        proposals=[Span("2.1", "tests/test_retry.py", 11, 12), Span("2.1", "src/retry.test.ts", 6, 6)],
    )
    assert _ids(tmap, "invariant-1") == {("handlers/todo_test.go::TestTodoAPI_List", LINK)}
    assert ("tests/test_retry.py::TestBackoff::test_fr_004_caps_at_budget", PROPOSAL) in _ids(tmap, "2.1")
    # A citation outranks the proposal for the same test.
    assert ("src/retry.test.ts::retry::spacing::1.3 waits are flat", CITATION) in _ids(tmap, "2.1")
    assert [lt.case.id for lt in tmap.scars[scar.id]] == ["tests/test_flat.py::test_flat"]
    assert ("tests/test_flat.py::test_flat", CITATION) in _ids(tmap, "1.3")
    # Linked by id: a scar's own test, a clause's test; a vanished test is skipped.
    by_id = map_tests(CLAUSES, files, scars={scar.id: scar}, test_links={
        scar.id: ["handlers/todo_test.go::TestTodoAPI_List", "tests/test_gone.py::test_x"],
        "FR-001": ["tests/test_retry.py::test_attempts"]})
    assert [(lt.case.id, lt.evidence) for lt in by_id.scars[scar.id]] == [
        ("handlers/todo_test.go::TestTodoAPI_List", LINK), ("tests/test_flat.py::test_flat", CITATION)]
    assert ("tests/test_retry.py::test_attempts", LINK) in _ids(by_id, "FR-001")


@pytest.mark.parametrize("fixture, expected, unmatched", [
    ("pytest.xml", {"tests/test_retry.py::test_spacing_is_flat": "passed",
                    "tests/test_retry.py::TestBackoff::test_fr_004_caps_at_budget": "failed",
                    "tests/test_retry.py::test_attempts": "error"}, ["tests.test_gone::test_removed_since"]),
    ("jest-junit.xml", {"src/retry.test.ts::retry::spacing::1.3 waits are flat": "failed",
                        "src/retry.test.ts::retry::spacing::gives up after three": "passed"},
     ["retry spacing is skipped for now::retry spacing is skipped for now"]),
    ("vitest.xml", {"src/retry.test.ts::retry::spacing::1.3 waits are flat": "failed",
                    "src/retry.test.ts::retry::spacing::gives up after three": "passed"}, []),
    ("nextest.xml", {"src/lib.rs::tests::fr_003_flat_spacing": "failed",
                     "src/lib.rs::tests::budget_is_ten_seconds": "passed"}, []),
    ("go-junit-report.xml", {"handlers/todo_test.go::TestTodoAPI_Create": "failed",
                             "handlers/todo_test.go::TestTodoAPI_List": "passed"}, []),
    ("surefire.xml", {"src/test/java/com/example/RetryTest.java::com.example.RetryTest::flatSpacing": "passed",
                      "src/test/java/com/example/RetryTest.java::com.example.RetryTest::fr003Backoff": "skipped"},
     []),
])
def test_every_reporters_results_find_their_test_cases(fixture, expected, unmatched):
    results = parse_junit((FIXTURES / fixture).read_bytes(), fixture)
    cases = [c for tf in _files() for c in tf.cases]
    matched, rest = match_results(cases, results)
    assert {tid: r.result for tid, r in matched.items()} == expected
    assert [r.label() for r in rest] == unmatched


def test_same_name_in_two_files_is_told_apart_by_classname_or_left_unmatched():
    a = discover("pkg_a/test_x.py", "def test_same():\n    pass\n")
    b = discover("pkg_b/test_x.py", "def test_same():\n    pass\n")
    xml = (b'<testsuite name="pytest"><testcase classname="pkg_b.test_x" name="test_same"><failure message="x"/>'
           b'</testcase><testcase classname="" name="test_same"/></testsuite>')
    matched, rest = match_results([*a.cases, *b.cases], parse_junit(xml, "r.xml"))
    assert {tid: r.result for tid, r in matched.items()} == {"pkg_b/test_x.py::test_same": "failed"}
    assert len(rest) == 1  # no classname: ambiguous, listed rather than guessed


def test_findings_failing_test_behind_implemented_clause_and_untested_invariant_and_scar():
    scar = Scar(id="S-1", path="src/retry.py", first=1, last=3, title="flat", why="bank", clause="FR-003")
    bare = Scar(id="S-2", path="src/other.py", first=1, last=1, title="other", why="story")
    tmap = map_tests(CLAUSES, _files(), scars={"S-1": scar, "S-2": bare},
                     links=[Span(None, "tests/test_retry.py", 6, 6, scar="S-1")])
    outcomes = {"tests/test_retry.py::test_spacing_is_flat": Outcome("failed", "abc", "waits differ")}
    verdicts = {"FR-003": IMPLEMENTED, "FR-004": IMPLEMENTED}
    found = findings_from_tests("s.md", CLAUSES, verdicts, tmap, outcomes, {"S-1": scar, "S-2": bare})
    summary = sorted((f.kind, f.clause or "", f.scar or "") for f in found)
    assert summary == [
        ("test-failing", "FR-003", ""), ("test-failing", "FR-003", "S-1"),
        ("untested", "", "S-2"), ("untested", "invariant-1", ""),
    ]
    failing = next(f for f in found if f.kind == "test-failing" and not f.scar)
    assert failing.path == "tests/test_retry.py" and failing.line == 6 and "waits differ" in failing.message
    # A clause that is not marked implemented gets no finding for the same failure.
    assert not [f for f in findings_from_tests("s.md", CLAUSES, {}, tmap, outcomes, {}) if f.kind == "test-failing"]


def test_undecodable_and_odd_text_in_test_files_is_read():
    text = "# Requirement 1.3 \udcff\ndef test_\u00e9t\u00e9():\n    pass\n\x0c\n"
    tf = discover("tests/test_odd.py", text)
    assert [c.name for c in tf.cases] == ["test_\u00e9t\u00e9"]
    assert map_tests([_clause("1.3")], [tf]).tests_of("1.3")


def test_a_test_naming_another_story_backs_that_story_not_this_one():
    """Every BMAD story has an AC1: "(AC1)" under "TaskRow (Story 2.4)" is Story 2.4's,
    not Story 3.1's; under "Story 3.1 — labels" it counts."""
    from specaudit.core.evidence.stories import story_of

    tf = discover("frontend/test/TaskRow.test.tsx", """\
describe('TaskRow — inline edit (Story 2.4)', () => {
  it('enters edit mode on Enter (AC1)', () => {})
})
describe('Story 3.1 — label management', () => {
  it('attaches a label (AC1)', () => {})
})
describe('TaskRow', () => {
  it('renders the title (AC1)', () => {})
})
""")
    story = story_of("Story 3.1: Labels — Attach and Remove", "_bmad-output/implementation-artifacts/3-1-labels.md")
    assert story is not None and story.number == "3.1" and story.files is None
    names = lambda tmap: sorted(t.case.name for t in tmap.tests_of("AC1"))  # noqa: E731
    # "renders the title (AC1)" names no story, beside tests that name 3.1: an earlier story's.
    assert names(map_tests([_clause("AC1")], [tf], story=story)) == ["attaches a label (AC1)"]
    # In a file where no test names 3.1, a test naming no story counts (the story has no File List).
    plain = discover("frontend/test/Labels.test.tsx", "describe('Labels', () => {\n  it('renders (AC1)', () => {})\n})\n")
    assert names(map_tests([_clause("AC1")], [plain], story=story)) == ["renders (AC1)"]
    # A spec that is no story reads them all.
    assert len(names(map_tests([_clause("AC1")], [tf]))) == 3


def test_a_test_naming_no_story_counts_where_the_storys_file_list_names_its_file():
    """bmad-todo-app's Story 3.2 (deadlines) listed "renders the task title (AC1)", the
    keyboard tests' "AC1 — Logical tab order" and the login page's AC1 as its AC1 tests:
    a test naming no story counts for a story whose File List names its file (or for one
    with no File List); naming this story, it counts wherever it is."""
    from specaudit.core.evidence.stories import story_of

    story_text = """# Story 3.2: Deadline — Set and Remove

## Acceptance Criteria

**AC1 — Set deadline:**

## Dev Agent Record

### File List

- `frontend/src/components/TaskRow.tsx`
- frontend/test/components/TaskRow.test.tsx (modified)
- ./backend/test/routes/tasks.test.ts

### Change Log
- e2e/tests/keyboard-navigation.spec.ts
"""
    story = story_of("Story 3.2: Deadline — Set and Remove", "_bmad-output/implementation-artifacts/3-2-deadline.md",
                     story_text)
    assert story is not None and story.files == {"frontend/src/components/TaskRow.tsx",
                                                 "frontend/test/components/TaskRow.test.tsx",
                                                 "backend/test/routes/tasks.test.ts"}
    row = discover("frontend/test/components/TaskRow.test.tsx", """\
describe('TaskRow', () => {
  it('renders the deadline picker (AC1)', () => {})
})
""")
    keys = discover("e2e/tests/keyboard-navigation.spec.ts", """\
test.describe('AC1 — Logical tab order', () => {
  test('Tab reaches the filter bar', async () => {})
})
test.describe('Story 3.2 — deadline by keyboard', () => {
  test('Enter opens the picker (AC1)', async () => {})
})
""")
    names = lambda tmap: sorted(t.case.name for t in tmap.tests_of("AC1"))  # noqa: E731
    assert names(map_tests([_clause("AC1")], [row, keys], story=story)) == [
        "Enter opens the picker (AC1)", "renders the deadline picker (AC1)"]
    assert len(names(map_tests([_clause("AC1")], [row, keys]))) == 3
    # A File List written from a sub-project's root ("test/..." for "frontend/test/...").
    sub = story_of("Story 3.2: Deadline", "_bmad-output/implementation-artifacts/3-2-deadline.md",
                   story_text.replace("- frontend/test/components/TaskRow.test.tsx", "- test/components/TaskRow.test.tsx"))
    assert names(map_tests([_clause("AC1")], [row, keys], story=sub)) == [
        "Enter opens the picker (AC1)", "renders the deadline picker (AC1)"]

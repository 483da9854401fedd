"""Which tests back which clause, and what their results say.

Evidence, strongest first:

- ``link``: a clause (or scar) linked to lines of a test by a reviewer;
- ``citation``: a marker, docstring or comment of the test (or its file's header) cites
  the clause key, or a task whose clauses its list names: ``@pytest.mark.spec("FR-003")``,
  ``// Requirement 1.3``, ``Requirements: 9.1, 9.2``, ``Task 2.3`` (a Kiro task whose
  ``_Requirements: 7.1, 7.2_`` are its clauses, never clause 2.3), ``T012``, or a scar's
  id or incident;
- ``name``: the test's name or title carries the key: ``test_fr_003_...``, ``it("1.3 ...")``;
- ``proposal``: the evidence engine proposed the test's lines for the clause.

A scar's tests also back the clause the scar belongs to. Keys are found by the one
citation matcher (core/evidence/keys.py: ``FR-003`` = ``fr_003`` = ``FR003`` = ``FR-3``);
in test text keys made only of numbers (Kiro's ``1.3``) are matched in their dotted form
too, or at a JS title's start, never as a bare number in passing.

Pure and linear in the size of the test text: mapping 10,000 tests onto 1,000 clauses
is measured in benchmarks/bench_tests.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from specaudit.core.audit import IMPLEMENTED, SCAR_OPEN, Scar
from specaudit.core.evidence.keys import KeyMatcher
from specaudit.core.evidence.stories import Story, elsewhere, names_it
from specaudit.core.findings import TEST_FAILING, UNTESTED, Finding
from specaudit.core.junit import ERROR, FAILED, MISSING, PASSED, SKIPPED, TestResult
from specaudit.core.model import Clause
from specaudit.core.testcases import TITLED, TestCase, TestFile

LINK, CITATION, NAME, PROPOSAL = "link", "citation", "name", "proposal"
EVIDENCE: tuple[str, ...] = (LINK, CITATION, NAME, PROPOSAL)  # strongest first
UNTESTED_KINDS: tuple[str, ...] = ("invariant",)


@dataclass(frozen=True)
class Span:
    """Lines ``first..last`` of ``path`` at the revision being mapped, for a clause (or a
    scar when ``scar`` is set): a reviewer's link, or a proposal from the evidence engine."""

    clause: str | None
    path: str
    first: int
    last: int
    scar: str | None = None


@dataclass(frozen=True)
class LinkedTest:
    case: TestCase
    evidence: str


@dataclass
class TestMap:
    clauses: dict[str, list[LinkedTest]] = field(default_factory=dict)
    scars: dict[str, list[LinkedTest]] = field(default_factory=dict)

    __test__ = False

    def tests_of(self, key: str) -> list[LinkedTest]:
        return self.clauses.get(key, [])

    def linked_ids(self) -> set[str]:
        return {lt.case.id for group in (*self.clauses.values(), *self.scars.values()) for lt in group}

    def coverage(self) -> tuple[int, int]:
        """(clauses with a real test, clauses with proposals only): a proposal is a guess,
        listed but never counted as the clause's test."""
        kinds = [{lt.evidence == PROPOSAL for lt in group} for group in self.clauses.values() if group]
        return sum(1 for k in kinds if False in k), sum(1 for k in kinds if k == {True})


def _scar_tokens(scars: Mapping[str, Scar]) -> list[tuple[str, str]]:
    out = []
    for sid, scar in scars.items():
        out.append((sid.lower(), sid))
        if scar.incident and len(scar.incident) >= 4:
            out.append((scar.incident.lower(), sid))
    return out


def _add(target: dict[str, dict[str, LinkedTest]], key: str, case: TestCase, evidence: str) -> None:
    per = target.setdefault(key, {})
    old = per.get(case.id)
    if old is None or EVIDENCE.index(evidence) < EVIDENCE.index(old.evidence):
        per[case.id] = LinkedTest(case, evidence)


def _overlapping(by_path: dict[str, list[TestCase]], span: Span) -> list[TestCase]:
    return [c for c in by_path.get(span.path, ()) if c.first <= span.last and span.first <= c.last]


def map_tests(clauses: Iterable[Clause], files: Iterable[TestFile], *, links: Iterable[Span] = (),
              scars: Mapping[str, Scar] | None = None, proposals: Iterable[Span] = (),
              test_links: Mapping[str, Iterable[str]] | None = None,
              tasks: Mapping[str, Sequence[str]] | None = None, story: Story | None = None) -> TestMap:
    """Every test that backs each clause and scar, with its strongest evidence.
    ``test_links`` ({clause key or scar id: [test id]}) are a reviewer's links by id;
    ``tasks`` ({task id: the clause keys it cites}) the spec's task lists; ``story`` the
    story the spec is (``stories.story_of``): a test naming another story ("TaskRow (Story
    2.4) > renders (AC1)") cites that story's keys, not these, and so does one naming none
    in a file the story's File List leaves out or beside tests that name this story."""
    clauses = list(clauses)
    scars = scars or {}
    tasks = tasks or {}
    index = KeyMatcher((c.key for c in clauses), task_ids=tasks)

    def cited(text: str) -> set[str]:
        """The clauses ``text`` cites, itself or through the tasks it names."""
        if not text:
            return set()
        out: set[str] = set()
        for c in index.cites(text, dotted=True):
            out.update(tasks.get(c.key, ()) if c.task else (c.key,))
        return out

    scar_tokens = _scar_tokens(scars)
    by_clause: dict[str, dict[str, LinkedTest]] = {}
    by_scar: dict[str, dict[str, LinkedTest]] = {}
    by_path: dict[str, list[TestCase]] = {}
    for tf in files:
        if not tf.cases:
            continue
        by_path[tf.path] = list(tf.cases)
        header_keys = cited(tf.header)
        header_low = tf.header.lower()
        header_scars = {sid for tok, sid in scar_tokens if tok in header_low}
        # A file where the story names its own tests: the others there are earlier stories'.
        labelled = story is not None and any(names_it(story, f"{c.id}\n{c.cite_text}") for c in tf.cases)
        for case in tf.cases:
            titled = case.lang in TITLED
            title = case.name_text if titled else case.name
            name = title if titled else case.name_text
            theirs = elsewhere(story, f"{case.id}\n{case.cite_text}\n{tf.header}", tf.path, labelled)
            for key in () if theirs else index.keys_in(name, dotted=True, title=titled):
                _add(by_clause, key, case, NAME)
            for key in () if theirs else cited(case.cite_text) | header_keys:
                _add(by_clause, key, case, CITATION)
            if scar_tokens:
                text = (case.cite_text + "\n" + case.name_text).lower()
                for sid in header_scars | {sid for tok, sid in scar_tokens if tok in text}:
                    _add(by_scar, sid, case, CITATION)
    for spans, evidence in ((links, LINK), (proposals, PROPOSAL)):
        for span in spans:
            for case in _overlapping(by_path, span):
                if span.scar:
                    _add(by_scar, span.scar, case, evidence)
                elif span.clause:
                    _add(by_clause, span.clause, case, evidence)
    known = {c.key for c in clauses}
    if test_links:
        by_id = {c.id: c for cases in by_path.values() for c in cases}
        for target, ids in test_links.items():
            for tid in ids:
                linked = by_id.get(tid)
                if linked is None:
                    continue  # the linked test is gone at this revision
                if target in scars:
                    _add(by_scar, target, linked, LINK)
                elif target in known:
                    _add(by_clause, target, linked, LINK)
    for sid, tests in by_scar.items():
        clause = scars[sid].clause if sid in scars else None
        if clause in known:
            for lt in tests.values():
                _add(by_clause, clause, lt.case, lt.evidence)
    order = lambda d: sorted(d.values(), key=lambda lt: (lt.case.path, lt.case.line, lt.case.id))  # noqa: E731
    return TestMap(clauses={k: order(v) for k, v in by_clause.items() if k in known},
                   scars={k: order(v) for k, v in by_scar.items() if k in scars})


# -- results ----------------------------------------------------------------------------
_WORST = {ERROR: 4, FAILED: 3, PASSED: 2, SKIPPED: 1}
_PARAMS = re.compile(r"\[.*\]$")
_WORDS = re.compile(r"[^\W_]+")


def _norm_title(s: str) -> str:
    return " ".join(s.replace(" > ", " ").replace(" › ", " ").split()).lower()


class ResultMatcher:
    """Finds the test case a JUnit ``<testcase>`` reports on, whatever the reporter."""

    def __init__(self, cases: Iterable[TestCase]):
        self.by_name: dict[str, list[TestCase]] = {}
        self.by_title: dict[str, list[TestCase]] = {}
        for c in cases:
            self.by_name.setdefault(c.name.lower(), []).append(c)
            if c.lang in TITLED:
                self.by_title.setdefault(_norm_title(c.name_text), []).append(c)

    @staticmethod
    def _bare(name: str) -> list[str]:
        base = _PARAMS.sub("", name).strip()
        out = [base]
        if "/" in base:  # go subtests: TestX/case
            out.append(base.split("/", 1)[0])
        if "::" in base:  # cargo: module::test
            out.append(base.rsplit("::", 1)[1])
        if "." in base and " " not in base:  # Surefire "method" in some reporters: Class.method
            out.append(base.rsplit(".", 1)[1])
        if base.endswith(")") and "(" in base:  # unittest "test_x (module.Class)", JUnit5 "m()", xUnit "M(x: 1)"
            call = base.split("(", 1)[0].strip()
            out += [call, call.rsplit(".", 1)[-1]]
        if " with data set " in base:  # PHPUnit's data providers: "testX with data set #0"
            out.append(base.split(" with data set ", 1)[0])
        return [b.lower() for b in out if b]

    def _score(self, case: TestCase, r: TestResult) -> int:
        score = 0
        if r.file and (r.file.endswith(case.path) or case.path.endswith(r.file.lstrip("./"))):
            score += 8
        where = set(_WORDS.findall(f"{r.classname} {r.suite}".lower()))
        mine = set(_WORDS.findall(f"{case.path.rsplit('.', 1)[0]} {' '.join(case.scope)}".lower()))
        return score + len(where & mine)

    def match(self, r: TestResult) -> TestCase | None:
        candidates: list[TestCase] = []
        for title in (f"{r.classname} {r.name}", r.name):
            candidates = self.by_title.get(_norm_title(title), [])
            if candidates:
                break
        if not candidates:
            for bare in self._bare(r.name):
                candidates = self.by_name.get(bare, [])
                if candidates:
                    break
        if len(candidates) <= 1:
            return candidates[0] if candidates else None
        scored = sorted(((self._score(c, r), c.id, c) for c in candidates), key=lambda t: (-t[0], t[1]))
        if scored[0][0] > scored[1][0]:
            return scored[0][2]
        return None  # ambiguous: listed as unmatched rather than guessed


def match_results(cases: Iterable[TestCase], results: Iterable[TestResult]) -> tuple[dict[str, TestResult], list[TestResult]]:
    """Each case's result (parametrised runs folded into the worst) and the results that
    name no test in the repository."""
    matcher = ResultMatcher(cases)
    out: dict[str, TestResult] = {}
    unmatched: list[TestResult] = []
    for r in results:
        case = matcher.match(r)
        if case is None:
            unmatched.append(r)
            continue
        old = out.get(case.id)
        if old is None or _WORST.get(r.result, 0) > _WORST.get(old.result, 0):
            out[case.id] = r
    return out, unmatched


# No result recorded for the test at all: never run (or never imported). Not a JUnit
# result and never written to test-results.yaml; "missing" is a result recorded as such.
NOT_RUN = "not run"


@dataclass(frozen=True)
class Outcome:
    """A test's last known result and the revision it ran at (None: never ran)."""

    result: str = NOT_RUN
    revision: str | None = None
    message: str | None = None
    at: str | None = None


def failing(outcome: Outcome | None) -> bool:
    return outcome is not None and outcome.result in (FAILED, ERROR)


def findings_from_tests(spec: str, clauses: Iterable[Clause], verdicts: Mapping[str, str], tmap: TestMap,
                  outcomes: Mapping[str, Outcome], scars: Mapping[str, Scar],
                  untested_kinds: tuple[str, ...] = UNTESTED_KINDS) -> list[Finding]:
    """``test-failing`` for a failing test behind an implemented clause or an open scar;
    ``untested`` for an invariant or open scar with no test at all. A ``proposal`` is the
    engine's guess: shown, but it neither fails a clause nor counts as its test."""
    out: list[Finding] = []

    def failing_tests(tests: list[LinkedTest]):
        return [lt for lt in tests if failing(outcomes.get(lt.case.id))]

    for c in clauses:
        tests = [lt for lt in tmap.tests_of(c.key) if lt.evidence != PROPOSAL]
        if verdicts.get(c.key) == IMPLEMENTED:
            for lt in failing_tests(tests):
                o = outcomes[lt.case.id]
                out.append(Finding(
                    TEST_FAILING, spec=spec, clause=c.key, path=lt.case.path, line=lt.case.line,
                    message=f"test {lt.case.id} {o.result} at {(o.revision or '?')[:12]} but the clause is "
                            f"marked implemented" + (f": {o.message}" if o.message else "")))
        if c.kind in untested_kinds and not tests:
            out.append(Finding(UNTESTED, spec=spec, clause=c.key, path=spec, line=c.span[0],
                               message=f"{c.kind} {c.key} has no test (link one, or cite {c.key} in a test)"))
    for sid, scar in sorted(scars.items()):
        if scar.status != SCAR_OPEN:
            continue
        tests = [lt for lt in tmap.scars.get(sid, []) if lt.evidence != PROPOSAL]
        for lt in failing_tests(tests):
            o = outcomes[lt.case.id]
            out.append(Finding(
                TEST_FAILING, spec=spec, scar=sid, clause=scar.clause, path=lt.case.path, line=lt.case.line,
                message=f"test {lt.case.id} guarding scar '{scar.title}' {o.result} at "
                        f"{(o.revision or '?')[:12]}" + (f": {o.message}" if o.message else "")))
        if not tests:
            out.append(Finding(UNTESTED, spec=spec, scar=sid, clause=scar.clause, path=scar.path, line=scar.first,
                               message=f"scar '{scar.title}' has no test guarding it"))
    return out


__all__ = [
    "CITATION", "EVIDENCE", "LINK", "NAME", "PROPOSAL", "PASSED", "FAILED", "SKIPPED", "ERROR", "MISSING", "NOT_RUN",
    "LinkedTest", "Outcome", "ResultMatcher", "Span", "TestMap", "map_tests", "match_results",
    "findings_from_tests", "failing",
]

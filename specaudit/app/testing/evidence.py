"""Tests per clause at a revision, their results, and the findings they make.

The test files are read from git at the checked revision (never executed); JUnit
files are imported and remembered with that revision in ``.specaudit/test-results.yaml``.
The check (``app.checking``) calls ``attach_tests`` when results were given or have
been recorded, so a repository without tests checks exactly as before.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from specaudit.app.testing.links import load_test_links
from specaudit.app.testing.results import load_results, record_results
from specaudit.core.audit import UNREVIEWED
from specaudit.core.drift import carried_over, effective_review
from specaudit.core.errors import GitError, UsageError
from specaudit.core.evidence.stories import story_of
from specaudit.core.findings import STALE_CODE, Finding
from specaudit.core.junit import TestResult, parse_junit
from specaudit.core.testcases import TestCase, TestFile, discover, language_of
from specaudit.core.tests_map import (
    Outcome,
    Span,
    TestMap,
    findings_from_tests,
    map_tests,
    match_results,
)
from specaudit.settings import LIMITS
from specaudit.vcs.blobs import batch_lines
from specaudit.vcs.runner import SafeGit
from specaudit.vcs.tree import list_blobs

if TYPE_CHECKING:
    from specaudit.app.check.checking import CheckedSpec
    from specaudit.app.evidence.reranking import Ranked
    from specaudit.core.audit import Audit
    from specaudit.core.diff import ChangeSet
    from specaudit.core.model import Spec


@dataclass
class SpecTests:
    """One spec's tests: the map, each linked test's outcome, and the findings."""

    spec: str
    tmap: TestMap
    outcomes: dict[str, Outcome]
    findings: list[Finding] = field(default_factory=list)
    unmatched: list[TestResult] = field(default_factory=list)  # results naming no test (all specs share it)
    test_ids: list[str] = field(default_factory=list)  # every test case at the revision (all specs share it)

    def outcome(self, test_id: str) -> Outcome:
        return self.outcomes.get(test_id) or Outcome()


@dataclass
class TestsRun:
    """What one evaluation saw: per spec, plus the results that matched no test."""

    target: str
    specs: list[SpecTests]
    unmatched: list[TestResult] = field(default_factory=list)
    imported: int = 0
    test_ids: list[str] = field(default_factory=list)  # every test case at the target

    __test__ = False


# -- reading --------------------------------------------------------------------------
def _as_reported(lines: list[str]) -> str:
    """A test file's text as test runners name its tests: bytes that are not UTF-8 become
    U+FFFD (as Jest, pytest and go print them), so ids match the JUnit names and can be
    written to the results file."""
    return "\n".join(lines).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def scan_tests(repo: SafeGit, rev: str) -> list[TestFile]:
    """Every test file at ``rev`` by the ecosystems' conventions, scanned for test cases."""
    wanted = [b.path for b in list_blobs(repo, rev)
              if b.size <= LIMITS.max_test_file_bytes and language_of(b.path) and "\n" not in b.path]
    wanted = sorted(wanted)[: LIMITS.max_test_files]
    blobs = batch_lines(repo, [(rev, p) for p in wanted]) if wanted else {}
    out = []
    for p in wanted:
        lines = blobs.get((rev, p))
        if lines is not None and (tf := discover(p, _as_reported(lines))) is not None and tf.cases:
            out.append(tf)
    return out


def read_junit(paths: list[str]) -> list[TestResult]:
    """All test cases of the JUnit files; an unreadable or unsafe file is one clear error."""
    from specaudit.app.store.files import read_regular

    out: list[TestResult] = []
    for name in paths:
        raw = read_regular(name, LIMITS.max_junit_bytes, what="JUnit file", error=UsageError)
        out += parse_junit(raw or b"", name)
    return out


def has_recorded_results(root: Path) -> bool:
    """Results or links recorded in .specaudit/: the check then evaluates tests too."""
    from specaudit.app.testing.links import LINKS_REL
    from specaudit.app.testing.results import RESULTS_REL

    return (Path(root) / RESULTS_REL).exists() or (Path(root) / LINKS_REL).exists()


def link_test(repo: SafeGit, spec, target: str, test_id: str, *, linked: bool = True) -> None:
    """Link a test (by id, as `specaudit tests` lists it) to a clause or scar of ``spec``;
    the test must exist at HEAD and the target in the spec or its audit."""
    from specaudit.app.store.audit_store import load_audit
    from specaudit.app.testing.links import set_test_link

    audit = load_audit(repo.root, spec.path)
    if target not in audit.scars:
        try:
            target = spec.require(target).key
        except UsageError as exc:
            raise UsageError(f"{exc} (nor is it one of its scars)") from None
    head = repo.head()
    if linked:
        if head is None:
            raise UsageError("the repository has no commits yet")
        ids = {c.id for tf in scan_tests(repo, head) for c in tf.cases}
        if test_id not in ids:
            raise UsageError(f"no test {test_id!r} at HEAD (see `specaudit tests` for the ids)")
    set_test_link(repo.root, spec.path, target, test_id, linked=linked)


# -- the spec's tasks, and proposals from the evidence engine -----------------------------
def task_clauses(repo: SafeGit, spec: Spec, target: str) -> dict[str, tuple[str, ...]]:
    """{task id: the clause keys it cites} of the task lists beside the spec at ``target``
    (the ones the range's evidence reads): a test saying "Task 2.3" backs those clauses."""
    from specaudit.app.evidence.proposals import range_task_lists
    from specaudit.core.evidence.keys import matcher_for
    from specaudit.core.evidence.tasks import read_tasks

    lists = range_task_lists(repo, spec.path, target, [])
    matcher = matcher_for(spec, lists)
    out: dict[str, tuple[str, ...]] = {}
    for tl in lists:
        for t in read_tasks(tl, matcher, []):
            out[t.id] = tuple(dict.fromkeys((*out.get(t.id, ()), *t.clauses)))
    return out


def load_change(repo: SafeGit, base: str | None, target: str):
    """The checked change ``base..target`` for the evidence engine, None without a base."""
    from specaudit.app.workspace.diffs import load_range
    from specaudit.app.workspace.ranges import ChangeRange

    if not base or base == target:
        return None
    return load_range(repo, ChangeRange(range=f"{base}..{target}", base=base, target=target))


def proposal_spans(repo: SafeGit, spec: Spec, audit: Audit, changeset: ChangeSet | None,
                   proposals: Ranked | None = None) -> list[Span]:
    """Lines the evidence engine (app.evidence) proposes for the spec's clauses in the
    checked change (or ``proposals``: the caller's ranking, app.analysis), with the
    reviewer's feedback (rejections left out); a proposal that lands on a test at the
    target makes it ``proposal`` evidence."""
    from specaudit.app.evidence.proposals import proposals_for

    if proposals is not None:
        ranked = proposals(spec.path, audit)
    elif changeset is None:
        return []
    else:
        ranked = proposals_for(repo, spec, audit, changeset)[0].proposals
    # A weak guess (a clause with no evidence) is no evidence that a test exercises the clause.
    return [Span(key, p.path, p.first, p.last) for key, ps in ranked.items() for p in ps
            if p.side == "new" and not p.weak]


# -- evaluating -----------------------------------------------------------------------
def _link_spans(cs: CheckedSpec) -> list[Span]:
    """Every reviewer link, where it is now (followed through history by the check)."""
    spans = []
    for (key, _i), now in cs.links_now.items():
        if now.path is not None and not now.deleted:
            spans.append(Span(key, now.path, now.first, now.last))
    return spans


def _stale_by_test(repo: SafeGit, cs, tmap: TestMap, carried: dict[str, str]) -> list[Finding]:
    """A test behind a verdict that changed since the verdict's commit makes it stale."""
    wanted: dict[tuple[str, str], list[tuple[str, TestCase]]] = {}
    for c in cs.spec.clauses:
        review = effective_review(cs.audit, c.key, carried)
        if review.verdict == UNREVIEWED or not review.commit:
            continue
        for lt in tmap.tests_of(c.key):
            wanted.setdefault((review.commit, lt.case.path), []).append((c.key, lt.case))
    if not wanted:
        return []
    valid = {}
    for commit, path in wanted:
        try:
            valid[(commit, path)] = repo.rev_parse(commit)
        except GitError:  # a verdict commit lost to a rebase: nothing to compare
            continue
    blobs = batch_lines(repo, [(valid[k], k[1]) for k in valid])
    out = []
    for (commit, path), pairs in sorted(wanted.items()):
        if (commit, path) not in valid:
            continue
        lines = blobs.get((valid[(commit, path)], path))
        then = discover(path, _as_reported(lines)) if lines is not None else None
        before = {c.id: c.fingerprint for c in then.cases} if then else {}
        for key, case in pairs:
            if case.id in before and before[case.id] != case.fingerprint:
                out.append(Finding(STALE_CODE, spec=cs.spec.path, clause=key, path=case.path, line=case.line,
                                   message=f"test {case.id} changed since the verdict (at {commit[:12]})"))
    return out


def evaluate(repo: SafeGit, checked: list, target: str, junit: list[str] | None = None,
             *, record: bool = True, untested_kinds: tuple[str, ...] | None = None,
             base: str | None = None, change: ChangeSet | None = None,
             proposals: Ranked | None = None) -> TestsRun:
    """Map tests onto every checked spec at ``target``; import ``junit`` (remembered at
    ``target`` when ``record``); findings from the results recorded at ``target``. With
    ``base``, the evidence engine's proposals over ``base..target`` count too (``change``
    and ``proposals``: already loaded and ranked by the caller, ``reranking.Ranked``)."""
    files = scan_tests(repo, target)
    cases = [c for tf in files for c in tf.cases]
    imported = read_junit(junit) if junit else []
    matched, unmatched = match_results(cases, imported)
    if matched and record:
        now = _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat()
        recorded = record_results(repo.root, matched, target, now)
    else:
        recorded = load_results(repo.root)
        recorded.update({tid: Outcome(r.result, target, r.message) for tid, r in matched.items()})
    current = {tid: o for tid, o in recorded.items() if o.revision == target}
    by_id = load_test_links(repo.root)
    run = TestsRun(target=target, specs=[], unmatched=unmatched, imported=len(imported),
                   test_ids=[c.id for c in cases])
    if change is None and proposals is None:
        change = load_change(repo, base, target)
    for cs in checked:
        carried = carried_over(cs.spec, cs.audit)
        tmap = map_tests(cs.spec.clauses, files, links=_link_spans(cs), scars=cs.audit.scars,
                         proposals=proposal_spans(repo, cs.spec, cs.audit, change, proposals),
                         test_links=by_id.get(cs.spec.path), tasks=task_clauses(repo, cs.spec, target),
                         story=story_of(cs.spec.title, cs.spec.path, cs.spec.text))
        verdicts = {c.key: effective_review(cs.audit, c.key, carried).verdict for c in cs.spec.clauses}
        kwargs = {"untested_kinds": untested_kinds} if untested_kinds is not None else {}
        findings = findings_from_tests(cs.spec.path, cs.spec.clauses, verdicts, tmap, current,
                                       cs.audit.scars, **kwargs)
        findings += _stale_by_test(repo, cs, tmap, carried)
        ids = tmap.linked_ids()
        outcomes = {tid: recorded.get(tid, Outcome()) for tid in ids}  # none recorded: not run
        run.specs.append(SpecTests(cs.spec.path, tmap, outcomes, findings, unmatched, run.test_ids))
    return run


def tests_for(repo: SafeGit, spec_paths: list[str] | None = None, *, spec_format: str | None = None,
              junit: list[str] | None = None, range=None) -> tuple[TestsRun, list]:  # noqa: A002
    """The whole use case (CLI and window): check the specs with tests evaluated and
    ``junit`` imported; returns the run and the checked specs (spec, audit, tests)."""
    from specaudit.app.check.checking import check_details

    result, checked = check_details(repo, spec_paths, spec_format=spec_format, junit=junit, tests=True, range=range)
    specs = [cs.tests for cs in checked if cs.tests is not None]
    run = TestsRun(target=result.target or "", specs=specs, unmatched=specs[0].unmatched if specs else [],
                   test_ids=specs[0].test_ids if specs else [])
    return run, checked


def _result_json(lt, outcome: Outcome) -> dict:
    return {"id": lt.case.id, "path": lt.case.path, "line": lt.case.line, "result": outcome.result,
            "evidence": lt.evidence, "revision": outcome.revision, "message": outcome.message}


def spec_tests_json(st: SpecTests, clauses) -> dict:
    """The JSON shape of `specaudit tests --format json` for one spec (docs/tests.md)."""
    return {
        "spec": st.spec,
        "clauses": [{"key": c.key, "tests": [_result_json(lt, st.outcome(lt.case.id)) for lt in st.tmap.tests_of(c.key)]}
                    for c in clauses],
        "scars": [{"id": sid, "tests": [_result_json(lt, st.outcome(lt.case.id)) for lt in tests]}
                  for sid, tests in sorted(st.tmap.scars.items())],
    }


def clause_test_rows(spec, st: SpecTests) -> list[dict]:
    """Flat per-clause (then per-scar) rows for the report tables and SARIF."""
    rows = []
    groups: list[tuple[str | None, str | None, list]] = [(c.key, None, st.tmap.tests_of(c.key)) for c in spec.clauses]
    groups += [(None, sid, tests) for sid, tests in sorted(st.tmap.scars.items())]
    for clause, scar, tests in groups:
        for lt in tests:
            o = st.outcome(lt.case.id)
            rows.append({"spec": st.spec, "clause": clause, "scar": scar, "test": lt.case.id, "result": o.result,
                         "evidence": lt.evidence, "revision": o.revision, "path": lt.case.path,
                         "line": lt.case.line})
    return rows


def unmatched_json(results: list[TestResult]) -> list[dict]:
    return [{"id": r.label(), "suite": r.suite, "classname": r.classname, "name": r.name, "file": r.file,
             "result": r.result} for r in results]

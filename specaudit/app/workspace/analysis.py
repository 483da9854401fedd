"""What one review session computes from its range, computed once.

The change set, the proposals and the reviewer's git identity are computed once per
(base, target) and shared by the window's diff, its check, the Tests tab and the
evidence panel (the check receives them through ``checking.Loaded``). The check runs
once per audit revision: a foreign edit of an audit file (a ``git pull``, a teammate's
CLI) makes a new revision and a full check; the window's own verdicts re-check only
their clause (``recheck_clause``: pure, no git), and its other edits a full check whose
git reads are cached here (``Anchors``).

Thread-safe: the window's background jobs call in from worker threads; each product is
computed by the first caller while the others wait for it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TypeVar

from specaudit.app.check.checking import (
    Anchors,
    CheckedSpec,
    Loaded,
    check_details,
    gated_kinds,
    must_review,
    review_state,
)
from specaudit.app.evidence.proposals import propose_all
from specaudit.app.evidence.reranking import Rankings
from specaudit.app.review.verdicts import git_identity
from specaudit.app.store.config import Config, load_config
from specaudit.app.testing.evidence import TestsRun, evaluate
from specaudit.app.workspace.diffs import load_range
from specaudit.app.workspace.ranges import ChangeRange
from specaudit.app.workspace.session import Session
from specaudit.core.audit import UNREVIEWED, Audit
from specaudit.core.diff import ChangeSet
from specaudit.core.drift import carried_over, clause_findings, effective_review
from specaudit.core.evidence import Proposal
from specaudit.core.findings import PARTIAL as F_PARTIAL
from specaudit.core.findings import (
    REMOVED,
    RENAMED,
    REVIEW_CONFLICT,
    STALE_CODE,
    STALE_SPEC,
    TEST_FAILING,
    UNTESTED,
    CheckResult,
    Finding,
    sort_key,
)
from specaudit.core.findings import UNREVIEWED as F_UNREVIEWED
from specaudit.core.findings import VIOLATED as F_VIOLATED
from specaudit.core.model import Spec
from specaudit.core.review_conflicts import conflict_findings
from specaudit.core.tests_map import findings_from_tests

T = TypeVar("T")

# What a verdict can change: the clause-level findings of the whole spec (a verdict on a
# renamed clause's new key ends the carry-over), and the clause's own link and test findings.
SPEC_REVIEW_KINDS = frozenset({F_VIOLATED, F_PARTIAL, F_UNREVIEWED, STALE_SPEC, RENAMED, REMOVED, REVIEW_CONFLICT})
CLAUSE_KINDS = frozenset({STALE_CODE, TEST_FAILING, UNTESTED})


@dataclass
class CheckState:
    """One check's result and what it was computed from (to re-check a clause)."""

    result: CheckResult
    checked: list[CheckedSpec]
    config: Config
    revision: int  # the audit revision it describes (see SessionModel)


@dataclass
class _Once:
    lock: threading.Lock = field(default_factory=threading.Lock)
    done: bool = False
    value: object = None


class Analysis:
    """The session's computed products, keyed by its (base, target)."""

    def __init__(self, session: Session):
        self.session = session
        self.source: ChangeRange = session.source
        self._once: dict[str, _Once] = {}
        self._guard = threading.Lock()
        self._check_lock = threading.Lock()
        self._anchors: Anchors | None = None
        self._lines: dict[tuple[str, str], dict[int, str] | None] = {}
        self.full_checks = 0  # counted, so tests can tell a full check from a clause's re-check
        self.clause_checks = 0
        self.latest: CheckState | None = None  # the newest full check

    @property
    def key(self) -> tuple[str | None, str | None]:
        return (self.source.base, self.source.target)

    def _compute(self, name: str, make: Callable[[], T]) -> T:
        with self._guard:
            once = self._once.setdefault(name, _Once())
        with once.lock:
            if not once.done:
                once.value, once.done = make(), True
        return once.value  # type: ignore[return-value]

    def ready(self, name: str) -> bool:
        once = self._once.get(name)
        return once is not None and once.done

    # -- computed once per (base, target) ---------------------------------------------------
    def changeset(self) -> ChangeSet:
        return self._compute("changeset", lambda: load_range(self.session.repo, self.source))

    def proposals(self) -> tuple[Rankings, dict[str, list[str]], dict[str, list[str]]]:
        """Every open spec's ranking of the change (ask it per spec with an audit), each
        spec's clause order, and each spec's notes on its evidence (``propose_all``)."""
        return self._compute("proposals", lambda: propose_all(self.session, self.changeset()))

    def proposals_for(self, spec_rel: str, audit: Audit | None) -> dict[str, list[Proposal]]:
        """One spec's proposals with its audit's feedback as it is now: what it rejects
        left out (an undone rejection brings its proposal back), links accepted for a
        clause's parent or children lifting the lines they cover. The change is ranked
        once; only clauses whose feedback changed are weighed again (``reranking``)."""
        return self.proposals()[0](spec_rel, audit)

    def identity(self) -> str | None:
        """The reviewer as git would sign a commit (one git call per session)."""
        return self._compute("identity", lambda: git_identity(self.session.repo))

    def known_lines(self, path: str, side: str, first: int, last: int) -> list[str] | None:
        """Lines ``first..last`` of ``path`` on ``side`` when the loaded change shows all of
        them (a hunk's added or context lines): what a link picked on screen is
        fingerprinted from without asking git. None when any is not in the change."""
        if not self.ready("changeset"):
            return None
        known = self._side_lines(path, side)
        if known is None or any(n not in known for n in range(first, last + 1)):
            return None
        return [known[n] for n in range(first, last + 1)]

    def _side_lines(self, path: str, side: str) -> dict[int, str] | None:
        if (path, side) not in self._lines:
            fd = self.changeset().file(path)
            found: dict[int, str] | None = None
            if fd is not None and not fd.binary:
                found = {}
                for hunk in fd.hunks:
                    for line in fd.hunk_lines(hunk):
                        n = line.new_no if side == "new" else line.old_no
                        if n and line.kind in (" ", "+" if side == "new" else "-"):
                            found[n] = line.text
                if getattr(fd, "non_utf8", False):
                    found = None  # decoded differently from git's blob: let git say
            self._lines[(path, side)] = found
        return self._lines[(path, side)]

    def side_length(self, path: str, side: str) -> int | None:
        """The file's line count on ``side`` when the change shows all of it (an added
        file's new side, a deleted file's old side); None when only git can tell."""
        if not self.ready("changeset"):
            return None
        fd = self.changeset().file(path)
        whole = fd is not None and fd.status == ("A" if side == "new" else "D")
        known = self._side_lines(path, side) if whole else None
        return max(known, default=0) if known is not None else None

    def file_in_change(self, path: str, side: str) -> bool | None:
        """Whether ``path`` exists on ``side`` of the loaded change (None: not loaded, or
        not part of it, so only git can tell)."""
        if not self.ready("changeset"):
            return None
        fd = self.changeset().file(path)
        if fd is None:
            return None
        return (fd.new_path if side == "new" else fd.old_path) is not None

    # -- the check, once per audit revision ---------------------------------------------------
    def check(self, revision: int) -> CheckState:
        """A full check over the session's range with everything above reused."""
        s = self.session
        loaded = Loaded(self.changeset() if self.source.target else None, None, None)
        if self.source.base and self.source.target:
            loaded.proposals = self.proposals()[0]
        with self._check_lock:
            if self._anchors is None and self.source.target and not self.source.patch:
                self._anchors = Anchors(s.repo, self.source.target, None)  # its git reads are kept
            loaded.anchors = self._anchors
            result, checked = check_details(s.repo, [e.rel for e in s.specs], spec_format=s.spec_format,
                                            range=self.source, loaded=loaded, orphans=True)
            self.full_checks += 1
            self.latest = CheckState(result, checked, load_config(s.root), revision)
            return self.latest

    def first_check(self, revision: int) -> CheckState:
        """The session's first full check; callers that need one wait for it."""
        return self._compute("first-check", lambda: self.check(revision))

    def tests(self, junit: list[str] | None = None, *, fresh: bool = False) -> TestsRun:
        """The Tests tab's map of tests per clause, from the checked specs (no second
        check): the check's own when it evaluated tests, else evaluated now (``junit``
        imported and recorded; ``fresh`` after a test was linked)."""
        state = self.latest or self.first_check(0)
        target = state.result.target or ""
        specs = [cs.tests for cs in state.checked if cs.tests is not None]
        if junit or fresh or len(specs) != len(state.checked):
            base = state.result.base
            ranged = bool(base and base != target)
            run = evaluate(self.session.repo, state.checked, target, junit, base=base,
                           change=self.changeset() if ranged else None,
                           proposals=self.proposals()[0] if ranged else None)
            specs = run.specs
        return TestsRun(target=target, specs=specs, unmatched=specs[0].unmatched if specs else [],
                        test_ids=specs[0].test_ids if specs else [])

    def recheck_clause(self, state: CheckState, spec: Spec, audit: Audit, key: str,
                       revision: int) -> tuple[CheckState, bool]:
        """``state`` after a verdict on clause ``key`` of ``spec`` (its audit as shown):
        the spec's clause-level findings and the clause's link and test findings again,
        without git. Exact when the clause's links are anchored at the target (every link
        the window records is); otherwise (False) a full check should follow."""
        self.clause_checks += 1
        result, target = state.result, state.result.target
        review = audit.reviews.get(key)
        links = [lk for lk in (review.links if review else ()) if lk.side == "new" and lk.commit]
        exact = review is None or review.verdict == UNREVIEWED or all(lk.commit == target for lk in links)

        def replaced(f: Finding) -> bool:
            if f.spec != spec.path:
                return False
            if f.kind in SPEC_REVIEW_KINDS:
                return True
            return exact and f.clause == key and f.scar is None and f.kind in CLAUSE_KINDS

        kept = [f for f in result.findings if not replaced(f)]
        fresh = clause_findings(spec, audit, must_review(spec, state.config)) + conflict_findings(spec, audit)
        checked = next((cs for cs in state.checked if cs.spec.path == spec.path), None)
        clause = spec.clause(key)
        if exact and checked is not None and checked.tests is not None and clause is not None:
            st = checked.tests
            verdict = effective_review(audit, key, carried_over(spec, audit)).verdict
            current = {tid: o for tid, o in st.outcomes.items() if o.revision == target}
            fresh += findings_from_tests(spec.path, [clause], {key: verdict}, st.tmap, current, {})
        # Links anchored at the target are where they were picked: none is stale (and an
        # unreviewed clause's links are not checked at all).
        gated = gated_kinds(state.config)
        findings = sorted((replace(f, gating=f.kind in gated) for f in kept + fresh), key=sort_key)
        if checked is not None:
            checked = replace(checked, audit=audit)
            state = replace(state, checked=[checked if cs.spec.path == spec.path else cs for cs in state.checked])
        counted = review_state(state.checked, None)  # the verdicts again; the files' coverage is unchanged
        progress = replace(result.state, clauses=counted.clauses, reviewed=counted.reviewed) \
            if result.state is not None else None
        new = replace(result, findings=findings, passed=not any(f.gating for f in findings), state=progress)
        return replace(state, result=new, revision=revision), exact

"""The check behind `specaudit check` (the CI gate) and the app's findings panel.

For every spec: verdict findings (violated, unreviewed, stale-spec, removed/renamed),
links and scars followed from their anchor commits to HEAD (stale-code,
scar-overwritten), then coverage of the change (unexplained-change, non-goal-hit).
``since`` measures drift only over ``since..HEAD``: an anchor older than ``since`` is
first followed to ``since`` and only later changes count.

The coverage diff starts at ``since``, else ``coverage.base`` from the config, else the
common ancestor of every anchor recorded in the audits (where the review started),
else HEAD's parent.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from specaudit.app.audit_store import audit_path, load_audit
from specaudit.app.config import Config, load_config
from specaudit.app.workspace import find_specs, load_spec
from specaudit.core.audit import OUT_OF_SCOPE as OUT_OF_SCOPE_MARK
from specaudit.core.audit import UNREVIEWED, Audit
from specaudit.core.coverage import non_goal_hits, unexplained_changes
from specaudit.core.drift import Tracked, clause_findings, link_finding, scar_finding
from specaudit.core.errors import GitError, UsageError
from specaudit.core.findings import (
    OUT_OF_SCOPE,
    SPEC_PROBLEM,
    UNTESTED,
    CheckResult,
    Finding,
    sort_key,
)
from specaudit.core.model import Spec
from specaudit.vcs.line_tracking import Tracker, oldest_commit_containing
from specaudit.vcs.runner import SafeGit

if TYPE_CHECKING:
    from specaudit.app.tests_evidence import SpecTests

__all__ = ["CheckResult", "Finding", "run_check", "CheckedSpec", "check_details"]


@dataclass
class Anchors:
    """Follows anchors to HEAD, honouring ``since``; remembers where they landed."""

    repo: SafeGit
    target: str
    since: str | None
    head_tracker: Tracker = field(init=False)
    since_tracker: Tracker | None = field(init=False)
    _scar_commits: dict[tuple[str, str], str | None] = field(default_factory=dict)
    _resolved: dict[str, str | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.head_tracker = Tracker(self.repo, self.target)
        self.since_tracker = Tracker(self.repo, self.since) if self.since else None

    def resolve(self, commit: str | None) -> str | None:
        """A recorded commit as a full hash, None if gone (lost to a rebase: not
        followable). Cached: thousands of links share a handful of commits."""
        if not commit:
            return None
        if commit not in self._resolved:
            try:
                self._resolved[commit] = self.repo.rev_parse(commit)
            except GitError:
                self._resolved[commit] = None
        return self._resolved[commit]

    def hint(self, commit: str, path: str) -> None:
        for tracker in (self.head_tracker, self.since_tracker):
            if tracker is not None:
                tracker.hint(commit, path)

    def follow(self, commit: str, path: str, first: int, last: int) -> Tracked:
        if self.since_tracker is not None and commit != self.since and \
                self.since_tracker.is_ancestor(commit, self.since):
            at_since = self.since_tracker.track(commit, path, first, last)
            if at_since.deleted or at_since.path is None:
                # Gone before `since`: not this range's drift, and nothing left to follow.
                return replace(at_since, changed=False)
            commit, path, first, last = self.since, at_since.path, at_since.first, at_since.last
        return self.head_tracker.track(commit, path, first, last)

    def scar_anchor(self, audit_rel: str, scar_id: str, commit: str | None) -> str | None:
        """A scar's commit, or the oldest commit whose audit file holds the scar."""
        if commit:
            return commit
        key = (audit_rel, scar_id)
        if key not in self._scar_commits:
            self._scar_commits[key] = oldest_commit_containing(self.repo, audit_rel, scar_id)
        return self._scar_commits[key]


@dataclass
class CheckedSpec:
    """One spec's inputs and where each anchor is now (for reports and the app)."""

    spec: Spec
    audit: Audit
    findings: list[Finding]
    links_now: dict[tuple[str, int], Tracked] = field(default_factory=dict)  # (clause, link index)
    scars_now: dict[str, Tracked] = field(default_factory=dict)
    scar_anchors: dict[str, str | None] = field(default_factory=dict)
    tests: SpecTests | None = None  # when tests were evaluated (docs/tests.md)


def _check_spec(repo: SafeGit, spec: Spec, config: Config, anchors: Anchors) -> CheckedSpec:
    audit = load_audit(repo.root, spec.path)
    findings = clause_findings(spec, audit, config.unreviewed_kinds)
    findings += [
        Finding(SPEC_PROBLEM, p.message, spec=spec.path, path=p.path, line=p.line)
        for p in spec.problems if p.severity == "error"
    ]
    checked = CheckedSpec(spec, audit, findings)
    for review in audit.reviews.values():
        for link in review.links:
            if link.side == "new" and (commit := anchors.resolve(link.commit)):
                anchors.hint(commit, link.path)
    for key, review in sorted(audit.reviews.items()):
        for i, link in enumerate(review.links):
            commit = anchors.resolve(link.commit)
            if link.side != "new" or commit is None:
                continue
            now = anchors.follow(commit, link.path, link.first, link.last)
            checked.links_now[(key, i)] = now
            if review.verdict != UNREVIEWED and (f := link_finding(spec.path, key, link, now)):
                findings.append(f)
    audit_rel = audit_path(Path("."), spec.path).as_posix()
    for sid, scar in sorted(audit.scars.items()):
        commit = anchors.resolve(anchors.scar_anchor(audit_rel, sid, scar.commit))
        checked.scar_anchors[sid] = commit
        if commit is None:
            continue  # recorded but not committed yet: nothing can have overwritten it
        now = anchors.follow(commit, scar.path, scar.first, scar.last)
        checked.scars_now[sid] = now
        if f := scar_finding(spec.path, scar, now, commit):
            findings.append(f)
    return checked


def _coverage_base(repo: SafeGit, anchors: Anchors, config: Config, checked: list[CheckedSpec]) -> str | None:
    since = anchors.since
    if since:
        return since
    if config.coverage_base:
        return repo.rev_parse(config.coverage_base)
    commits = sorted({
        c for cs in checked
        for c in [*(anchors.resolve(lk.commit) for r in cs.audit.reviews.values() for lk in r.links),
                  *(anchors.resolve(r.commit) for r in cs.audit.reviews.values()),
                  *cs.scar_anchors.values()]
        if c
    })
    if commits:
        out = repo.run("merge-base", "--octopus", *commits, ok_codes=(0, 1)).decode().strip()
        if out:
            return out
    try:
        return repo.rev_parse("HEAD^")
    except GitError:
        return None


def _change_marks(anchors: Anchors, cs: CheckedSpec) -> tuple[list[Tracked], list[Finding]]:
    """Marked changes followed to the target: an unchanged mark covers its lines (and an
    out-of-scope one is reported); a mark whose lines changed since no longer applies."""
    covered, findings = [], []
    for mark in cs.audit.changes.values():
        commit = anchors.resolve(mark.commit)
        if commit is None:
            continue
        now = anchors.follow(commit, mark.path, mark.first, mark.last)
        if now.path is None or now.deleted or now.changed:
            continue
        covered.append(now)
        if mark.status == OUT_OF_SCOPE_MARK:
            why = f": {mark.note}" if mark.note else ""
            findings.append(Finding(
                kind=OUT_OF_SCOPE, spec=cs.spec.path, path=now.path, line=now.first, end_line=now.last,
                message=f"lines {now.path}:{now.first}-{now.last} were marked as scope the spec did not "
                        f"ask for{why}",
            ))
    return covered, findings


def _coverage(repo: SafeGit, anchors: Anchors, base: str, config: Config,
              checked: list[CheckedSpec]) -> list[Finding]:
    changes = anchors.head_tracker.diff(base)
    covered: dict[str, list[tuple[int, int]]] = {}
    marked: list[Finding] = []
    for cs in checked:
        marks, out_of_scope = _change_marks(anchors, cs)
        marked += out_of_scope
        for now in [*cs.links_now.values(), *cs.scars_now.values(), *marks]:
            if now.path is not None and not now.deleted:
                covered.setdefault(now.path, []).append((now.first, now.last))
    exclude = (".specaudit/*", *(cs.spec.path for cs in checked), *config.coverage_exclude)
    single = checked[0].spec.path if len(checked) == 1 else None
    out = marked + unexplained_changes(changes, covered, spec=single, exclude=exclude)
    for cs in checked:
        out += non_goal_hits(cs.spec.clauses, changes, spec=cs.spec.path, exclude=exclude)
    return out


def _test_findings(repo: SafeGit, checked: list[CheckedSpec], target: str, junit: list[str] | None,
                   force: bool) -> list[Finding]:
    from specaudit.app.tests_evidence import evaluate, has_recorded_results

    if not (force or junit or has_recorded_results(repo.root)):  # a repository without tests checks as before
        return []
    run = evaluate(repo, checked, target, junit)
    for cs, st in zip(checked, run.specs, strict=True):
        cs.tests = st
    return [f for st in run.specs for f in st.findings]


def _test_rows(checked: list[CheckedSpec]) -> list[dict]:
    from specaudit.app.tests_evidence import clause_test_rows

    return [row for cs in checked if cs.tests is not None for row in clause_test_rows(cs.spec, cs.tests)]


def check_details(
    repo: SafeGit, spec_paths: list[str] | None = None, *, since: str | None = None,
    spec_format: str | None = None, at: str | None = None, junit: list[str] | None = None,
    tests: bool = False,
) -> tuple[CheckResult, list[CheckedSpec]]:
    """``run_check`` plus, per spec, where every link and scar is now (for reports).
    Test findings (docs/tests.md) join when ``junit`` files are given, results were
    recorded, or ``tests`` asks for them."""
    config = load_config(repo.root)
    paths = list(spec_paths) if spec_paths else find_specs(repo.root)
    if not paths:
        raise UsageError("no specs found (looked in .specaudit/ and the usual spec locations; use --spec)")
    target = repo.rev_parse(at) if at else repo.head()
    if target is None:
        raise GitError(f"the repository has no commits yet: {repo.root}")
    since_c = repo.rev_parse(since) if since else None
    anchors = Anchors(repo, target, since_c)
    checked = [_check_spec(repo, load_spec(repo.root, p, spec_format), config, anchors) for p in paths]
    findings = [f for cs in checked for f in cs.findings]
    findings += _test_findings(repo, checked, target, junit, tests or UNTESTED in config.fail_on)
    base = _coverage_base(repo, anchors, config, checked)
    if base is not None and base != target:
        findings += _coverage(repo, anchors, base, config, checked)
    findings = sorted((replace(f, gating=f.kind in config.fail_on) for f in findings), key=sort_key)
    result = CheckResult(
        passed=not any(f.gating for f in findings), findings=findings, specs=paths,
        target=target, since=since_c, base=base, tests=_test_rows(checked),
    )
    return result, checked


def run_check(
    repo: SafeGit, spec_paths: list[str] | None = None, *, since: str | None = None,
    spec_format: str | None = None, at: str | None = None, junit: list[str] | None = None,
) -> CheckResult:
    """Check the specs (default: every spec find_specs finds) against HEAD, or against
    the later commit ``at``. The audit files and specs are read from the working tree."""
    return check_details(repo, spec_paths, since=since, spec_format=spec_format, at=at, junit=junit)[0]

"""The check behind `specaudit check` (the CI gate) and the app's findings panel.

For every spec: verdict findings (violated, unreviewed, stale-spec, removed/renamed),
links and scars followed from their anchor commits to the target (stale-code,
scar-overwritten), then coverage of the change (unexplained-change, non-goal-hit).

Which change (one rule, whatever commits the verdicts were recorded at):

- a range (``--range A..B``, or the range the window opened; resolved by
  ``app/workspace/ranges.py``): drift is followed to B, coverage is the diff of the range (from
  the merge base for ``A...B``). A patch or working-tree session has no commits to
  cover: drift up to HEAD, no coverage findings.
- ``--since S`` (``--at T``): only drift after S counts (an anchor older than S is first
  followed to S), and coverage is S..T.
- neither: the default range, the one ``open`` shows: ``coverage.base..HEAD`` when
  configured, else ``HEAD~1..HEAD`` (with ``--at T``: ``coverage.base..T``, else T's own
  change).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from specaudit.app.check.code_checks import Proposals, code_findings
from specaudit.app.evidence.proposals import proposals_for, range_task_lists
from specaudit.app.evidence.reranking import Ranked
from specaudit.app.store.audit_store import audit_naming, audit_path, load_audit
from specaudit.app.store.config import Config, load_config
from specaudit.app.workspace.ranges import ChangeRange, resolve_range
from specaudit.app.workspace.specs import (
    find_specs,
    load_spec,
    missing_specs,
    no_specs,
    where_moved,
)
from specaudit.core.audit import OUT_OF_SCOPE as OUT_OF_SCOPE_MARK
from specaudit.core.audit import UNREVIEWED, Audit
from specaudit.core.coverage import non_goal_hits
from specaudit.core.diff import ChangeSet
from specaudit.core.drift import (
    Tracked,
    carried_over,
    clause_findings,
    effective_review,
    link_finding,
    scar_finding,
)
from specaudit.core.errors import GitError, SpecError, UsageError
from specaudit.core.evidence.paths import spec_document_roots
from specaudit.core.evidence.tasks import task_list_findings
from specaudit.core.findings import (
    OUT_OF_SCOPE,
    SCAR_OVERWRITTEN,
    SPEC_PROBLEM,
    STALE_CODE,
    TASK_NOT_IN_CHANGE,
    UNTESTED,
    CheckResult,
    Finding,
    GatePolicy,
    ReviewState,
    sort_key,
)
from specaudit.core.findings import UNREVIEWED as UNREVIEWED_KIND
from specaudit.core.model import Problem, Spec
from specaudit.core.review_conflicts import conflict_findings
from specaudit.core.spec_checks import spec_self_findings, tightened_finding
from specaudit.core.unexplained import FileCoverage, file_coverage, unexplained_findings
from specaudit.vcs.blobs import batch_lines
from specaudit.vcs.line_tracking import Tracker, oldest_commit_containing
from specaudit.vcs.runner import SafeGit
from specaudit.vcs.shallow import missing_history, require_parents, shallow_boundary

if TYPE_CHECKING:
    from specaudit.app.testing.evidence import SpecTests

__all__ = ["CheckResult", "Finding", "run_check", "CheckedSpec", "Loaded", "check_details"]


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
                if shallow_boundary(self.repo):  # not lost: not fetched. Never skip it silently.
                    raise missing_history("a recorded commit", commit) from None
                self._resolved[commit] = None
        return self._resolved[commit]

    def hint(self, commit: str, path: str) -> None:
        for tracker in (self.head_tracker, self.since_tracker):
            if tracker is not None:
                tracker.hint(commit, path)

    def follow(self, commit: str, path: str, first: int, last: int) -> Tracked:
        since = self.since
        if self.since_tracker is not None and since is not None and commit != since and \
                self.since_tracker.is_ancestor(commit, since):
            at_since = self.since_tracker.track(commit, path, first, last)
            if at_since.deleted or at_since.path is None:
                # Gone before `since`: not this range's drift, and nothing left to follow.
                return replace(at_since, changed=False)
            commit, path, first, last = since, at_since.path, at_since.first, at_since.last
        now = self.head_tracker.track(commit, path, first, last)
        if now.changed and not self.head_tracker.is_ancestor(commit, self.target):
            return replace(now, foreign=True)  # recorded after (or beside) what is checked
        return now

    def lines(self, tracked: list[Tracked]) -> dict[str, list[str]]:
        """The lines at the target of the files these anchors landed in (one git call)."""
        paths = sorted({t.path for t in tracked if t.path is not None and not t.deleted})
        blobs = batch_lines(self.repo, [(self.target, p) for p in paths])
        return {p: lines for (_, p), lines in blobs.items() if lines is not None}

    def scar_anchor(self, audit_rel: str, scar_id: str, commit: str | None) -> str | None:
        """A scar's commit, or the oldest commit whose audit file holds the scar."""
        if commit:
            return commit
        key = (audit_rel, scar_id)
        if key not in self._scar_commits:
            found = oldest_commit_containing(self.repo, audit_rel, scar_id)
            if found is not None:  # at a shallow boundary, the scar may be older than what was fetched
                require_parents(self.repo, found, f"scar {scar_id}'s commit")
            self._scar_commits[key] = found
        return self._scar_commits[key]


@dataclass
class Loaded:
    """What a caller already has for the checked range (the window, ``app.analysis``):
    the change set, its ranking (``reranking.Ranked``: a spec's proposals under an
    audit's feedback) and the anchors with their git reads cached. Anything None is
    read as usual."""

    changeset: ChangeSet | None = None
    proposals: Ranked | None = None
    anchors: Anchors | None = None


GONE_FORMAT = "missing"  # the format of the empty spec an orphaned audit is checked as


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

    @property
    def orphaned(self) -> bool:
        """An audit whose spec is gone (moved without it), checked as an empty spec."""
        return self.spec.format == GONE_FORMAT


LeftOut = tuple[tuple[str, int], ...]  # changed files not counted, (reason, how many)


def must_review(spec: Spec, config: Config) -> tuple[str, ...]:
    """The clause kinds an unreviewed clause is reported for."""
    return tuple({c.kind for c in spec.clauses}) if config.require_reviewed else config.unreviewed_kinds


def gated_kinds(config: Config) -> set[str]:
    """The finding kinds that fail the gate."""
    return set(config.fail_on) | ({UNREVIEWED_KIND} if config.require_reviewed else set())


def _check_spec(repo: SafeGit, spec: Spec, config: Config, anchors: Anchors) -> CheckedSpec:
    audit = load_audit(repo.root, spec.path)
    findings = clause_findings(spec, audit, must_review(spec, config))
    findings += [
        Finding(SPEC_PROBLEM, p.message, spec=spec.path, path=p.path, line=p.line or None)
        for p in spec.problems if p.severity == "error"
    ]
    findings += spec_self_findings(spec, audit)
    findings += conflict_findings(spec, audit)  # a merge kept two verdicts on one clause
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
            checked.links_now[(key, i)] = anchors.follow(commit, link.path, link.first, link.last)
    audit_rel = audit_path(Path("."), spec.path).as_posix()
    for sid, scar in sorted(audit.scars.items()):
        commit = anchors.resolve(anchors.scar_anchor(audit_rel, sid, scar.commit))
        checked.scar_anchors[sid] = commit
        if commit is not None:  # None: recorded but not committed yet, nothing can have overwritten it
            checked.scars_now[sid] = anchors.follow(commit, scar.path, scar.first, scar.last)
    texts = anchors.lines([*checked.links_now.values(), *checked.scars_now.values()])
    lengths = {p: len(lines) for p, lines in texts.items()}
    for (key, i), now in checked.links_now.items():
        review = audit.reviews[key]
        link = review.links[i]
        if review.verdict == UNREVIEWED:
            continue
        if f := link_finding(spec.path, key, link, now) or _past_end(spec.path, now, lengths, clause=key):
            findings.append(f)
    for sid, now in checked.scars_now.items():
        scar = audit.scars[sid]
        lost = scar_finding(spec.path, scar, now, checked.scar_anchors[sid], _first_line(texts, now)) or \
            _past_end(spec.path, now, lengths, clause=scar.clause, scar=sid)
        if lost:
            findings.append(lost)
        if t := tightened_finding(spec, scar, lost is not None):  # the loop closing, or not yet
            findings.append(t)
    return checked


def _first_line(texts: dict[str, list[str]], now: Tracked) -> str | None:
    """The first non-blank line that stands where an anchor landed, for saying what
    overwrote a scar."""
    lines = texts.get(now.path or "", [])
    return next((ln.strip() for ln in lines[now.first - 1:now.last] if ln.strip()), None)


def _past_end(spec: str, now: Tracked, lengths: dict[str, int], *, clause: str | None,
              scar: str | None = None) -> Finding | None:
    """Lines that do not exist at the target (a hand-edited ``lines: 2-999999``): the
    link or scar points at nothing, which is never "intact"."""
    if now.path is None or now.deleted or now.path not in lengths or now.last <= lengths[now.path]:
        return None
    what = f"scar {scar}" if scar else "linked lines"
    return Finding(SCAR_OVERWRITTEN if scar else STALE_CODE, f"{what} {now.path}:{now.first}-{now.last} run past the end of the file "
                               f"({lengths[now.path]} lines); review again",
                   spec=spec, clause=clause, scar=scar, path=now.path, line=min(now.first, lengths[now.path] or 1))


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


def _coverage(repo: SafeGit, anchors: Anchors, base: str, config: Config, checked: list[CheckedSpec],
              proposals: Callable[[], Proposals] | None = None) -> tuple[list[Finding], list[FileCoverage], LeftOut]:
    """The range's coverage, once for all the specs: a line linked, scarred or marked in
    any spec's audit is explained. Also each spec's non-goal hints and task-list notes, and
    the code findings (``proposals``: see ``_proposals``); and the changed files not
    counted, by reason, most first."""
    changes = anchors.head_tracker.diff(base)
    covered: dict[str, list[tuple[int, int]]] = {}
    out: list[Finding] = []
    for cs in checked:
        marks, out_of_scope = _change_marks(anchors, cs)
        out += out_of_scope
        for now in [*cs.links_now.values(), *cs.scars_now.values(), *marks]:
            if now.path is not None and not now.deleted:
                covered.setdefault(now.path, []).append((now.first, now.last))
    task_lists = {cs.spec.path: range_task_lists(repo, cs.spec.path, anchors.target, []) for cs in checked}
    roots = spec_document_roots([*(cs.spec.path for cs in checked),
                                 *(tl.path for lists in task_lists.values() for tl in lists)])
    exclude = (".specaudit/*", *(cs.spec.path for cs in checked), *config.coverage_exclude)
    left_out: dict[str, int] = {}
    files = file_coverage(changes, covered, exclude=exclude, spec_roots=(*roots, *(cs.spec.path for cs in checked)),
                          left_out=left_out)
    out += unexplained_findings(files)
    # What the added code is: unwired, stubs, tasks ticked with no code (docs/findings.md).
    code = code_findings(repo, base, anchors.target, changes, checked, roots=roots, exclude=exclude,
                         task_lists=task_lists, proposals=proposals)
    out += code.findings
    changed = [fc.new_path or fc.old_path for fc in changes if fc.new_path or fc.old_path]
    notes: set[tuple[str, str | None, int | None, str]] = set()
    for cs in checked:
        out += non_goal_hits(cs.spec.clauses, changes, spec=cs.spec.path, exclude=exclude)
        # The task list beside the spec: done tasks the change did not touch, unknown ids.
        # "Not in the change" is said only of a task the range claims (evidence.claims:
        # ticked in it, or of a spec it implements), and not of a phantom, which says more.
        # Specs sharing one task list get each note once.
        for f in task_list_findings(cs.spec, task_lists[cs.spec.path], changed):
            key = (f.kind, f.path, f.line, f.message)
            if f.kind == TASK_NOT_IN_CHANGE and ((f.path, f.line) in code.phantoms
                                                 or (f.path, f.line) not in code.claimed):
                continue
            if key not in notes:
                notes.add(key)
                out.append(f)
    return out, files, tuple(sorted(left_out.items(), key=lambda kv: (-kv[1], kv[0])))


def _proposals(repo: SafeGit, base: str, target: str, checked: list[CheckedSpec], loaded: Loaded | None,
               propose: bool) -> Callable[[], Proposals] | None:
    """Each spec's proposals, less what its audit rejects, for the code findings' clause:
    the ones the caller ranked (the window), else ranked now when ``propose`` asks (``check
    --proposals``: ranking a large change takes seconds, docs/findings.md), else none."""
    ranked = loaded.proposals if loaded is not None else None
    if ranked is not None:
        return lambda: {cs.spec.path: ranked(cs.spec.path, cs.audit) for cs in checked}
    if not propose:
        return None

    def rank() -> Proposals:
        from specaudit.app.workspace.diffs import load_range

        change = loaded.changeset if loaded is not None and loaded.changeset is not None else \
            load_range(repo, ChangeRange(f"{base}..{target}", base, target))
        return {cs.spec.path: proposals_for(repo, cs.spec, cs.audit, change)[0].proposals for cs in checked}
    return rank


def review_state(checked: list[CheckedSpec], files: list[FileCoverage] | None, left_out: LeftOut = ()) -> ReviewState:
    """Clauses with a verdict (renames carried over) and changed files fully explained;
    ``left_out``: the changed files not counted, by reason (``_coverage``)."""
    total = reviewed = context = 0
    for cs in checked:
        carried = carried_over(cs.spec, cs.audit)
        notes = cs.spec.context_keys()
        for c in cs.spec.clauses:
            done = effective_review(cs.audit, c.key, carried).verdict != UNREVIEWED
            if c.key in notes and not done:
                context += 1  # read, not reviewed: a context note counts once someone gives it a verdict
                continue
            total += 1
            reviewed += done
    if files is None:
        return ReviewState(total, reviewed, context=context)
    return ReviewState(total, reviewed, len(files), sum(f.explained for f in files),
                       partly=sum(not f.explained and f.partly_explained for f in files),
                       binary=sum(f.binary for f in files), uncounted=left_out, context=context)


def gate_policy(config: Config) -> GatePolicy:
    default = Config()
    return GatePolicy(config.fail_on, config.unreviewed_kinds, config.require_reviewed,
                      default=(config.fail_on, config.unreviewed_kinds, config.require_reviewed)
                      == (default.fail_on, default.unreviewed_kinds, default.require_reviewed))


def _test_findings(repo: SafeGit, checked: list[CheckedSpec], target: str, junit: list[str] | None,
                   force: bool, base: str | None, loaded: Loaded | None = None) -> list[Finding]:
    from specaudit.app.testing.evidence import evaluate, has_recorded_results

    if not (force or junit or has_recorded_results(repo.root)):  # a repository without tests checks as before
        return []
    ranged = loaded if loaded is not None and base and base != target else None  # else no proposals count
    run = evaluate(repo, checked, target, junit, base=base,
                   change=ranged.changeset if ranged else None, proposals=ranged.proposals if ranged else None)
    for cs, st in zip(checked, run.specs, strict=True):
        cs.tests = st
    return [f for st in run.specs for f in st.findings]


def _test_rows(checked: list[CheckedSpec]) -> list[dict]:
    from specaudit.app.testing.evidence import clause_test_rows

    return [row for cs in checked if cs.tests is not None for row in clause_test_rows(cs.spec, cs.tests)]


def _scope(repo: SafeGit, rng: ChangeRange | None, since: str | None,
           at: str | None) -> tuple[str | None, str | None, str | None]:
    """(target, since, coverage base) as full ids: see the module doc."""
    if rng is not None:
        if since or at:
            raise UsageError("give a range, or --since/--at, not both")
        if rng.target is None:  # a patch or the working tree: drift up to HEAD, no coverage
            return repo.head(), None, None
        return rng.target, None, rng.base
    if since:
        since_c = repo.rev_parse(since)
        return (repo.rev_parse(at) if at else repo.head()), since_c, since_c
    default = resolve_range(repo, at=at)
    if default.target is None:
        return repo.head(), None, None
    return default.target, None, default.base


def _gone(repo: SafeGit, spec_rel: str) -> Spec:
    """A spec whose file is gone, for checking its audit: no clauses, one problem naming the
    audit file and how to carry it along."""
    found = audit_naming(repo.root, spec_rel)
    audit = found[1] if found else Audit(spec=spec_rel)
    rel = found[0].relative_to(repo.root).as_posix() if found else audit_path(Path("."), spec_rel).as_posix()
    held = f"{len(audit.reviews)} verdict(s) and {len(audit.scars)} scar(s)"
    went = where_moved(repo, spec_rel)
    if went is not None:
        message = (f"spec {spec_rel} not found: {went[1][:7]} moved it to {went[0]}; its audit file still holds "
                   f"{held}: carry them there with `specaudit move-audit --spec {spec_rel}`")
    else:
        message = (f"spec {spec_rel} not found: its audit file still holds {held}; if the spec moved, carry "
                   f"them with it (`specaudit move-audit --spec {spec_rel} --to NEW-PATH`), else delete {rel}")
    return Spec(spec_rel, GONE_FORMAT, "spec not found", [], "", [Problem(rel, 0, message, "error")])


def _named_but_gone(repo: SafeGit, spec_rel: str) -> bool:
    """A spec named on the command line that is not in the working tree: checked as gone
    when its audit is still there (its verdicts must not leave the gate unsaid); refused,
    saying where it went, when nothing of it is left."""
    if (repo.root / spec_rel).exists():
        return False
    if audit_naming(repo.root, spec_rel) is not None:
        return True
    went = where_moved(repo, spec_rel)
    if went is not None:
        raise SpecError(f"spec not found in the working tree: {went[1][:7]} moved it to {went[0]}; "
                        f"check it there: --spec {went[0]}", path=spec_rel)
    return False  # load_spec says it is not found


def check_details(
    repo: SafeGit, spec_paths: list[str] | None = None, *, since: str | None = None,
    spec_format: str | None = None, at: str | None = None, range: ChangeRange | str | None = None,  # noqa: A002
    junit: list[str] | None = None, tests: bool = False, loaded: Loaded | None = None, propose: bool = False,
    orphans: bool = False,
) -> tuple[CheckResult, list[CheckedSpec]]:
    """``run_check`` plus, per spec, where every link and scar is now (for reports).
    ``propose``: rank the change's evidence to place code findings no link, task or
    comment places (``check --proposals``; the window passes its own in ``loaded``).
    Test findings (docs/tests.md) join when ``junit`` files are given, results were
    recorded, or ``tests`` asks for them. ``loaded``: what the caller already computed
    for this range (the window's ``app.analysis``), so nothing is read twice. ``orphans``:
    check the orphaned audits below even with ``spec_paths`` (the window names its specs)."""
    config = load_config(repo.root)
    paths = list(spec_paths) if spec_paths else find_specs(repo.root)
    # An audit whose spec is gone (moved without it) is still checked, as an empty spec:
    # its verdicts are removed, its scars still guard their lines; nothing drops silently.
    gone = [p for p in missing_specs(repo.root) if p not in paths] if orphans or not spec_paths else []
    gone += [p for p in paths if _named_but_gone(repo, p)]
    paths += [p for p in gone if p not in paths]
    if not paths:
        raise UsageError(no_specs(repo))
    rng = resolve_range(repo, range) if isinstance(range, str) else range
    target, since_c, base = _scope(repo, rng, since, at)
    if target is None:
        raise GitError(f"the repository has no commits yet: {repo.root}")
    reuse = loaded.anchors if loaded else None
    anchors = reuse if reuse is not None and (reuse.target, reuse.since) == (target, since_c) \
        else Anchors(repo, target, since_c)
    if loaded is not None and loaded.changeset is not None and base and loaded.changeset.base == base:
        anchors.head_tracker.adopt(loaded.changeset)  # the range's diff is read once, not again -U0
    checked = [_check_spec(repo, load_spec(repo.root, p, spec_format) if p not in gone else _gone(repo, p), config,
                           anchors) for p in paths]
    findings = [f for cs in checked for f in cs.findings]
    findings += _test_findings(repo, checked, target, junit, tests or UNTESTED in config.fail_on, base, loaded)
    files: list[FileCoverage] | None = None if base is None else []
    left_out: LeftOut = ()
    if base is not None and base != target:
        more, files, left_out = _coverage(repo, anchors, base, config, checked,
                                _proposals(repo, base, target, checked, loaded, propose))
        findings += more
    gated = gated_kinds(config)
    findings = sorted((replace(f, gating=f.kind in gated) for f in findings), key=sort_key)
    result = CheckResult(
        passed=not any(f.gating for f in findings), findings=findings, specs=paths,
        target=target, since=since_c, base=base, range=rng.range if rng is not None else None,
        tests=_test_rows(checked), state=review_state(checked, files, left_out), gate=gate_policy(config),
    )
    return result, checked


def run_check(
    repo: SafeGit, spec_paths: list[str] | None = None, *, since: str | None = None,
    spec_format: str | None = None, at: str | None = None, range: ChangeRange | str | None = None,  # noqa: A002
    junit: list[str] | None = None, propose: bool = False,
) -> CheckResult:
    """Check the specs (default: every spec find_specs finds) over a range (the one the
    window opened, ``--range``), else ``--since``/``--at``, else the default range.
    The audit files and specs are read from the working tree. ``junit``: results to import;
    ``propose``: see ``check_details``."""
    return check_details(repo, spec_paths, since=since, spec_format=spec_format, at=at, range=range,
                         junit=junit, propose=propose)[0]

"""The panels' subscriptions to the session model, one presenter per concern.

Each presenter listens to the model's fine-grained signals and feeds one group of
panels through their public methods; no panel refreshes another, and a signal that
changes nothing a panel shows leaves it alone (a verdict on a reviewed clause repaints
one row, not the findings list).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer

from specaudit.app.review.viewed import viewed_keys
from specaudit.core.audit import Review
from specaudit.core.diff import ChangeSet
from specaudit.core.findings import Finding
from specaudit.ui.diff.panel import DiffPanel
from specaudit.ui.evidence.suggestions_panel import SuggestionsPanel
from specaudit.ui.findings.findings_panel import FindingsPanel
from specaudit.ui.findings.unexplained_panel import UnexplainedPanel
from specaudit.ui.kit.clause_names import own_name
from specaudit.ui.kit.context import DeskContext
from specaudit.ui.review.clause_panel import STALE_KINDS, ClausePanel
from specaudit.ui.review.clause_view import ClauseView
from specaudit.ui.review.spec_beside import SpecBeside
from specaudit.ui.scars.scars_panel import ScarsPanel
from specaudit.ui.spec_editor.spec_workflow import SpecWorkflow
from specaudit.ui.testing.clause_tests import ClauseTestsPanel


@dataclass
class DeskPanels:
    """The window's panels, as the presenters feed them."""

    clauses: ClausePanel
    diff: DiffPanel
    clause_view: ClauseView
    suggestions: SuggestionsPanel
    findings: FindingsPanel
    unexplained: UnexplainedPanel
    scars: ScarsPanel
    spec_beside: SpecBeside
    tests: ClauseTestsPanel
    spec_flow: SpecWorkflow


class ClauseListPresenter(QObject):
    """The clause list: its rows, their verdicts and staleness, and the current clause
    (the model's selection and the list's current row are one)."""

    def __init__(self, context: DeskContext, panels: DeskPanels):
        super().__init__(panels.clauses)
        self.context, self.clauses = context, panels.clauses
        self._stale: set[tuple[str | None, str, str]] = set()
        m = context.model
        for signal in (m.sessionReplaced, m.specsReloaded):
            signal.connect(self.relist)
        m.specEdited.connect(self.relist)
        m.reviewChanged.connect(self.clauses.refresh_clause)
        m.auditReplaced.connect(lambda _rel: self.clauses.refresh())
        m.findingsChanged.connect(self._findings)
        m.selectionChanged.connect(self._select)
        self.clauses.clauseSelected.connect(m.select)
        self.clauses.clauseCleared.connect(m.clear_selection)

    def relist(self, *_args: object) -> None:
        current = self.context.model.selection
        self.clauses.set_entries(self.context.session.specs)
        if current:
            self.clauses.select(*current)

    def _select(self, spec_rel: str, key: str) -> None:
        if self.clauses.current() != (spec_rel, key):
            self.clauses.select(spec_rel, key)

    def _findings(self) -> None:
        findings = self.context.model.findings
        stale = {(f.spec, f.clause, f.kind) for f in findings if f.kind in STALE_KINDS and f.clause}
        if stale != self._stale:
            self._stale = stale
            self.clauses.set_findings(findings)


class CurrentClausePresenter(QObject):
    """The current clause everywhere it shows: its text and code, the spec beside the
    diff, the editor, its tests, its proposals (and its first link, on selection)."""

    def __init__(self, context: DeskContext, panels: DeskPanels):
        super().__init__(panels.clause_view)
        self.context, self.p = context, panels
        self._shown_links: set[tuple[str, str, int, int]] = set()
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(0)
        self._soon.timeout.connect(self._repaint)
        m = context.model
        m.selectionChanged.connect(self._selected)
        m.selectionCleared.connect(panels.clause_view.show_none)
        m.reviewChanged.connect(self._review_changed)
        m.linksChanged.connect(self._links_changed)
        m.marksChanged.connect(self._feedback_changed)
        m.auditReplaced.connect(self._feedback_changed)
        m.proposalsReady.connect(self._proposals_ready)
        m.proposalsFailed.connect(panels.suggestions.show_failed)
        panels.suggestions.changed.connect(self._proposals_shown)  # one accepted or rejected there
        m.sessionReplaced.connect(lambda: panels.suggestions.show_pending())
        m.sessionReplaced.connect(lambda: panels.tests.set_session(context.session))
        m.changesetLoaded.connect(panels.clause_view.evidence.set_changeset)
        panels.tests.mapper = lambda junit, fresh: context.model.analysis.tests(junit, fresh=fresh)

    def _selected(self, spec_rel: str, key: str) -> None:
        self.show(spec_rel, key, reveal=True)
        self.p.tests.show_clause(spec_rel, key)

    def _review_changed(self, spec_rel: str, key: str) -> None:
        if self.context.model.selection == (spec_rel, key):
            self._soon.start()  # right after the keypress returns; quick presses repaint once

    def _repaint(self) -> None:
        """A verdict or note repaints the clause view; the proposals follow only new links."""
        if self.context.model.selection is None:
            return
        spec_rel, key = self.context.model.selection
        entry = self.context.session.entry(spec_rel)
        clause = entry.spec.clause(key) if entry else None
        if entry is None or clause is None:
            return
        self.p.clause_view.show_clause(entry, clause)
        if self._linked(entry.audit.review(key)) != self._shown_links:
            self.show(spec_rel, key, reveal=False)

    def _links_changed(self, spec_rel: str) -> None:
        """A link recorded or undone (an accepted proposal): the proposals list follows at
        once, so the next Enter or Ctrl+Return never takes the same proposal again, and
        the clause's parent and children are weighed again with it."""
        self._feedback_changed(spec_rel)
        selection = self.context.model.selection
        entry = self.context.session.entry(spec_rel)
        if selection is None or selection[0] != spec_rel or entry is None:
            return
        linked = self._linked(entry.audit.review(selection[1]))
        if linked != self._shown_links:
            self._shown_links = linked
            self.p.suggestions.show_clause(spec_rel, selection[1], linked)  # the same clause: its context flag kept

    def _feedback_changed(self, spec_rel: str) -> None:
        """A link or rejection recorded or undone, or the audit replaced: the spec's
        proposals with its feedback now (``Analysis.proposals_for``)."""
        entry, analysis = self.context.session.entry(spec_rel), self.context.model.analysis
        if entry is not None and analysis.ready("proposals"):
            self.p.suggestions.set_spec_results(spec_rel, analysis.proposals_for(spec_rel, entry.audit))

    @staticmethod
    def _linked(review: Review) -> set[tuple[str, str, int, int]]:
        return {(lk.path, lk.side, lk.first, lk.last) for lk in review.links}

    def show(self, spec_rel: str, key: str, *, reveal: bool) -> None:
        entry = self.context.session.entry(spec_rel)
        clause = entry.spec.clause(key) if entry else None
        if entry is None or clause is None:
            return
        self.p.clause_view.show_clause(entry, clause)
        self.p.spec_beside.show_clause(entry, clause)
        self.p.spec_flow.show_clause(spec_rel, key)
        review = entry.audit.review(key)
        if reveal and review.links:
            first = review.links[0]
            self.p.diff.reveal(first.path, first.side, first.first, first.last)
        linked = self._shown_links = self._linked(review)
        self.p.suggestions.show_clause(spec_rel, key, linked, context=entry.spec.is_context(clause),
                                       name=own_name(clause))
        self._proposals_shown()

    def _proposals_shown(self) -> None:
        """The proposals the list shows for the current clause, as code in the clause view."""
        self.p.clause_view.evidence.set_proposals(
            [(p, f"score {p.score:.2f}" + (f" \u00b7 {p.evidence[0]}" if p.evidence else ""))
             for p in self.p.suggestions.proposals() if p is not None],
            waiting=self.p.suggestions.waiting, none_found=self.p.suggestions.none_found)

    def _proposals_ready(self) -> None:
        analysis, session = self.context.model.analysis, self.context.session
        results = {e.rel: analysis.proposals_for(e.rel, e.audit) for e in session.specs}
        _all, order, notes = analysis.proposals()
        self.p.suggestions.set_results(results, order, notes)
        if self.context.model.selection:
            self.show(*self.context.model.selection, reveal=False)


class CodePresenter(QObject):
    """The whole-change diff: its change set, the link and scar markers, viewed marks."""

    def __init__(self, context: DeskContext, panels: DeskPanels):
        super().__init__(panels.diff)
        self.context, self.diff = context, panels.diff
        self.showing_interdiff = False
        self._markers: list[tuple[str, str, int, int, str]] | None = None
        m = context.model
        m.changesetLoaded.connect(self._changeset)
        for signal in (m.linksChanged, m.scarsChanged, m.auditReplaced):
            signal.connect(self.markers)
        for plain_signal in (m.specsReloaded, m.findingsChanged):
            plain_signal.connect(self.markers)
        m.viewedChanged.connect(self.viewed)
        m.auditReplaced.connect(self.viewed)

    def _changeset(self, changeset: ChangeSet) -> None:
        self.show(self.context.model.changeset, interdiff=False)
        self.markers()

    def show(self, changeset: ChangeSet | None, *, interdiff: bool) -> None:
        """The range's change, or (``interdiff``) only what changed since the verdicts."""
        if changeset is None:
            return
        self.showing_interdiff = interdiff
        self.diff.set_changeset(changeset)
        self.viewed()

    def viewed(self, *_args: object) -> None:
        specs = self.context.session.specs
        if not self.showing_interdiff and specs and self.context.model.changeset is not None:
            self.diff.set_viewed_marks(viewed_keys(specs[0].audit))

    def markers(self, *_args: object) -> None:
        overwritten = self.context.model.overwritten_scars()
        markers: list[tuple[str, str, int, int, str]] = []
        for entry in self.context.session.specs:
            for review in entry.audit.reviews.values():
                markers += [(lk.path, lk.side, lk.first, lk.last, "link") for lk in review.links]
            for scar in entry.audit.scars.values():
                markers.append((scar.path, "new", scar.first, scar.last,
                                "scar-overwritten" if scar.id in overwritten else "scar"))
        if markers != self._markers:
            self._markers = markers
            self.diff.set_markers(markers)


class FindingsPresenter(QObject):
    """The findings, unexplained changes and scars tabs."""

    def __init__(self, context: DeskContext, panels: DeskPanels):
        super().__init__(panels.findings)
        self.context, self.p = context, panels
        self._shown: list[Finding] | None = None
        self._scars: tuple[object, ...] | None = None
        m = context.model
        m.findingsChanged.connect(self._findings)
        for signal in (m.scarsChanged, m.auditReplaced):
            signal.connect(self.scars)
        for plain_signal in (m.sessionReplaced, m.specsReloaded):
            plain_signal.connect(self.scars)
        m.sessionReplaced.connect(panels.findings.show_pending)

    def _findings(self) -> None:
        findings = self.context.model.findings
        if findings != self._shown:
            self._shown = findings
            self.p.findings.set_findings(findings)
            self.p.unexplained.set_findings(findings)
        self.scars()

    def scars(self, *_args: object) -> None:
        specs = self.context.session.specs
        overwritten = self.context.model.overwritten_scars()
        orphans = self.context.model.orphaned_audits()
        state = (tuple((e.rel, tuple(sorted(e.audit.scars.items()))) for e in specs), tuple(sorted(overwritten)),
                 tuple((rel, tuple(sorted(a.scars.items()))) for rel, a in orphans))
        if state != self._scars:
            self._scars = state
            self.p.scars.set_scars(specs, overwritten, orphans)

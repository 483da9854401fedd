"""Loading a session and keeping its check current, off the GUI thread.

``SessionLoader`` opens a session (or re-reads its specs) and starts the jobs that fill
the model: the change set, the check, the proposals and the reviewer's identity, each
computed once by ``app.analysis``; ``loaded`` follows when the diff and the check have
both arrived (or failed).

``Checker`` keeps the findings in step with the audits: a verdict re-checks only its
clause (pure, no git, right after the keypress); links, scars, marks, test results and
audits changed on disk make a full check, debounced and started once the writer is
idle, whose git reads ``app.analysis`` keeps. A result for an older audit revision is
dropped and the check runs again.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

# The use cases the background jobs run are imported here, at start-up: an import inside
# a worker runs PySide's import hook and holds import locks while the GUI waits.
from specaudit.app.workspace import analysis as _analysis  # noqa: F401
from specaudit.app.workspace.analysis import CheckState
from specaudit.app.workspace.session import Session, load_entry
from specaudit.core.diff import ChangeSet
from specaudit.core.errors import SpecauditError
from specaudit.settings import LIMITS
from specaudit.ui.kit.context import DeskContext


def _message(exc: BaseException) -> str:
    return str(exc) if isinstance(exc, SpecauditError) else f"{type(exc).__name__}: {exc}"


# What a failed channel means to the reader (`open --screenshot` prints the first).
_WHAT_FAILED = {"check": "the review could not be checked", "diff": "the change could not be read"}


class Checker(QObject):
    failed = Signal(str)  # the check could not run: why
    fullCheckStarted = Signal()

    def __init__(self, context: DeskContext, parent: QObject | None = None):
        super().__init__(parent)
        self.context = context
        self._clauses: set[tuple[str, str]] = set()  # verdicts waiting for their re-check
        self._soon = QTimer(self)  # right after the keypress returns, coalescing quick ones
        self._soon.setSingleShot(True)
        self._soon.setInterval(0)
        self._soon.timeout.connect(self._recheck_clauses)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(LIMITS.recheck_debounce_ms)
        self._debounce.timeout.connect(self._full_when_idle)
        self._full_wanted = False
        self.rechecked: list[tuple[str, str]] = []  # clauses re-checked alone (tests count them)
        m = context.model
        m.reviewChanged.connect(self._review_changed)
        for signal in (m.linksChanged, m.scarsChanged, m.marksChanged, m.auditReplaced):
            signal.connect(self.schedule)
        m.specsReloaded.connect(self.schedule)
        context.writer.idle.connect(self._writer_idle)

    def _review_changed(self, spec_rel: str, key: str) -> None:
        self._clauses.add((spec_rel, key))
        self._soon.start()

    def schedule(self, *_args: object) -> None:
        """A full check soon (edits come in bursts: one check after the last)."""
        self._full_wanted = True
        self._debounce.start()

    def _writer_idle(self) -> None:
        if self._full_wanted and not self._debounce.isActive():
            self._full_when_idle()

    def _full_when_idle(self) -> None:
        if self.context.writer.pending():
            return  # the writer's idle signal brings us back: the check reads what landed
        self.start()

    def start(self, on_done: Callable[[], None] | None = None, on_failed: Callable[[], None] | None = None) -> None:
        """A full check of the audits as they are now, in the background."""
        self._full_wanted = False
        model = self.context.model
        analysis, revision = model.analysis, model.revision
        self.fullCheckStarted.emit()

        def done(state: CheckState) -> None:
            if not model.set_check(state) and model.analysis is analysis:
                self.schedule()  # edited meanwhile: this result describes older audits
            if on_done is not None:
                on_done()

        def failed(exc: BaseException) -> None:
            self.failed.emit(_message(exc))
            if on_failed is not None:
                on_failed()

        # The session's first check is shared with the Tests tab, which waits for it.
        check = analysis.first_check if not analysis.ready("first-check") else analysis.check
        self.context.tasks.submit("check", lambda: check(revision), done, failed)

    def _recheck_clauses(self) -> None:
        model = self.context.model
        waiting, self._clauses = self._clauses, set()
        if model.check is None:
            return  # the first check is still running; it will read what landed
        state, exact = model.check, True
        for rel, key in sorted(waiting):
            entry = model.entry(rel)
            if entry is None:
                continue
            state, ok = model.analysis.recheck_clause(state, entry.spec, entry.audit, key, model.revision)
            exact = exact and ok
            self.rechecked.append((rel, key))
        model.set_check(state)
        if not exact:
            self.schedule()


class SessionLoader(QObject):
    loaded = Signal()  # the diff and the check have both arrived (or failed)
    busyChanged = Signal(bool)
    loadFailed = Signal(str, str)  # channel, message

    def __init__(self, context: DeskContext, checker: Checker, parent: QObject | None = None):
        super().__init__(parent)
        self.context = context
        self.checker = checker
        self._pending: set[str] = set()
        self.load_errors: list[str] = []
        self._proposed: object = None  # the analysis whose proposals arrived before its diff
        checker.failed.connect(self._check_failed)

    def start(self) -> None:
        """Fill the model for its (new) session: diff, check, proposals, identity."""
        model, tasks = self.context.model, self.context.tasks
        analysis = model.analysis
        self._pending |= {"diff", "check"}
        self.busyChanged.emit(True)
        tasks.submit("identity", analysis.identity, lambda _who: None, lambda _exc: None)
        tasks.submit("diff", analysis.changeset, self._diff_loaded, lambda exc: self._failed("diff", _message(exc)))
        # Queued before the check: the check computes the proposals too, and the jobs that
        # wait for it (this check's and the Tests tab's) can hold both workers, so a job
        # queued after it waited for the whole check to deliver proposals long computed.
        tasks.submit("suggest", analysis.proposals, lambda _r: self._proposals_computed(analysis),
                     lambda exc: self._evidence_failed(_message(exc)))
        self.checker.start(lambda: self._settle("check"), lambda: None)

    def _diff_loaded(self, changeset: ChangeSet) -> None:
        model = self.context.model
        model.set_changeset(changeset)
        if self._proposed is model.analysis:  # they arrived first: shown over the change now
            self._proposed = None
            model.proposalsReady.emit()
        self._settle("diff")

    def _proposals_computed(self, analysis: object) -> None:
        model = self.context.model
        if analysis is not model.analysis:
            return  # another session's
        if model.changeset is None:
            self._proposed = analysis  # the diff's delivery announces them
            return
        model.proposalsReady.emit()

    def _evidence_failed(self, message: str) -> None:
        self.context.notices.show(f"Could not gather evidence: {message}", 10000)
        self.context.model.proposalsFailed.emit(message)  # the panels say so for as long as it holds

    def _check_failed(self, message: str) -> None:
        if "check" in self._pending:  # a later check's failure is the findings panel's to show
            self._failed("check", message)

    def _failed(self, channel: str, message: str) -> None:
        self.load_errors.append(f"{_WHAT_FAILED.get(channel, channel)}: {message}")
        self.loadFailed.emit(channel, message)
        self._settle(channel)

    def _settle(self, channel: str) -> None:
        if channel not in self._pending:
            return
        self._pending.discard(channel)
        if not self._pending:
            self.busyChanged.emit(False)
            self.loaded.emit()

    def loading(self) -> bool:
        return bool(self._pending)

    def open(self, session: Session) -> None:
        """Replace the session: everything queued for the old one is written first."""
        self.context.writer.flush()
        self.context.controller.undo_stack.clear()
        for channel in ("diff", "check", "suggest", "identity"):
            self.context.tasks.cancel(channel)
        self._pending.clear()
        self.context.model.set_session(session)
        self.start()

    def reload_specs(self) -> None:
        """Re-read the specs and audits from disk (after a save or a tightening); the diff stays."""
        session = self.context.session
        try:
            entries = [load_entry(session.repo, e.rel, session.spec_format) for e in session.specs]
        except SpecauditError as exc:
            self.context.notices.show(f"Cannot reload the spec: {exc}", 10000)
            return
        self.context.model.set_specs(entries)

"""What the reviewer's keys and clicks do: verdicts, notes, links, proposals accepted or
rejected, scars, change marks and viewed ticks, each turned into a command for the
review controller, on the current clause and the lines picked in the code.

Handed the desk context and the two things it reads from the code on screen (the
selected lines, the interdiff switch), never the window. It says what it did in the
status bar: "— saved" once the write has landed (``ReviewController.landed``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from specaudit.app.workspace.session import SpecEntry
from specaudit.core.evidence import Proposal
from specaudit.core.findings import Finding
from specaudit.core.model import Clause
from specaudit.ui.kit import verdict_style
from specaudit.ui.kit.context import DeskContext
from specaudit.ui.review.commands import Command
from specaudit.ui.review.note_dialog import ask_note
from specaudit.ui.review.review_controller import Failure
from specaudit.ui.scars.scar_dialog import ScarDialog

Lines = tuple[str, str, int, int]  # path, side, first, last


class ReviewActions(QObject):
    revealRequested = Signal(str, str, int, int)  # path, side, first, last: show in the code
    scarsRequested = Signal()  # bring the scars tab to the front

    def __init__(self, context: DeskContext, selected_lines: Callable[[], Lines | None],
                 showing_interdiff: Callable[[], bool], parent: QWidget):
        super().__init__(parent)
        self.context = context
        self.selected_lines = selected_lines
        self.showing_interdiff = showing_interdiff
        self.parent_widget = parent  # for dialogs only
        context.controller.landed.connect(self._landed)
        context.controller.refused.connect(self._refused)
        context.controller.failed.connect(self._failed)

    def _say(self, text: str, msecs: int = 4000) -> None:
        self.context.notices.show(text, msecs)

    def _landed(self, command: Command) -> None:
        if text := command.saved_text():
            self._say(text)

    def _refused(self, command: Command, why: str) -> None:
        self._say(f"{command.title}: not done — {why}", 8000)

    def _failed(self, failure: Failure) -> None:
        # Over its "saving…": the banner above says why, the status bar must not disagree.
        self._say(f"{failure.title} (see the banner above)", 8000)

    def current(self, *, quiet: bool = False) -> tuple[SpecEntry, Clause] | None:
        """The current clause with its spec entry; None (with a hint unless ``quiet``)."""
        selection = self.context.model.selection
        entry = self.context.session.entry(selection[0]) if selection else None
        clause = entry.spec.clause(selection[1]) if entry is not None and selection else None
        if entry is None or clause is None:
            if not quiet:
                self._say("Select a clause first (Alt+1 goes to the clause list).", 5000)
            return None
        return entry, clause

    # -- verdicts and notes ---------------------------------------------------------------
    def verdict_for_current(self, verdict: str) -> None:
        if (found := self.current()) is not None:
            self.set_verdict(found[0].rel, found[1].key, verdict)

    def set_verdict(self, spec_rel: str, key: str, verdict: str) -> bool:
        self.context.model.select(spec_rel, key)  # ticking a box brings that clause into view
        if self.context.controller.set_verdict(spec_rel, key, verdict):
            self._say(f"{key}: {verdict_style.LABELS.get(verdict, verdict)} — saving…", 4000)
            return True
        self.context.model.repaint_review(spec_rel, key)  # put the tick box back as it was
        return False

    def edit_note(self) -> None:
        if (found := self.current()) is None:
            return
        entry, clause = found
        review = entry.audit.review(clause.key)
        text = ask_note(self.parent_widget, clause.key, review.note, clause.title)  # Tab moves, Ctrl+Return saves
        if text is not None:
            self.context.controller.set_verdict(entry.rel, clause.key, review.verdict, note=text.strip() or None)


    # -- links and proposals ----------------------------------------------------------------
    def link_selection(self) -> None:
        found, selected = self.current(), self.selected_lines()
        if found is None:
            return
        if selected is None:
            self._say("Select lines in the diff first, then press Ctrl+L.", 5000)
            return
        self.context.controller.link(found[0].rel, found[1].key, *selected)

    def unlink_selection(self) -> None:
        if (found := self.current()) is None:
            return
        entry, clause = found
        selected, links = self.selected_lines(), entry.audit.review(clause.key).links
        target = None
        if selected is not None:
            path, side, first, last = selected
            target = next((lk for lk in links if lk.path == path and lk.side == side
                           and lk.first <= last and first <= lk.last), None)
        elif len(links) == 1:
            target = links[0]
        if target is None:
            self._say("Select lines of one of this clause's links to unlink them.", 5000)
            return
        self.context.controller.unlink(entry.rel, clause.key, target.path, target.side, target.first, target.last)

    def link_dropped(self, spec_rel: str, key: str, lines: Lines) -> None:
        self.context.model.select(spec_rel, key)
        self.context.controller.link(spec_rel, key, *lines)

    def accept_proposal(self, spec_rel: str, key: str, p: Proposal) -> None:
        """Link exactly the proposal's evidenced lines to the clause."""
        if self.context.controller.link(spec_rel, key, p.path, p.side, p.first, p.last):
            self.revealRequested.emit(p.path, p.side, p.first, p.last)

    def reject_proposal(self, spec_rel: str, key: str, p: Proposal) -> None:
        """Per span: "right file, wrong lines" can be said (an old-side proposal: its file)."""
        span = (p.first, p.last) if p.side == "new" else (None, None)
        self.context.controller.reject_proposal(spec_rel, key, p.path, *span)

    # -- scars, change marks, viewed files ------------------------------------------------
    def record_scar(self) -> None:
        selected = self.selected_lines()
        if selected is None:
            self._say("Select the scarred lines in the diff first, then press Ctrl+M.", 5000)
            return
        path, side, first, last = selected
        found = self.current(quiet=True)
        entry = found[0] if found else self.context.session.specs[0]
        # Its clause defaults to the one whose links hold these lines, else none.
        dialog = ScarDialog.for_lines(entry, path, side, first, last, self.parent_widget,
                                      commit=self.context.model.anchor_commit(side))
        if not dialog.exec():
            return
        values = dialog.values()
        if self.context.controller.add_scar(entry.rel, path, first, last, title=values["title"], why=values["why"],
                                            clause=values["clause"], incident=values["incident"],
                                            severity=values["severity"], side=side):
            self.scarsRequested.emit()

    def mark_change(self, finding: Finding, status: str) -> None:
        if not finding.path or not finding.line:
            return
        spec_rel = finding.spec or self.context.session.specs[0].rel
        self.context.controller.mark_change(spec_rel, finding.path, finding.line, finding.end_line or finding.line,
                                            status)

    def viewed_changed(self, path: str, viewed: bool) -> None:
        if self.showing_interdiff():  # ticks belong to the range's change, not to an interdiff
            self._say("Viewed marks apply to the whole change: Ctrl+Shift+R goes back to it.", 6000)
            return
        changeset = self.context.model.changeset
        fd = changeset.file(path) if changeset is not None else None
        if fd is not None:
            self.context.controller.set_viewed(self.context.session.specs[0].rel, path, fd.content_key, viewed)

    def lines_selected(self, path: str, side: str, first: int, last: int) -> None:
        """Say which clauses claim the lines just picked."""
        self.context.model.select_lines(path, side, first, last)
        claims = [f"{e.rel.rsplit('/', 1)[-1]}:{r.clause}" for e in self.context.session.specs
                  for r in e.audit.reviews.values()
                  if any(lk.path == path and lk.side == side and lk.first <= last and first <= lk.last
                         for lk in r.links)]
        where = f"{path}:{first}–{last}"
        self._say(f"{where} claimed by {', '.join(claims)}" if claims
                  else f"{where}: no clause claims these lines (Ctrl+L links them)", 0)

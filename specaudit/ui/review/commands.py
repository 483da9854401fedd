"""Every edit a reviewer makes in the window, as a command object (after git-cola's
``cmds``): verdicts and notes, links, unlinks, rejected proposals, change marks, scars,
contradictions and viewed marks.

A command is checked on the GUI thread where that is cheap (the clause exists, the lines
are in the change on screen) so the window never claims what will be refused; shows its
effect in memory with the app's own rules (``preview``); and does its slow work (git)
in ``prepare`` on the ordered writer thread, before the audit lock is taken. ``do``,
``undo`` and ``redo`` apply under the lock and return the ``Edit`` (the entry before and
after) the window then shows. Every record is anchored to the revision on screen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from specaudit.app.evidence.proposals import prepare_reject
from specaudit.app.review.change_marks import prepare_mark, require_changed
from specaudit.app.review.conflicts import prepare_settle
from specaudit.app.review.contradictions import check_pair, prepare_contradiction
from specaudit.app.review.scars import prepare_scar
from specaudit.app.review.verdicts import (
    linked_review,
    now_utc,
    prepare_link,
    prepare_unlink,
    prepare_verdict,
    review_commit,
    unlinked_review,
    verdict_review,
)
from specaudit.app.review.viewed import prepare_viewed
from specaudit.app.store.audit_store import Edit, Entry, EntryChange, EntryRef
from specaudit.app.store.undo import redo, undo
from specaudit.app.workspace.analysis import Analysis
from specaudit.app.workspace.ranges import ChangeRange
from specaudit.app.workspace.session import Session
from specaudit.core.audit import (
    CHANGE_STATUSES,
    SEVERITIES,
    SIDES,
    Link,
    Review,
    ViewedMark,
    change_key,
    check_range,
    check_verdict,
)
from specaudit.core.errors import UsageError
from specaudit.core.fingerprint import lines_fingerprint
from specaudit.core.model import Spec
from specaudit.ui.kit import verdict_style

NO_PREVIEW = object()  # the command shows nothing until it has landed (a scar's id is drawn then)


@dataclass
class Command:
    """One edit of one audit entry. Built on the GUI thread from what is on screen."""

    session: Session
    analysis: Analysis
    spec_rel: str
    edit: Edit | None = field(default=None, init=False)  # what do() did: undo() puts it back

    # -- what it is -----------------------------------------------------------------------
    @property
    def ref(self) -> EntryRef:
        raise NotImplementedError

    @property
    def title(self) -> str:
        """Short, for the undo menu and the not-saved notice."""
        raise NotImplementedError

    def saved_text(self) -> str:
        """What the status bar says once the write landed."""
        return self.title

    @property
    def source(self) -> ChangeRange:
        return self.session.source

    def spec(self) -> Spec:
        entry = self.session.entry(self.spec_rel)
        if entry is None:
            raise UsageError(f"spec {self.spec_rel} is not open")
        return entry.spec

    # -- GUI thread -----------------------------------------------------------------------
    def check(self, current: Entry | None) -> None:
        """Refuse now (UsageError) what the write would refuse, where that is cheap."""
        self.preview(current)

    def preview(self, current: Entry | None) -> Entry | None | object:
        """The entry as it will be once saved, by the app's rules (NO_PREVIEW: none)."""
        return NO_PREVIEW

    def _reviewer(self) -> str | None:
        return self.analysis.identity() if self.analysis.ready("identity") else None

    # -- writer thread --------------------------------------------------------------------
    def prepare(self) -> EntryChange:
        raise NotImplementedError

    def do(self, root: Path) -> Edit:
        self.edit = self.prepare().apply(root)
        return self.edit

    def undo(self, root: Path) -> Edit:
        assert self.edit is not None
        return undo(root, self.edit)

    def redo(self, root: Path) -> Edit:
        assert self.edit is not None
        return redo(root, self.edit)


def _review(current: Entry | None, key: str) -> Review:
    return current if isinstance(current, Review) else Review(clause=key)


@dataclass
class VerdictCommand(Command):
    """A verdict (with a note, or keeping the note by the app's rule) on one clause."""

    key: str = ""
    verdict: str = ""
    note: str | None = None
    links_before: tuple[Link, ...] = ()  # the clause's links as shown: re-anchored before the lock

    @property
    def ref(self) -> EntryRef:
        return EntryRef(self.spec_rel, "review", self.key)

    @property
    def title(self) -> str:
        what = "note" if self.note is not None else verdict_style.LABELS.get(self.verdict, self.verdict)
        return f"{self.key}: {what}"

    def saved_text(self) -> str:
        return f"{self.title} — saved"

    def check(self, current: Entry | None) -> None:
        check_verdict(self.verdict)
        self.spec().require(self.key)
        self.links_before = _review(current, self.key).links

    def preview(self, current: Entry | None) -> Entry | None | object:
        clause = self.spec().clause(self.key)
        return verdict_review(_review(current, self.key), self.verdict, note=self.note, reviewer=self._reviewer(),
                              at=now_utc(), commit=review_commit(self.session.repo, self.source)
                              if self.source.target or self.source.working_tree else None,
                              clause_fingerprint=clause.fingerprint if clause else None)

    def prepare(self) -> EntryChange:
        return prepare_verdict(self.session.repo, self.spec(), self.key, self.verdict, note=self.note,
                               reviewer=self.analysis.identity(), at=self.source,
                               current_links=self.links_before, known=self.analysis.known_lines)


@dataclass
class _LinesCommand(Command):
    """An edit of one clause's links to lines ``first..last`` of ``path`` on ``side``."""

    key: str = ""
    path: str = ""
    side: str = "new"
    first: int = 0
    last: int = 0

    @property
    def ref(self) -> EntryRef:
        return EntryRef(self.spec_rel, "review", self.key)

    @property
    def where(self) -> str:
        return f"{self.path}:{self.first}–{self.last}"


@dataclass
class LinkCommand(_LinesCommand):
    """Link a clause to lines picked on screen (or a proposal's evidenced lines)."""

    @property
    def title(self) -> str:
        return f"Linked {self.key} → {self.where}"

    def check(self, current: Entry | None) -> None:
        self.spec().require(self.key)
        check_lines(self.analysis, self.path, self.side, self.first, self.last)

    def preview(self, current: Entry | None) -> Entry | None | object:
        known = self.analysis.known_lines(self.path, self.side, self.first, self.last)
        commit = self.source.side_commit(self.side) if not self.source.patch else None
        link = Link(self.path, self.first, self.last, self.side, commit,
                    lines_fingerprint(known) if known is not None and commit else None)
        return linked_review(_review(current, self.key), link)

    def prepare(self) -> EntryChange:
        return prepare_link(self.session.repo, self.spec(), self.key, self.path, self.first, self.last, self.side,
                            at=self.source, known=self.analysis.known_lines)


@dataclass
class UnlinkCommand(_LinesCommand):
    @property
    def title(self) -> str:
        return f"Unlinked {self.key} ✕ {self.where}"

    def preview(self, current: Entry | None) -> Entry | None | object:
        return unlinked_review(_review(current, self.key), self.path, self.first, self.last, self.side)

    def prepare(self) -> EntryChange:
        return prepare_unlink(self.session.repo, self.spec(), self.key, self.path, self.first, self.last, self.side)


@dataclass
class SettleConflictCommand(Command):
    """Keep one side of a review conflict (the sides as they were shown)."""

    key: str = ""
    choice: int = 0
    shown: tuple[Review, ...] = ()

    @property
    def ref(self) -> EntryRef:
        return EntryRef(self.spec_rel, "review", self.key)

    @property
    def title(self) -> str:
        return f"Settle: {self.key}"

    def prepare(self) -> EntryChange:
        return prepare_settle(self.spec_rel, self.key, self.choice, self.shown)

    def preview(self, current: Entry | None) -> Entry | None | object:
        return self.prepare().change(current)  # pure: refuses a conflict that changed since it was shown


@dataclass
class RejectCommand(Command):
    """A proposal's file is not the clause's implementation: it is not proposed again."""

    key: str = ""
    path: str = ""
    first: int | None = None  # None: the whole file
    last: int | None = None

    @property
    def ref(self) -> EntryRef:
        return EntryRef(self.spec_rel, "rejected", self.key)

    @property
    def title(self) -> str:
        where = f"{self.path}:{self.first}–{self.last}" if self.first and self.last else self.path
        return f"Rejected {where} for {self.key}"

    def prepare(self) -> EntryChange:
        commit = self.source.side_commit("new") if self.first and self.last else None
        return prepare_reject(self.spec_rel, self.key, self.path, self.first, self.last, commit)

    def preview(self, current: Entry | None) -> Entry | None | object:
        return self.prepare().change(current)  # pure: no git, no disk


@dataclass
class MarkChangeCommand(Command):
    """Unexplained lines marked explained, or scope the spec did not ask for."""

    path: str = ""
    first: int = 0
    last: int = 0
    status: str = ""
    note: str | None = None

    @property
    def ref(self) -> EntryRef:
        return EntryRef(self.spec_rel, "change", change_key(self.path, self.first, self.last))

    @property
    def title(self) -> str:
        return f"{self.path}:{self.first}–{self.last} marked {self.status}"

    def check(self, current: Entry | None) -> None:
        if self.status not in CHANGE_STATUSES:
            raise UsageError(f"unknown change status {self.status!r}")
        check_lines(self.analysis, self.path, "new", self.first, self.last)
        if self.analysis.ready("changeset"):  # the change on screen (it shows the marks' list)
            require_changed(self.analysis.changeset(), self.path, self.first, self.last)

    def prepare(self) -> EntryChange:
        return prepare_mark(self.session.repo, self.spec_rel, self.path, self.first, self.last, self.status,
                            note=self.note, at=self.source, reviewer=self.analysis.identity(),
                            known=self.analysis.known_lines)


@dataclass
class ScarCommand(Command):
    """Lines that deliberately diverge from the spec, with their story."""

    path: str = ""
    side: str = "new"
    first: int = 0
    last: int = 0
    scar_title: str = ""
    why: str = ""
    clause: str | None = None
    incident: str | None = None
    severity: str = "high"
    _ref: EntryRef | None = field(default=None, init=False)

    @property
    def ref(self) -> EntryRef:
        return self._ref or EntryRef(self.spec_rel, "scar", "")

    @property
    def title(self) -> str:
        return f"Scar: {self.scar_title}"

    def saved_text(self) -> str:
        return f"Scar {self.ref.ident} recorded on {self.path}:{self.first}–{self.last}"

    def check(self, current: Entry | None) -> None:
        if not self.scar_title.strip() or not self.why.strip():
            raise UsageError("a scar needs a title and its story")
        if self.severity not in SEVERITIES:
            raise UsageError(f"unknown severity {self.severity!r}")
        if self.clause is not None:
            self.spec().require(self.clause)
        check_lines(self.analysis, self.path, self.side, self.first, self.last)

    def prepare(self) -> EntryChange:
        change = prepare_scar(self.session.repo, self.spec_rel, self.path, self.first, self.last, self.scar_title,
                              self.why, clause=self.clause, incident=self.incident, severity=self.severity,
                              commit=self.source.side_commit(self.side), author=self.analysis.identity())
        self._ref = change.ref
        return change


@dataclass
class ContradictionCommand(Command):
    first_key: str = ""
    second_key: str = ""
    note: str | None = None

    @property
    def ref(self) -> EntryRef:
        from specaudit.core.audit import contradiction_key

        return EntryRef(self.spec_rel, "contradiction", contradiction_key(self.first_key, self.second_key))

    @property
    def title(self) -> str:
        return f"Marked {self.first_key} and {self.second_key} as contradicting"

    def check(self, current: Entry | None) -> None:
        check_pair(self.spec(), self.first_key, self.second_key)

    def prepare(self) -> EntryChange:
        return prepare_contradiction(self.session.repo, self.spec(), self.first_key, self.second_key, self.note,
                                     reviewer=self.analysis.identity())


@dataclass
class ViewedCommand(Command):
    """A file of the change ticked (or unticked) as viewed, at the revision on screen."""

    path: str = ""
    key: str = ""
    viewed: bool = True

    @property
    def ref(self) -> EntryRef:
        return EntryRef(self.spec_rel, "viewed", self.path)

    @property
    def title(self) -> str:
        return f"{self.path} {'viewed' if self.viewed else 'not viewed'}"

    def saved_text(self) -> str:
        return ""

    def preview(self, current: Entry | None) -> Entry | None | object:
        if not self.viewed:
            return None
        return ViewedMark(self.path, self.key, commit=self.source.target, reviewer=self._reviewer(), at=now_utc())

    def prepare(self) -> EntryChange:
        return prepare_viewed(self.session.repo, self.spec_rel, self.path, self.key, self.viewed,
                              commit=self.source.target, reviewer=self.analysis.identity())


def check_lines(analysis: Analysis, path: str, side: str, first: int, last: int) -> None:
    """Lines that cannot exist are refused at once: a side that is not one, an empty or
    inverted range, a file that is not on that side of the change on screen, lines past
    the end of a file the change shows whole (from the loaded change set, no git)."""
    if side not in SIDES:
        raise UsageError(f"unknown side {side!r} (one of: {', '.join(SIDES)})")
    check_range(first, last)
    if analysis.file_in_change(path, side) is False:
        raise UsageError(f"{path} does not exist on the {side} side of this change")
    length = analysis.side_length(path, side)
    if length is not None and last > length:
        raise UsageError(f"{path} has {length} lines on the {side} side; cannot use {first}-{last}")

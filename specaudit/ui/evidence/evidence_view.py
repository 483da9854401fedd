"""The code answering one clause: its linked lines, then its proposals, in one scroll.

Each excerpt sits under a header naming its file and lines; rows are laid out side
by side or unified from the same ``RowModel`` the diff view paints. A linked line
keeps its added/removed colour and gets a bar in the gutter, so linking never hides
what kind of change a line is. Headers carry "accept" and "show in diff" anchors;
everything else is escaped text, and nothing is ever loaded (``SafeBrowser``).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtWidgets import QWidget

from specaudit.core.diff import ChangeSet
from specaudit.core.diff.rows import CHANGE, DELETE, HUNK, INSERT, NEW, OLD, RowModel
from specaudit.settings import LIMITS
from specaudit.ui.diff.colors import colors_for
from specaudit.ui.evidence.suggestions_panel import NO_EVIDENCE
from specaudit.ui.kit.line_end import shown_line_end
from specaudit.ui.kit.rich_text import SafeBrowser, markup

ROW_CACHE = 16  # row models kept for the files the last few clauses pointed at
NO_CLAUSE = "Select a clause to see the code linked to it and what the change proposes for it."


class EvidenceView(SafeBrowser):
    acceptRequested = Signal(object)  # the proposal's HunkDoc
    revealRequested = Signal(str, str, int, int)  # path, side, first, last: show in the whole diff

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("evidence")
        self.setAccessibleName("Code answering the clause: linked lines and proposals")
        self.unified = False
        self.wrap = False
        self._changeset = None
        self._rows: dict[tuple[str, bool], RowModel] = {}
        self._links: list = []
        self._proposals: list = []  # (proposal with path/side/first/last, one-line "why")
        self._note = ""
        # What stands where the proposals go when there are none: "no evidence" is a finding
        # for the reviewer, so it is never said before the change has been read.
        self._idle = True  # no clause shown
        self._waiting = ""  # the evidence is still being gathered
        self._none_found = NO_EVIDENCE
        # Rendering (Qt's HTML layout: tens of ms for a few hundred rows) runs once per
        # event-loop turn, after the keypress that asked for it has returned.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._render_now)
        self.anchorClicked.connect(self._anchor)
        self.setTabChangesFocus(True)  # Tab is never typed here: see focusNextPrevChild

    # -- inputs -----------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        # The excerpts' colours are written into the HTML: a theme change must rewrite it,
        # or light rows stay on the dark background until another clause is picked.
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._render()

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002 - Qt override
        # QTextBrowser steps Tab through every link first (two per proposal: a trap of
        # sixteen presses on eight proposals). Tab moves on to the proposals list, where
        # Enter accepts and Space previews; Ctrl+Return accepts the first from anywhere.
        return QWidget.focusNextPrevChild(self, next)

    def set_changeset(self, changeset: ChangeSet | None) -> None:
        self._changeset = changeset
        self._rows.clear()
        self._render()

    def set_layout(self, *, unified: bool | None = None, wrap: bool | None = None) -> None:
        if unified is not None:
            self.unified = unified
        if wrap is not None:
            self.wrap = wrap
            self.setLineWrapMode(self.LineWrapMode.WidgetWidth if wrap else self.LineWrapMode.NoWrap)
        self._render()

    def show_evidence(self, links, proposals=None, note: str = "") -> None:
        self._idle = False
        self._links = list(links)
        if proposals is not None:
            self._proposals = list(proposals)
        self._note = note
        self._render()

    def show_idle(self) -> None:
        """No clause is shown: a hint instead of empty headings."""
        self._idle, self._links, self._proposals, self._note = True, [], [], ""
        self._render()

    def set_proposals(self, proposals, waiting: str = "", none_found: str = NO_EVIDENCE) -> None:
        """The clause's proposals; ``waiting`` says what stands in for them while the
        change is still being read (never "no evidence" then), ``none_found`` what stands
        there once it has and there are none."""
        self._proposals = list(proposals)
        self._waiting = waiting
        self._none_found = none_found
        self._render()

    def proposals(self) -> list:
        return [p for p, _why in self._proposals]

    # -- rendering --------------------------------------------------------------------
    def _render(self) -> None:
        self._timer.start()

    def _render_now(self) -> None:
        col = colors_for(self.palette())
        if self._idle:
            self.setHtml(markup("<p style='color:{}'>{}</p>", col.dim.name(), NO_CLAUSE))
            return
        parts: list[str] = [markup("<div style='color:{}'>{}</div>", col.dim.name(), self._note)] if self._note else []
        parts.append(f"<h4>Linked code ({len(self._links)})</h4>")
        if not self._links:
            parts.append(f"<p style='color:{col.dim.name()}'>No lines linked yet: select lines in the diff "
                         "and press Ctrl+L, or accept a proposal below (Ctrl+Enter takes the first).</p>")
        for path, group in _by_file([(lk.path, lk) for lk in self._links]):
            parts.append(self._file_header(path, col))
            for lk in group:
                parts.append(self._excerpt(path, lk.side, lk.first, lk.last, col,
                                           f"lines {lk.first}\u2013{lk.last} ({lk.side}) \u00b7 linked"))
        strong = [(p, why) for p, why in self._proposals if not p.weak]
        weak = [(p, why) for p, why in self._proposals if p.weak]
        if not strong and self._waiting:
            parts.append("<h4>Proposals</h4>")
            parts.append(markup("<p style='color:{}'>{}</p>", col.dim.name(), self._waiting))
        else:
            parts.append(f"<h4>Proposals ({len(strong)})</h4>")
        if not strong and not self._waiting:
            parts.append(markup("<p style='color:{}'>{}.</p>", col.dim.name(), self._none_found))
        index = {id(p): i for i, (p, _why) in enumerate(self._proposals)}
        self._group(parts, strong, index, col, "")
        if weak:
            parts.append(f"<h4 style='color:{col.dim.name()}'><i>Weak guesses ({len(weak)})</i></h4>")
            parts.append(f"<p style='color:{col.dim.name()}'><i>Only the clause's words point at these lines."
                         "</i></p>")
            self._group(parts, weak, index, col, "weak guess \u00b7 ")
        self.setHtml("".join(parts))

    def _group(self, parts: list[str], shown: list, index: dict[int, int], col, prefix: str) -> None:
        for path, group in _by_file([(p.path, (p, why)) for p, why in shown]):
            parts.append(self._file_header(path, col))
            for p, why in group:
                i = index[id(p)]
                label = prefix + f"lines {p.first}\u2013{p.last} ({p.side})" + (f" \u00b7 {why}" if why else "")
                # Actions first: the label is long and the code below sets the width.
                actions = markup("<a href='accept:{0}'>Accept</a> &nbsp;<a href='show:{0}'>Show in diff</a> &nbsp;", i)
                parts.append(self._excerpt(path, p.side, p.first, p.last, col, label, actions,
                                           max_rows=LIMITS.evidence_proposal_rows, bar=col.dim))

    def _file_header(self, path: str, col) -> str:
        fd = self._changeset.file(path) if self._changeset is not None else None
        status = f"{fd.status} " if fd else ""
        counts = markup(" <span style='color:#1a7f37'>+{}</span> <span style='color:#cf222e'>\u2212{}</span>",
                        fd.added, fd.removed) if fd else ""
        crlf = markup(" <span style='color:{}'>\u00b7 CRLF</span>", col.dim.name()) if fd and fd.all_crlf() else ""
        return markup("<div style='background:{}; padding:3px; margin-top:8px'><b>{}{}</b>{}{}</div>",
                      col.hunk.name(), status, path, counts, crlf)

    def _excerpt(self, path: str, side: str, first: int, last: int, col, label: str, actions: str = "",
                 max_rows: int | None = None, bar=None) -> str:
        head = markup("<div style='color:{}; margin-top:4px'>{}{}</div>", col.dim.name(), actions, label)
        rows = self._rows_for(path)
        if rows is None:
            return head + markup("<p style='color:{}'>{} is not part of this change, "
                                 "or too large to preview here: see the whole diff.</p>", col.dim.name(), path)
        start = rows.row_for_line(side, first)
        if start is None or rows.line_no(start, side) > last:
            return head + f"<p style='color:{col.dim.name()}'>Lines {first}\u2013{last} are outside the changed hunks.</p>"
        end = start
        for r in range(start, len(rows)):
            no = rows.line_no(r, side)
            if no and no > last:
                break
            end = r
        ctx = LIMITS.evidence_context_rows
        lo, hi = max(0, start - ctx), min(len(rows) - 1, end + ctx)
        cut = max(0, hi - lo + 1 - (max_rows or LIMITS.evidence_max_rows))
        hi -= cut
        rows_shown = [r for r in range(lo, hi + 1) if rows.kind[r] != HUNK]
        sides = [NEW if rows.new[r] >= 0 else OLD for r in rows_shown] if rows.unified else None
        # One <pre> per pane, not a table row per line: Qt lays out a few blocks of text
        # far faster than hundreds of table cells, which keeps a keypress cheap.
        panes = [None] if rows.unified else [OLD, NEW]
        cells = []
        for pane in panes:
            cells.append(self._pane(rows, rows_shown, sides, pane, side, start, end, col, bar))
        width = "" if rows.unified else " width='50%'"
        out = [head, "<table cellspacing='0' cellpadding='0' width='100%'><tr>"]
        out += [f"<td{width} valign='top'>{c}</td>" for c in cells]
        out.append("</tr></table>")
        if cut:
            out.append(f"<div style='color:{col.dim.name()}'>\u2026 {cut} more rows: see the whole diff.</div>")
        return "".join(out)

    def _pane(self, rows: RowModel, shown: list[int], sides, pane, link_side: str, start: int, end: int,
              col, bar_color=None) -> str:
        """One pane of an excerpt as a <pre>: gutter bar for linked lines, line number,
        text on its added/removed colour (padded so the colour spans the pane)."""
        texts = []
        for k, r in enumerate(shown):
            s = sides[k] if pane is None else pane
            text = rows.text(r, s)
            texts.append(None if text is None else
                         shown_line_end(text, rows.file.all_crlf()).replace("\t", "    ")[: LIMITS.display_line_chars])
        width = 0 if self.wrap else max((len(t) for t in texts if t is not None), default=0)
        digits = max(3, len(str(max((max(rows.line_no(r, OLD), rows.line_no(r, NEW)) for r in shown), default=0))))
        link, dim = (bar_color or col.markers["link"]).name(), col.dim.name()
        lines = []
        for k, r in enumerate(shown):
            s = sides[k] if pane is None else pane
            text, kind = texts[k], rows.kind[r]
            linked = start <= r <= end and (pane is None or s == link_side)
            bar = f"<span style='color:{link}'>\u258c</span>" if linked else " "
            if text is None:
                lines.append(f"{bar}<span style='background:{col.filler.name()}'>{' ' * (digits + 2 + width)}</span>")
                continue
            changed = kind == CHANGE or (kind == DELETE and s == OLD) or (kind == INSERT and s == NEW)
            bg = (col.deleted if s == OLD else col.added).name() if changed else None
            sign = ({DELETE: "-", INSERT: "+"}.get(kind, " ") if pane is None else "")
            body: str = markup("{}", text.ljust(width))
            body = f"<span style='background:{bg}'>{sign}{body}</span>" if bg else f"{sign}{body}"
            lines.append(f"{bar}<span style='color:{dim}'>{str(rows.line_no(r, s)).rjust(digits)} </span>{body}")
        white = "pre-wrap" if self.wrap else "pre"
        return f"<pre style='margin:0; white-space:{white}'>" + "\n".join(lines) + "</pre>"

    def _rows_for(self, path: str) -> RowModel | None:
        fd = self._changeset.file(path) if self._changeset is not None else None
        if fd is None or fd.binary or fd.body_size > LIMITS.max_patch_bytes_eager:
            return None  # a huge file's rows are built off the GUI thread by the whole diff only
        key = (path, self.unified)
        rows = self._rows.get(key)
        if rows is None:
            if len(self._rows) >= ROW_CACHE:
                self._rows.pop(next(iter(self._rows)))
            rows = self._rows[key] = RowModel(fd, unified=self.unified)
        return rows

    def _anchor(self, url) -> None:
        kind, _, n = url.toString().partition(":")
        if not n.isdigit() or int(n) >= len(self._proposals):
            return
        doc = self._proposals[int(n)][0]
        if kind == "accept":
            self.acceptRequested.emit(doc)
        elif kind == "show":
            self.revealRequested.emit(doc.path, doc.side, doc.first, doc.last)


def _by_file(items):
    """[(path, item)] grouped by path, in order of first appearance."""
    groups: dict[str, list] = {}
    for path, item in items:
        groups.setdefault(path, []).append(item)
    return list(groups.items())

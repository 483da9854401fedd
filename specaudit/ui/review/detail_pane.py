"""The selected clause in full: text, verdict, history, links, and the scars on it.

The clause text is rendered as Markdown by ``rich_text`` (no raw HTML, no images, no
link targets); every other spec and audit value is HTML-escaped. Nothing is loaded.
"""

from __future__ import annotations

import re

from PySide6.QtWidgets import QWidget

from specaudit.ui.kit import verdict_style
from specaudit.ui.kit.clause_names import own_name
from specaudit.ui.kit.rich_text import (
    Markup,
    SafeBrowser,
    inline_plain,
    markup,
    markup_join,
    to_html,
)

EMPTY_HINT = (
    "<p style='color:#777'>Select a clause on the left to see its full text, verdict and "
    "links.<br>Tick a clause to mark it implemented; Ctrl+1…4 and Ctrl+0 set any verdict.</p>"
)

NONE_HINT = (
    "<p><b>No clause selected.</b></p><p style='color:#777'>The filter hides the clause that "
    "was current. Press Down or Enter in the filter to go to the first result, or pick one "
    "in the list; verdict keys apply to no clause until then.</p>"
)


def _said_in(title: str, text: str) -> bool:
    """The title is (a cut of) the text, whatever Markdown the parser took out of it
    ("base_delay * 2(n-…" from "`base_delay * 2**(n-1)`"): letters and digits compared."""
    def fold(s: str) -> str:
        return re.sub(r"\W+", "", inline_plain(s).rstrip("\u2026")).lower()
    return fold(title) in fold(text)


class DetailPane(SafeBrowser):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("clauseDetail")
        self.setAccessibleName("Clause details")
        self.setHtml(EMPTY_HINT)

    def show_none(self) -> None:
        self.setHtml(NONE_HINT)

    def show_clause(self, entry, clause) -> None:
        review = entry.audit.review(clause.key)
        title = Markup(to_html(clause.title).strip().removeprefix("<p>").removesuffix("</p>"))
        # An OpenSpec key ("capability#Requirement/Scenario") by its own name: the section
        # path below names its requirement, and the whole key took three lines of the pane.
        name = own_name(clause)
        parts = [
            markup("<h3 style='margin-bottom:2px'>{}</h3>", name),
            *([markup("<div><b>{}</b></div>", title)]
              if clause.title and clause.title != name and not _said_in(clause.title, clause.text) else []),
            markup("<div style='color:#666'>{} · {} · {}:{}–{}</div>", clause.kind,
                   " / ".join(inline_plain(x) for x in clause.section), entry.rel, clause.span[0], clause.span[1]),
        ]
        if clause.flags:
            parts.append(markup("<div><b>Flags:</b> {}</div>", ", ".join(clause.flags)))
        parts.append(markup("<div>{}</div>", to_html(clause.text)))
        color = verdict_style.color(review.verdict).name()
        label = verdict_style.LABELS.get(review.verdict, review.verdict)
        parts.append(markup("<p><b>Verdict:</b> <span style='color:{}'><b>{}</b></span>", color, label))
        if review.reviewer:
            parts.append(markup(" <span style='color:#666'>by {}{}{}</span>", review.reviewer,
                                " at " + review.at if review.at else "",
                                " on " + review.commit[:10] if review.commit else ""))
        parts.append(Markup("</p>"))
        if review.note:
            parts.append(markup("<p><b>Note:</b> {}</p>", review.note))
        if review.links:
            items = markup_join(markup("<li>{}:{}–{} ({})</li>", link.path, link.first, link.last, link.side)
                                for link in review.links)
            parts.append(markup("<p><b>Links</b></p><ul>{}</ul>", items))
        scars = [s for s in entry.audit.scars.values() if clause.key in (s.clause, s.folded_into)]
        for scar in scars:
            folded = " · folded into " + scar.folded_into if scar.status == "folded" and scar.folded_into else ""
            parts.append(markup("<p><b>Scar {}</b> ({}{}): {}<br><span style='color:#666'>{}:{}–{}{}</span><br>{}</p>",
                                scar.id, scar.severity, folded, scar.title, scar.path, scar.first, scar.last,
                                " · " + scar.incident if scar.incident else "", scar.why))
        if review.history:
            rows = markup_join(
                markup("<li>{}{}{}{}</li>", verdict_style.LABELS.get(p.verdict, p.verdict),
                       " by " + p.reviewer if p.reviewer else "", " at " + p.at if p.at else "",
                       " — " + p.note if p.note else "")
                for p in reversed(review.history)
            )
            parts.append(markup("<p><b>Earlier verdicts</b></p><ul>{}</ul>", rows))
        self.setHtml(markup_join(parts))

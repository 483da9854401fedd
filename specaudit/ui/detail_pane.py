"""The selected clause in full: text, verdict, history, links, and the scars on it.

The clause text is rendered as Markdown by ``rich_text`` (no raw HTML, no images, no
link targets); every other spec and audit value is HTML-escaped. Nothing is loaded.
"""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QWidget

from specaudit.ui import verdict_style
from specaudit.ui.rich_text import SafeBrowser, inline_plain, to_html

EMPTY_HINT = (
    "<p style='color:#777'>Select a clause on the left to see its full text, verdict and "
    "links.<br>Tick a clause to mark it implemented; Ctrl+1…4 and Ctrl+0 set any verdict.</p>"
)

NONE_HINT = (
    "<p><b>No clause selected.</b></p><p style='color:#777'>The filter hides the clause that "
    "was current. Press Down or Enter in the filter to go to the first result, or pick one "
    "in the list; verdict keys apply to no clause until then.</p>"
)


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
        parts = [
            f"<h3 style='margin-bottom:2px'>{escape(clause.key)}</h3>",
            *([f"<div><b>{to_html(clause.title).strip().removeprefix('<p>').removesuffix('</p>')}</b></div>"]
              if clause.title and inline_plain(clause.title).rstrip('\u2026') not in inline_plain(clause.text) else []),
            f"<div style='color:#666'>{escape(clause.kind)} · {escape(' / '.join(inline_plain(x) for x in clause.section))}"
            f" · {escape(entry.rel)}:{clause.span[0]}–{clause.span[1]}</div>",
        ]
        if clause.flags:
            parts.append(f"<div><b>Flags:</b> {escape(', '.join(clause.flags))}</div>")
        parts.append(f"<div>{to_html(clause.text)}</div>")
        color = verdict_style.color(review.verdict).name()
        label = verdict_style.LABELS.get(review.verdict, review.verdict)
        parts.append(f"<p><b>Verdict:</b> <span style='color:{color}'><b>{escape(label)}</b></span>")
        if review.reviewer:
            parts.append(f" <span style='color:#666'>by {escape(review.reviewer)}"
                         f"{' at ' + escape(review.at) if review.at else ''}"
                         f"{' on ' + escape(review.commit[:10]) if review.commit else ''}</span>")
        parts.append("</p>")
        if review.note:
            parts.append(f"<p><b>Note:</b> {escape(review.note)}</p>")
        if review.links:
            items = "".join(
                f"<li>{escape(link.path)}:{link.first}–{link.last} ({escape(link.side)})</li>" for link in review.links
            )
            parts.append(f"<p><b>Links</b></p><ul>{items}</ul>")
        scars = [s for s in entry.audit.scars.values() if clause.key in (s.clause, s.folded_into)]
        for scar in scars:
            folded = f" · folded into {escape(scar.folded_into)}" if scar.status == "folded" and scar.folded_into else ""
            parts.append(
                f"<p><b>Scar {escape(scar.id)}</b> ({escape(scar.severity)}{folded}): {escape(scar.title)}<br>"
                f"<span style='color:#666'>{escape(scar.path)}:{scar.first}–{scar.last}"
                f"{' · ' + escape(scar.incident) if scar.incident else ''}</span><br>{escape(scar.why)}</p>"
            )
        if review.history:
            rows = "".join(
                f"<li>{escape(verdict_style.LABELS.get(p.verdict, p.verdict))}"
                f"{' by ' + escape(p.reviewer) if p.reviewer else ''}{' at ' + escape(p.at) if p.at else ''}"
                f"{' — ' + escape(p.note) if p.note else ''}</li>"
                for p in reversed(review.history)
            )
            parts.append(f"<p><b>Earlier verdicts</b></p><ul>{rows}</ul>")
        self.setHtml("".join(parts))

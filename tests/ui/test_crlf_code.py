"""A file with CRLF line ends (hdyksha/hibi's client, Windows-edited) reads the same in
the clause view as in the whole diff: the carriage return is one mark at the line's
end (␍, or ⏎ where the code font has no ␍: DejaVu Sans Mono), not "\\x0d" spelled out
on every line of the excerpt, nor a missing-glyph box."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase, QFontMetrics

from specaudit.core.audit import Link
from specaudit.core.diff.parse import parse_patch
from specaudit.core.diff.rows import RowModel
from specaudit.ui.diff.view import DiffView
from specaudit.ui.evidence.evidence_view import EvidenceView

PATCH = (b"diff --git a/api.ts b/api.ts\n--- a/api.ts\n+++ b/api.ts\n@@ -1,2 +1,2 @@\n"
         b" /**\r\n-  old();\r\n+  deleteTodo(id);\r\n")


def test_a_crlf_line_ends_in_one_mark_in_the_clause_view(qtbot):
    view = EvidenceView()
    qtbot.addWidget(view)
    view.set_changeset(parse_patch(PATCH))
    view.show_evidence([Link("api.ts", 1, 2)])
    view._render_now()
    text = view.toPlainText()
    font = QFontMetrics(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    mark = next(line for line in text.splitlines() if "deleteTodo(id);" in line).rstrip()[-1]
    assert "\\x0d" not in text, text
    assert mark in "\u240d\u23ce" and font.inFontUcs4(ord(mark)), text

    diff = DiffView()
    qtbot.addWidget(diff)
    diff.set_rows(RowModel(parse_patch(PATCH).files[0], unified=True))
    shown = [diff.display_text(r, "new")[0] for r in range(len(diff.rows))]
    assert any(t == "  deleteTodo(id);" + mark for t in shown), shown

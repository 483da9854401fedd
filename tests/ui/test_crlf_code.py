"""Line ends of a Windows-edited file (hdyksha/hibi's client) in the clause view and the
whole diff. Where line endings are mixed, a CRLF line's carriage return is one mark at its
end (␍, or ⏎ where the code font has no ␍: DejaVu Sans Mono), the same in both views, not
"\\x0d" spelled out nor a missing-glyph box. Where every line shown ends in CR LF, a mark
on each line said nothing: the file's header says "CRLF" once and the lines are clean."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase, QFontMetrics

from specaudit.core.audit import Link
from specaudit.core.diff.parse import parse_patch
from specaudit.core.diff.rows import RowModel
from specaudit.ui.diff.view import DiffView
from specaudit.ui.evidence.evidence_view import EvidenceView

HEAD = b"diff --git a/api.ts b/api.ts\n--- a/api.ts\n+++ b/api.ts\n@@ -1,2 +1,2 @@\n"
ALL_CRLF = HEAD + b" /**\r\n-  old();\r\n+  deleteTodo(id);\r\n"
MIXED = HEAD + b" /**\r\n-  old();\n+  deleteTodo(id);\r\n"  # the change gave the line a CR


def _views(qtbot, patch: bytes) -> tuple[str, list[str]]:
    view = EvidenceView()
    qtbot.addWidget(view)
    view.set_changeset(parse_patch(patch))
    view.show_evidence([Link("api.ts", 1, 2)])
    view._render_now()
    diff = DiffView()
    qtbot.addWidget(diff)
    diff.set_rows(RowModel(parse_patch(patch).files[0], unified=True))
    return view.toPlainText(), [diff.display_text(r, "new")[0] for r in range(len(diff.rows))]


def test_mixed_line_ends_mark_the_crlf_lines_alike_in_both_views(qtbot):
    text, shown = _views(qtbot, MIXED)
    font = QFontMetrics(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    mark = next(line for line in text.splitlines() if "deleteTodo(id);" in line).rstrip()[-1]
    assert "\\x0d" not in text, text
    assert mark in "\u240d\u23ce" and font.inFontUcs4(ord(mark)), text
    assert any(t == "  deleteTodo(id);" + mark for t in shown), shown
    assert "CRLF" not in text


def test_a_file_of_crlf_lines_says_so_once_and_its_lines_are_clean(qtbot):
    text, shown = _views(qtbot, ALL_CRLF)
    assert "M api.ts +1 \u22121 \u00b7 CRLF" in text, text
    code = [line for line in text.splitlines() if "deleteTodo(id);" in line or "/**" in line]
    assert code and not any(line.rstrip()[-1] in "\u240d\u23ce\r" for line in code), code
    assert "  deleteTodo(id);" in shown and "\\x0d" not in text

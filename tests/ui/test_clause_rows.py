"""A clause row's title fills its first line in any script: tested on the real Kiro spec
of gubikonchu/task-lens-by-cc-sdd, whose criteria are Japanese sentences (no spaces) after
an English EARS keyword ("When ユーザーがタスクタイトルを入力して…")."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont, QFontMetrics
from support import CORPUS

from specaudit.app.workspace.session import SpecEntry
from specaudit.core.audit import Audit
from specaudit.formats import parse_spec
from specaudit.ui.review.clause_panel import ClausePanel
from specaudit.ui.review.clause_rows import wrap_title

LOCAL = CORPUS / "kiro" / "gubikonchu__task-lens-by-cc-sdd" / ".kiro__specs__todo-app__requirements.md"
SPEC = ".kiro/specs/todo-app/requirements.md"

pytestmark = pytest.mark.skipif(not LOCAL.is_file(), reason="the real-world corpus is not available")


@pytest.fixture
def panel(qtbot):
    panel = ClausePanel()
    qtbot.addWidget(panel)
    rel_spec = parse_spec(SPEC, LOCAL.read_text(encoding="utf-8"), None)
    panel.set_entries([SpecEntry(SPEC, rel_spec, Audit(SPEC))])
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def _lines(panel: ClausePanel, key: str) -> tuple[str, str, int]:
    """The two lines clause ``key``'s row draws at the panel's current width, and the
    room the first line had for its title."""
    row = panel._items[(SPEC, key)]
    index = panel.proxy.mapFromSource(row.index())
    rect = panel.tree.visualRect(index)
    bold = QFont(panel.tree.font())
    bold.setBold(True)
    key_w = QFontMetrics(bold).horizontalAdvance(key)
    title = panel._entries[0].spec.clause(key).title
    return *wrap_title(key_w, title, rect.width(), QFontMetrics(panel.tree.font())), rect.width() - key_w


@pytest.mark.parametrize("width", [380, 300])  # the clause list at 1920 and at 1280 wide
def test_a_japanese_criterion_fills_its_first_line(qtbot, panel, width):
    panel.resize(width, 700)
    qtbot.wait(20)
    first, second, room = _lines(panel, "1.1")
    # Broken between Japanese characters, not only at the space after "When": the first
    # line is filled and the second goes on where it stopped.
    assert first.startswith("When ユーザーが"), first
    assert QFontMetrics(panel.tree.font()).horizontalAdvance(first) > room // 2
    title = panel._entries[0].spec.clause("1.1").title
    assert title.startswith(first) and second and title[len(first):].lstrip().startswith(second.rstrip("…")[:3])


def test_an_english_title_still_breaks_between_words(qtbot):
    fm = QFontMetrics(QFont())
    title = "The system shall archive completed tasks after thirty days of inactivity"
    first, second = wrap_title(0, title, fm.horizontalAdvance(title) * 2 // 3, fm)
    assert first and second
    assert title.startswith(first + " ") and (first + " " + second).split() == title.split()

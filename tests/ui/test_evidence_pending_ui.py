""""No evidence found in this change" is a finding for the reviewer: the code pane never
says it before the change has been read, nor when no clause is shown, and when gathering
fails it says that instead, for as long as it holds (not only in a notice that fades)."""

from __future__ import annotations

from types import SimpleNamespace

from evidence_repo import SPEC, build
from qt_support import open_window

NO_EVIDENCE = "No evidence found in this change"


def _pane_text(qtbot, window) -> str:
    pane = window.clause_view.evidence
    pane._render_now()
    return pane.toPlainText()


def test_the_code_pane_waits_for_the_evidence_and_says_when_it_failed(qtbot, tmp_path):
    repo = build(tmp_path / "r")
    window = open_window(qtbot, SimpleNamespace(path=repo.path, spec=SPEC, range=repo.range))
    panel = window.suggestions
    qtbot.waitUntil(lambda: panel.ready, timeout=30000)
    window.center_tabs.setCurrentWidget(window.clause_view)

    # No clause shown: a hint, not empty headings that read as "nothing found".
    window.clause_view.show_none()
    text = _pane_text(qtbot, window)
    assert "Select a clause" in text and NO_EVIDENCE not in text, text

    # The change is being read again (a reload): a clause shown meanwhile waits for it.
    panel.show_pending()
    window.clauses.select(SPEC, "FR-009")
    qtbot.waitUntil(lambda: panel.header.text().startswith("FR-009:"), timeout=5000)
    assert panel.header.text() == "FR-009: proposals appear once the change has been read."
    text = _pane_text(qtbot, window)
    assert "Gathering evidence" in text and NO_EVIDENCE not in text, text

    # Gathering failed: both say why, and keep saying it on the next clause.
    window.model.proposalsFailed.emit("git cat-file: object not found")
    assert panel.header.text() == "FR-009: Could not gather evidence: git cat-file: object not found"
    assert "Could not gather evidence: git cat-file: object not found" in _pane_text(qtbot, window)
    window.clauses.select(SPEC, "FR-002")
    qtbot.waitUntil(lambda: panel.header.text().startswith("FR-002:"), timeout=5000)
    assert "Could not gather evidence" in panel.header.text()
    assert NO_EVIDENCE not in _pane_text(qtbot, window)

    # Read again: FR-009, which nothing implements, says so now, and FR-002 has proposals.
    window.model.proposalsReady.emit()
    qtbot.waitUntil(lambda: panel.ready, timeout=30000)
    window.clauses.select(SPEC, "FR-009")
    qtbot.waitUntil(lambda: panel.header.text().startswith(f"FR-009: {NO_EVIDENCE}"), timeout=5000)
    assert NO_EVIDENCE in _pane_text(qtbot, window)

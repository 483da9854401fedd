"""Proposals in the window, driven by real keys: preview without linking, Enter links
exactly the evidenced lines, Delete rejects for good (in the audit file), and the walk
over all clauses."""

from __future__ import annotations

from types import SimpleNamespace

import yaml
from evidence_repo import SPEC, build
from PySide6.QtCore import Qt
from qt_support import open_window, press, settle_writes

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def _open(qtbot, tmp_path):
    repo = build(tmp_path / "r")
    window = open_window(qtbot, SimpleNamespace(path=repo.path, spec=SPEC, range=repo.range))
    panel = window.suggestions
    qtbot.waitUntil(lambda: panel.ready, timeout=30000)
    window.center_tabs.setCurrentWidget(window.clause_view)  # the panel sits under the clause's code
    return repo, window, panel


def _audit(repo, window=None, qtbot=None) -> dict:
    if window is not None:  # edits are written in the background, in order
        settle_writes(qtbot, window)
    path = repo.path / ".specaudit" / (SPEC + ".audit.yaml")
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}


def _select(qtbot, window, key):
    window.clauses.select(SPEC, key)
    qtbot.waitUntil(lambda: window.suggestions.header.text().startswith(f"{key}:"), timeout=5000)
    window.suggestions.tree.setFocus()


def test_proposals_grouped_by_file_with_evidence_preview_then_accept(qtbot, tmp_path):
    repo, window, panel = _open(qtbot, tmp_path)
    _select(qtbot, window, "FR-002")
    top = panel.tree.topLevelItem(0)
    assert top.text(0).startswith("src/rates.py")
    evidence = [top.child(i).text(0) for i in range(top.childCount())]
    assert any(e.startswith("task: specs/001-pay/tasks.md:6 T002 names src/rates.py") for e in evidence), evidence
    assert any(e.startswith("commit: commit ") and "T002" in e for e in evidence), evidence
    paths = [p.path for p in panel.proposals()]
    assert len(paths) == len(set(paths)), "one entry per file"

    # Space previews in the diff and links nothing.
    press(qtbot, window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.diff.current_file() is not None
                    and window.diff.current_file().path == "src/rates.py", timeout=5000)
    assert not _audit(repo, window, qtbot).get("reviews", {}).get("FR-002", {}).get("links")

    # Enter links exactly the evidenced lines.
    p = panel.proposals()[0]
    press(qtbot, window, Qt.Key.Key_Return)
    links = _audit(repo, window, qtbot)["reviews"]["FR-002"]["links"]
    assert [(lk["path"], lk["lines"]) for lk in links] == [("src/rates.py", f"{p.first}-{p.last}")]
    assert "src/rates.py" not in [q.path for q in panel.proposals()]


def test_delete_rejects_into_the_audit_and_the_proposal_stays_gone(qtbot, tmp_path):
    repo, window, panel = _open(qtbot, tmp_path)
    _select(qtbot, window, "FR-001")
    rejected = panel.proposals()[0].path
    press(qtbot, window, Qt.Key.Key_Delete)
    assert _audit(repo, window, qtbot)["rejected"] == {"FR-001": [rejected]}
    assert rejected not in [p.path for p in panel.proposals()]
    # Away and back: still gone. Undo brings it back into the audit's keeping.
    _select(qtbot, window, "FR-002")
    _select(qtbot, window, "FR-001")
    assert rejected not in [p.path for p in panel.proposals()]
    window.controller.undo_stack.undo()
    assert "rejected" not in _audit(repo, window, qtbot)


def test_propose_links_for_all_clauses_walks_from_the_keyboard(qtbot, tmp_path):
    repo, window, panel = _open(qtbot, tmp_path)
    press(qtbot, window, Qt.Key.Key_Return, CTRL | SHIFT)
    assert panel.walking
    first = window.clauses.current()
    assert first == (SPEC, "US1")  # the first clause with proposals
    panel.tree.setFocus()
    expected = panel.proposals()[0]
    press(qtbot, window, Qt.Key.Key_Return)  # accept: the walk moves on by itself
    assert _audit(repo, window, qtbot)["reviews"]["US1"]["links"][0]["path"] == expected.path
    assert window.clauses.current() == (SPEC, "US1/AC1")
    press(qtbot, window, Qt.Key.Key_N)  # skip
    assert window.clauses.current() == (SPEC, "FR-001")
    press(qtbot, window, Qt.Key.Key_Delete)  # reject the top one; more remain, stay
    assert window.clauses.current() == (SPEC, "FR-001")
    press(qtbot, window, Qt.Key.Key_Escape)
    assert not panel.walking


def test_ctrl_return_accepts_the_top_proposal_from_anywhere(qtbot, tmp_path):
    repo, window, panel = _open(qtbot, tmp_path)
    _select(qtbot, window, "FR-003")
    top = panel.proposals()[0]
    window.clauses.tree.setFocus()
    press(qtbot, window, Qt.Key.Key_Return, CTRL)
    links = _audit(repo, window, qtbot)["reviews"]["FR-003"]["links"]
    assert [(lk["path"], lk["lines"]) for lk in links] == [(top.path, f"{top.first}-{top.last}")]
    assert top.path == "src/refunds.py" and top.first == top.last  # exactly the citing line

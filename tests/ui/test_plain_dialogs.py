"""Dialogs that quote the repository (a spec's path, an error naming it, a clause key)
show it as text: Qt reads a QMessageBox's or QInputDialog's text that looks like HTML as
HTML (fonts, hidden text, images loaded), so every such text is set as plain text."""

from __future__ import annotations

import subprocess
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog, QLabel, QMessageBox
from qt_support import on_modal, open_window

HOSTILE = "specs/<b>retry<img src='retry.png'>.md"  # no slash inside: one file name


def _hostile_spec(demo_repo):
    """The demo with its spec moved to a path that looks like HTML, committed."""
    subprocess.run(["git", "-C", str(demo_repo.path), "mv", demo_repo.spec, HOSTILE], check=True)
    subprocess.run(["git", "-C", str(demo_repo.path), "commit", "-qm", "spec renamed"], check=True)
    return replace(demo_repo, spec=HOSTILE)


def test_a_spec_not_saved_and_unsaved_edits_name_the_path_as_text(qtbot, demo_repo):
    demo_repo = _hostile_spec(demo_repo)
    window = open_window(qtbot, demo_repo, range="HEAD~1..HEAD")
    flow = window.spec_flow
    flow.edit_spec()
    flow.editor.edit.appendPlainText("- An edit in the editor.")
    (demo_repo.path / HOSTILE).write_text("changed elsewhere\n")  # the save is refused
    seen: dict[str, tuple] = {}

    def look(box: QMessageBox) -> None:
        seen[box.windowTitle()] = (box.textFormat(), box.text())
        box.reject()

    on_modal(look, QMessageBox)
    assert flow.save_spec() is False
    fmt, text = seen["Spec not saved"]
    assert fmt == Qt.TextFormat.PlainText and HOSTILE in text

    def discard(box: QMessageBox) -> None:
        seen[box.windowTitle()] = (box.textFormat(), box.text())
        box.button(QMessageBox.StandardButton.Cancel).click()

    on_modal(discard, QMessageBox)
    assert flow.can_close() is False  # Cancel keeps the window open
    fmt, text = seen["Unsaved spec changes"]
    assert fmt == Qt.TextFormat.PlainText and text.startswith(HOSTILE)
    flow.editor.edit.document().setModified(False)  # closing the window must not ask again


def test_the_contradiction_question_quotes_the_clause_as_text(qtbot, demo_repo):
    window = open_window(qtbot, demo_repo)
    window.clauses.select(demo_repo.spec, "behavior-2")
    seen: list[tuple] = []

    def look(dialog: QInputDialog) -> None:
        labels = [w for w in dialog.findChildren(QLabel) if "contradict" in w.text()]
        seen.append((labels[0].textFormat(), labels[0].text(), dialog.comboBoxItems()[:1]))
        dialog.reject()

    on_modal(look, QInputDialog)
    window.spec_flow.mark_contradiction()
    assert seen == [(Qt.TextFormat.PlainText, "Which clause does behavior-2 contradict?", [seen[0][2][0]])]
    assert seen[0][2][0].startswith("intent-1")
    assert QApplication.activeModalWidget() is None

"""A scar belongs to the clause whose linked lines hold it, never to whichever clause was
selected: tightening rewrites the scar's clause, so a wrong default rewrote a clause the
scar was never about. Tightening a scar with no clause adds one; amending shows, word by
word, what the clause loses."""

from __future__ import annotations

import yaml
from PySide6.QtCore import Qt
from qt_support import on_modal, open_window, press, settle_writes

from specaudit.app.review.scars import add_scar
from specaudit.app.store.audit_store import load_audit
from specaudit.app.tighten.tightening import propose_from_scar
from specaudit.app.workspace.specs import load_spec
from specaudit.ui.scars.scar_dialog import ScarDialog
from specaudit.ui.spec_editor import TightenDialog
from specaudit.ui.spec_editor.tighten_dialog import ADD_CHOICE
from specaudit.vcs.runner import open_repo

CTRL = Qt.KeyboardModifier.ControlModifier
RETRY = "payment_retry/retry.py"


def _line_of(demo_repo, needle: str) -> int:
    lines = (demo_repo.path / RETRY).read_text().splitlines()
    return next(i for i, ln in enumerate(lines, 1) if needle in ln)


def _scars(demo_repo) -> dict:
    path = next((demo_repo.path / ".specaudit").rglob("*.yaml"))
    return yaml.safe_load(path.read_text())["scars"]


def _record_scar(qtbot, window, demo_repo, first: int, last: int) -> dict:
    """Select the lines, Ctrl+M, note the dialog's default clause, save from the keyboard."""
    window.diff.reveal(RETRY, "new", first, last)
    qtbot.waitUntil(lambda: window.diff.selected_range() == (RETRY, "new", first, last), timeout=10000)
    seen = {}

    def fill(dialog):
        seen["default"] = dialog.clause.currentData()
        seen["hint"] = dialog.clause_hint.text()
        qtbot.keyClicks(dialog.title, "Cache kept for the replay storm")
        qtbot.keyClick(dialog.title, Qt.Key.Key_Tab)
        qtbot.keyClicks(dialog.why, "Duplicate webhooks replayed charges; the cache absorbed them.")
        dialog._accept()

    on_modal(fill, ScarDialog)
    before = set(_scars(demo_repo))
    press(qtbot, window, Qt.Key.Key_M, CTRL)
    settle_writes(qtbot, window)
    (new,) = set(_scars(demo_repo)) - before
    return {**seen, "scar": _scars(demo_repo)[new]}


def test_the_scar_defaults_to_the_clause_linked_to_its_lines(qtbot, demo_repo):
    window = open_window(qtbot, demo_repo)
    start = _line_of(demo_repo, "cached = _results.get")
    assert window.controller.link(demo_repo.spec, "behavior-4", RETRY, "new", start - 1, start + 3)
    settle_writes(qtbot, window)
    window.clauses.select(demo_repo.spec, "non-goals-1")  # another clause is selected
    got = _record_scar(qtbot, window, demo_repo, start, start + 1)
    assert got["default"] == "behavior-4" and "behavior-4" in got["hint"]
    assert got["scar"]["clause"] == "behavior-4"


def test_lines_no_clause_links_give_a_scar_with_no_clause(qtbot, demo_repo):
    window = open_window(qtbot, demo_repo)
    start = _line_of(demo_repo, "cached = _results.get")
    window.clauses.select(demo_repo.spec, "non-goals-1")  # selected, but not linked to the lines
    got = _record_scar(qtbot, window, demo_repo, start, start + 1)
    assert got["default"] is None and "No clause" in got["hint"]
    assert "clause" not in got["scar"] or got["scar"]["clause"] is None


def test_tightening_a_scar_with_no_clause_adds_a_clause(qtbot, demo_repo, tmp_path):
    root = demo_repo.path
    start = _line_of(demo_repo, "cached = _results.get")
    scar = add_scar(open_repo(root), demo_repo.spec, RETRY, start, start + 1, "Cache kept for replays",
                    "Duplicate webhooks replayed charges.", clause=None, severity="high", commit=None)
    before = load_spec(root, demo_repo.spec)
    dialog = TightenDialog(root, propose_from_scar(root, demo_repo.spec, scar.id), clauses=[
        (c.key, c.title) for c in before.clauses])
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.target.currentData() == ADD_CHOICE and dialog.proposal.mode == "add"
    assert dialog.target.currentText().startswith("Add a new clause at the end of")
    assert dialog.compare.tabText(0).startswith("New clause:")
    dialog.grab().save(str(tmp_path / "tighten-add.png"))
    dialog.accept_clause()
    after = load_spec(root, demo_repo.spec)
    assert len(after.clauses) == len(before.clauses) + 1
    old_texts = {c.text for c in before.clauses}
    assert sum(c.text not in old_texts for c in after.clauses) == 1  # only the new clause is new
    assert load_audit(root, demo_repo.spec).scars[scar.id].folded_into == dialog.result_value.key


def test_the_amend_shows_what_the_clause_loses_word_by_word(qtbot, demo_repo, tmp_path):
    root = demo_repo.path
    (sid,) = load_audit(root, demo_repo.spec).scars  # the demo's scar, on behavior-2
    old = load_spec(root, demo_repo.spec).clause("behavior-2").text
    dialog = TightenDialog(root, propose_from_scar(root, demo_repo.spec, sid))
    qtbot.addWidget(dialog)
    dialog.resize(900, 680)
    dialog.show()
    assert dialog.proposal.mode == "amend" and dialog.compare.currentWidget() is dialog.words
    html = dialog.words.toHtml()
    assert "line-through" in html  # the words the amend drops are struck through
    text = "Retries are three flat attempts <img src='x.png'> & never exponential backoff"
    dialog.text.setPlainText(text)
    dialog.refresh_preview()
    shown = dialog.words.toPlainText()
    assert "<img src='x.png'> & never" in shown  # spec text shown as text, never as markup
    assert dialog.words.resource_requests == []
    lost, added = (int(n) for n in dialog.compare.tabText(0).replace("Changes: \u2212", "").split(" words, +"))
    old_words = len(old.split())
    assert 0 < lost <= old_words and added > 0
    # What the clause keeps plus what it loses reads as the clause before.
    assert " ".join(shown.split()).count("exponential backoff") >= 1
    dialog.grab().save(str(tmp_path / "tighten-amend.png"))

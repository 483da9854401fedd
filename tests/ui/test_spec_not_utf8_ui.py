"""A spec holding a byte that is not UTF-8 in the window: Qt drops a lone surrogate
unseen ("caf serves"), so it is shown as U+FFFD; the status line says which file and line;
the spec editor lists the warning and refuses to save over the byte (nothing rewritten)
until the reviewer replaces it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex
from support import git

from specaudit.app.workspace.session import open_session
from specaudit.core.errors import SpecError
from specaudit.ui.review.clause_filter import ROLE_KEY, ROLE_TITLE
from specaudit.ui.shell.main_window import MainWindow
from specaudit.ui.spec_editor import SpecEditor

SPEC = "specs/payment-retry.md"
OLD, NEW = b"bank gateway are retried", b"bank gateway (caf\xe9) are retried"


@pytest.fixture
def latin1(demo_repo):
    path = demo_repo.path / SPEC
    path.write_bytes(path.read_bytes().replace(OLD, NEW))
    git(demo_repo.path, "commit", "-qam", "a Latin-1 byte in the spec")
    return demo_repo


def _titles(model, parent: QModelIndex | None = None) -> dict[str, str]:
    parent = parent or QModelIndex()
    out = {}
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        if index.data(ROLE_KEY):
            out[index.data(ROLE_KEY)] = index.data(ROLE_TITLE)
        out.update(_titles(model, index))
    return out


def test_the_window_shows_the_byte_and_says_where_it_is(qtbot, latin1, tmp_path):
    window = MainWindow(open_session(latin1.path, spec=SPEC, range="HEAD~2..HEAD"))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.loaded, timeout=30000):
        window.show()
    window.resize(1280, 720)
    assert f"{SPEC}:5: warning: bytes that are not UTF-8" in window.statusBar().currentMessage()
    assert not window.status.isVisible()  # the message is not printed over the session line
    assert "(caf\ufffd)" in _titles(window.clauses.model)["intent-1"]
    window.spec_beside.show_clause(window.session.specs[0], window.session.specs[0].spec.clause("intent-1"))
    assert "(caf\ufffd)" in window.spec_beside.toPlainText()
    window.grab().save(str(tmp_path / "not-utf8.png"))


def test_the_editor_refuses_to_save_over_the_byte(qtbot, latin1):
    editor = SpecEditor()
    qtbot.addWidget(editor)
    with qtbot.waitSignal(editor.specParsed, timeout=10_000):
        editor.open_spec(latin1.path, SPEC)
    assert "(caf\ufffd)" in editor.text()
    assert any(p.line == 5 and "not UTF-8" in p.message for p in editor.problem_list())
    before = (latin1.path / SPEC).read_bytes()
    editor.edit.appendPlainText("- One more clause.")
    with pytest.raises(SpecError, match=r"specs/payment-retry.md:5: .*not UTF-8"):
        editor.save()
    assert (latin1.path / SPEC).read_bytes() == before
    # Replaced by the reviewer, the text is theirs to save.
    editor.edit.setPlainText(editor.text().replace("\ufffd", "\u00e9"))
    editor.save()
    assert "(café) are retried".encode() in (latin1.path / SPEC).read_bytes()

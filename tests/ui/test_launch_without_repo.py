"""Started outside a repository (as a desktop launcher does), the app asks what to open."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from specaudit.ui.app import choose_session
from specaudit.ui.open_dialog import OpenDialog


def _when_dialog(fill):
    def attempt():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, OpenDialog):
            QTimer.singleShot(30, attempt)
            return
        fill(dialog)

    QTimer.singleShot(0, attempt)


def test_choosing_the_demo_opens_its_session(qtbot, demo_repo, tmp_path):
    def fill(dialog):
        dialog.repo.setText(str(demo_repo.path))
        dialog._refresh_specs()
        assert dialog.spec.findText(demo_repo.spec) >= 0  # the dialog lists the repo's specs
        dialog.accept()

    _when_dialog(fill)
    session = choose_session(str(tmp_path))
    assert session is not None and session.root == demo_repo.path.resolve()
    assert [e.rel for e in session.specs] == [demo_repo.spec]


def test_cancel_opens_nothing(qtbot, tmp_path):
    _when_dialog(lambda dialog: dialog.reject())
    assert choose_session(str(tmp_path)) is None

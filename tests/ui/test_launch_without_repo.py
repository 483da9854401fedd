"""Started outside a repository (as a desktop launcher does), the app asks what to open."""

from __future__ import annotations

from qt_support import on_modal

from specaudit.ui.shell.app import choose_session
from specaudit.ui.shell.open_dialog import OpenDialog


def test_choosing_the_demo_opens_its_session(qtbot, demo_repo, tmp_path):
    def fill(dialog):
        dialog.repo.setText(str(demo_repo.path))
        dialog._refresh_specs()
        assert dialog.spec.findText(demo_repo.spec) >= 0  # the dialog lists the repo's specs
        dialog.accept()

    on_modal(fill, OpenDialog)
    session = choose_session(str(tmp_path))
    assert session is not None and session.root == demo_repo.path.resolve()
    assert [e.rel for e in session.specs] == [demo_repo.spec]


def test_cancel_opens_nothing(qtbot, tmp_path):
    on_modal(lambda dialog: dialog.reject(), OpenDialog)
    assert choose_session(str(tmp_path)) is None


def test_last_session_is_restored_and_a_vanished_one_is_not(qtbot, demo_repo, tmp_path):
    from specaudit.ui.shell import recent
    from specaudit.ui.shell.app import make_application, restore_last_session

    make_application()  # QSettings names
    recent.remember({"repo": str(demo_repo.path), "spec": demo_repo.spec, "range": demo_repo.range})
    session = restore_last_session()
    assert session is not None and session.source.range == demo_repo.range
    recent.remember({"repo": str(tmp_path / "gone"), "spec": None, "range": None})
    assert restore_last_session() is None


def test_a_review_that_cannot_open_says_why_in_the_dialog_and_keeps_what_was_typed(qtbot, demo_repo, tmp_path):
    """A mistyped range (master where the branch is main) put up a message box and closed
    the dialog: the spec and the range typed were gone. The dialog now stays, says why, and
    opens once the range is right."""
    seen: dict = {}

    def typo(dialog):
        dialog.repo.setText(str(demo_repo.path))
        dialog._refresh_specs()
        dialog.spec.setEditText(demo_repo.spec)
        dialog.range.setText("master..HEAD")
        dialog.accept()
        seen["visible"] = dialog.isVisible()
        seen["hint"] = dialog.hint.text()
        seen["kept"] = dict(dialog.values())
        dialog.range.setText("HEAD~1..HEAD")
        dialog.accept()

    on_modal(typo, OpenDialog)
    session = choose_session(str(tmp_path))
    assert seen["visible"] and "unknown revision: master" in seen["hint"], seen
    assert seen["kept"]["spec"] == demo_repo.spec and seen["kept"]["range"] == "master..HEAD"
    assert session is not None and session.source.range == "HEAD~1..HEAD"
    assert [e.rel for e in session.specs] == [demo_repo.spec]

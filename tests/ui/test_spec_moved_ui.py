"""The window tells the reviewer when the spec they named was followed to where a later
commit moved it (an OpenSpec change archived after the range under review)."""

from __future__ import annotations

from moved_spec_repo import NEW, OLD, built_then


def test_the_status_bar_says_the_spec_was_followed(qtbot, tmp_path):
    from specaudit.app.workspace.session import open_session
    from specaudit.ui.shell.main_window import MainWindow

    root = tmp_path / "repo"
    base, target, _later = built_then(root, "archive")
    window = MainWindow(open_session(root, spec=OLD, range=f"{base}..{target}"))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.loaded, timeout=60000):
        window.show()
    message = window.statusBar().currentMessage()
    assert f"{OLD} is not in the working tree" in message and f"opened {NEW}" in message
    assert NEW in window.status.text()

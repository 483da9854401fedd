"""The proposals are computed inside the session's first check (its findings read them),
and the jobs waiting for that check can hold both workers: the proposals are shown as
soon as they are computed, not when the job queued to fetch them gets a worker."""

from __future__ import annotations

import threading

from evidence_repo import SPEC, build

from specaudit.app.workspace import analysis as analysis_module
from specaudit.app.workspace.session import open_session
from specaudit.ui.shell.main_window import MainWindow


def test_proposals_show_while_the_first_check_is_still_running(qtbot, tmp_path, monkeypatch):
    repo = build(tmp_path / "r")
    release = threading.Event()
    checking = threading.Event()
    real = analysis_module.check_details

    def slow_check(*args, **kwargs):  # the real check, held until the proposals are on screen
        checking.set()
        release.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(analysis_module, "check_details", slow_check)
    try:
        window = MainWindow(open_session(repo.path, spec=SPEC, range=repo.range))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(checking.is_set, timeout=30000)
        qtbot.waitUntil(lambda: window.suggestions.ready, timeout=30000)
        assert window.model.check is None  # the check is still running
        window.clauses.select(SPEC, "FR-002")
        qtbot.waitUntil(lambda: window.suggestions.header.text().startswith("FR-002:"), timeout=5000)
        assert window.suggestions.proposals(), window.suggestions.header.text()
    finally:
        release.set()
    qtbot.waitUntil(lambda: window.model.check is not None, timeout=30000)


def test_proposals_computed_before_the_diff_arrives_wait_for_it(qtbot, tmp_path, monkeypatch):
    """The suggest job can finish before the diff's result is delivered: the proposals are
    announced once the change they point into is in the model, not before."""
    from PySide6.QtCore import QTimer

    from specaudit.ui.shell.loader import SessionLoader

    repo = build(tmp_path / "r")
    real = SessionLoader._diff_loaded
    monkeypatch.setattr(SessionLoader, "_diff_loaded",
                        lambda self, cs: QTimer.singleShot(1500, lambda: real(self, cs)))
    window = MainWindow(open_session(repo.path, spec=SPEC, range=repo.range))
    qtbot.addWidget(window)
    seen: list[str] = []
    window.model.changesetLoaded.connect(lambda *_a: seen.append("diff"))
    window.model.proposalsReady.connect(lambda: seen.append("proposals"))
    window.show()
    qtbot.waitUntil(lambda: window.suggestions.ready, timeout=30000)
    assert seen == ["diff", "proposals"], seen
    window.clauses.select(SPEC, "FR-002")
    qtbot.waitUntil(lambda: window.suggestions.header.text().startswith("FR-002:"), timeout=5000)
    assert window.suggestions.proposals(), window.suggestions.header.text()

"""The window marks changes by the CLI's rule: lines its range does not change are
refused before anything is shown or written (app/review/change_marks.require_changed)."""

from __future__ import annotations

from specaudit.app.workspace.session import open_session
from specaudit.ui.kit.context import DeskContext


def test_the_window_refuses_a_mark_on_lines_its_range_does_not_change(qtbot, demo_repo):
    session = open_session(demo_repo.path, spec=demo_repo.spec, range=demo_repo.range)
    context = DeskContext.create(session)
    context.model.analysis.changeset()  # loaded, as it is once the window shows the change
    refused: list[str] = []
    context.controller.refused.connect(lambda _command, why: refused.append(why))
    audit = next((demo_repo.path / ".specaudit").rglob("*.yaml"))
    before = audit.read_bytes()

    assert not context.controller.mark_change(demo_repo.spec, "payment_retry/retry.py", 1, 8, "out-of-scope")
    context.controller.settle()
    assert refused and "payment_retry/retry.py:1-8: lines 1-4, 6-7 are not changed" in refused[0]
    assert audit.read_bytes() == before

    assert context.controller.mark_change(demo_repo.spec, "payment_retry/retry.py", 8, 12, "out-of-scope")
    context.controller.settle()
    assert "payment_retry/retry.py:8-12" in audit.read_text()

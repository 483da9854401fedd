"""A spec folder moved with `git mv` and its audit file left behind: the window says what
`specaudit check` says (the audit's verdicts removed, a spec-problem saying how to carry
it along), rather than dropping the audit's verdicts and scars without a word."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from qt_support import on_modal
from support import git

from specaudit.app.workspace.session import open_session
from specaudit.ui.findings.findings_panel import ROLE_FINDING
from specaudit.ui.shell.main_window import MainWindow


def _moved(demo_repo) -> str:
    git(demo_repo.path, "mv", "specs", "specs-moved")
    git(demo_repo.path, "commit", "-qm", "move the spec folder")
    return f"{demo_repo.base}..HEAD"


GONE = "specs/payment-retry.md"


def _checked_window(qtbot, demo_repo, rng: str) -> MainWindow:
    """The window on the moved spec, once its check is in."""
    window = MainWindow(open_session(demo_repo.path, spec="specs-moved/payment-retry.md", range=rng))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.loaded, timeout=30000):
        window.show()
    qtbot.waitUntil(lambda: bool(window.findings), timeout=30000)
    return window


def _findings(window: MainWindow) -> set[tuple[str, str | None]]:
    return {(f.kind, f.path) for f in window.findings if f.spec == GONE}


def test_window_shows_the_orphaned_audit_as_check_does(qtbot, demo_repo, run_cli):
    rng = _moved(demo_repo)
    window = _checked_window(qtbot, demo_repo, rng)
    cli = json.loads(run_cli("check", "--repo", str(demo_repo.path), "--range", rng, "--format", "json",
                             cwd=demo_repo.path).out)
    expected = {(f["kind"], f.get("path")) for f in cli["findings"] if f.get("spec") == GONE}
    audit = ".specaudit/specs/payment-retry.md.audit.yaml"
    assert ("spec-problem", audit) in expected  # the CLI reports it
    assert _findings(window) == expected
    problem = next(f for f in window.findings if f.kind == "spec-problem" and f.path == audit)
    assert "moved it to specs-moved/payment-retry.md" in problem.message
    assert "specaudit move-audit --spec specs/payment-retry.md" in problem.message
    # Enter on each of them (walking the Findings tab from the keyboard) never makes a clause
    # of the gone spec current: verdict keys would go to a clause no list shows.
    panel = window.findings_panel
    panel.setFocus()
    rows = [item for item in panel.finding_items() if item.data(0, ROLE_FINDING).spec == GONE]
    assert rows
    for item in rows:
        panel.setCurrentItem(item)
        asked = []
        if item.data(0, ROLE_FINDING).kind == "spec-problem":  # it offers to carry the audit: not now
            on_modal(lambda box, said=asked: (said.append(box.text()), box.reject()))
        qtbot.keyClick(panel, Qt.Key.Key_Return)
        assert window.model.selection is None or window.model.selection[0] != GONE
        assert not asked or "Carry it there?" in asked[0]
    assert (demo_repo.path / audit).exists()  # declined: nothing moved


def test_enter_on_the_orphaned_audit_carries_it_to_the_moved_spec(qtbot, demo_repo, run_cli):
    """Enter on the spec-problem asks to carry the audit where git says the spec went; yes
    moves it (what `specaudit move-audit` does) and the window shows its verdicts again."""
    rng = _moved(demo_repo)
    before = run_cli("check", "--repo", str(demo_repo.path), "--range", rng)
    assert before.code == 1 and "1 scar-orphaned" in before.out and "1 spec-problem" in before.out, before
    window = _checked_window(qtbot, demo_repo, rng)
    moved = "specs-moved/payment-retry.md"
    held = window.session.entry(moved).audit
    assert not held.reviews and not held.scars
    panel = window.findings_panel
    panel.setFocus()
    item = next(i for i in panel.finding_items()
                if i.data(0, ROLE_FINDING).spec == GONE and i.data(0, ROLE_FINDING).kind == "spec-problem")
    panel.setCurrentItem(item)
    asked = []
    on_modal(lambda box: (asked.append(box.text()), box.button(QMessageBox.StandardButton.Yes).click()))
    qtbot.keyClick(panel, Qt.Key.Key_Return)
    assert f"{GONE} was moved to {moved}" in asked[0]
    assert not (demo_repo.path / ".specaudit/specs/payment-retry.md.audit.yaml").exists()
    qtbot.waitUntil(lambda: bool(window.session.entry(moved).audit.scars), timeout=10000)
    qtbot.waitUntil(lambda: not any(f.spec == GONE for f in window.findings), timeout=30000)
    assert "Carried the audit" in window.statusBar().currentMessage()
    after = run_cli("check", "--repo", str(demo_repo.path), "--range", rng)
    assert "scar-orphaned" not in after.out and "spec-problem" not in after.out, after
    assert "1 scar-overwritten" in after.out  # the carried scar still guards its lines


def test_the_scars_tab_lists_the_orphaned_audits_scars(qtbot, demo_repo, tmp_path):
    """The orphaned audit's scar still guards its lines (check reports it overwritten): the
    Scars tab lists it, marked orphaned, and activating it shows its lines."""
    rng = _moved(demo_repo)
    window = _checked_window(qtbot, demo_repo, rng)
    window.resize(1280, 720)
    panel = window.scars_panel
    window.side_tabs.setCurrentWidget(panel)
    rows = [panel.item(i) for i in range(panel.count())]
    scars = [item.data(Qt.ItemDataRole.UserRole + 1) for item in rows if item.data(Qt.ItemDataRole.UserRole + 1)]
    assert [(rel, s.title) for rel, s in scars] == [
        (GONE, "Flat retries against the bank gateway, never exponential backoff")]
    text = rows[0].text()
    assert f"orphaned: {GONE} is gone" in text and "OVERWRITTEN" in text  # as check reports it
    window.grab().save(str(tmp_path / "orphaned-scars.png"))
    panel.setCurrentItem(rows[0])
    panel.itemActivated.emit(rows[0])
    assert window.model.selection is None or window.model.selection[0] != GONE

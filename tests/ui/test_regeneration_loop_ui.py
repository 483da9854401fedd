"""The window on the loop: a folded scar reads 'awaiting regeneration' until the next
regeneration restores its lines; a newly opened range then shows the tightened clause first,
with 'scar lines intact'."""

from __future__ import annotations

from qt_support import open_window
from support import git as _git
from support import tighten_scar

from specaudit.app.publish.publishing import commit_specs
from specaudit.app.store.audit_store import load_audit
from specaudit.app.workspace.demo import GENERATOR, RETRY_REL
from specaudit.resources_path import resource
from specaudit.ui.scars.scars_panel import ROLE_SCAR


def _scar_rows(window) -> list[str]:
    panel = window.scars_panel
    return [panel.item(i).text() for i in range(panel.count()) if panel.item(i).data(ROLE_SCAR)]


def test_folded_scar_awaits_regeneration_then_reads_restored(qtbot, demo_repo):
    root, spec = demo_repo.path, demo_repo.spec
    (sid,) = load_audit(root, spec).scars
    tighten_scar(root, spec, sid)
    window = open_window(qtbot, demo_repo)
    (row,) = _scar_rows(window)
    assert row.startswith("✓ folded into behavior-2 · awaiting regeneration") and "OVERWRITTEN" not in row
    window.scars_panel.setCurrentRow(0)
    window.scars_panel.itemActivated.emit(window.scars_panel.item(0))
    assert window.clauses.current() == (spec, "behavior-2")  # the scar links to its clause
    detail = window.detail.toPlainText()
    assert f"tightened from scar {sid}" in detail and "folded into behavior-2" in detail
    window.close()

    commit_specs(root, [spec], "Tighten behavior-2 from the retry scar")
    (root / RETRY_REL).write_bytes((resource("demo") / "base" / RETRY_REL).read_bytes())
    _git(root, "-c", f"user.name={GENERATOR[0]}", "-c", f"user.email={GENERATOR[1]}",
         "commit", "-qam", "regeneration from the tightened spec")
    window = open_window(qtbot, demo_repo, range="HEAD~1..HEAD")
    (row,) = _scar_rows(window)
    assert row.startswith("✓ folded into behavior-2 · scar lines intact")
    assert window.clauses.current() == (spec, "behavior-2")  # the tightened clause first
    assert "scar lines intact" in window.statusBar().currentMessage()

"""Enter on an orphaned audit's finding (its spec moved without it, as `openspec archive`
moves a built change): offer to carry the audit to where git says the spec went, as
`specaudit move-audit` does, then reopen the review with its verdicts."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from specaudit.app.review.carry import carry_audit
from specaudit.app.store.audit_store import audit_naming
from specaudit.app.workspace.specs import where_moved
from specaudit.core.errors import SpecauditError
from specaudit.core.findings import SPEC_PROBLEM, Finding
from specaudit.ui.kit import plain

if TYPE_CHECKING:
    from specaudit.ui.shell.main_window import MainWindow


def offer_to_carry(window: MainWindow, finding: Finding | None) -> bool:
    """True when ``finding`` was an orphaned audit whose spec git can place (asked, and
    carried if the reviewer agreed); False for any other finding."""
    if finding is None or finding.kind != SPEC_PROBLEM or not finding.spec:
        return False
    session = window.session
    old = finding.spec
    if os.path.lexists(session.root / old):
        return False
    went = where_moved(session.repo, old)
    found = audit_naming(session.root, old)
    if went is None or found is None:
        return False  # the finding's own text says how to carry it by hand
    new, by = went
    held = found[1]
    text = (f"{old} was moved to {new} by {by[:7]}; its audit stayed behind.\n\n"
            f"Carry it there? Its {len(held.reviews)} verdict(s), {len(held.scars)} scar(s) and marks move "
            "as they are, and the old audit file is removed (what `specaudit move-audit` does). Commit the "
            "result with the spec.")
    yes = QMessageBox.StandardButton.Yes
    if plain.ask(window, "Carry the audit", text, yes | QMessageBox.StandardButton.Cancel, yes) != yes:
        return True
    window.controller.writer.flush()  # edits already asked for land first, in the old file
    try:
        carry_audit(session.repo, old, new)
    except SpecauditError as exc:
        plain.message(window, "Audit not carried", str(exc))
        return True
    window.statusBar().showMessage(f"Carried the audit of {old} to {new}", 10000)
    if session.entry(new) is not None:
        window.reload_specs()  # the spec is open: its audit is read again, the diff stays
    else:
        window.reload()  # the spec joins the review
    return True

"""The Tighten dialog and the spec-change view under pytest-qt, on the demo repository."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox

from specaudit.app.review.verdicts import record_verdict
from specaudit.app.store.audit_store import load_audit
from specaudit.app.tighten.tightening import propose_from_scar, propose_from_verdict
from specaudit.app.workspace.specs import load_spec
from specaudit.core.audit import SCAR_FOLDED
from specaudit.formats import parse_spec
from specaudit.ui.spec_editor import SpecChangeView, TightenDialog, export_brief
from specaudit.vcs.runner import open_repo

SPEC = "specs/payment-retry.md"


def _dialog(qtbot, demo_repo) -> tuple[TightenDialog, str]:
    (sid,) = load_audit(demo_repo.path, SPEC).scars
    dialog = TightenDialog(demo_repo.path, propose_from_scar(demo_repo.path, SPEC, sid))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog, sid


def test_proposal_amends_in_place_with_before_and_after(qtbot, demo_repo, tmp_path):
    dialog, sid = _dialog(qtbot, demo_repo)
    spec_before = (demo_repo.path / SPEC).read_bytes()
    old = load_spec(demo_repo.path, SPEC).clause("behavior-2").text
    assert sid in dialog.text.toPlainText() and "amending clause behavior-2" in dialog.where.text()
    assert dialog.before.toPlainText() == old and dialog.before.isReadOnly()
    assert dialog.change.visible_rows() == [("changed", "behavior-2")]  # the clause, in place
    text = "Retries against the bank gateway are three flat attempts, 1.5 s apart; never exponential backoff"
    dialog.text.setPlainText(text)
    qtbot.waitUntil(lambda: text.split(";")[0] in " ".join(dialog.change.tree.topLevelItem(0).text(3).split()),
                    timeout=5_000)
    assert (demo_repo.path / SPEC).read_bytes() == spec_before  # previewing writes nothing
    dialog.grab().save(str(tmp_path / "tighten-dialog.png"))

    with qtbot.waitSignal(dialog.tightened) as sig:
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    done = sig.args[0]
    assert done.key == "behavior-2" and done.mode == "amend" and done.before_text == old
    written = " ".join(load_spec(demo_repo.path, SPEC).clause("behavior-2").text.split())
    assert written == f"{text} (scar {sid}, PAY-1142)."
    scar = load_audit(demo_repo.path, SPEC).scars[sid]
    assert scar.status == SCAR_FOLDED and scar.folded_into == "behavior-2"
    assert dialog.result() == TightenDialog.DialogCode.Accepted


def test_reviewer_switches_to_adding_a_clause(qtbot, demo_repo):
    dialog, sid = _dialog(qtbot, demo_repo)
    add = dialog.target.findData("__add__")
    dialog.target.setCurrentIndex(add)
    dialog.target.activated.emit(add)
    assert dialog.proposal.mode == "add" and dialog.before.toPlainText() == "(a new clause)"
    assert dialog.change.visible_rows() == [("added", "behavior-3")]  # shifted keys are not changes
    with qtbot.waitSignal(dialog.tightened) as sig:
        dialog.accept_clause()
    assert sig.args[0].key == "behavior-3"
    assert "exponential backoff:" in load_spec(demo_repo.path, SPEC).clause("behavior-2").text


def test_empty_text_disables_write_and_a_changed_spec_is_refused(qtbot, demo_repo):
    dialog, sid = _dialog(qtbot, demo_repo)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.text.setPlainText("   ")
    assert not dialog.refresh_preview() and not ok.isEnabled() and "empty" in dialog.error.text()
    dialog.text.setPlainText("A constraint.")
    assert dialog.refresh_preview() and ok.isEnabled()
    path = demo_repo.path / SPEC
    path.write_text(path.read_text() + "- Edited elsewhere meanwhile.\n")
    dialog.accept_clause()
    assert "changed on disk" in dialog.error.text() and "nothing was written" in dialog.error.text().lower()
    assert dialog.isVisible() and dialog.text.toPlainText() == "A constraint."
    assert load_audit(demo_repo.path, SPEC).scars[sid].status == "open"
    assert path.read_text().endswith("- Edited elsewhere meanwhile.\n")


def test_change_view_shows_reworded_and_removed_clauses(qtbot, demo_repo):
    before = load_spec(demo_repo.path, SPEC)
    text = before.text.replace("with a base delay of 200 ms", "with a base delay of 1.5 s")
    text = text.replace("- Each attempt is logged with the charge id, the attempt number and the outcome.\n", "")
    after = parse_spec(SPEC, text, before.format)
    view = SpecChangeView()
    qtbot.addWidget(view)
    changes = view.set_specs(before, after)
    assert {s for s, _ in view.visible_rows()} == {"changed", "removed"}
    assert len(view.visible_rows()) == 2
    view.only_changes.setChecked(False)
    assert len(view.visible_rows()) == len(changes) == len(before.clauses)
    changed = next(i for i in range(view.tree.topLevelItemCount()) if view.tree.topLevelItem(i).text(0) == "changed")
    assert "1.5 s" in view.tree.topLevelItem(changed).text(3) and "200 ms" in view.tree.topLevelItem(changed).text(2)


def test_verdict_proposal_in_the_dialog_then_the_brief_lists_it(qtbot, demo_repo, tmp_path):
    spec = load_spec(demo_repo.path, SPEC)
    key = spec.clauses[-1].key
    record_verdict(open_repo(demo_repo.path), spec, key, "violated", note="A cache was added anyway")
    dialog = TightenDialog(demo_repo.path, propose_from_verdict(demo_repo.path, SPEC, key, add=True))
    qtbot.addWidget(dialog)
    assert f"the verdict on {key}" in dialog.where.text()
    assert "scar" not in dialog.where.text()  # a verdict has no scar id or incident to keep
    with qtbot.waitSignal(dialog.tightened) as sig:
        dialog.accept_clause()
    new_key = sig.args[0].key
    out = export_brief(dialog, demo_repo.path, SPEC, tmp_path / "brief.md")
    brief = out.read_text()
    tightened = brief.split("## Tightened clauses")[1].split("## ")[0]
    assert f"**{new_key}**" in tightened and "A cache was added anyway" in tightened


def test_openspec_change_picked_in_the_dialog(qtbot, tmp_path):
    from specaudit.app.store.audit_store import save_audit
    from specaudit.core.audit import Audit, Scar

    root = tmp_path / "repo"
    rel = "openspec/specs/payments/spec.md"
    (root / rel).parent.mkdir(parents=True)
    text = ("# Payments\n\n## Requirements\n\n### Requirement: Retry\nThe system SHALL retry with backoff.\n\n"
            "#### Scenario: Transient failure\n- WHEN the gateway times out\n- THEN the charge is retried\n")
    (root / rel).write_text(text)
    scar = Scar("S-0badc0de", "src/retry.py", 1, 2, "Retries stay flat", "Herding.",
                clause="payments#Retry", incident="PAY-1142")
    save_audit(root, Audit(rel, scars={scar.id: scar}))
    dialog = TightenDialog(root, propose_from_scar(root, rel, scar.id), format_name="openspec")
    qtbot.addWidget(dialog)
    dialog.show()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.as_change.setChecked(True)
    assert dialog.focusWidget() is dialog.change_name
    assert not ok.isEnabled() and "invalid change name" in dialog.error.text()  # no name yet
    dialog.change_name.setText("tighten-retries")
    assert dialog.refresh_preview() and ok.isEnabled()
    with qtbot.waitSignal(dialog.tightened) as sig:
        dialog.accept_clause()
    assert sig.args[0].written == ("openspec/changes/tighten-retries/specs/payments/spec.md",)
    assert (root / rel).read_text() == text  # the main spec is not edited
    change = (root / "openspec/changes/tighten-retries/specs/payments/spec.md").read_text()
    assert change.startswith("## MODIFIED Requirements\n\n### Requirement: Retry\n")
    assert "scar S-0badc0de" in change and "#### Scenario: Transient failure" in change
    # The brief shows the requirement before and the change's version after.
    from specaudit.app.tighten.brief import build_brief

    brief = build_brief(root, rel)
    assert "as OpenSpec change `openspec/changes/tighten-retries/specs/payments/spec.md`" in brief
    before, after = brief.split("Before:")[1].split("After:")
    assert "retry with backoff" in before and "scar S-0badc0de" in after.split("Why")[0]


def test_a_long_openspec_key_leaves_room_for_the_texts(qtbot):
    """The spec-change table sized its key column to an OpenSpec key and left the before
    and after texts a sliver: the key takes at most a third, the rest in its tooltip."""
    path = "openspec/specs/spending/spec.md"
    text = ("# spending\n\n## Requirements\n\n### Requirement: Category Spending Aggregation For Every Month\n"
            "The system SHALL sum expenses.\n\n#### Scenario: Exclude income transactions from the breakdown\n"
            "- **WHEN** a month has income\n- **THEN** income is left out\n")
    before = parse_spec(path, text)
    after = parse_spec(path, text.replace("income is left out", "income and refunds are left out"))
    view = SpecChangeView()
    qtbot.addWidget(view)
    view.resize(700, 300)
    view.show()
    view.set_specs(before, after)
    row = view.tree.topLevelItem(0)
    assert row.text(1).endswith("/Exclude income transactions from the breakdown")
    assert view.tree.columnWidth(1) <= max(120, view.tree.viewport().width() // 3)
    assert row.toolTip(1)  # the whole key is there to read

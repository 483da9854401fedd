"""A PRD states its requirements (FR1, ...) among prose: the executive summary, the author,
"Project Context: Greenfield". That prose is context, not a clause code implements: it gets
no proposal unless something cites it, and no weak guess either (its words meeting code
is chance: a real PRD's author line, "Date: 2026-02-23", met an SVG holding 23 and 02).
A Markdown spec that is all notes is all the spec there is, and its notes keep their
proposals."""

from __future__ import annotations

import json
import re

from support import commit_files, init_repo

PRD = """# Product Requirements Document - retries

Author: Sam

## Executive Summary

A payment client that retries failed charges with a flat delay.

## Functional Requirements

- **FR1:** The client retries a failed charge with a flat delay between attempts
- **FR2:** The client gives up after five attempts

## Non-Functional Requirements

### Reliability

- No charge is sent twice for one payment
"""
NOTES = """# Retries

A payment client that retries failed charges with a flat delay.
"""
CODE = """RETRY_DELAY_SECONDS = 2
MAX_ATTEMPTS = 5


def charge_with_retries(client, payment):
    \"\"\"Retry a failed charge with a flat delay; give up after five attempts.\"\"\"
    for attempt in range(MAX_ATTEMPTS):
        if client.charge(payment):
            return True
        client.sleep(RETRY_DELAY_SECONDS)
    return False
"""


def _suggest(run_cli, root, spec, base):
    result = run_cli("suggest", "-C", str(root), "--spec", spec, "--range", f"{base}..HEAD", "--format", "json")
    assert result.code == 0, result
    return {c["key"]: c for c in json.loads(result.out)["clauses"]}


def test_a_prds_prose_is_context_and_its_requirements_get_proposals(tmp_path, run_cli):
    root = init_repo(tmp_path / "repo")
    base = commit_files(root, {"README.md": "payments\n"}, "start")
    commit_files(root, {"docs/prd.md": PRD, "payments/retry.py": CODE}, "feat: flat retries")
    clauses = _suggest(run_cli, root, "docs/prd.md", base)
    assert clauses["FR1"]["proposals"][0]["path"] == "payments/retry.py"
    summary = next(k for k in clauses if k.startswith("executive-summary"))
    # The summary says what FR1 says and its words meet the same code, but it is context:
    # FR1 is where the reviewer links that code.
    assert clauses[summary] == {"key": summary, "proposals": [], "weak": []}
    text = run_cli("suggest", "-C", str(root), "--spec", "docs/prd.md", "--range", f"{base}..HEAD",
                   "--clause", summary)
    assert text.code == 0, text
    assert "(a note beside the spec's requirements: context for the reader, not code to find)" in text.out
    assert "no evidence found" not in text.out and "weak guesses" not in text.out


def test_a_spec_of_notes_alone_keeps_its_proposals(tmp_path, run_cli):
    root = init_repo(tmp_path / "repo")
    base = commit_files(root, {"README.md": "payments\n"}, "start")
    commit_files(root, {"docs/retries.md": NOTES, "payments/retry.py": CODE}, "feat: flat retries")
    clauses = _suggest(run_cli, root, "docs/retries.md", base)
    (only,) = clauses.values()
    assert only["proposals"] and only["proposals"][0]["path"] == "payments/retry.py"


def test_the_window_says_a_prd_note_is_context_not_that_evidence_is_missing(qtbot, tmp_path):
    from types import SimpleNamespace

    from qt_support import open_window

    root = init_repo(tmp_path / "repo")
    base = commit_files(root, {"README.md": "payments\n"}, "start")
    commit_files(root, {"docs/prd.md": PRD, "payments/retry.py": CODE}, "feat: flat retries")
    window = open_window(qtbot, SimpleNamespace(path=root, spec="docs/prd.md", range=f"{base}..HEAD"))
    panel = window.suggestions
    qtbot.waitUntil(lambda: panel.ready, timeout=30000)
    window.center_tabs.setCurrentWidget(window.clause_view)
    summary = next(c.key for c in window.session.specs[0].spec.clauses if c.key.startswith("executive-summary"))
    pane = window.clause_view.evidence

    def pane_text() -> str:
        pane._render_now()
        return pane.toPlainText()

    window.clauses.select("docs/prd.md", summary)
    qtbot.waitUntil(lambda: panel.header.text().startswith(f"{summary}:"), timeout=5000)
    context = "A note beside the spec's requirements: context for the reader, not code to find."
    assert panel.header.text() == f"{summary}: {context}"
    assert panel.proposals() == []  # no weak guess either
    assert context in pane_text() and "No evidence found" not in pane_text()
    # The next clause, a requirement, is not read as a note.
    window.clauses.select("docs/prd.md", "FR1")
    qtbot.waitUntil(lambda: panel.header.text().startswith("FR1:"), timeout=5000)
    assert re.fullmatch(r"FR1: \d+ proposals?", panel.header.text()), panel.header.text()
    assert context not in pane_text()


def test_the_window_opens_on_the_first_requirement_and_next_unreviewed_passes_the_notes(qtbot, tmp_path):
    from types import SimpleNamespace

    from qt_support import open_window

    root = init_repo(tmp_path / "repo")
    base = commit_files(root, {"README.md": "payments\n"}, "start")
    commit_files(root, {"docs/prd.md": PRD, "payments/retry.py": CODE}, "feat: flat retries")
    window = open_window(qtbot, SimpleNamespace(path=root, spec="docs/prd.md", range=f"{base}..HEAD"))
    # The PRD opens with its author line and summary: the window opens on FR1 instead.
    qtbot.waitUntil(lambda: window.model.selection is not None, timeout=10000)
    assert window.model.selection == ("docs/prd.md", "FR1")
    keys = [c.key for c in window.session.specs[0].spec.clauses]
    assert keys.index("FR1") > 0 and window.session.specs[0].spec.clause(keys[0]).kind == "note"
    window.clauses.select_next_unreviewed(True)
    assert window.model.selection == ("docs/prd.md", "FR2")
    window.clauses.select_next_unreviewed(False)
    window.clauses.select_next_unreviewed(False)  # wraps past the notes at the top
    assert window.model.selection[1] not in window.session.specs[0].spec.context_keys()
    # A note can still be opened and given a verdict by hand.
    window.clauses.select("docs/prd.md", keys[0])
    assert window.model.selection == ("docs/prd.md", keys[0])


def test_the_notes_are_set_aside_in_the_review_count_and_owe_no_verdict(tmp_path, run_cli, qtbot):
    """A BMAD story is 8 clauses and 83 notes: "3 of 91 clauses reviewed" read as hopeless.
    The notes are counted aside, never reported unreviewed, and count once given a verdict."""
    from types import SimpleNamespace

    from qt_support import open_window

    root = init_repo(tmp_path / "repo")
    base = commit_files(root, {"README.md": "payments\n"}, "start")
    commit_files(root, {"docs/prd.md": PRD, "payments/retry.py": CODE}, "feat: flat retries")
    (root / ".specaudit").mkdir()
    (root / ".specaudit/config.yaml").write_text("gate:\n  require_reviewed: true\n")
    run_cli("review", "-C", str(root), "docs/prd.md", "FR1", "--verdict", "implemented")
    rng = ("--range", f"{base}..HEAD")
    r = run_cli("check", "-C", str(root), "--spec", "docs/prd.md", *rng, "--format", "json")
    summary = json.loads(r.out)["summary"]
    assert summary["text"].startswith("1 of 3 clauses reviewed (2 context notes aside)"), summary
    assert summary["context_notes"] == 2
    unreviewed = {f["clause"] for f in json.loads(r.out)["findings"] if f["kind"] == "unreviewed"}
    assert unreviewed == {"FR2", "reliability-1"}  # every clause must be reviewed; the notes are not clauses
    report = run_cli("report", "-C", str(root), "--spec", "docs/prd.md", *rng, "--format", "md").out
    assert "**1 / 3** clauses reviewed (2 context notes aside)." in report
    # The clauses in full, the notes one line each after them.
    listed, notes = report.split("### Context notes (read, not reviewed)")
    assert "**FR1**" in listed and "executive-summary-1" not in listed.split("### Clauses")[1]
    assert "- executive-summary-1 (line 7): A payment client that retries" in notes
    html = run_cli("report", "-C", str(root), "--spec", "docs/prd.md", *rng, "--format", "html").out
    assert "<h3>Context notes (read, not reviewed)</h3>" in html
    rows = json.loads(run_cli("report", "-C", str(root), "--spec", "docs/prd.md", *rng, "--format", "json").out)
    assert {c["key"]: c["context"] for c in rows["specs"][0]["clauses"]}["executive-summary-1"] is True
    tests = run_cli("tests", "-C", str(root), "--spec", "docs/prd.md", *rng).out
    assert tests.startswith("docs/prd.md: 0 of 3 clauses have tests (2 context notes aside)"), tests
    # The window's count says the same.
    window = open_window(qtbot, SimpleNamespace(path=root, spec="docs/prd.md", range=f"{base}..HEAD"))
    qtbot.waitUntil(lambda: window.clauses.progress.text() != "", timeout=10000)
    assert window.clauses.progress.text() == "1 reviewed \u00b7 0 stale \u00b7 2 unreviewed \u00b7 2 context"
    # The notes' rows are drawn quieter and say why on hover.
    from specaudit.ui.review.clause_filter import ROLE_CONTEXT

    rows = window.clauses._items
    note, fr1 = rows[("docs/prd.md", "executive-summary-1")], rows[("docs/prd.md", "FR1")]
    assert note.data(ROLE_CONTEXT) is True and "context beside the requirements" in note.toolTip()
    assert fr1.data(ROLE_CONTEXT) is False and "context" not in fr1.toolTip()
    window.close()
    # A note given a verdict is counted like any clause.
    run_cli("review", "-C", str(root), "docs/prd.md", "executive-summary-1", "--verdict", "not-applicable")
    r = run_cli("check", "-C", str(root), "--spec", "docs/prd.md", *rng, "--format", "json")
    assert json.loads(r.out)["summary"]["text"].startswith("2 of 4 clauses reviewed (1 context note aside)")

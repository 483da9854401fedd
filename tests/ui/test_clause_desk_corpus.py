"""The review desk on a real change: the Spec Kit repository in the corpus with the
largest implementing range, driven by key presses, checked against the audit file."""

from __future__ import annotations

import subprocess

import pytest
import yaml
from PySide6.QtCore import Qt
from pytestqt.exceptions import TimeoutError as WaitTimeout
from qt_support import press, settle_writes
from support import CORPUS, git

from specaudit.app.workspace.session import open_session
from specaudit.ui.shell.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def _largest_speckit_range() -> dict:
    manifest = yaml.safe_load((CORPUS / "MANIFEST.yaml").read_text())
    best = None
    for repo in manifest["repositories"]:
        if repo["format"] != "speckit":
            continue
        for spec_set in repo["spec_sets"]:
            insertions = int(spec_set["range"]["shortstat"].split(" insertions")[0].rsplit(" ", 1)[-1])
            if best is None or insertions > best["insertions"]:
                spec = next(f for f in spec_set["files"] if f.endswith("spec.md"))
                best = {"repo": repo["repo"], "base": spec_set["range"]["base"], "head": spec_set["range"]["head"],
                        "spec": spec, "insertions": insertions}
    return best


@pytest.fixture
def speckit(tmp_path):
    """A clone of that repository, checked out at the range's head."""
    if not (CORPUS / "MANIFEST.yaml").is_file():
        pytest.skip("the real-world corpus is not available")
    target = _largest_speckit_range()
    bundle = CORPUS / "history" / (target["repo"].replace("/", "+") + ".bundle")
    path = tmp_path / "repo"
    subprocess.run(["git", "clone", "-q", str(bundle), str(path)], check=True, capture_output=True)
    git(path, "checkout", "-q", target["head"])
    target["path"] = path
    return target


def _open(qtbot, repo: dict, range_: str) -> MainWindow:
    window = MainWindow(open_session(repo["path"], spec=repo["spec"], range=range_))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.loaded, timeout=60000):
        window.show()
    window.activateWindow()
    return window


def _audit(repo: dict) -> dict:
    path = repo["path"] / ".specaudit" / (repo["spec"] + ".audit.yaml")
    return yaml.safe_load(path.read_text())


def test_select_a_clause_see_its_evidence_accept_a_proposal(qtbot, speckit):
    window = _open(qtbot, speckit, f"{speckit['base']}..{speckit['head']}")
    assert len(window.changeset.files) > 200
    # Alt+3 shows the clause and its code; Alt+1 to the clause list, then down to a
    # clause with a proposal (not only weak guesses: Ctrl+Enter never takes a guess).
    press(qtbot, window, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    press(qtbot, window, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    evidence = window.clause_view.evidence
    key = None
    for attempt in range(12):
        press(qtbot, window, Qt.Key.Key_Down)
        current = window.clauses.current()
        if current is None:
            continue
        try:  # the first wait also covers ranking the whole change on a busy machine
            qtbot.waitUntil(lambda: bool(evidence.proposals()), timeout=60000 if attempt == 0 else 5000)
        except (AssertionError, WaitTimeout):
            continue
        if any(not p.weak for p in evidence.proposals()):
            key = current[1]
            break
    assert key is not None, "no clause of the real spec got a proposal"
    assert window.center_tabs.currentWidget() is window.clause_view  # no tab switch needed
    clause = window.session.specs[0].spec.clause(key)
    shown = window.detail.toPlainText()
    assert clause.key in shown and "*" not in shown.split("Verdict")[0].replace("**", "")  # Markdown rendered
    top = next(p for p in evidence.proposals() if not p.weak)
    qtbot.waitUntil(lambda: top.path in evidence.toPlainText(), timeout=10000)  # laid out after the keypress
    assert "Proposals" in evidence.toPlainText()

    # Ctrl+Enter accepts the top proposal: the link is on disk and shown as linked code.
    press(qtbot, window, Qt.Key.Key_Return, CTRL)
    settle_writes(qtbot, window)
    links = _audit(speckit)["reviews"][key]["links"]
    assert [(lk["path"], lk["lines"]) for lk in links] == [(top.path, f"{top.first}-{top.last}")]
    qtbot.waitUntil(lambda: "Linked code (1)" in evidence.toPlainText(), timeout=20000)

    # Ctrl+D: the whole change is one keypress away, and back.
    press(qtbot, window, Qt.Key.Key_D, CTRL)
    assert window.center_tabs.currentWidget() is window.diff_split
    press(qtbot, window, Qt.Key.Key_D, CTRL)
    assert window.center_tabs.currentWidget() is window.clause_view


def test_viewed_mark_is_kept_and_resets_when_the_file_changes(qtbot, speckit):
    range_ = f"{speckit['base']}..{speckit['head']}"
    window = _open(qtbot, speckit, range_)
    files = window.diff.files
    # A verdict on the current target, so the verdicts' revision is known.
    window.clauses.select(speckit["spec"], window.session.specs[0].spec.clauses[0].key)
    window.clauses.tree.setFocus()
    press(qtbot, window, Qt.Key.Key_1, CTRL)
    # Filter the list to one file, tick it with Space.
    path = next(f.path for f in window.changeset.files if f.path.endswith(".py") and f.status == "M")
    files.setFocus()
    window.diff.file_filter.setText(path)
    assert files.shown_count() == 1
    index = next(i for i, f in enumerate(window.changeset.files) if f.path == path)
    files.select_index(index)
    files.setFocus()
    press(qtbot, window, Qt.Key.Key_Space)
    assert files.is_reviewed(path)
    settle_writes(qtbot, window)
    assert path in _audit(speckit)["viewed"]
    window.close()

    # Reopened: the tick is still there, and counted.
    window = _open(qtbot, speckit, range_)
    assert window.diff.files.is_reviewed(path)
    assert window.diff.files_count.text().startswith("1/")
    window.close()

    # A regeneration changes that file: move the range to the new commit.
    target = speckit["path"] / path
    target.write_text("# regenerated\n" + target.read_text())
    git(speckit["path"], "commit", "-qm", "regenerate", "--", path)
    window = _open(qtbot, speckit, f"{speckit['base']}..HEAD")
    assert not window.diff.files.is_reviewed(path)  # reset: its change in the range is different
    qtbot.waitUntil(window.revisions.moved, timeout=10000)
    assert speckit["head"][:10] in window.revisions.label.text()

    # Ctrl+Shift+R: only what changed since the verdicts' revision.
    press(qtbot, window, Qt.Key.Key_R, CTRL | SHIFT)
    qtbot.waitUntil(lambda: window.revisions.interdiff is not None, timeout=10000)
    interdiff = window.diff.changeset
    assert [f.path for f in interdiff.files] == [path]
    assert (interdiff.files[0].added, interdiff.files[0].removed) == (1, 0)
    assert "Showing changes since verdicts" in window.revisions.label.text()
    press(qtbot, window, Qt.Key.Key_R, CTRL | SHIFT)
    assert window.diff.changeset is window.changeset


def test_find_walks_matches_across_files_with_a_count(qtbot, speckit):
    window = _open(qtbot, speckit, f"{speckit['base']}..{speckit['head']}")
    press(qtbot, window, Qt.Key.Key_F, CTRL)
    assert window.center_tabs.currentWidget() is window.diff_split
    qtbot.keyClicks(window.diff.find_box, "mediator.dispatch")
    seen = set()
    for _ in range(30):
        press(qtbot, window, Qt.Key.Key_Return)
        seen.add(window.diff.current_file().path)
    status = window.diff.status.text()
    assert status.startswith("Match 30 of ") and " files" in status, status
    assert len(seen) > 1  # next moved on to other files
    press(qtbot, window, Qt.Key.Key_Return, SHIFT)
    assert window.diff.status.text().startswith("Match 29 of ")


def test_spec_beside_the_diff_follows_the_clause_both_ways(qtbot, speckit):
    window = _open(qtbot, speckit, f"{speckit['base']}..{speckit['head']}")
    spec = window.session.specs[0].spec
    first, second = spec.clauses[3], spec.clauses[20]
    press(qtbot, window, Qt.Key.Key_P, CTRL | SHIFT)  # Spec Beside Diff
    assert window.spec_beside.isVisible() and window.center_tabs.currentWidget() is window.diff_split
    assert window.diff.view.isVisible()  # beside the code, not instead of it
    window.clauses.select(speckit["spec"], first.key)
    assert window.spec_beside.highlighted_lines() == first.span
    # Put the caret in the other clause's lines: the clause list follows.
    beside = window.spec_beside
    beside.setFocus()
    cursor = beside.textCursor()
    cursor.setPosition(beside.document().findBlockByNumber(second.span[0] - 1).position())
    beside.setTextCursor(cursor)
    inner = min((c for c in spec.clauses if c.span[0] <= second.span[0] <= c.span[1]),
                key=lambda c: c.span[1] - c.span[0])
    assert window.clauses.current() == (speckit["spec"], inner.key)
    assert beside.highlighted_lines() == inner.span
    # Group headers and titles read as text, not Markdown source.
    groups = [window.clauses.model.item(r).text() for r in range(window.clauses.model.rowCount())]
    assert groups and not any("*(" in g or "`" in g for g in groups), groups

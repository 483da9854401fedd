"""Save a screenshot of each main state of the app, for the README and the user guide.

    QT_QPA_PLATFORM=offscreen python docs/make_screenshots.py [OUTPUT_DIR]

Builds the bundled demo in a temporary directory, drives the real window through a short
review, and writes PNGs (default: docs/screenshots/). Then, when the real-world corpus is
at hand ($SPECAUDIT_CORPUS, or shared/corpus beside the repository), the same window on a
real change: sunfmin/todo2's implementing commit (41 files, a Go service), a range that
ends before HEAD, at 1280x720 and 1920x1080 (corpus-*.png) and in a tiled half screen
(780x1080, the clause text above its code); the trust dialog for 7174Andy/expense-tracker's
test command; and a review conflict's choice on the demo. Settings are isolated so a
developer's saved layout never leaks into the pictures. docs/make_team_report.py renders
team-report.png.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

SIZE = (1280, 720)
CORPUS_REPO = "sunfmin/todo2"
CORPUS_SPEC = "specs/001-todo-app/spec.md"

try:
    import specaudit  # noqa: F401 - installed, or on PYTHONPATH
except ModuleNotFoundError:  # run from a checkout: use the source tree beside docs/
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _settle(app, ms: int = 150) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    app.processEvents()


def _open(session, width: int, height: int):
    """The real window on ``session`` at ``width`` x ``height``, once the diff and the check loaded."""
    from PySide6.QtCore import QEventLoop

    from specaudit.ui.shell.main_window import MainWindow

    window = MainWindow(session)
    window.resize(width, height)
    loop = QEventLoop()
    window.loaded.connect(loop.quit)
    window.show()
    loop.exec()
    return window


def main(out: Path) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    scratch = Path(tempfile.mkdtemp(prefix="specaudit-shots-"))
    os.environ["XDG_CONFIG_HOME"] = str(scratch / "config")
    # Verdicts carry the reviewer's git identity: use a neutral one, not the developer's.
    gitconfig = scratch / "gitconfig"
    gitconfig.write_text("[user]\n\tname = Ada Reviewer\n\temail = ada@example.com\n")
    os.environ["GIT_CONFIG_GLOBAL"] = str(gitconfig)

    from specaudit.app.workspace.demo import build_demo
    from specaudit.app.workspace.session import open_session
    from specaudit.ui.scars.scar_dialog import ScarDialog
    from specaudit.ui.shell.app import make_application
    from specaudit.ui.shell.open_dialog import OpenDialog

    app = make_application()
    demo = build_demo(scratch / "demo")
    window = _open(open_session(demo.path, spec=demo.spec, range=demo.range), *SIZE)
    _settle(app)
    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []

    def shot(name: str, widget=None) -> None:
        while window.controller.writer.pending():  # edits are written in the background
            _settle(app, 20)
        _settle(app)
        path = out / f"{name}.png"
        (widget or window).grab().save(str(path), "PNG")
        saved.append(path)

    # 1. What the reviewer sees first: the overwritten scar, loudly.
    shot("main-window")
    # 2. A clause reviewed and linked to the code that implements it.
    window.center_tabs.setCurrentWidget(window.clause_view)
    window.clauses.select(demo.spec, "behavior-4")
    window.set_verdict(demo.spec, "behavior-4", "implemented")
    retry = (demo.path / "payment_retry/retry.py").read_text().splitlines()
    line = next(i for i, text in enumerate(retry, 1) if "idempotency_key=charge" in text)
    window.controller.link(demo.spec, "behavior-4", "payment_retry/retry.py", "new", line, line)
    window.clauses.select(demo.spec, "non-goals-1")
    window.set_verdict(demo.spec, "non-goals-1", "violated")
    window.clauses.select(demo.spec, "behavior-4")
    shot("clause-linked")
    # 2b. The clause-centred view: the clause in full beside its linked code and proposals,
    # at 1280x720 here and at 1920x1080 below; the whole diff and the spec beside it.
    shot("clause-view-1280")
    window.toggle_whole_diff()
    window.toggle_spec_beside(True)
    shot("spec-beside-1280")
    window.toggle_spec_beside(False)
    window.toggle_whole_diff()
    # 3. The scars panel, and the dialog that records a new scar.
    window.side_tabs.setCurrentWidget(window.scars_panel)
    shot("scars")
    dialog = ScarDialog.for_lines(window.session.specs[0], "payment_retry/retry.py", "new", 26, 28, window)
    dialog.title.setText("Result cache kept for duplicate webhooks")
    dialog.why.setPlainText("The acquirer re-sends webhooks during failover; the cache absorbs the replays.")
    dialog.show()
    shot("scar-dialog", dialog)
    dialog.close()
    # 4. Proposals for a clause with no links yet, in the clause-centred view.
    window.center_tabs.setCurrentWidget(window.clause_view)
    while not window.suggestions.ready:  # proposals are ranked in the background
        _settle(app, 50)
    window.clauses.select(demo.spec, "behavior-2")
    shot("suggestions-unified")
    # 5. The dark theme.
    window.side_tabs.setCurrentWidget(window.findings_panel)
    window.set_theme("dark")
    shot("dark-theme")
    window.set_theme("light")
    # 6. The spec editor, and tightening the spec from the overwritten scar.
    window.clauses.select(demo.spec, "behavior-2")
    window.spec_flow.edit_spec()
    shot("spec-editor")
    from specaudit.app.tighten.tightening import propose_from_scar
    from specaudit.ui.spec_editor import TightenDialog

    scar_id = next(iter(window.session.specs[0].audit.scars))
    tighten = TightenDialog(demo.path, propose_from_scar(demo.path, demo.spec, scar_id), window)
    tighten.show()
    shot("tighten-dialog", tighten)
    tighten.close()
    window.center_tabs.setCurrentWidget(window.clause_view)
    # 7. Opening another review.
    opener = OpenDialog(str(demo.path), window, spec=demo.spec, range=window.session.source.range)  # as Ctrl+O
    opener.show()
    shot("open-dialog", opener)
    opener.close()
    # 8. A 1920x1080 screen with the default layout: the clause view and the whole diff.
    big = _open(open_session(demo.path, spec=demo.spec, range=demo.range), 1920, 1080)
    big.center_tabs.setCurrentWidget(big.clause_view)  # it opened on the overwritten scar
    big.clauses.select(demo.spec, "behavior-4")
    window.close()
    window = big
    shot("clause-view-1920")
    big.toggle_whole_diff()
    big.diff.reveal("payment_retry/retry.py", "new", line, line)
    shot("whole-diff-1920")
    big.close()
    saved.append(conflict_shot(out, scratch))
    saved += corpus_shots(out, scratch)
    saved += trust_shot(out, scratch)
    return saved


def conflict_shot(out: Path, scratch: Path) -> Path:
    """Two reviewers' verdicts on one clause after a merge: the clause view offers both."""
    from dataclasses import replace

    from PySide6.QtWidgets import QApplication

    from specaudit.app.store.audit_store import EntryRef, update_entry
    from specaudit.app.workspace.demo import build_demo
    from specaudit.app.workspace.session import open_session
    from specaudit.core.audit import Review

    demo = build_demo(scratch / "demo-conflict")
    ours = Review("behavior-2", "implemented", note="flat retries are fine", reviewer="Alice <alice@example.com>",
                  at="2026-12-01T10:00:00Z")
    theirs = Review("behavior-2", "violated", note="the scar was overwritten", reviewer="Bob <bob@example.com>",
                    at="2026-12-01T11:00:00Z")
    update_entry(demo.path, EntryRef(demo.spec, "review", "behavior-2"), lambda _old: replace(ours, conflict=(theirs,)))
    window = _open(open_session(demo.path, spec=demo.spec, range=demo.range), *SIZE)
    window.center_tabs.setCurrentWidget(window.clause_view)
    window.clauses.select(demo.spec, "behavior-2")
    app = QApplication.instance()
    while not window.clause_view.conflict.isVisible():
        _settle(app, 50)
    _settle(app, 300)
    path = out / "conflict-choice.png"
    window.clause_view.grab().save(str(path), "PNG")
    window.close()
    return path


TRUST_REPO = "7174Andy/expense-tracker"


def trust_shot(out: Path, scratch: Path) -> list[Path]:
    """The dialog that asks before a repository's test command first runs, for the
    corpus' Python repository with a test command in its .specaudit/config.yaml."""
    corpus = corpus_dir()
    bundle = corpus / "history" / (TRUST_REPO.replace("/", "+") + ".bundle") if corpus else None
    if bundle is None or not bundle.is_file():
        return []
    from PySide6.QtWidgets import QApplication

    from specaudit.app.testing.trust import command_for
    from specaudit.ui.testing.trust_dialog import TrustDialog

    repo = scratch / "src" / "expense-tracker"
    subprocess.run(["git", "clone", "-q", str(bundle), str(repo)], check=True, capture_output=True)
    (repo / ".specaudit").mkdir(exist_ok=True)
    (repo / ".specaudit" / "config.yaml").write_text(
        "tests:\n  command: [uv, run, pytest, -q, --junitxml=build/junit.xml]\n  junit: build/junit.xml\n"
        "  timeout: 900\n")
    command = command_for(repo)
    assert command is not None
    dialog = TrustDialog(command)
    dialog.show()
    _settle(QApplication.instance(), 300)
    path = out / "trust-dialog.png"
    dialog.grab().save(str(path), "PNG")
    dialog.close()
    return [path]


def corpus_dir() -> Path | None:
    """The real-world corpus, as the tests find it (tests/support.py)."""
    root = Path(__file__).resolve().parent.parent
    for candidate in (os.environ.get("SPECAUDIT_CORPUS"), root.parent / "shared" / "corpus", "/work/shared/corpus"):
        if candidate and (Path(candidate) / "MANIFEST.yaml").is_file():
            return Path(candidate)
    return None


def corpus_shots(out: Path, scratch: Path) -> list[Path]:
    """The window on sunfmin/todo2's implementing commit, at both screen sizes: the clause
    list filtered to one requirement id, its clause with the code, and the whole diff."""
    corpus = corpus_dir()
    bundle = corpus / "history" / (CORPUS_REPO.replace("/", "+") + ".bundle") if corpus else None
    if bundle is None or not bundle.is_file():
        return []
    import yaml
    from PySide6.QtWidgets import QApplication

    from specaudit.app.workspace.session import open_session

    manifest = yaml.safe_load((corpus / "MANIFEST.yaml").read_text())
    entry = next(r for r in manifest["repositories"] if r["repo"] == CORPUS_REPO)
    alt = entry["spec_sets"][0]["alt_range"]  # the implementing commit; a spec-only edit follows it
    repo = scratch / "todo2"
    subprocess.run(["git", "clone", "-q", str(bundle), str(repo)], check=True, capture_output=True)
    app = QApplication.instance()
    saved: list[Path] = []
    for width, height in ((1280, 720), (1920, 1080), (780, 1080)):
        window = _open(open_session(repo, spec=CORPUS_SPEC, range=f"{alt['base']}..{alt['head']}"), width, height)
        while not window.suggestions.ready:  # proposals are ranked in the background
            _settle(app, 50)
        window.center_tabs.setCurrentWidget(window.clause_view)
        window.clauses.select(CORPUS_SPEC, "FR-005")
        window.set_verdict(CORPUS_SPEC, "FR-005", "implemented")
        window.clauses.select(CORPUS_SPEC, "FR-006")
        window.set_verdict(CORPUS_SPEC, "FR-006", "partial")
        window.clauses.filter.setText("FR-006")  # the filter: FR-006 first, FR-006a beside it
        window.clauses.enter_results()

        saved.append(_corpus_shot(app, window, out / f"corpus-clause-{width}.png"))
        if width < 1280:  # the tiled half screen: the clause view only
            window.close()
            continue
        window.clauses.filter.clear()
        window.toggle_whole_diff()
        window.diff.reveal("services/todo_service.go", "new", 48, 56)
        saved.append(_corpus_shot(app, window, out / f"corpus-diff-{width}.png"))
        window.close()
    return saved


def _corpus_shot(app, window, path: Path) -> Path:
    while window.controller.writer.pending():  # edits are written in the background
        _settle(app, 20)
    _settle(app, 300)
    window.grab().save(str(path), "PNG")
    return path


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent / "screenshots"
    for path in main(target):
        print(path)

"""Count the work of opening the window and of a verdict keypress, with the counters of
tests/ui/test_keypress_work.py: git processes (every one, on every thread), range diffs
read, full checks, evidence gathers (reads of the range's commit messages), clauses
re-checked, diff reloads; and how long ``close()`` takes. docs/performance.md has the
numbers.

    QT_QPA_PLATFORM=offscreen python benchmarks/count_window_work.py demo
    QT_QPA_PLATFORM=offscreen python benchmarks/count_window_work.py REPO SPEC A..B KEY [KEY...]

``demo`` builds the bundled demo and imports its JUnit results first; otherwise the
window opens REPO's SPEC over A..B and presses Ctrl+1, Ctrl+2, ... on the clauses KEY...
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

try:
    import specaudit  # noqa: F401
except ModuleNotFoundError:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(argv: list[str]) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    scratch = Path(tempfile.mkdtemp(prefix="window-work-"))
    os.environ["XDG_CONFIG_HOME"] = str(scratch / "config")
    gitconfig = scratch / "gitconfig"
    gitconfig.write_text("[user]\n\tname = M\n\temail = m@example.com\n")
    os.environ["GIT_CONFIG_GLOBAL"] = str(gitconfig)
    from PySide6.QtCore import Qt

    from specaudit.app.workspace.demo import DEMO_JUNIT_REL, build_demo
    from specaudit.ui.shell.app import make_application

    app = make_application()
    keys = [Qt.Key.Key_1, Qt.Key.Key_2]
    if argv[:1] == ["demo"]:
        demo = build_demo(scratch / "demo")
        subprocess.run([sys.executable, "-m", "specaudit", "tests", "-C", str(demo.path), "--junit",
                        str(demo.path / DEMO_JUNIT_REL)], capture_output=True, check=False)
        print("demo with test results")
        count(app, demo.path, demo.spec, demo.range, ["behavior-3", "invariants-1"], keys)
    else:
        repo, spec, rng, *clauses = argv
        print(f"{repo} {spec} {rng}")
        count(app, Path(repo), spec, rng, clauses, keys)


def _settle(app, ms: int) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    app.processEvents()


def _quiet(app, window) -> None:
    """Every job, write and the check they set off has finished."""
    from specaudit.settings import LIMITS

    while window.controller.writer.pending():
        _settle(app, 20)
    _settle(app, LIMITS.recheck_debounce_ms + 100)
    while window.tasks.busy() or window.controller.writer.pending():
        _settle(app, 20)


def _by_command(calls: list[list[str]]) -> dict[str, int]:
    out: dict[str, int] = {}
    for c in calls:
        sub = next((a for a in c[1:] if not a.startswith("-") and "=" not in a and a != "git"), "?")
        out[sub] = out.get(sub, 0) + 1
    return out


def count(app, root: Path, spec: str, rng: str, clauses: list[str], keys: list) -> None:
    from PySide6.QtCore import QEventLoop, Qt
    from PySide6.QtTest import QTest

    from specaudit.app.workspace.session import open_session
    from specaudit.ui.shell.main_window import MainWindow
    from specaudit.vcs import runner

    calls: list[list[str]] = []
    runner.SPAWN_OBSERVERS.append(calls.append)
    t0 = time.perf_counter()
    window = MainWindow(open_session(root, spec=spec, range=rng))
    loop = QEventLoop()
    window.loaded.connect(loop.quit)
    window.show()
    loop.exec()
    loaded = time.perf_counter() - t0
    while not window.suggestions.ready:
        _settle(app, 20)
    _quiet(app, window)
    runner.SPAWN_OBSERVERS.remove(calls.append)
    cs, analysis = window.model.changeset, window.model.analysis
    diffs = [c for c in calls if "diff" in c and cs.base in c and cs.target in c]
    messages = [c for c in calls if "log" in c and "--format=commit %H%n%B" in c]
    print(f"  open: git processes {len(calls)} {_by_command(calls)}; range diffs {len(diffs)}; "
          f"full checks {analysis.full_checks}; evidence gathers {len(messages)}; loaded in {loaded:.2f} s")
    rel = window.session.specs[0].rel
    for i, key in enumerate(clauses):
        window.clauses.select(rel, key)
        window.clauses.tree.setFocus()
        _quiet(app, window)
        full, rechecked = analysis.full_checks, len(window.checker.rechecked)
        loads: list = []
        window.model.changesetLoaded.connect(loads.append)
        calls = []
        runner.SPAWN_OBSERVERS.append(calls.append)
        QTest.keyClick(window.clauses.tree, keys[i % len(keys)], Qt.KeyboardModifier.ControlModifier)
        _quiet(app, window)
        runner.SPAWN_OBSERVERS.remove(calls.append)
        print(f"  verdict on {key}: git processes {len(calls)}, full checks {analysis.full_checks - full}, "
              f"clauses re-checked {len(window.checker.rechecked) - rechecked}, diff reloads {len(loads)}")
    t0 = time.perf_counter()
    window.close()
    app.processEvents()
    print(f"  close(): {1000 * (time.perf_counter() - t0):.0f} ms")


if __name__ == "__main__":
    main(sys.argv[1:])

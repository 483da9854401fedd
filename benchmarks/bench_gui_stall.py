"""How long does the GUI thread ever stall while the window loads a huge diff?

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_gui_stall.py --repo DIR --range A..B

Opens the real main window on the range (DIR from make_synthetic_repo.py; the range
``main..s1m`` is its ~1.2M-changed-line change) and, on the GUI thread, runs a 1 ms
precise timer the whole time. The longest gap between two ticks is the longest the GUI
could not respond. It also reports the time until the window has the first file on
screen and until the check (drift, coverage) finished.

A throwaway layered spec is written to ``specs/stall-bench.md`` in the working tree for
the run and removed afterwards.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

try:
    import specaudit  # noqa: F401
except ModuleNotFoundError:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SPEC = """# Stall benchmark

## Behavior

- The gateway retries a charge with backoff when the ledger is locked.
- A cached result is never served after the window closes.

## What NOT to build

- No event queue.
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repo", required=True)
    ap.add_argument("--range", default="main..s1m")
    ap.add_argument("--spec", help="an existing spec in the repository (default: a throwaway layered spec)")
    args = ap.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, Qt, QTimer

    from specaudit.app.workspace.session import open_session
    from specaudit.ui.shell.app import make_application
    from specaudit.ui.shell.main_window import MainWindow

    repo = Path(args.repo)
    spec_rel = args.spec or "specs/stall-bench.md"
    spec = repo / spec_rel
    if not args.spec:
        spec.parent.mkdir(exist_ok=True)
        spec.write_text(SPEC)
    try:
        _app = make_application()  # keep a reference for the whole run
        ticks: list[float] = []
        timer = QTimer()
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.setInterval(1)
        timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
        marks: dict[str, float] = {}

        t0 = time.perf_counter()
        session = open_session(repo, spec=spec_rel, range=args.range)
        marks["session opened (GUI thread, before the window)"] = time.perf_counter() - t0
        # Building the window (imports, widgets) is start-up, not loading: the timer
        # starts once it exists, just before the event loop delivers the first results.
        window = MainWindow(session)
        window.resize(1280, 720)
        marks["window built (start-up, not measured as a stall)"] = time.perf_counter() - t0
        timer.start()
        window.diff.loadingFinished.connect(lambda: marks.setdefault("first file on screen", time.perf_counter() - t0))
        loop = QEventLoop()
        window.loaded.connect(loop.quit)
        window.show()
        loop.exec()
        marks["diff and check loaded"] = time.perf_counter() - t0
        # Keep measuring while clause evidence is gathered and ranked in the background
        # (at least 3 s more, and until the proposals are in).
        settle = QEventLoop()
        QTimer.singleShot(3000, settle.quit)
        settle.exec()
        while not window.suggestions.ready:
            settle.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        marks["proposals ready"] = time.perf_counter() - t0
        timer.stop()
        gaps = [(b - a) * 1000 for a, b in zip(ticks, ticks[1:], strict=False)]
        files = len(window.changeset.files) if window.changeset else 0
        changed = sum(f.added + f.removed for f in window.changeset.files) if window.changeset else 0
        print(f"range {args.range}: {files} files, {changed:,} changed lines")
        for name, t in marks.items():
            print(f"{name}: {t * 1000:,.0f} ms")
        print(f"GUI-thread timer ticks: {len(gaps):,}; median gap {statistics.median(gaps):.1f} ms; "
              f"p99 {sorted(gaps)[int(len(gaps) * 0.99)]:.1f} ms; longest stall {max(gaps):.1f} ms "
              f"(ending {(ticks[gaps.index(max(gaps)) + 1] - t0) * 1000:,.0f} ms after opening)")
        after = t0 + marks["diff and check loaded"]
        ranking = [(b - a) * 1000 for a, b in zip(ticks, ticks[1:], strict=False) if a >= after]
        if ranking:
            print(f"while evidence was gathered and ranked: longest stall {max(ranking):.1f} ms")
        window.close()
        return 0
    finally:
        if not args.spec:
            spec.unlink(missing_ok=True)


if __name__ == "__main__":
    raise SystemExit(main())

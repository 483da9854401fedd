"""How long does a verdict or link keypress keep the GUI thread, with 1,000 reviewed clauses?

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_keypress.py [--clauses 1000] [--presses 60]

Builds the demo twice in a temporary directory: once as it is (the baseline) and once
with a spec of ``--clauses`` clauses, every one already reviewed with a link and an
earlier verdict (an audit file of about 250 KB). On each, the real window takes real
key presses (Ctrl+1..4 verdicts, Ctrl+L links) on the clause list; the time from the
key event's dispatch until control returns to the event loop is one sample. Writes go
to the ordered background writer; between presses the benchmark lets them land, and
at the end it checks every verdict and link reached the file (none lost, in order).
Reports median and worst per run and the ratio of the big run to the demo.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

try:
    import specaudit  # noqa: F401
except ModuleNotFoundError:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _big_spec(n: int) -> str:
    lines = ["# Payment retry service (large)", "", "## Behavior", ""]
    lines += [f"- Requirement {i}: the gateway retries charge kind {i} with backoff and logs attempt {i}."
              for i in range(n)]
    return "\n".join(lines) + "\n"


def _seed_reviews(root: Path, spec_rel: str, spec, link_path: str, head: str) -> int:
    """Every clause reviewed, every fifth with a link and every tenth with an earlier
    verdict in its history (about 250 KB for 1,000 clauses); returns the file's size."""
    from specaudit.app.store.audit_store import audit_path, load_audit, save_audit
    from specaudit.core.audit import Link, PastVerdict, Review

    audit = load_audit(root, spec_rel)
    for i, clause in enumerate(spec.clauses):
        audit.put_review(Review(
            clause=clause.key, verdict="implemented",
            reviewer="Ada Reviewer <ada@example.com>", at="2026-11-20T10:00:00Z", commit=head,
            clause_fingerprint=clause.fingerprint,
            links=(Link(link_path, 1 + i % 20, 2 + i % 20, "new", head, "f" * 64),) if i % 5 == 0 else (),
            history=(PastVerdict("partial", "Ada Reviewer <ada@example.com>", "2026-11-19T10:00:00Z", head),)
            if i % 10 == 0 else (),
        ))
    save_audit(root, audit)
    return audit_path(root, spec_rel).stat().st_size


def _measure(app, window, presses: int) -> tuple[dict[str, list[float]], list[tuple[str, str]]]:
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtTest import QTest

    def settle() -> None:
        """Let queued writes land while the event loop keeps running (never block it)."""
        while True:
            loop = QEventLoop()
            QTimer.singleShot(5, loop.quit)
            loop.exec()
            if window.controller.writer.pending() == 0:
                break

    entry = window.session.specs[0]
    keys = [c.key for c in entry.spec.clauses]
    verdict_keys = [(Qt.Key.Key_1, "implemented"), (Qt.Key.Key_2, "partial"), (Qt.Key.Key_3, "violated"),
                    (Qt.Key.Key_4, "not-applicable")]
    path = "payment_retry/retry.py"
    window.diff.reveal(path, "new", 1, 1)
    settle()
    samples: dict[str, list[float]] = {"verdict": [], "link": []}
    # A 1 ms timer on the GUI thread: its longest gap is the longest the window froze,
    # including work deferred past the keypress (evidence layout, reloads, re-checks).
    ticks: list[float] = []
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(1)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    expected: list[tuple[str, str]] = []
    tree = window.clauses.tree
    for i in range(presses):
        key = keys[(i * 7) % len(keys)]
        window.clauses.select(entry.rel, key)
        tree.setFocus()
        settle()
        if i % 3 == 2:  # a link keypress: the diff selection is already there
            rows = window.diff.view.rows
            r = rows.row_for_line("new", 1 + i % 5)
            window.diff.view.select_rows("new", r, r)
            t0 = time.perf_counter()
            QTest.keyClick(tree, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
            samples["link"].append((time.perf_counter() - t0) * 1000)
            expected.append((key, f"link:{rows.line_no(r, 'new')}"))
        else:
            qt_key, verdict = verdict_keys[i % 4]
            t0 = time.perf_counter()
            QTest.keyClick(tree, qt_key, Qt.KeyboardModifier.ControlModifier)
            samples["verdict"].append((time.perf_counter() - t0) * 1000)
            expected.append((key, verdict))
        settle()
    timer.stop()
    samples["stall"] = [max((b - a) * 1000 for a, b in zip(ticks, ticks[1:], strict=False))]
    return samples, expected


def _lost(root: Path, spec_rel: str, expected: list[tuple[str, str]]) -> int:
    """Edits asked for that are not in the audit file (the last verdict per clause wins)."""
    from specaudit.app.store.audit_store import load_audit

    audit = load_audit(root, spec_rel)
    last_verdict = {k: v for k, v in expected if not v.startswith("link:")}
    missing = sum(audit.review(k).verdict != v for k, v in last_verdict.items())
    for k, v in expected:
        if v.startswith("link:"):
            line = int(v.split(":")[1])
            missing += not any(lk.first == line for lk in audit.review(k).links)
    return missing


def _run(app, root: Path, spec_rel: str, presses: int):
    from PySide6.QtCore import QEventLoop

    from specaudit.app.workspace.session import open_session
    from specaudit.ui.shell.main_window import MainWindow

    window = MainWindow(open_session(root, spec=spec_rel))
    window.resize(1280, 720)
    loop = QEventLoop()
    window.loaded.connect(loop.quit)
    window.show()
    loop.exec()
    samples, expected = _measure(app, window, presses)
    window.close()
    return samples, _lost(root, spec_rel, expected)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clauses", type=int, default=1000)
    ap.add_argument("--presses", type=int, default=60)
    args = ap.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    scratch = Path(tempfile.mkdtemp(prefix="specaudit-keys-"))
    os.environ["XDG_CONFIG_HOME"] = str(scratch / "config")
    os.environ.setdefault("GIT_AUTHOR_NAME", "Ada Reviewer")
    os.environ.setdefault("GIT_AUTHOR_EMAIL", "ada@example.com")
    from specaudit.app.workspace.demo import build_demo
    from specaudit.app.workspace.specs import load_spec
    from specaudit.ui.shell.app import make_application

    app = make_application()
    demo = build_demo(scratch / "demo")
    base_samples, base_lost = _run(app, demo.path, demo.spec, args.presses)

    big = build_demo(scratch / "big")
    big_rel = "specs/large.md"
    (big.path / big_rel).write_text(_big_spec(args.clauses))
    size = _seed_reviews(big.path, big_rel, load_spec(big.path, big_rel, None), "payment_retry/retry.py", big.head)
    big_samples, big_lost = _run(app, big.path, big_rel, args.presses)

    def line(name: str, runs: dict[str, list[float]], lost: int) -> str:
        every = runs["verdict"] + runs["link"]
        parts = [f"{kind} median {statistics.median(runs[kind]):.1f} ms, worst {max(runs[kind]):.1f} ms"
                 for kind in ("verdict", "link")]
        return (f"{name}: {len(every)} presses; all: median {statistics.median(every):.1f} ms, worst {max(every):.1f} ms"
                f" ({'; '.join(parts)}); longest GUI stall in the run {runs['stall'][0]:.0f} ms; edits lost {lost}")

    print(line("demo (13 clauses)", base_samples, base_lost))
    print(line(f"{args.clauses} reviewed clauses, audit file {size / 1024:.0f} KB", big_samples, big_lost))
    all_base = base_samples["verdict"] + base_samples["link"]
    all_big = big_samples["verdict"] + big_samples["link"]
    print(f"ratio to the demo: median {statistics.median(all_big) / statistics.median(all_base):.2f}x, "
          f"worst {max(all_big) / max(all_base):.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Keep Python's cyclic garbage collector from stalling the GUI.

A full collection walks every tracked object while holding the GIL. With a 1M-line
change loaded that is millions of objects and hundreds of milliseconds, and it runs on
whichever thread happens to allocate, so a worker can freeze the GUI (measured: up to
180 ms per pass, benchmarks/bench_gui_stall.py). So automatic collection is off while
background jobs run, and when the last one finishes the surviving heap is frozen
(``gc.freeze``: O(1), no scan) so later collections only look at new objects. The big
models free themselves by reference counting (they hold no reference cycles; see
core.diff.model.Hunk), so freezing them leaks nothing.
"""

from __future__ import annotations

from specaudit.core.gcpause import pause, resume


def job_started() -> None:
    pause()  # one counter with core's pauses (evidence ranking runs inside these jobs)


def job_finished() -> None:
    resume(freeze=True)

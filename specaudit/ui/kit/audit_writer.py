"""Audit writes off the GUI thread, one at a time, in the order they were asked for.

A keypress (verdict, link, note) updates the in-memory audit at once and queues the
real write here; one worker thread runs the app-layer write functions in FIFO order,
so two quick edits can never land out of order or race each other on the file, and
nothing queued is dropped. Results (or errors) come back on the GUI thread.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from specaudit.ui.kit import gc_pause

T = TypeVar("T")


class AuditWriter(QObject):
    _finished = Signal(object)  # (on_done, on_error, result, error), delivered on the GUI thread
    idle = Signal()  # the queue ran dry

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._queue: queue.Queue[tuple[Callable[[], Any], Callable[[Any], None] | None,
                                       Callable[[BaseException], None] | None] | None] = queue.Queue()
        self._pending = 0  # submitted and not yet delivered (GUI thread only)
        self._finished.connect(self._deliver)
        self._thread: threading.Thread | None = None
        self._held: list[tuple[Callable[[], Any], Callable[[Any], None] | None,
                               Callable[[BaseException], None] | None]] = []  # until the loop turns

    def submit(self, fn: Callable[[], T], on_done: Callable[[T], None] | None = None,
               on_error: Callable[[BaseException], None] | None = None) -> None:
        """Queue ``fn``; it starts once the event loop turns, so the keypress that asked
        for it finishes its painting first instead of sharing the interpreter with a
        YAML dump. The order is kept, and ``flush`` starts whatever is still held."""
        self._pending += 1
        self._held.append((fn, on_done, on_error))
        if len(self._held) == 1:
            QTimer.singleShot(0, self._release)

    def _release(self) -> None:
        if not self._held:
            return
        if self._thread is None:  # started on first use, and again after stop()
            self._thread = threading.Thread(target=self._run, name="audit-writer", daemon=True)
            self._thread.start()
        held, self._held = self._held, []
        for item in held:
            self._queue.put(item)

    def stop(self) -> None:
        """Let the worker finish what is queued and end (the window is closing)."""
        self._release()
        if self._thread is not None:
            self._queue.put(None)
            self._thread = None

    def pending(self) -> int:
        """Writes asked for whose outcome has not reached the GUI thread yet."""
        return self._pending

    def flush(self, timeout: float = 30.0) -> bool:
        """Block until every queued write has run (closing the window, tests)."""
        self._release()
        if self._thread is None:
            return True  # nothing was ever queued, or all of it ran before stop()
        done = threading.Event()
        self._pending += 1
        self._queue.put((done.set, None, None))
        return done.wait(timeout)

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            fn, on_done, on_error = item
            result, error = None, None
            gc_pause.job_started()
            try:
                result = fn()
            except BaseException as exc:  # noqa: BLE001 - delivered to the GUI thread
                error = exc
            finally:
                gc_pause.job_finished()
            with contextlib.suppress(RuntimeError):  # the window closed meanwhile
                self._finished.emit((on_done, on_error, result, error))

    @Slot(object)
    def _deliver(self, outcome) -> None:
        on_done, on_error, result, error = outcome
        self._pending -= 1
        try:
            if error is not None:
                if on_error is not None:
                    on_error(error)
            elif on_done is not None:
                on_done(result)
        finally:
            if self._pending == 0:
                self.idle.emit()

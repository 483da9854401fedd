"""Background work with stale-result dropping.

Each job runs on a worker thread under a *channel* ("diff", "check", ...). A new job on
a channel supersedes the previous one: when the old result arrives later it is dropped,
never painted over newer state.

The workers are daemon threads: quitting never waits for a read whose result nobody will
see (a check of a large change took seconds to finish after the window closed). What
must finish before the process ends waits for its channel explicitly (``wait``): the
audit writer flushes on close, a commit or push is waited for by its dialog.
"""

from __future__ import annotations

import contextlib
import itertools
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

from specaudit.ui.kit import gc_pause

T = TypeVar("T")
WORKERS = 2  # the machine's GUI thread needs a core too


@dataclass
class _Outcome:
    channel: str
    token: int
    result: object = None
    error: BaseException | None = None


class _Relay(QObject):
    done = Signal(object)  # emitted on a worker, delivered on the thread the relay lives on


class TaskRunner(QObject):
    """Owned by a window; results are delivered on the GUI thread."""

    busyChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._tokens = itertools.count(1)
        self._current: dict[str, int] = {}
        self._handlers: dict[int, tuple[Callable[[Any], None], Callable[[BaseException], None] | None]] = {}
        self._jobs: queue.Queue[tuple[Callable[[], Any], _Outcome]] = queue.Queue()
        self._threads: list[threading.Thread] = []
        self._running: dict[str, int] = {}  # channel -> jobs queued or running (any thread)
        self._idle = threading.Condition()
        self._relay = _Relay()
        self._relay.done.connect(self._deliver)
        self._closed = False
        self._emitting = threading.Lock()  # a worker's signal and ``close`` never overlap
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.close)  # however the application ends

    def submit(self, channel: str, fn: Callable[[], T], on_done: Callable[[T], None],
               on_error: Callable[[BaseException], None] | None = None) -> int:
        token = next(self._tokens)
        self._current[channel] = token
        self._handlers[token] = (on_done, on_error)
        with self._idle:
            self._running[channel] = self._running.get(channel, 0) + 1
        if len(self._threads) < WORKERS:
            thread = threading.Thread(target=self._work, name=f"specaudit-job-{len(self._threads)}", daemon=True)
            self._threads.append(thread)
            thread.start()
        self._jobs.put((fn, _Outcome(channel, token)))
        self.busyChanged.emit(True)
        return token

    def _work(self) -> None:
        while True:
            fn, outcome = self._jobs.get()
            gc_pause.job_started()
            try:
                outcome.result = fn()
            except BaseException as exc:  # noqa: BLE001 - delivered to the GUI thread as an error
                outcome.error = exc
            finally:
                gc_pause.job_finished()
                with self._idle:
                    self._running[outcome.channel] -= 1
                    if not self._running[outcome.channel]:
                        del self._running[outcome.channel]
                    self._idle.notify_all()
            # If the window closed while we worked, nobody is waiting for this result, and
            # the relay may be going with the process: signalling it then crashed the
            # interpreter's teardown now and then (a segfault after the window closed).
            with self._emitting:
                if not self._closed:
                    with contextlib.suppress(RuntimeError):
                        self._relay.done.emit(outcome)

    def close(self) -> None:
        """Deliver nothing more: the window is closing. A job still running finishes on its
        daemon thread and its result is dropped there."""
        with self._emitting:
            self._closed = True

    def cancel(self, channel: str) -> None:
        """Forget the pending job on ``channel``: its result will be dropped."""
        self._current.pop(channel, None)
        self.busyChanged.emit(self.busy())

    def busy(self) -> bool:
        return bool(self._current)

    def wait(self, msecs: int = -1, channel: str | None = None) -> bool:
        """Block until no job (of ``channel``, if given) is queued or running; False on
        timeout. Results are still delivered by the event loop afterwards."""
        def done() -> bool:
            return not (self._running.get(channel) if channel else self._running)

        with self._idle:
            return self._idle.wait_for(done, None if msecs < 0 else msecs / 1000)

    @Slot(object)
    def _deliver(self, outcome: _Outcome) -> None:
        handlers = self._handlers.pop(outcome.token, None)
        if handlers is None or self._current.get(outcome.channel) != outcome.token:
            return  # superseded or cancelled
        del self._current[outcome.channel]
        on_done, on_error = handlers
        try:
            if outcome.error is not None:
                if on_error is not None:
                    on_error(outcome.error)
            else:
                on_done(outcome.result)
        finally:
            self.busyChanged.emit(self.busy())

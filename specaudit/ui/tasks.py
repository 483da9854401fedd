"""Background work with stale-result dropping.

Each job runs on a thread pool under a *channel* ("diff", "check", ...). A new job on a
channel supersedes the previous one: when the old result arrives later it is dropped,
never painted over newer state.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from specaudit.ui import gc_pause

T = TypeVar("T")


@dataclass
class _Outcome:
    channel: str
    token: int
    result: object = None
    error: BaseException | None = None


class _Signals(QObject):
    done = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], object], outcome: _Outcome, signals: _Signals):
        super().__init__()
        self._fn, self._outcome, self._signals = fn, outcome, signals

    def run(self) -> None:
        gc_pause.job_started()
        try:
            self._outcome.result = self._fn()
        except BaseException as exc:  # noqa: BLE001 - delivered to the GUI thread as an error
            self._outcome.error = exc
        finally:
            gc_pause.job_finished()
        # If the window closed while we worked, nobody is waiting for this result.
        with contextlib.suppress(RuntimeError):
            self._signals.done.emit(self._outcome)


class TaskRunner(QObject):
    """Owned by a window; results are delivered on the GUI thread."""

    busyChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(2)
        self._tokens = itertools.count(1)
        self._current: dict[str, int] = {}
        self._handlers: dict[int, tuple[Callable[[Any], None], Callable[[BaseException], None] | None]] = {}
        self._signals: dict[int, _Signals] = {}

    def submit(self, channel: str, fn: Callable[[], T], on_done: Callable[[T], None],
               on_error: Callable[[BaseException], None] | None = None) -> int:
        token = next(self._tokens)
        self._current[channel] = token
        self._handlers[token] = (on_done, on_error)
        signals = _Signals()
        signals.done.connect(self._deliver)
        self._signals[token] = signals
        self._pool.start(_Job(fn, _Outcome(channel, token), signals))
        self.busyChanged.emit(True)
        return token

    def cancel(self, channel: str) -> None:
        """Forget the pending job on ``channel``: its result will be dropped."""
        self._current.pop(channel, None)
        self.busyChanged.emit(self.busy())

    def busy(self) -> bool:
        return bool(self._current)

    def wait(self, msecs: int = -1) -> bool:
        return self._pool.waitForDone(msecs)

    @Slot(object)
    def _deliver(self, outcome: _Outcome) -> None:
        handlers = self._handlers.pop(outcome.token, None)
        self._signals.pop(outcome.token, None)
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

"""Pause Python's cyclic garbage collector around work that allocates a large, cycle-free
heap: ranking evidence (hundreds of thousands of units, term maps and candidates that
live until the ranking ends; the collector walking them again and again cost a fifth of
the time on the corpus's largest change, benchmarks/bench_evidence.py) and the window's
background jobs (ui/kit/gc_pause.py: a full collection on a worker stalls the GUI).

Reference counting still frees everything as usual. Pauses nest and may overlap across
threads: the collector resumes when the last one ends, and only if it was running before
the first; the last one may also freeze the surviving heap (``gc.freeze``) so later
collections only look at new objects.
"""

from __future__ import annotations

import functools
import gc
import threading
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")
_lock = threading.Lock()
_depth = 0
_was_enabled = True


def pause() -> None:
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1


def resume(*, freeze: bool = False) -> None:
    global _depth
    with _lock:
        _depth = max(0, _depth - 1)
        if _depth == 0:
            if freeze:
                gc.freeze()
            if _was_enabled:
                gc.enable()


def collector_paused(fn: Callable[P, R]) -> Callable[P, R]:
    """``fn`` runs with the collector paused."""
    @functools.wraps(fn)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        pause()
        try:
            return fn(*args, **kwargs)
        finally:
            resume()
    return run

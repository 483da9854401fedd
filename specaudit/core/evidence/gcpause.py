"""Pause Python's cyclic garbage collector while evidence is ranked.

Ranking a large change allocates hundreds of thousands of small objects (units, term
maps, candidates) that all live until the ranking ends and hold no reference cycles worth
finding; the collector would walk them again and again (a fifth of the time on the
corpus's largest change, benchmarks/bench_evidence.py). Reference counting still frees
everything as usual. Nested and concurrent pauses (the window's background job beside a
check) resume the collector only when the last one ends, and only if it was running.
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
_was_enabled = False


def collector_paused(fn: Callable[P, R]) -> Callable[P, R]:
    @functools.wraps(fn)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        global _depth, _was_enabled
        with _lock:
            if _depth == 0:
                _was_enabled = gc.isenabled()
                gc.disable()
            _depth += 1
        try:
            return fn(*args, **kwargs)
        finally:
            with _lock:
                _depth -= 1
                if _depth == 0 and _was_enabled:
                    gc.enable()
    return run

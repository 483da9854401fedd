"""Work around a PySide6 6.12 reference-count bug on Python 3.11.

PySide6 6.12.0's void methods (QPainter.fillRect, setPen, drawLine, drawRect,
QTextLayout.beginLayout, ...) return None without taking a reference. On Python 3.11,
where None is not yet immortal (PEP 683 arrived in 3.12), every call drops None's
count by one, and after a few thousand paints the interpreter aborts with
"none_dealloc: deallocating None". Raising None's count once, far beyond reach,
makes it effectively immortal for this process. Nothing changes on Python >= 3.12.
"""

from __future__ import annotations

import ctypes
import sys

_MARGIN = 1 << 48


def immortalize_none() -> bool:
    """Returns True when the guard is (now) in place."""
    if sys.version_info >= (3, 12):
        return True
    before = sys.getrefcount(None)
    if before >= _MARGIN // 2:
        return True
    cell = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt, the first field of PyObject
    if cell.value != before - 1 and cell.value != before:
        return False  # an unusual build layout: leave it alone
    cell.value += _MARGIN
    return sys.getrefcount(None) - before == _MARGIN


immortalize_none()

"""Guards against a broken Qt binding. PySide6-Essentials 6.12.0 drops a reference on
every emit of a Python-defined signal (to True) and on every void call such as
QPainter.fillRect (to None); on Python 3.11, where those objects are not immortal, a long
session or the test suite then dies with 'bool_dealloc' / 'none_dealloc'. pyproject pins
that version out; these tests fail, rather than crash, if it is installed again."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QRect, Signal
from PySide6.QtGui import QColor, QImage, QPainter

ROUNDS = 30  # a broken binding loses one reference per call: far from zero, far from noise


class _Emitter(QObject):
    plain = Signal()
    flag = Signal(bool)
    value = Signal(object)


def test_emitting_python_signals_keeps_refcounts_balanced(qapp):
    emitter = _Emitter()
    emitter.value.connect(lambda _v: None)
    before = sys.getrefcount(True)
    for _ in range(ROUNDS):
        emitter.plain.emit()
        emitter.flag.emit(True)
        emitter.value.emit(True)
    assert abs(sys.getrefcount(True) - before) < ROUNDS


def test_void_painter_calls_keep_refcounts_balanced(qapp):
    image = QImage(64, 64, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    before = sys.getrefcount(None)
    for _ in range(ROUNDS * 3):
        painter.fillRect(QRect(0, 0, 8, 8), QColor("red"))
    painter.end()
    assert abs(sys.getrefcount(None) - before) < ROUNDS

"""The window fits the screen it opens on: on first start the whole available area (the
status bar on screen at 1280x720), later the size the reviewer left it at, brought
inside a smaller screen. Each start is a real process on an offscreen screen of the
given size (Qt's offscreen platform reads its screens from a config file)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from support import PACKAGE_PARENT

SCRIPT = r"""
import json, sys
from PySide6.QtCore import QEventLoop, QTimer
from specaudit.app.workspace.session import open_session
from specaudit.ui.shell.app import make_application
from specaudit.ui.shell.main_window import MainWindow

app = make_application()
window = MainWindow(open_session(sys.argv[1], spec=sys.argv[2], range=sys.argv[3]))
window.show()
loop = QEventLoop(); QTimer.singleShot(300, loop.quit); loop.exec()
if len(sys.argv) > 4:  # the reviewer makes it smaller and moves it
    window.resize(1100, 600); window.move(200, 150)
    loop = QEventLoop(); QTimer.singleShot(100, loop.quit); loop.exec()
status = window.statusBar()
bottom_left = status.mapToGlobal(status.rect().bottomLeft())
print(json.dumps({"area": list(window.screen().availableGeometry().getRect()),
                  "frame": list(window.frameGeometry().getRect()),
                  "status_bottom": bottom_left.y(), "status_visible": status.isVisible()}))
window.close()
"""


def _start(tmp_path, demo_repo, width: int, height: int, *extra: str) -> dict:
    config = tmp_path / f"screen-{width}x{height}.json"
    config.write_text(json.dumps({"windowFrameMargins": True, "screens": [
        {"name": f"S{width}", "x": 0, "y": 0, "width": width, "height": height,
         "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}", "PYTHONPATH": str(PACKAGE_PARENT)}
    proc = subprocess.run([sys.executable, "-c", SCRIPT, str(demo_repo.path), demo_repo.spec, demo_repo.range,
                           *extra], env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _inside(rect: list[int], area: list[int]) -> bool:
    x, y, w, h = rect
    ax, ay, aw, ah = area
    return ax <= x and ay <= y and x + w <= ax + aw and y + h <= ay + ah


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_first_start_fills_the_screen_with_the_status_bar_on_it(tmp_path, demo_repo, size):
    shown = _start(tmp_path, demo_repo, *size)
    assert shown["area"] == [0, 0, *size]
    assert _inside(shown["frame"], shown["area"]), shown
    assert shown["frame"][2] >= size[0] - 8 and shown["frame"][3] >= size[1] * 0.9  # the screen's room, used
    assert shown["status_visible"] and shown["status_bottom"] < size[1]


def test_the_size_left_is_remembered(tmp_path, demo_repo):
    _start(tmp_path, demo_repo, 1920, 1080)
    left = _start(tmp_path, demo_repo, 1920, 1080, "resize")  # the reviewer makes it 1100x600
    assert left["frame"][2:] == [1104, 604]  # (the offscreen frame is 2 px each side)
    assert _start(tmp_path, demo_repo, 1920, 1080)["frame"] == left["frame"]


def test_a_window_left_on_a_big_screen_comes_back_inside_a_smaller_one(tmp_path, demo_repo):
    big = _start(tmp_path, demo_repo, 1920, 1080)  # full size on the big screen, saved on close
    assert big["frame"][2] > 1280
    small = _start(tmp_path, demo_repo, 1280, 720)
    assert _inside(small["frame"], small["area"]), small
    assert small["status_visible"] and small["status_bottom"] < 720

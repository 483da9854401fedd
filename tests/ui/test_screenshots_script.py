"""The docs' screenshot script keeps working (it drives the real window end to end)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from support import CORPUS, PACKAGE_PARENT

SCRIPT = Path(__file__).resolve().parents[2] / "docs" / "make_screenshots.py"


@pytest.mark.skipif(not SCRIPT.exists(), reason="needs the source tree")
def test_screenshot_script_writes_every_state(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(PACKAGE_PARENT),
           "SPECAUDIT_CORPUS": str(CORPUS)}
    proc = subprocess.run([sys.executable, str(SCRIPT), str(tmp_path)], env=env,
                          capture_output=True, text=True, timeout=300)  # the corpus shots too, on a busy machine
    assert proc.returncode == 0, proc.stderr[-3000:]
    names = sorted(p.name for p in tmp_path.glob("*.png"))
    assert names == sorted(["main-window.png", "clause-linked.png", "scars.png", "scar-dialog.png",
                            "suggestions-unified.png", "dark-theme.png", "open-dialog.png",
                            "spec-editor.png", "tighten-dialog.png", "clause-view-1280.png",
                            "clause-view-1920.png", "spec-beside-1280.png", "whole-diff-1920.png",
                            "conflict-choice.png",
                            # the window on a real change (a range ending before HEAD), when the corpus is here
                            *([f"corpus-{view}-{w}.png" for view in ("clause", "diff") for w in (1280, 1920)]
                              + ["corpus-clause-780.png"]
                              if (CORPUS / "history" / "sunfmin+todo2.bundle").is_file() else []),
                            *(["trust-dialog.png"]
                              if (CORPUS / "history" / "7174Andy+expense-tracker.bundle").is_file() else [])])
    for png in tmp_path.glob("*.png"):
        assert png.stat().st_size > 5_000, png  # a real picture, not an empty grab

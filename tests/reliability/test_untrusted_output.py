"""Untrusted text reaches the user as text (issue 11 items 15, 20, 21).

Notes, titles, reviewer names, spec titles and file names come from other people (and
from machines). In a terminal they must not move the cursor, clear the screen or hide
lines; in the window they must not be drawn as rich text; a file name that is not UTF-8
must not crash SARIF output.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from qt_support import on_modal, open_window
from support import git

from specaudit.app.store.audit_store import EntryRef, update_entry
from specaudit.app.workspace.demo import build_demo
from specaudit.core.escape import md_inline, terminal_safe

SPEC = "specs/payment-retry.md"
# ESC sequences (clear screen, colour, hide, set window title), a C1 CSI, CR over a line,
# and a right-to-left override.
HOSTILE_NOTE = "\x1b[2J\x1b[31mNOTE\x1b[8mhidden\x1b[0m"
HOSTILE_REVIEWER = "\x1b]0;pwned\x07Eve"
HOSTILE_TITLE = "\u009b2JTITLE\rOVER\u202eevil"
RAW = re.compile("[\x1b\x07\x9b\r\u202e]")


def test_control_characters_never_reach_the_terminal(run_cli, tmp_path):
    root = build_demo(tmp_path / "demo").path
    assert run_cli("review", "-C", str(root), "--spec", SPEC, "--clause", "behavior-1", "--verdict", "violated",
                   "--note", HOSTILE_NOTE, "--reviewer", "Eve").code == 0
    scar = run_cli("scar", "add", "-C", str(root), "--spec", SPEC, "payment_retry/retry.py:1-2",
                   "--title", "flat", "--why", HOSTILE_NOTE)
    assert scar.code == 0
    # One-line fields are refused at input (tests/integration/test_one_line_fields.py):
    # hostile ones arrive from the audit file, as a hand edit would bring them.
    update_entry(root, EntryRef(SPEC, "review", "behavior-1"), lambda r: replace(r, reviewer=HOSTILE_REVIEWER))
    update_entry(root, EntryRef(SPEC, "scar", scar.out.strip()), lambda s: replace(s, title=HOSTILE_TITLE))
    outputs = {}
    for args in (("scar", "list", "--spec", SPEC), ("check",), ("check", "--format", "md"),
                 ("report", "--format", "md")):
        r = run_cli(*args, "-C", str(root))
        assert r.code in (0, 1), r
        outputs[args] = r.out
        assert not RAW.search(r.out), (args, r.out)
    # Shown, not dropped: the reader can see that something odd was there.
    assert "\\x1b[2J" in outputs[("check",)]
    assert "TITLE" in outputs[("scar", "list", "--spec", SPEC)]
    assert "\\x9b" in outputs[("scar", "list", "--spec", SPEC)]
    assert "Eve" in outputs[("report", "--format", "md")]


def test_one_markdown_escaper_for_check_and_report():
    evil = "a|b <img src=x> *c* `d` [e](f) \x1b[2J\nnext"
    cell = md_inline(evil)
    assert "\n" not in cell and "\x1b" not in cell
    for raw in ("|", "<", "*", "`", "["):
        assert f"\\{raw}" in cell
    assert terminal_safe("ok\tline\n") == "ok\tline\n"


def test_sarif_with_a_file_name_that_is_not_utf8(run_cli, tmp_path):
    """No audit file yet, and a changed file named b'bad\\xe9utf8.py' (issue 11 item 15)."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    (root / "specs").mkdir()
    (root / "specs/s.md").write_text("# S\n\n## Behavior\n\n- Do a thing.\n")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "spec")
    with open(bytes(root) + b"/bad\xe9utf8.py", "wb") as fh:
        fh.write(b"x = 1\n")
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    git(root, "commit", "-qm", "code")
    for fmt in ("sarif", "text", "md", "json"):
        r = run_cli("check", "-C", str(root), "--format", fmt)
        assert r.code in (0, 1) and "internal error" not in r.err, (fmt, r)
    sarif = json.loads(run_cli("check", "-C", str(root), "--format", "sarif").out)
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"]
            for res in sarif["runs"][0]["results"] for loc in res.get("locations", [])}
    assert "bad%E9utf8.py" in uris


def test_window_labels_show_a_hostile_spec_name_as_text(qtbot, tmp_path):
    """A spec named like HTML (issue 11 item 21) is drawn as those characters."""
    demo = build_demo(tmp_path / "demo")
    root = demo.path
    name = "specs/<font size=7 color=red>PWNED <u>spec.md"
    shutil.copyfile(root / SPEC, root / name)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "hostile spec name")
    demo = type(demo)(path=root, spec=name, base=demo.base, head=demo.head)
    window = open_window(qtbot, demo, range="HEAD~1..HEAD")
    assert "<font size=7 color=red>PWNED" in window.status.text()
    shown = [lb for lb in window.findChildren(QLabel) if "<font" in lb.text() or "<u>" in lb.text()]
    assert shown, "the spec name is shown somewhere"
    for lb in shown:
        assert lb.textFormat() == Qt.TextFormat.PlainText, lb.objectName() or lb.text()


def test_plain_message_box_is_plain(qtbot):
    from PySide6.QtWidgets import QMessageBox

    from specaudit.ui.kit import plain

    seen = {}

    def grab(box):
        seen["format"], seen["text"] = box.textFormat(), box.text()
        box.accept()

    on_modal(grab, QMessageBox)
    plain.message(None, "t", "<b>bold</b> <img src=x>", icon=QMessageBox.Icon.Information)
    assert seen == {"format": Qt.TextFormat.PlainText, "text": "<b>bold</b> <img src=x>"}

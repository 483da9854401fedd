"""The repository's test command runs only once the user trusted it (issue 18, item 2).

`tests --run` and the window's Run button used to run `tests.command` from
`.specaudit/config.yaml` with no prompt, and the only place it showed was a rich-text
tooltip that hid `['<b>cmd</b>', '<!--', 'rm -rf ~', '-->']` as "Run **cmd**". Each test
uses a command that leaves a marker file, so "nothing ran" is checked on disk.
"""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from support import PACKAGE_PARENT, assert_one_line_error

HOSTILE = ["<b>cmd</b>", "<!--", "rm -rf ~", "-->"]
WRITER = """\
import pathlib, sys
pathlib.Path(sys.argv[1]).write_text("ran")
pathlib.Path("junit.xml").write_text('<testsuite name="t"><testcase classname="t" name="test_x"/></testsuite>')
"""


def configure(root: Path, command: list[str], timeout: float = 60) -> None:
    (root / ".specaudit").mkdir(exist_ok=True)
    (root / ".specaudit" / "config.yaml").write_text(yaml.safe_dump(
        {"tests": {"command": command, "junit": "junit.xml", "timeout": timeout}}))


def make_repo(tmp_path: Path, marker: Path, name: str = "r") -> Path:
    root = tmp_path / name
    (root / "specs").mkdir(parents=True)
    (root / "specs" / "spec.md").write_text("# S\n\n## Requirements\n\n- **FR-001**: It works.\n")
    (root / "write_marker.py").write_text(WRITER)
    configure(root, [sys.executable, "write_marker.py", str(marker)])
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "c"]):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)
    return root


def trust_file() -> Path:
    return Path(os.environ["XDG_CONFIG_HOME"]) / "specaudit" / "trust.yaml"


# -- CLI -----------------------------------------------------------------------------------

def test_run_without_trust_is_refused_in_one_line_and_runs_nothing(tmp_path, run_cli):
    marker = tmp_path / "ran"
    root = make_repo(tmp_path, marker)
    r = run_cli("tests", "-C", str(root), "--run")
    assert_one_line_error(r)
    assert f"specaudit trust --repo {root}" in r.err and ".specaudit/config.yaml" in r.err, r
    assert not marker.exists()


def test_trust_then_run_and_trust_lives_in_the_users_config_only(tmp_path, run_cli):
    marker = tmp_path / "ran"
    root = make_repo(tmp_path, marker)
    t = run_cli("trust", "-C", str(root), "--yes")
    assert t.code == 0, t
    assert f'argv[0]  "{sys.executable}"' in t.out and '"write_marker.py"' in t.out, t
    assert trust_file().is_file() and not marker.exists(), "trusting runs nothing"
    assert subprocess.run(["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True).stdout == ""
    r = run_cli("tests", "-C", str(root), "--run")
    assert r.code == 0, r
    assert marker.read_text() == "ran"


def test_a_changed_command_needs_trust_again(tmp_path, run_cli):
    marker = tmp_path / "ran"
    root = make_repo(tmp_path, marker)
    assert run_cli("trust", "-C", str(root), "--yes").code == 0
    for change in ([sys.executable, "write_marker.py", str(marker), "--extra"], None):
        if change is None:  # same argv, a longer timeout: still a different command
            configure(root, [sys.executable, "write_marker.py", str(marker)], timeout=61)
        else:
            configure(root, change)
        r = run_cli("tests", "-C", str(root), "--run")
        assert_one_line_error(r)
        assert "changed since you trusted it" in r.err, r
        assert not marker.exists()
        assert run_cli("trust", "-C", str(root), "--yes").code == 0


def test_trust_is_keyed_by_the_repositorys_path(tmp_path, run_cli):
    marker = tmp_path / "ran"
    root = make_repo(tmp_path, marker)
    assert run_cli("trust", "-C", str(root), "--yes").code == 0
    copy = tmp_path / "copy"
    shutil.copytree(root, copy)
    configure(copy, [sys.executable, "write_marker.py", str(marker)])
    r = run_cli("tests", "-C", str(copy), "--run")
    assert_one_line_error(r)
    assert not marker.exists()


def test_trust_prints_every_argument_with_its_boundaries_and_escapes(tmp_path, run_cli):
    root = make_repo(tmp_path, tmp_path / "ran")
    configure(root, [*HOSTILE, "\x1b[31mred", "a\u202eb", "", "two words"])
    r = run_cli("trust", "-C", str(root))  # stdin is not a terminal: shows, records nothing
    assert_one_line_error(r)
    assert "--yes" in r.err
    rows = [ln.strip() for ln in r.out.splitlines()]
    assert rows[1:9] == ['argv[0]  "<b>cmd</b>"', 'argv[1]  "<!--"', 'argv[2]  "rm -rf ~"', 'argv[3]  "-->"',
                         'argv[4]  "\\u001b[31mred"', 'argv[5]  "a\\u202eb"', 'argv[6]  ""', 'argv[7]  "two words"']
    assert "\x1b" not in r.out and "\u202e" not in r.out
    assert f'cwd      "{root}"' in rows and "timeout  60 s" in rows
    assert not trust_file().exists()


def _tty_trust(root: Path, answer: bytes) -> tuple[int, str]:
    """`specaudit trust` on a pseudo-terminal, answering the prompt."""
    master, slave = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(PACKAGE_PARENT)}
    proc = subprocess.Popen([sys.executable, "-m", "specaudit", "trust", "-C", str(root)], stdin=slave,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    os.close(slave)
    os.write(master, answer)
    out, _ = proc.communicate(timeout=60)
    os.close(master)
    return proc.returncode, out.decode()


def test_on_a_terminal_trust_asks_and_no_is_the_default(tmp_path, run_cli):
    marker = tmp_path / "ran"
    root = make_repo(tmp_path, marker)
    code, out = _tty_trust(root, b"\n")
    assert code == 1 and "[y/N]" in out and "nothing recorded" in out, out
    assert run_cli("tests", "-C", str(root), "--run").code == 2
    code, out = _tty_trust(root, b"y\n")
    assert code == 0 and "Trusted" in out, out
    assert run_cli("tests", "-C", str(root), "--run").code == 0 and marker.exists()


def test_revoke_forgets_the_trust(tmp_path, run_cli):
    marker = tmp_path / "ran"
    root = make_repo(tmp_path, marker)
    assert run_cli("trust", "-C", str(root), "--yes").code == 0
    r = run_cli("trust", "-C", str(root), "--revoke")
    assert r.code == 0 and "revoked for 1" in r.out, r
    assert_one_line_error(run_cli("tests", "-C", str(root), "--run"))
    assert not marker.exists()


def test_a_command_the_user_set_runs_without_asking(tmp_path, run_cli):
    marker, theirs = tmp_path / "mine", tmp_path / "theirs"
    root = make_repo(tmp_path, theirs)
    user_config = Path(os.environ["XDG_CONFIG_HOME"]) / "specaudit" / "config.yaml"
    user_config.parent.mkdir(parents=True)
    user_config.write_text(yaml.safe_dump({"repositories": {str(root): {"tests": {
        "command": [sys.executable, "write_marker.py", str(marker)], "junit": "junit.xml"}}}}))
    r = run_cli("tests", "-C", str(root), "--run")
    assert r.code == 0, r
    assert marker.exists() and not theirs.exists(), "the user's command replaces the repository's"
    assert "your own setting" in run_cli("trust", "-C", str(root)).out


def test_a_broken_trust_file_is_one_line_naming_it(tmp_path, run_cli):
    root = make_repo(tmp_path, tmp_path / "ran")
    trust_file().parent.mkdir(parents=True)
    trust_file().write_text("schema: 1\ntrusted: [oops\n")
    r = run_cli("tests", "-C", str(root), "--run")
    assert_one_line_error(r)
    assert str(trust_file()) in r.err, r


# -- window --------------------------------------------------------------------------------

def _window_with(qtbot, demo_repo, command: list[str]):
    from qt_support import open_window

    configure(demo_repo.path, command)
    window = open_window(qtbot, demo_repo)
    panel = window.tests_panel
    window.side_tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: panel.run_data is not None, timeout=30000)
    return panel


def test_run_button_tooltip_shows_the_hostile_command_literally(qtbot, demo_repo):
    from PySide6.QtGui import QTextDocument

    panel = _window_with(qtbot, demo_repo, HOSTILE)
    doc = QTextDocument()
    doc.setHtml(panel.run_button.toolTip())  # a tooltip is rich text: render it as Qt would
    shown = doc.toPlainText()
    for arg in HOSTILE:
        assert f'"{arg}"' in shown, shown
    assert "<b>" not in panel.run_button.toolTip() or "&lt;b&gt;" in panel.run_button.toolTip()


def test_run_shows_the_trust_dialog_and_cancel_runs_nothing(qtbot, demo_repo, tmp_path):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel, QPlainTextEdit

    marker = tmp_path / "ran"
    (demo_repo.path / "write_marker.py").write_text(WRITER)
    panel = _window_with(qtbot, demo_repo, [sys.executable, "write_marker.py", str(marker), *HOSTILE])
    panel.run_button.click()
    dialog = panel.trust_dialog
    assert dialog is not None and dialog.isVisible() and dialog.isModal()
    assert isinstance(dialog.rows, QPlainTextEdit) and dialog.rows.isReadOnly()
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in dialog.findChildren(QLabel))
    assert dialog.shown_rows()[:6] == [f'argv[0]  "{sys.executable}"', 'argv[1]  "write_marker.py"',
                                       f'argv[2]  "{marker}"', 'argv[3]  "<b>cmd</b>"', 'argv[4]  "<!--"',
                                       'argv[5]  "rm -rf ~"']
    assert f'cwd      "{demo_repo.path.resolve()}"' in dialog.shown_rows()
    assert dialog.cancel_button.isDefault() and not dialog.run_button.isDefault()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Enter takes the default: Cancel
    qtbot.waitUntil(lambda: panel.trust_dialog is None, timeout=5000)
    assert not panel.running() and not marker.exists() and not trust_file().exists()


def test_run_in_the_trust_dialog_records_trust_and_runs(qtbot, demo_repo, tmp_path):
    marker = tmp_path / "ran"
    (demo_repo.path / "write_marker.py").write_text(WRITER)
    panel = _window_with(qtbot, demo_repo, [sys.executable, "write_marker.py", str(marker)])
    panel.run_button.click()
    with qtbot.waitSignal(panel.runFinished, timeout=30000):
        panel.trust_dialog.run_button.click()
    assert marker.read_text() == "ran"
    assert str(demo_repo.path.resolve()) in trust_file().read_text()
    # Trusted now: the next Run starts at once, with no dialog.
    marker.unlink()
    with qtbot.waitSignal(panel.runFinished, timeout=30000):
        panel.run_button.click()
        assert panel.trust_dialog is None
    assert marker.exists()

"""Desktop packaging: icons, the .desktop entry, AppStream metainfo, the pre-commit hook and
the PyInstaller bundle. The Debian validators and PyInstaller are used when installed;
tests that need them skip otherwise."""

from __future__ import annotations

import configparser
import importlib.util
import os
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from support import commit_files, init_repo

import specaudit

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
APP_ID = "io.github.specaudit.SpecAudit"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
ICONS = ROOT / "resources" / "icons"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)

pytestmark = pytest.mark.skipif(not DESKTOP.is_file(), reason="needs the source tree")


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        pytest.skip(f"{name} is not installed")
    return path


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def _console_scripts() -> dict[str, str]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]


def test_desktop_entry_passes_desktop_file_validate():
    proc = subprocess.run([_tool("desktop-file-validate"), str(DESKTOP)], capture_output=True, text=True)
    assert proc.returncode == 0 and not proc.stdout.strip(), proc.stdout + proc.stderr


def test_metainfo_passes_appstreamcli_validate():
    proc = subprocess.run([_tool("appstreamcli"), "validate", "--no-net", str(METAINFO)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_desktop_entry_metainfo_and_icons_agree():
    entry = _desktop_entry()
    assert entry["Exec"].split()[0] in _console_scripts()
    for size in ICON_SIZES:
        assert (ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{entry['Icon']}.png").is_file()

    component = ET.parse(METAINFO).getroot()
    assert component.findtext("id") == APP_ID
    assert component.findtext("launchable") == DESKTOP.name
    assert component.findtext("icon") == entry["Icon"]
    assert component.findtext("provides/binary") in _console_scripts()
    # A release entry for the version being shipped, so software centres show it.
    versions = [r.get("version") for r in component.iter("release")]
    assert specaudit.__version__ in versions, versions


def test_icons_are_rendered_at_every_size_and_readable_by_qt(qapp):
    from PySide6.QtGui import QColor, QImage, QImageReader

    for size in ICON_SIZES:
        image = QImage(str(ICONS / "hicolor" / f"{size}x{size}" / "apps" / "specaudit.png"))
        assert (image.width(), image.height()) == (size, size)
        # The opaque dark tile shows between the left edge and the first panel.
        edge = QColor(image.pixel(int(size * 0.1), size // 2))
        assert edge.alpha() == 255 and edge.lightness() < 100, (size, edge.name())
        # The light spec panel is there too, not a blank or single-colour square.
        assert max(QColor(image.pixel(x, size // 2)).lightness() for x in range(size)) > 200, size

    for name, count in (("specaudit.ico", 7), ("specaudit.icns", 6)):
        reader = QImageReader(str(ICONS / name))
        assert reader.canRead(), (name, reader.errorString())
        assert reader.imageCount() == count, name


def test_pre_commit_hooks_run_the_check_gate_without_file_names():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {h["id"] for h in hooks} == {"specaudit-check", "specaudit-check-system"}
    for hook in hooks:
        assert {"id", "name", "entry", "language"} <= set(hook)
        command, subcommand = hook["entry"].split()
        assert command in _console_scripts() and subcommand == "check"
        assert hook["pass_filenames"] is False and hook["always_run"] is True
    assert {h["language"] for h in hooks} == {"python", "system"}


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("PyInstaller") is None,
                    reason="PyInstaller is not installed (pip install '.[package]')")
def test_pyinstaller_bundle_starts_and_runs_the_demo(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    build = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "ERROR",
         "--distpath", str(tmp_path / "dist"), "--workpath", str(tmp_path / "work"),
         str(ROOT / "packaging" / "specaudit.spec")],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=900,
    )
    assert build.returncode == 0, build.stderr[-4000:]
    app = tmp_path / "dist" / "specaudit" / "specaudit"
    outside = tmp_path / "elsewhere"
    outside.mkdir()

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(app), *args], cwd=outside, env=env, capture_output=True,
                              text=True, timeout=120)

    version = run("--version")
    assert version.returncode == 0 and version.stdout.strip() == f"specaudit {specaudit.__version__}"

    demo = tmp_path / "demo"
    made = run("demo", "--no-gui", "--dir", str(demo))
    assert made.returncode == 0, made.stderr
    assert (demo / "specs" / "payment-retry.md").is_file()
    check = run("check", "--repo", str(demo))
    assert check.returncode == 1 and "scar-overwritten" in check.stdout, check.stdout + check.stderr

    # Evidence reads every language's grammar (imported by name at run time) and, for a
    # Chinese clause, BudouX's phrase model (a data file): a change touching them all.
    change = _every_language_change(tmp_path / "langs")
    suggest = run("suggest", "--repo", str(change), "--spec", "spec.md", "--range", "HEAD~1..HEAD",
                  "--format", "json")
    assert suggest.returncode == 0, suggest.stdout[-2000:] + suggest.stderr[-4000:]
    assert "internal error" not in suggest.stderr, suggest.stderr

    shot = tmp_path / "window.png"
    window = run("demo", "--dir", str(tmp_path / "demo2"), "--screenshot", str(shot))
    assert window.returncode == 0, window.stderr
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    # Lean: Qt modules specaudit does not use stay out, and so do the libraries that only
    # the dropped plugins needed (Qt Network via VNC, the GTK3 theme's cairo/pango stack).
    internal = app.parent / "_internal"
    bundled = {p.name.split(".")[0] for p in (internal / "PySide6").glob("Qt*.so")}
    assert bundled <= {"QtCore", "QtGui", "QtWidgets", "QtSvg"}, bundled
    libs = {p.name for p in internal.rglob("*.so*")}
    assert not {"libQt6Network.so.6", "libcairo.so.2", "libqgtk3.so", "libqvnc.so"} & libs
    assert {"libqxcb.so", "libqwayland.so", "libqoffscreen.so"} <= libs


_SOURCES = {
    "a.py": "def retry_payment():\n    return 3\n",
    "a.js": "function retryPayment() { return 3; }\n",
    "a.ts": "export function retryPayment(): number { return 3; }\n",
    "a.tsx": "export const Retry = () => <button>重试</button>;\n",
    "a.rs": "fn retry_payment() -> u32 { 3 }\n",
    "a.go": "package a\n\nfunc RetryPayment() int { return 3 }\n",
    "A.java": "class A { int retryPayment() { return 3; } }\n",
    "A.cs": "class A { int RetryPayment() { return 3; } }\n",
    "a.rb": "def retry_payment\n  3\nend\n",
    "a.php": "<?php function retry_payment() { return 3; }\n",
    "A.kt": "fun retryPayment(): Int = 3\n",
    "A.swift": "func retryPayment() -> Int { return 3 }\n",
    "a.c": "int retry_payment(void) { return 3; }\n",
    "a.cpp": "int retryPayment() { return 3; }\n",
}


def _every_language_change(root):
    """A repository whose last commit adds one file in every language evidence parses,
    under a spec with a Chinese clause and an English one."""
    init_repo(root)
    commit_files(root, {"spec.md": "# Payments\n\n## Requirements\n\n"
                                   "- **FR-001**: 支付失败时系统 MUST 自动重试三次。\n"
                                   "- **FR-002**: The system MUST retry a failed payment three times.\n"}, "spec")
    commit_files(root, _SOURCES, "retry payments")
    return root

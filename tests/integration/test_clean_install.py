"""A wheel of the repository, installed into a fresh venv, runs the demo and the gate.

Nothing from the source tree is on the path: the commands run from the venv's own
console script, from a directory outside the tree, with PYTHONPATH unset. The venv sees
the already installed dependencies (PySide6 & co.) so nothing is downloaded again, but
specaudit itself must come from the wheel, resources included.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
# Shipped resources the app and the demo read at run time, as paths inside the wheel.
REQUIRED_IN_WHEEL = [
    "specaudit/resources/demo/spec/payment-retry.md",
    "specaudit/resources/demo/base/payment_retry/retry.py",
    "specaudit/resources/demo/regenerated/payment_retry/retry.py",
    "specaudit/resources/icons/specaudit.svg",
    *(f"specaudit/resources/icons/hicolor/{n}x{n}/apps/specaudit.png" for n in ICON_SIZES),
]
# Only what a fresh clone has: build leftovers in the working tree must not leak in.
_LEFTOVERS = shutil.ignore_patterns(
    ".git", "build", "dist", ".venv", "venv", "*.egg-info", "__pycache__", ".pytest_cache",
    ".ruff_cache", ".mypy_cache", ".hypothesis", ".benchmarks",
)


def _copy_ignore(directory: str, names: list[str]) -> set[str]:
    ignored = set(_LEFTOVERS(directory, names))
    if Path(directory) != ROOT:
        ignored -= {"build", "dist"}  # only the top-level ones are build outputs
    return ignored


pytestmark = pytest.mark.skipif(
    not (ROOT / "pyproject.toml").is_file(), reason="needs the source tree to build a wheel"
)


def _run(cmd, *, cwd, env, timeout=300) -> subprocess.CompletedProcess:
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    proc.args_text = " ".join(map(str, cmd))
    return proc


def _explain(proc: subprocess.CompletedProcess) -> str:
    return f"{proc.args_text} -> {proc.returncode}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"


def _clean_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env.update(HOME=str(home), PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1",
               QT_QPA_PLATFORM="offscreen")
    return env


def _make_venv(venv: Path, env: dict[str, str], cwd: Path) -> Path:
    proc = _run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], cwd=cwd, env=env)
    assert proc.returncode == 0, _explain(proc)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if sys.prefix != sys.base_prefix:
        # This test itself runs in a venv (as in CI): --system-site-packages reaches the
        # base interpreter only, so also expose the running env's site dirs, after the
        # new venv's own, for the dependencies.
        site = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                    cwd=cwd, env=env).stdout.strip()
        dirs = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
        Path(site, "_parent_env.pth").write_text("\n".join(dirs) + "\n", encoding="utf-8")
    return python


def test_wheel_installs_into_a_fresh_venv_and_runs_demo_and_check(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = _clean_env(home)
    outside = tmp_path / "elsewhere"
    outside.mkdir()

    # Build from a copy, as from a fresh clone: no stale build/lib, no race with other builds.
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=_copy_ignore)
    wheels = tmp_path / "wheels"
    proc = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(src)],
                cwd=outside, env=env)
    assert proc.returncode == 0, _explain(proc)
    (wheel,) = wheels.glob("specaudit-*.whl")

    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [name for name in REQUIRED_IN_WHEEL if name not in names]
    assert not missing, f"not shipped in {wheel.name}: {missing}"
    assert not any(n.startswith(("tests/", "benchmarks/", "packaging/")) for n in names)

    venv = tmp_path / "venv"
    python = _make_venv(venv, env, outside)
    # --force-reinstall: a specaudit visible from the base interpreter must not satisfy this.
    proc = _run([str(python), "-m", "pip", "install", "-q", "--no-index", "--no-deps",
                 "--force-reinstall", str(wheel)], cwd=outside, env=env)
    assert proc.returncode == 0, _explain(proc)

    # The package, its resources and its console script all come from the venv.
    probe = (
        "import json, re, importlib.metadata as md, specaudit, PySide6.QtGui as g\n"
        "from specaudit.resources_path import resource, resource_root\n"
        "reqs = [re.split(r'[^A-Za-z0-9._-]', r, maxsplit=1)[0]\n"
        "        for r in md.requires('specaudit') or [] if 'extra ==' not in r]\n"
        "app = g.QGuiApplication([])\n"
        "icon = g.QImage(str(resource('icons', 'hicolor', '48x48', 'apps', 'specaudit.png')))\n"
        "print(json.dumps({'file': specaudit.__file__, 'resources': str(resource_root()),\n"
        "  'deps': {r: md.version(r) for r in reqs}, 'icon': [icon.width(), icon.height()]}))\n"
    )
    proc = _run([str(python), "-c", probe], cwd=outside, env=env)
    assert proc.returncode == 0, _explain(proc)
    info = json.loads(proc.stdout)
    assert Path(info["file"]).resolve().is_relative_to(venv.resolve()), info
    assert Path(info["resources"]).resolve().is_relative_to(venv.resolve()), info
    assert {"PyYAML", "PySide6-Essentials"} <= set(info["deps"]), info
    assert info["icon"] == [48, 48]

    specaudit = venv / "bin" / "specaudit"
    proc = _run([str(specaudit), "--version"], cwd=outside, env=env)
    assert proc.returncode == 0, _explain(proc)
    version = (src / "specaudit" / "__init__.py").read_text().split('__version__ = "')[1].split('"')[0]
    assert proc.stdout.strip() == f"specaudit {version}"

    demo = tmp_path / "demo"
    proc = _run([str(specaudit), "demo", "--no-gui", "--dir", str(demo)], cwd=outside, env=env)
    assert proc.returncode == 0, _explain(proc)
    assert proc.stdout.strip() == str(demo)
    assert (demo / "specs" / "payment-retry.md").read_text(encoding="utf-8") == (
        src / "resources" / "demo" / "spec" / "payment-retry.md").read_text(encoding="utf-8")

    proc = _run([str(specaudit), "check", "--repo", str(demo), "--format", "json"], cwd=outside, env=env)
    assert proc.returncode == 1, _explain(proc)
    report = json.loads(proc.stdout)
    assert report["passed"] is False
    scars = [f for f in report["findings"] if f["kind"] == "scar-overwritten"]
    assert scars and scars[0]["path"] == "payment_retry/retry.py" and scars[0]["line"] >= 1, report

    # The pre-commit hook, run the way pre-commit runs it: its entry, no file names, in the
    # repository, with the installed specaudit on PATH.
    (hook,) = [h for h in yaml.safe_load((src / ".pre-commit-hooks.yaml").read_text())
               if h["id"] == "specaudit-check-system"]
    hook_env = {**env, "PATH": f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"}
    proc = _run(hook["entry"].split(), cwd=demo, env=hook_env)
    assert proc.returncode == 1, _explain(proc)
    assert "scar-overwritten" in proc.stdout and "payment_retry/retry.py" in proc.stdout

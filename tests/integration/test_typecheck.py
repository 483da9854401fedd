"""mypy keeps the layers core, formats, vcs, app, cli and ui free of type errors, also with
``--check-untyped-defs``, and the joins between them are typed (issue 19 item 7).

Configuration lives in pyproject.toml ``[tool.mypy]``; this runs the same check CI runs.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from support import PACKAGE_PARENT

PACKAGES = ["specaudit/core", "specaudit/formats", "specaudit/vcs", "specaudit/app", "specaudit/cli", "specaudit/ui"]


@pytest.mark.parametrize("extra", [[], ["--check-untyped-defs"]], ids=["as-configured", "check-untyped-defs"])
def test_typed_layers_have_no_mypy_errors(tmp_path, extra):
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "mypy-cache"), *extra, *PACKAGES],
        cwd=PACKAGE_PARENT, capture_output=True, text=True, timeout=600,
    )
    out = proc.stdout + proc.stderr
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert proc.returncode == 0 and not errors, "mypy errors:\n" + "\n".join(errors or [out])
    checked = re.search(r"no issues found in (\d+) source files", out)
    assert checked and int(checked.group(1)) > 50, out  # it really looked at the packages


def test_the_configuration_covers_the_cli():
    config = (PACKAGE_PARENT / "pyproject.toml").read_text()
    files = re.search(r"^files = \[(.*)\]", config, re.M)
    assert files and all(f'"{p}"' in files.group(1) for p in PACKAGES), "add the layer to [tool.mypy] files"


STRICT = ("specaudit.ui.shell.main_window", "specaudit.ui.shell.desk_actions", "specaudit.ui.shell.window_actions",
          "specaudit.app.tighten.guard", "specaudit.app.check.code_checks")


def test_the_window_joins_are_fully_annotated():
    """The window's action table and the modules whose joins were typed ``object`` or not
    at all (a spec format, a key matcher, a session opener, a proposal) stay annotated:
    mypy refuses an untyped definition there."""
    config = (PACKAGE_PARENT / "pyproject.toml").read_text()
    strict = [block for block in config.split("[[tool.mypy.overrides]]")[1:]
              if "disallow_untyped_defs = true" in block and "disallow_incomplete_defs = true" in block]
    assert all(any(f'"{m}"' in block for block in strict) for m in STRICT)


def test_the_joins_are_typed():
    """No ``object`` (or bare) stand-in for the session, an audit or a change set."""
    stand_in = re.compile(r"\b(session|audit|changeset|change_set|entry)\s*:\s*object\b|"
                          r"def \w+\([^)]*\b(session|audit|changeset)\b\s*[,)=]")
    found = [f"{p.relative_to(PACKAGE_PARENT)}:{n}"
             for layer in ("app", "cli", "ui") for p in sorted((PACKAGE_PARENT / "specaudit" / layer).rglob("*.py"))
             for n, line in enumerate(p.read_text().splitlines(), 1) if stand_in.search(line)]
    assert found == []

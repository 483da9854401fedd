"""mypy keeps the layers (core, formats, vcs, app and the Qt desk, ui) free of type errors;
the desk's untyped function bodies are checked too (``--check-untyped-defs``).

Configuration lives in pyproject.toml ``[tool.mypy]``; this runs the same check CI runs.
"""

from __future__ import annotations

import re
import subprocess
import sys

from support import PACKAGE_PARENT

PACKAGES = ["specaudit/core", "specaudit/formats", "specaudit/vcs", "specaudit/app", "specaudit/ui"]


def test_typed_layers_have_no_mypy_errors(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "mypy-cache"), *PACKAGES],
        cwd=PACKAGE_PARENT, capture_output=True, text=True, timeout=600,
    )
    out = proc.stdout + proc.stderr
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert proc.returncode == 0 and not errors, "mypy errors:\n" + "\n".join(errors or [out])
    checked = re.search(r"no issues found in (\d+) source files", out)
    assert checked and int(checked.group(1)) > 50, out  # it really looked at the packages


def test_the_desk_is_clean_with_untyped_bodies_checked(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--check-untyped-defs", "--cache-dir", str(tmp_path / "mypy-cache"),
         "specaudit/ui"],
        cwd=PACKAGE_PARENT, capture_output=True, text=True, timeout=600,
    )
    errors = [line for line in (proc.stdout + proc.stderr).splitlines()
              if ": error:" in line and line.startswith("specaudit/ui")]
    assert not errors, "mypy --check-untyped-defs errors in ui/:\n" + "\n".join(errors)

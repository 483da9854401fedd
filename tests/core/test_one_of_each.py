"""One path for each thing (issue 19 item 5): a second copy that differs is where bugs live.

Source scans, so a new twin fails here rather than in review.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

PKG = Path(__file__).resolve().parents[2] / "specaudit"


def _sources(*parts: str) -> dict[str, str]:
    return {str(p.relative_to(PKG)): p.read_text() for part in parts for p in sorted((PKG / part).rglob("*.py"))}


def test_one_class_for_each_model_name():
    names = Counter(node.name for src in _sources(".").values() for node in ast.walk(ast.parse(src))
                    if isinstance(node, ast.ClassDef))
    assert {n: c for n, c in names.items() if n in ("Hunk", "Proposal", "FileDiff", "FileChange") and c != 1} == {}
    assert "FileChange" not in names  # the diff model is core/diff's


def test_no_git_command_outside_vcs():
    git_call = re.compile(r"\.(run|text)\(\s*[\"'](?!\s)")
    found = [f"{name}:{n}" for name, src in _sources("app", "cli", "core", "formats").items()
             for n, line in enumerate(src.splitlines(), 1) if git_call.search(line)]
    assert found == []


def test_one_blob_reader():
    calls = re.compile(r"[\"']cat-file[\"'],\s*[\"'](blob|--batch)[\"']")
    found = sorted(f"{name}:{m.group(1)}" for name, src in _sources(".").items() for m in calls.finditer(src))
    assert found == ["vcs/blobs.py:--batch", "vcs/runner.py:blob"]


def test_one_yaml_side_file_reader():
    """YAML is composed in core/sidefile.py (the .specaudit/ files) and in the YAML spec
    format only; nothing loads YAML with a loader that keeps duplicate keys."""
    loads = re.compile(r"yaml\.(safe_load|load|compose|full_load)\b|SafeLoader\(")
    found = sorted(name for name, src in _sources(".").items() if loads.search(src))
    assert found == ["formats/yaml_format.py"]


def test_one_location_parser_in_the_cli():
    found = [name for name, src in _sources("cli").items() if re.search(r"\(\?P<first>\\d\+\)", src)]
    assert found == ["cli/common.py"]

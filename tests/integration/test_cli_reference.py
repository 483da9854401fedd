"""docs/cli.md is generated from the parser and must match it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from specaudit.cli.reference import render

DOC = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


@pytest.mark.skipif(not DOC.exists(), reason="needs the source tree")
@pytest.mark.skipif(sys.version_info[:2] != (3, 11),
                    reason="argparse lays help out differently across Pythons; docs/cli.md is made with 3.11")
def test_cli_reference_is_up_to_date():
    assert DOC.read_text(encoding="utf-8") == render(), (
        "docs/cli.md is stale: run `python -m specaudit.cli.reference > docs/cli.md`")


def test_reference_covers_every_command():
    text = render()
    for command in ("open", "demo", "clauses", "diff", "review", "scar", "change", "check", "report",
                    "tighten", "commit", "push", "brief"):
        assert f"## specaudit {command}\n" in text
    assert "### specaudit scar add" in text

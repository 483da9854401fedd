"""The repository's edges (issue 11 item 11): a spec symlinked outside the repository is
refused by every path that reads or writes it, the spec editor included."""

from __future__ import annotations

import pytest

from specaudit.app.tighten.tightening import read_spec_for_editing, save_spec_text
from specaudit.app.workspace.demo import build_demo
from specaudit.core.errors import SpecError

SPEC = "specs/payment-retry.md"


def test_spec_editor_refuses_a_spec_symlinked_outside(tmp_path):
    root = build_demo(tmp_path / "demo").path
    outside = tmp_path / "outside.md"
    outside.write_text("# Outside\n\n- SECRET\n")
    (root / SPEC).unlink()
    (root / SPEC).symlink_to(outside)
    with pytest.raises(SpecError, match="outside the repository"):
        read_spec_for_editing(root, SPEC)
    with pytest.raises(SpecError, match="outside the repository"):
        save_spec_text(root, SPEC, "# Overwritten\n", loaded_digest="x")
    assert outside.read_text() == "# Outside\n\n- SECRET\n"

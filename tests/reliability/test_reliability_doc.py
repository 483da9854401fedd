"""docs/reliability.md lists every bad input exactly as the manifest says."""

from __future__ import annotations

import yaml
from render_bad_inputs import DOC, MANIFEST, updated


def test_doc_table_matches_manifest():
    doc = DOC.read_text(encoding="utf-8")
    assert updated(doc) == doc, "run: python tests/reliability/render_bad_inputs.py"
    for entry in yaml.safe_load(MANIFEST.read_text(encoding="utf-8")):
        assert f"| {entry['name']} |" in doc

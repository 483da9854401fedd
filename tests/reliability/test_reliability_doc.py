"""docs/reliability.md lists every bad input exactly as the manifest says."""

from __future__ import annotations

import yaml
from render_bad_inputs import DOC, KINDS, MANIFEST, tried_per_kind, updated


def test_doc_table_matches_manifest():
    doc = DOC.read_text(encoding="utf-8")
    assert updated(doc) == doc, "run: python tests/reliability/render_bad_inputs.py"
    for entry in yaml.safe_load(MANIFEST.read_text(encoding="utf-8")):
        assert f"| {entry['name']} |" in doc


def test_counts_table_tried_every_manifest_entry():
    """The tried/passed/failed table comes from a real run; adding an input without
    re-running (and re-rendering) leaves it stale, and this fails."""
    doc = DOC.read_text(encoding="utf-8")
    entries = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    expected = {k: sum(e["kind"] == k for e in entries) for k in KINDS}
    assert tried_per_kind(doc) == {k: n for k, n in expected.items() if n}, (
        "re-run: SPECAUDIT_RELIABILITY_RESULTS=/tmp/r.json python -m pytest tests/reliability; "
        "python tests/reliability/render_bad_inputs.py --results /tmp/r.json")

"""The examples in docs/spec-formats.md are real: each file is embedded verbatim in the doc
and parses, in its usual location, into exactly the keys the doc lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from specaudit.formats import parse_spec

DOCS = Path(__file__).resolve().parents[2] / "docs"

# example file, where such a file lives in a repository, format, keys the doc lists
EXAMPLES = [
    ("layered.md", "specs/export.md", "layered",
     ["intent-1", "behavior-1", "behavior-2", "edge-cases-1", "invariants-1", "non-goals-1"]),
    ("speckit/spec.md", "specs/001-export/spec.md", "speckit",
     ["US1", "US1/AC1", "US1/AC2", "edge-cases-1", "FR-001", "FR-002", "SC-001"]),
    ("kiro/requirements.md", ".kiro/specs/export/requirements.md", "kiro", ["1", "1.1", "1.2", "1.3"]),
    ("openspec/specs/checkout/spec.md", "openspec/specs/checkout/spec.md", "openspec",
     ["checkout#Idempotent payment", "checkout#Idempotent payment/Retry after a timeout"]),
    ("spec.yaml", "specs/export.yaml", "yaml", ["EXP-1", "EXP-1.1", "EXP-NG-1"]),
]

pytestmark = pytest.mark.skipif(not (DOCS / "examples").is_dir(), reason="needs the source tree")


@pytest.mark.parametrize(("example", "where", "fmt", "keys"), EXAMPLES)
def test_example_parses_to_the_documented_keys(example, where, fmt, keys):
    text = (DOCS / "examples" / example).read_text(encoding="utf-8")
    spec = parse_spec(where, text)
    assert spec.format == fmt
    assert [c.key for c in spec.clauses] == keys
    assert spec.problems == []
    doc = (DOCS / "spec-formats.md").read_text(encoding="utf-8")
    assert text in doc, f"docs/spec-formats.md no longer shows docs/examples/{example} verbatim"
    assert ", ".join(f"`{k}`" for k in keys) in doc


def test_needs_clarification_is_flagged_in_the_speckit_example():
    text = (DOCS / "examples" / "speckit" / "spec.md").read_text(encoding="utf-8")
    spec = parse_spec("specs/001-export/spec.md", text)
    assert "needs-clarification" in spec.clause("FR-002").flags

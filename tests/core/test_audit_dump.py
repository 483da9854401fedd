"""The audit file is written byte for byte as before whichever YAML emitter writes it:
libyaml's (fast) where it agrees with PyYAML's, PyYAML's for the text where it does not
(characters beyond the BMP, lines long enough to fold)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import specaudit.core.auditfile as af
from specaudit.core.audit import Audit, Link, PastVerdict, Review, Scar

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


def _both(monkeypatch, audit: Audit) -> tuple[str, str]:
    fast = af.dump_audit(audit)
    with monkeypatch.context() as m:
        m.setattr(af, "_CDumper", None)
        slow = af.dump_audit(audit)
    return fast, slow


@pytest.mark.skipif(af._CDumper is None, reason="PyYAML without libyaml: one emitter only")
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(TEXT, TEXT, TEXT), min_size=1, max_size=4), TEXT, TEXT)
def test_libyaml_writes_what_pyyaml_writes(monkeypatch, items, title, story):
    audit = Audit("specs/x.md")
    for i, (note, reviewer, path) in enumerate(items):
        key = f"k{i}{note[:3]}"
        audit.reviews[key] = Review(key, "partial", note=note or None, reviewer=reviewer or None,
                                    links=(Link("a.py", 1, 2, "new", "abc", note or None),),
                                    history=(PastVerdict("violated", reviewer or None, None, None, note),))
        audit.rejected[key] = (path or "x.py",)
    audit.scars["S-1"] = Scar("S-1", "a.py", 1, 2, title, story + "\n" + title, incident=title or None)
    fast, slow = _both(monkeypatch, audit)
    assert fast == slow
    assert af.dump_audit(af.parse_audit(fast)) == fast


@pytest.mark.parametrize("note", ["emoji \U0001f600 here", "y" * 9990 + " a b", "long " * 2000,
                                  "x\n\U00010000\ny", "plain note"])
def test_text_libyaml_would_write_differently_goes_through_pyyaml(monkeypatch, note):
    audit = Audit("specs/x.md", reviews={"k": Review("k", "implemented", note=note)})
    fast, slow = _both(monkeypatch, audit)
    assert fast == slow

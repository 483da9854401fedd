"""Shared pieces of the fuzz tests: the chosen hypothesis profile and mutation strategies."""

from __future__ import annotations

import os

from hypothesis import settings
from hypothesis import strategies as st

PROFILE = os.environ.get("SPECAUDIT_HYPOTHESIS_PROFILE", "ci")
_N = int(os.environ.get("SPECAUDIT_HYPOTHESIS_EXAMPLES", "0")) or settings.get_profile(PROFILE).max_examples
FUZZ = settings(settings.get_profile(PROFILE), max_examples=_N)

# Pieces that tend to break line-oriented parsers when spliced into near-valid input.
NASTY = st.sampled_from([
    "\n", "\r\n", "\r", "\x00", "\ufeff", "\u2028", "\x85", "\t", "```", "~~~", "<!--", "-->", "---", "+++",
    "@@ -1 +1 @@", "@@ -0,0 +1,3 @@", "diff --git a/x b/x\n", "\\ No newline at end of file\n", "- ", "+", " ",
    "&a ", "*a", "!!python/object:os.system", ": ", "- [ ] ", "**FR-001**: ", "### Requirement: ", "#", "\"",
    "'", "{", "[", "]", "}", "|", ">", "é", "要件", "\udcff", "9-3", "0-0", "-1", "99999999999999999999",
])


@st.composite
def mutated(draw, base: str) -> str:
    """``base`` with a few random edits: insert, delete, duplicate or swap a slice."""
    text = base
    for _ in range(draw(st.integers(1, 4))):
        n = len(text)
        i = draw(st.integers(0, n))
        j = draw(st.integers(i, min(n, i + 200)))
        op = draw(st.sampled_from(["insert", "delete", "duplicate", "replace", "truncate"]))
        if op == "insert":
            text = text[:i] + draw(st.one_of(NASTY, st.text(max_size=20))) + text[i:]
        elif op == "delete":
            text = text[:i] + text[j:]
        elif op == "duplicate":
            text = text[:j] + text[i:j] + text[j:]
        elif op == "replace":
            text = text[:i] + draw(NASTY) + text[j:]
        else:
            text = text[:i]
    return text

"""Fuzzing every spec format: arbitrary text and bytes, and real corpus files with random
mutations, parse without any exception except SpecauditError, into a well-formed Spec.

Examples per test: the hypothesis profile (see conftest.py); each format gets its own run.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fuzz_support import FUZZ, NASTY, mutated
from hypothesis import given
from hypothesis import strategies as st
from support import CORPUS

from specaudit.core.errors import SpecauditError
from specaudit.core.markdown import split_lines
from specaudit.core.model import ClauseKind, Spec, decode_spec_bytes, encode_spec_text
from specaudit.formats import format_names, parse_spec

DEMO_SPEC = Path(__file__).resolve().parents[2] / "resources" / "demo" / "spec" / "payment-retry.md"
PATHS = {
    "speckit": "specs/001-x/spec.md", "kiro": ".kiro/specs/x/requirements.md",
    "openspec": "openspec/specs/cap/spec.md", "yaml": "specs/x.yaml", "layered": "specs/x.md",
    "markdown": "specs/x.md",
}
YAML_SAMPLE = """title: Payment retry
clauses:
  - id: PAY-1
    kind: requirement
    text: Retry a charge that failed with a transient gateway error.
    refs: [PAY-0]
    children:
      - id: PAY-1a
        text: At most three retries.
  - id: PAY-2
    kind: invariant
    title: Once
    text: |
      A charge is booked at most once.
  - {id: PAY-3, kind: non-goal, text: No retry queue.}
"""
KINDS = {k.value for k in ClauseKind}


def _samples() -> list[tuple[str, str]]:
    """(path to parse as, text): the real corpus plus samples of the formats it lacks."""
    out = []
    if CORPUS.is_dir():
        for p in sorted(CORPUS.rglob("*.md")):
            if p.name != "README.md":
                rel = p.relative_to(CORPUS).as_posix().split("/", 2)[-1].replace("__", "/")
                out.append((rel, decode_spec_bytes(p.read_bytes())))
    if DEMO_SPEC.is_file():
        out.append(("specs/payment-retry.md", decode_spec_bytes(DEMO_SPEC.read_bytes())))
    out.append(("specs/retry.yaml", YAML_SAMPLE))
    return out


SAMPLES = _samples()


def check_well_formed(spec: Spec, path: str, text: str) -> None:
    assert isinstance(spec, Spec)
    assert spec.text == text, "the parsed spec must hold the text exactly"
    # Lines as the parsers count them (a lone CR ends a line too); a span may end one past.
    n_lines = len(split_lines(text)) + 1
    keys = [c.key for c in spec.clauses]
    assert len(keys) == len(set(keys)), "clause keys must be unique"
    for c in spec.clauses:
        assert c.key and isinstance(c.key, str)
        assert c.kind in KINDS, c.kind
        assert 1 <= c.span[0] <= c.span[1] <= n_lines, (c.key, c.span, n_lines)
        assert isinstance(c.fingerprint, str) and c.fingerprint
        assert isinstance(c.title, str) and isinstance(c.text, str)
    for p in spec.problems:
        assert p.path == path
        assert p.severity in ("warning", "error")
        assert p.line is None or 1 <= p.line <= n_lines, (p, n_lines)
        assert "\n" not in p.message.strip(), "a problem is one line"


def parse_checked(fmt: str | None, path: str, text: str) -> None:
    try:
        spec = parse_spec(path, text, fmt)
    except SpecauditError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    check_well_formed(spec, path, text)


@pytest.mark.parametrize("fmt", format_names())
@FUZZ
@given(raw=st.binary(max_size=3000))
def test_any_bytes(fmt, raw):
    text = decode_spec_bytes(raw)
    parse_checked(fmt, PATHS.get(fmt, "specs/x.md"), text)
    # Undecodable bytes survive: what was read can be written back unchanged.
    assert encode_spec_text(text) == raw


@pytest.mark.parametrize("fmt", format_names())
@FUZZ
@given(text=st.lists(st.one_of(NASTY, st.text(max_size=30)), max_size=80).map("".join))
def test_any_text(fmt, text):
    parse_checked(fmt, PATHS.get(fmt, "specs/x.md"), text)


@pytest.mark.parametrize("fmt", format_names())
@FUZZ
@given(data=st.data())
def test_mutated_real_specs(fmt, data):
    path, base = data.draw(st.sampled_from(SAMPLES), label="sample")
    text = data.draw(mutated(base), label="mutated")
    parse_checked(fmt, path, text)
    parse_checked(None, path, text)  # format detection on the same input


def test_samples_cover_every_format():
    """The mutation seeds reach every built-in format, so each format fuzzes near-valid input."""
    if not CORPUS.is_dir():
        pytest.skip(f"spec corpus not found at {CORPUS}")
    found = {parse_spec(path, text).format for path, text in SAMPLES}
    assert {"speckit", "kiro", "openspec", "yaml", "layered"} <= found, found

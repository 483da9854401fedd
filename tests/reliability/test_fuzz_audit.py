"""Fuzzing the audit loader: arbitrary text and bytes, and dumped audit files with random
mutations. Nothing may raise except AuditFileError (one line naming the file), and an
audit that loads is well-formed and survives a save unchanged (parse . dump . parse is
parse), so a later write never drops what a hand-edited file held.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from fuzz_support import FUZZ, NASTY, mutated
from hypothesis import given
from hypothesis import strategies as st

from specaudit.app.store.audit_store import audit_path, load_audit
from specaudit.core.audit import SIDES, VERDICTS, Audit, Link, PastVerdict, Review, Scar
from specaudit.core.auditfile import dump_audit, is_repo_path, parse_audit
from specaudit.core.errors import AuditFileError

SPEC = "specs/x.md"
WORD = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=15)
OPT = st.none() | WORD
PATH = WORD.filter(is_repo_path)  # what the loader accepts (no absolute path, no '..')
KEY = st.from_regex(r"[a-z]{1,8}-[0-9]{1,3}", fullmatch=True)


@st.composite
def ranges(draw) -> tuple[int, int]:
    first = draw(st.integers(1, 500))
    return first, first + draw(st.integers(0, 50))


@st.composite
def links(draw) -> Link:
    first, last = draw(ranges())
    return Link(draw(PATH), first, last, draw(st.sampled_from(SIDES)), draw(OPT), draw(OPT))


@st.composite
def reviews(draw, key: str) -> Review:
    history = draw(st.lists(st.builds(PastVerdict, st.sampled_from(VERDICTS), OPT, OPT, OPT, OPT), max_size=2))
    return Review(key, draw(st.sampled_from(VERDICTS)), draw(OPT), draw(OPT), draw(OPT), draw(OPT), draw(OPT),
                  tuple(draw(st.lists(links(), max_size=3))), tuple(history))


@st.composite
def audits(draw) -> Audit:
    audit = Audit(spec=SPEC)
    for key in draw(st.lists(KEY, max_size=4, unique=True)):
        audit.reviews[key] = draw(reviews(key))
    for i in range(draw(st.integers(0, 2))):
        first, last = draw(ranges())
        sid = f"S-{i:08x}"
        audit.scars[sid] = Scar(sid, draw(PATH), first, last, draw(WORD), draw(WORD), commit=draw(OPT),
                                clause=draw(OPT), incident=draw(OPT))
    return audit


def check_loaded(audit: Audit) -> None:
    for key, review in audit.reviews.items():
        assert review.clause == key and review.verdict in VERDICTS
        for link in review.links:
            assert 1 <= link.first <= link.last and link.side in SIDES
        assert all(p.verdict in VERDICTS for p in review.history)
    for sid, scar in audit.scars.items():
        assert scar.id == sid and 1 <= scar.first <= scar.last
    for mark in audit.changes.values():
        assert 1 <= mark.first <= mark.last
    # Saving what was loaded keeps every entry: reload gives the same audit.
    assert parse_audit(dump_audit(audit), "again") == audit


def parse_checked(text: str) -> Audit | None:
    try:
        audit = parse_audit(text, ".specaudit/specs/x.md.audit.yaml")
    except AuditFileError as exc:
        assert str(exc).startswith(".specaudit/specs/x.md.audit.yaml") and "\n" not in str(exc)
        return None
    check_loaded(audit)
    return audit


@FUZZ
@given(text=st.text(max_size=2000))
def test_any_text(text):
    parse_checked(text)


@FUZZ
@given(text=st.lists(st.one_of(NASTY, WORD, st.sampled_from(
    ["schema: 1\n", "spec: specs/x.md\n", "reviews:\n", "scars:\n", "changes:\n", "  a-1:\n", "    verdict: ",
     "implemented", "    lines: ", "    links:\n", "    - path: x\n", "      lines: 3-4\n", "    why: |\n"])),
    max_size=60).map("".join))
def test_audit_like_text(text):
    parse_checked(text)


@FUZZ
@given(audit=audits())
def test_dumped_audits_round_trip(audit):
    assert parse_checked(dump_audit(audit)) == audit


@FUZZ
@given(data=st.data())
def test_mutated_audit_files(data):
    text = data.draw(mutated(dump_audit(data.draw(audits(), label="audit"))), label="mutated")
    parse_checked(text)


@FUZZ
@given(raw=st.binary(max_size=1500))
def test_any_bytes_on_disk(raw):
    """The store's path: size, NUL and UTF-8 checks before parsing; the file is never rewritten."""
    with tempfile.TemporaryDirectory() as tmp:
        path = audit_path(Path(tmp), SPEC)
        path.parent.mkdir(parents=True)
        path.write_bytes(raw)
        try:
            check_loaded(load_audit(Path(tmp), SPEC))
        except AuditFileError as exc:
            assert "\n" not in str(exc)
        assert path.read_bytes() == raw

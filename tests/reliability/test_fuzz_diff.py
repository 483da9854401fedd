"""Fuzzing the diff parser: arbitrary bytes, generated patches (exact expectations) and
generated patches with random mutations. Nothing may raise except UsageError (a one-line
message), and what parses is well-formed: counts agree with the lines, rows can be built.
"""

from __future__ import annotations

from fuzz_support import FUZZ, NASTY, mutated
from hypothesis import given
from hypothesis import strategies as st

from specaudit.core.diff import ChangeSet, parse_patch
from specaudit.core.diff.rows import RowModel
from specaudit.core.errors import SpecauditError

LINE = st.text(alphabet=st.characters(blacklist_characters="\n\r", blacklist_categories=("Cs",)), max_size=12)
PATH = st.from_regex(r"[a-z]{1,6}(/[a-z]{1,6}){0,2}\.(py|md|txt)", fullmatch=True)


@st.composite
def hunk_bodies(draw):
    """One hunk's body lines and its (old, new) line counts."""
    body, old, new = [], 0, 0
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(" -+"))
        body.append(kind + draw(LINE))
        old += kind != "+"
        new += kind != "-"
    return body, old, new


@st.composite
def patches(draw):
    """A git-style patch with correct headers -> (bytes, [(path, added, removed, n_hunks)])."""
    out, expect = [], []
    for path in draw(st.lists(PATH, min_size=1, max_size=4, unique=True)):
        out += [f"diff --git a/{path} b/{path}", "index 1111111..2222222 100644", f"--- a/{path}", f"+++ b/{path}"]
        start, added, removed, n = 1, 0, 0, draw(st.integers(1, 3))
        for _ in range(n):
            body, old, new = draw(hunk_bodies())
            section = draw(st.sampled_from(["", " def f():", " class A:"]))
            out.append(f"@@ -{start},{old} +{start},{new} @@{section}")
            out += body
            added += sum(ln[0] == "+" for ln in body)
            removed += sum(ln[0] == "-" for ln in body)
            start += old + draw(st.integers(1, 20))
        expect.append((path, added, removed, n))
    eol = draw(st.sampled_from(["\n", "\r\n"]))
    return (eol.join(out) + eol).encode("utf-8"), expect


def check_well_formed(cs: ChangeSet) -> None:
    for f in cs.files:
        assert f.added >= 0 and f.removed >= 0
        assert f.old_path is not None or f.new_path is not None
        plus = minus = 0
        for h in f.hunks:
            for line in f.hunk_lines(h):
                plus += line.kind == "+"
                minus += line.kind == "-"
                assert line.kind in " +-"
        assert (plus, minus) == (f.added, f.removed), (f.path, plus, minus, f.added, f.removed)
        RowModel(f)
        RowModel(f, unified=True)
        f.to_json()
    cs.to_json()


def parse_checked(data: bytes) -> ChangeSet | None:
    try:
        cs = parse_patch(data, "fuzz", name="fuzz.patch")
    except SpecauditError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("fuzz.patch")
        return None
    check_well_formed(cs)
    return cs


@FUZZ
@given(data=st.binary(max_size=3000))
def test_any_bytes(data):
    parse_checked(data)


@FUZZ
@given(text=st.lists(st.one_of(NASTY, LINE), max_size=80).map("".join))
def test_diff_like_text(text):
    parse_checked(text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(patch=patches())
def test_generated_patches_parse_exactly(patch):
    data, expect = patch
    cs = parse_checked(data)
    assert cs is not None
    assert [(f.path, f.added, f.removed, len(f.hunks)) for f in cs.files] == expect
    for f in cs.files:  # the hunks' lines carry their headers' line numbers
        for h in f.hunks:
            lines = f.hunk_lines(h)
            assert sum(x.kind != "+" for x in lines) == h.old_lines
            assert sum(x.kind != "-" for x in lines) == h.new_lines


@FUZZ
@given(data=st.data())
def test_mutated_patches(data):
    raw, _ = data.draw(patches(), label="patch")
    text = data.draw(mutated(raw.decode("utf-8")), label="mutated")
    parse_checked(text.encode("utf-8", "surrogatepass"))

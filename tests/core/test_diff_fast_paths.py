"""The byte-level fast paths of the diff model read exactly what the line model reads."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from specaudit.core.diff import parse_patch

TEXT = st.text(alphabet=st.characters(blacklist_characters="\n\r", blacklist_categories=("Cs",)), max_size=10)
LINE = st.one_of(TEXT.map(lambda t: t.encode("utf-8")), st.binary(max_size=6).filter(lambda b: b"\n" not in b))


@st.composite
def patches(draw) -> bytes:
    out: list[bytes] = []
    for n, path in enumerate(draw(st.lists(st.sampled_from(["a.py", "b/c.md", "d.txt"]), min_size=1, max_size=3,
                                           unique=True))):
        out += [f"diff --git a/{path} b/{path}".encode(), f"index {n}111111..{n}222222 100644".encode(),
                f"--- a/{path}".encode(), f"+++ b/{path}".encode()]
        start = 1
        for _ in range(draw(st.integers(1, 3))):
            body, old, new = [], 0, 0
            for _ in range(draw(st.integers(1, 8))):
                kind = draw(st.sampled_from(" -+"))
                body.append(kind.encode() + draw(LINE))
                old += kind != "+"
                new += kind != "-"
                if draw(st.integers(0, 9)) == 0:
                    body.append(b"\\ No newline at end of file")
            out.append(f"@@ -{start},{old} +{start},{new} @@".encode())
            out += body
            start += old + 5
    eol = draw(st.sampled_from([b"\n", b"\r\n"]))
    return eol.join(out) + eol


@settings(max_examples=300)
@given(patches())
def test_added_texts_equal_the_added_lines_of_the_line_model(patch):
    for fd in parse_patch(patch, "t", trusted=True).files:
        slow = [tuple(line.text for line in h.lines if line.kind == "+") for h in fd.hunks]
        assert fd.added_texts() == slow



@settings(max_examples=300)
@given(patches())
def test_sides_equal_the_numbered_lines_of_the_line_model(patch):
    for fd in parse_patch(patch, "t", trusted=True).files:
        for h in fd.hunks:
            lines = fd.hunk_lines(h)
            assert fd.sides(h) == ([(ln.new_no, ln.text) for ln in lines if ln.kind == "+"],
                                   [(ln.old_no, ln.text) for ln in lines if ln.kind == "-"])

def test_added_texts_of_a_rewrite_and_a_non_utf8_line():
    patch = (b"diff --git a/x b/x\nindex 1..2 100644\n--- a/x\n+++ b/x\n@@ -1,2 +1,3 @@ def f():\n"
             b"-old\n- old too\n+new\n++ plus\n+caf\xe9\n@@ -9 +10 @@\n+last\n\\ No newline at end of file\n")
    (fd,) = parse_patch(patch, "t", trusted=True).files
    assert fd.added_texts() == [("new", "+ plus", "caf\u00e9"), ("last",)]

"""The patch parser and row model on hand-written git and plain patches (no git run)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from specaudit.core.diff import parse_patch
from specaudit.core.diff.rows import (
    CHANGE,
    CONTEXT,
    DELETE,
    HUNK,
    INSERT,
    NEW,
    OLD,
    WS_ONLY,
    RowModel,
)
from specaudit.core.errors import UsageError

GIT_PATCH = b"""diff --git a/src/retry.py b/src/retry.py
index 1111111111111111111111111111111111111111..2222222222222222222222222222222222222222 100644
--- a/src/retry.py
+++ b/src/retry.py
@@ -1,5 +1,6 @@ def retry():
 import time
-ATTEMPTS = 3
-DELAY = 1.0
+ATTEMPTS = 5
+BASE = 0.5
+CAP = 30
 # gap
 def call(): pass
@@ -10,2 +11,2 @@ class X:
-    return a
+    return b
     pass
diff --git a/old name.txt b/new name.txt
similarity index 87%
rename from old name.txt
rename to new name.txt
diff --git a/logo.png b/logo.png
new file mode 100644
index 0000000000000000000000000000000000000000..3333333333333333333333333333333333333333
Binary files /dev/null and b/logo.png differ
diff --git "a/tab\\there.txt" "b/tab\\there.txt"
deleted file mode 100755
index 4444444444444444444444444444444444444444..0000000000000000000000000000000000000000
--- "a/tab\\there.txt"
+++ /dev/null
@@ -1 +0,0 @@
-bye
\\ No newline at end of file
diff --git a/run.sh b/run.sh
old mode 100644
new mode 100755
"""


def test_git_patch_files_statuses_and_paths():
    cs = parse_patch(GIT_PATCH, "test")
    assert [(f.status, f.old_path, f.new_path) for f in cs.files] == [
        ("M", "src/retry.py", "src/retry.py"),
        ("R", "old name.txt", "new name.txt"),
        ("A", None, "logo.png"),
        ("D", "tab\there.txt", None),
        ("M", "run.sh", "run.sh"),
    ]
    retry, ren, logo, gone, run = cs.files
    assert (retry.added, retry.removed) == (4, 3)
    assert [(h.old_start, h.old_lines, h.new_start, h.new_lines) for h in retry.hunks] == [(1, 5, 1, 6), (10, 2, 11, 2)]
    assert retry.hunks[0].section == "def retry():"
    assert ren.similarity == 87 and ren.hunks == []
    assert logo.binary and logo.hunks == [] and logo.new_mode == "100644"
    assert gone.path == "tab\there.txt" and gone.removed == 1 and gone.old_mode == "100755"
    assert (run.old_mode, run.new_mode) == ("100644", "100755")


def test_hunk_lines_carry_numbers_and_no_newline_mark():
    cs = parse_patch(GIT_PATCH, "test")
    lines = cs.files[0].hunks[0].lines
    assert [(ln.kind, ln.old_no, ln.new_no) for ln in lines] == [
        (" ", 1, 1), ("-", 2, 0), ("-", 3, 0), ("+", 0, 2), ("+", 0, 3), ("+", 0, 4), (" ", 4, 5), (" ", 5, 6),
    ]
    assert lines[4].text == "BASE = 0.5"
    last = cs.files[3].hunks[0].lines
    assert last[-1].text == "bye" and last[-1].no_newline


def test_side_by_side_rows_pair_changes_and_fill():
    fd = parse_patch(GIT_PATCH, "test").files[0]
    rows = RowModel(fd)
    kinds = list(rows.kind)
    # Three added lines against two removed: one filler row, the similar lines paired.
    assert kinds[:2] == [HUNK, CONTEXT] and kinds[5] == CONTEXT
    assert sorted(kinds[2:5]) == [CHANGE, CHANGE, INSERT]
    assert rows.text(2, OLD) == "ATTEMPTS = 3" and rows.text(2, NEW) == "ATTEMPTS = 5"
    filler = kinds.index(INSERT)
    assert rows.text(filler, OLD) is None and rows.line_no(filler, NEW) in (3, 4)
    assert rows.next_hunk(0) == rows.hunk_rows[1]
    assert rows.prev_hunk(rows.hunk_rows[1]) == 0
    assert rows.next_hunk(rows.hunk_rows[1]) is None
    assert rows.row_for_line(NEW, 11) == rows.hunk_rows[1] + 1
    old_spans, new_spans = rows.intraline(2)
    assert [rows.text(2, OLD)[s:e] for s, e in old_spans] == ["3"]
    assert [rows.text(2, NEW)[s:e] for s, e in new_spans] == ["5"]


def test_unified_rows_keep_patch_order():
    fd = parse_patch(GIT_PATCH, "test").files[0]
    rows = RowModel(fd, unified=True)
    assert list(rows.kind[:8]) == [HUNK, CONTEXT, DELETE, DELETE, INSERT, INSERT, INSERT, CONTEXT]
    assert rows.partner[2] == 4 and rows.partner[4] == 2
    assert rows.intraline(4) is not None


def test_ignore_whitespace_shows_reindented_line_as_unchanged():
    patch = b"diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n-if x:\n-  go()\n+if  x:\n+    stop()\n"
    fd = parse_patch(patch).files[0]
    assert list(RowModel(fd).kind) == [HUNK, CHANGE, CHANGE]
    assert list(RowModel(fd, ignore_whitespace=True).kind) == [HUNK, WS_ONLY, CHANGE]
    assert WS_ONLY in RowModel(fd, unified=True, ignore_whitespace=True).kind


def test_unequal_block_pairs_similar_lines():
    patch = (b"diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1,1 +1,3 @@\n"
             b"-total = compute(a, b)\n+# new helper\n+total = compute(a, b, c)\n+log(total)\n")
    rows = RowModel(parse_patch(patch).files[0])
    pair = [r for r in range(len(rows)) if rows.kind[r] == CHANGE]
    assert len(pair) == 1 and rows.text(pair[0], NEW) == "total = compute(a, b, c)"


def test_find_wraps_and_is_case_insensitive():
    rows = RowModel(parse_patch(GIT_PATCH).files[0])
    first = rows.find("attempts", 0)
    assert rows.text(first, OLD) == "ATTEMPTS = 3"
    assert rows.find("ATTEMPTS", first) == first  # only one row: wraps to itself
    assert rows.find("no such text", 0) is None


def test_non_utf8_and_crlf_lines_decode_with_fallback():
    patch = b"diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-caf\xe9\r\n+caf\xc3\xa9\r\n"
    fd = parse_patch(patch).files[0]
    lines = fd.hunks[0].lines
    assert fd.non_utf8
    assert lines[0].text == "caf\u00e9\r" and lines[1].text.startswith("caf")


def test_plain_unified_diff_and_mail_signature():
    plain = (b"--- a/x.c\t2024-01-01 10:00:00\n+++ b/x.c\t2024-01-02 10:00:00\n@@ -1,2 +1,2 @@\n"
             b"--- not a header\n+++ nor this\n x\n--- /dev/null\n+++ b/new.c\n@@ -0,0 +1 @@\n+hi\n")
    cs = parse_patch(plain)
    assert [(f.status, f.path, f.added, f.removed) for f in cs.files] == [("M", "x.c", 1, 1), ("A", "new.c", 1, 0)]
    mail = b"From abc\nSubject: x\n\n---\ndiff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n-- \n2.39.5\n\n"
    fd = parse_patch(mail).files[0]
    assert (fd.added, fd.removed) == (1, 1)
    assert [ln.kind for ln in fd.hunks[0].lines] == ["-", "+"]


def test_truncated_hunk_names_the_line():
    bad = b"diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n-a\n+b\n"
    with pytest.raises(UsageError) as err:
        parse_patch(bad, name="bad.diff")
    assert "bad.diff:" in str(err.value) and "truncated" in str(err.value)


def test_not_a_diff_is_a_usage_error():
    with pytest.raises(UsageError, match="not a unified diff"):
        parse_patch(b"hello\nworld\n", name="notes.txt")
    assert parse_patch(b"", "empty").files == []


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(" -+"), st.text(alphabet=st.characters(blacklist_characters="\n\r", blacklist_categories=("Cs",)), max_size=12)),
        min_size=1,
        max_size=30,
    )
)
def test_counts_and_rows_agree_with_generated_hunks(body):
    old_n = sum(1 for k, _ in body if k != "+")
    new_n = sum(1 for k, _ in body if k != "-")
    text = "".join(f"{k}{t}\n" for k, t in body)
    patch = f"diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1,{old_n} +1,{new_n} @@\n{text}".encode()
    fd = parse_patch(patch).files[0]
    assert fd.added == sum(1 for k, _ in body if k == "+")
    assert fd.removed == sum(1 for k, _ in body if k == "-")
    assert [(ln.kind, ln.text) for ln in fd.hunks[0].lines] == body
    for unified in (False, True):
        rows = RowModel(fd, unified=unified)
        olds = [rows.text(r, OLD) for r in range(1, len(rows)) if rows.old[r] >= 0]
        news = [rows.text(r, NEW) for r in range(1, len(rows)) if rows.new[r] >= 0]
        assert olds == [t for k, t in body if k != "+"]
        assert news == [t for k, t in body if k != "-"]


def test_git_binary_patch_gives_sizes_and_no_hunks():
    patch = (b"diff --git a/img.png b/img.png\nindex 1111111..2222222 100644\nGIT binary patch\n"
             b"literal 100\nzcmV?d00001\n\nliteral 30\nzcmV?d00001\n\n"
             b"diff --git a/t.txt b/t.txt\n--- a/t.txt\n+++ b/t.txt\n@@ -1 +1 @@\n-a\n+b\n")
    img, txt = parse_patch(patch).files
    assert img.binary and img.hunks == [] and (img.old_size, img.new_size) == (30, 100)
    assert (txt.added, txt.removed) == (1, 1)

"""Find across a whole change set: every matching line, with its side and number."""

from __future__ import annotations

from specaudit.core.diff import parse_patch
from specaudit.core.diff.search import Match, find_in_change

PATCH = b"""diff --git a/a.py b/a.py
--- a/a.py
+++ b/a.py
@@ -1,2 +1,2 @@
 keep = Retry()
-old = retry(1)
+new = RETRY(2)
@@ -10,2 +10,3 @@ def f():
 x = 1
+y = retry_later()
 z = 2
diff --git a/b.txt b/b.txt
new file mode 100644
--- /dev/null
+++ b/b.txt
@@ -0,0 +1,2 @@
+nothing here
+Retry once more
"""


def test_finds_every_line_in_every_file_case_insensitively():
    cs = parse_patch(PATCH, "t")
    assert find_in_change(cs, "retry") == [
        Match(0, "new", 1), Match(0, "old", 2), Match(0, "new", 2), Match(0, "new", 11), Match(1, "new", 2)]
    assert find_in_change(cs, "nowhere") == []
    assert find_in_change(cs, "") == []
    assert len(find_in_change(cs, "retry", limit=2)) == 2

"""Link suggestions on the bundled demo: the payment-retry spec against its regenerated code."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest

from specaudit.core.diff import parse_patch
from specaudit.core.suggest import HunkDoc, SuggestionIndex, hunk_docs_from_changeset
from specaudit.formats import parse_spec

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo"
SPEC = DEMO / "spec" / "payment-retry.md"


def clause_text(needle: str) -> str:
    spec = parse_spec(str(SPEC), SPEC.read_text(encoding="utf-8"))
    found = [c.text for c in spec.clauses if needle in c.text]
    assert len(found) == 1, f"expected one clause containing {needle!r}, got {found}"
    return found[0]


def _files() -> list[tuple[str, list[str]]]:
    root = DEMO / "regenerated"
    return [(p.relative_to(root).as_posix(), p.read_text(encoding="utf-8").splitlines())
            for p in sorted(root.rglob("*.py"))]


def function_chunks() -> list[HunkDoc]:
    """Each top-level def/class (with its decorators) is a hunk; so is a module's head."""
    docs = []
    for rel, lines in _files():
        starts = [0]
        for i, line in enumerate(lines):
            if re.match(r"(def|class|@)\s*\w", line) and not (i and lines[i - 1].startswith("@")):
                starts.append(i)
        bounds = sorted(set(starts)) + [len(lines)]
        for a, b in zip(bounds, bounds[1:], strict=False):
            if a < b:
                docs.append(HunkDoc(f"{rel}:{a + 1}", rel, "new", a + 1, b, "\n".join(lines[a:b])))
    return docs


def whole_files() -> list[HunkDoc]:
    return [HunkDoc(rel, rel, "new", 1, len(lines), "\n".join(lines)) for rel, lines in _files()]


@pytest.fixture(params=["functions", "files"])
def index_and_docs(request):
    docs = function_chunks() if request.param == "functions" else whole_files()
    return SuggestionIndex(docs), {d.id: d for d in docs}


def test_exponential_backoff_ranks_the_backoff_code_first(index_and_docs):
    index, docs = index_and_docs
    top = index.suggest(clause_text("exponential backoff"), limit=3)
    assert top, "no suggestion for the backoff clause"
    best = docs[top[0].hunk_id]
    assert best.path == "payment_retry/retry.py"
    assert "def backoff_delay" in best.text
    assert {"exponential", "backoff"} <= set(top[0].terms)


def test_caching_non_goal_ranks_cache_py_first(index_and_docs):
    index, docs = index_and_docs
    top = index.suggest(clause_text("No caching"), limit=3)
    assert docs[top[0].hunk_id].path == "payment_retry/cache.py"
    assert "caching" in top[0].terms  # the clause's own word, not the stem "cach"


def test_idempotency_clause_ranks_the_idempotency_key_line_first(index_and_docs):
    index, docs = index_and_docs
    top = index.suggest(clause_text("idempotency key"), limit=3)
    assert "idempotency_key" in docs[top[0].hunk_id].text
    assert "idempotency key" in top[0].terms


def test_terms_explain_the_match_in_the_clauses_words():
    index = SuggestionIndex(function_chunks())
    text = clause_text("exponential backoff")
    for s in index.suggest(text, limit=5):
        assert s.terms
        for term in s.terms:
            for word in term.split():
                assert word in text.lower(), (term, text)


def _demo_patch() -> bytes:
    """A unified diff base -> regenerated, as `diff -ruN` would write it."""
    out: list[str] = []
    for rel, new in _files():
        old_path = DEMO / "base" / rel
        old = old_path.read_text(encoding="utf-8").splitlines() if old_path.exists() else []
        a = f"a/{rel}" if old else "/dev/null"
        out.extend(difflib.unified_diff(old, new, a, f"b/{rel}", lineterm=""))
    return ("\n".join(out) + "\n").encode()


def test_changeset_adapter_on_the_demo_diff():
    docs = hunk_docs_from_changeset(parse_patch(_demo_patch(), "demo"))
    by_path: dict[str, list[HunkDoc]] = {}
    for d in docs:
        by_path.setdefault(d.path, []).append(d)
    assert len({d.id for d in docs}) == len(docs)
    cache = by_path["payment_retry/cache.py"]
    assert len(cache) == 1 and (cache[0].side, cache[0].first, cache[0].last) == ("new", 1, 23)
    assert "class ResultCache" in cache[0].text
    # Only added lines are indexed: the removed flat-spacing comment is not in any doc.
    assert not any("SPACING_SECONDS" in d.text for d in docs)
    index = SuggestionIndex(docs)
    ids = {d.id: d for d in docs}
    assert ids[index.suggest(clause_text("No caching"))[0].hunk_id].path == "payment_retry/cache.py"
    assert "def backoff_delay" in ids[index.suggest(clause_text("exponential backoff"))[0].hunk_id].text
    best = ids[index.suggest(clause_text("idempotency key"))[0].hunk_id]
    assert "idempotency_key" in best.text
    # The doc's span is real new-side lines of the regenerated file.
    new_lines = (DEMO / "regenerated" / best.path).read_text(encoding="utf-8").splitlines()
    assert new_lines[best.first - 1] in best.text.splitlines()[0]
    assert new_lines[best.last - 1] in best.text.splitlines()[-1]


def test_changeset_adapter_keeps_pure_deletions_on_the_old_side():
    patch = (
        b"--- a/gone.py\n+++ b/gone.py\n@@ -3,4 +3,2 @@\n ctx\n-def drop_queue():\n-    return queue\n ctx2\n"
        b"--- a/keep.py\n+++ b/keep.py\n@@ -1,2 +1,3 @@\n one\n+retry_queue = []\n two\n"
    )
    docs = {d.path: d for d in hunk_docs_from_changeset(parse_patch(patch, "p"))}
    gone, keep = docs["gone.py"], docs["keep.py"]
    assert (gone.side, gone.first, gone.last) == ("old", 4, 5)
    assert "drop_queue" in gone.text
    assert (keep.side, keep.first, keep.last, keep.text) == ("new", 2, 2, "retry_queue = []")

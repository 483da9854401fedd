"""Coverage rules: unexplained changed lines and non-goal hints."""

from __future__ import annotations

from specaudit.core.coverage import non_goal_hits, non_goal_terms, stem, words
from specaudit.core.diff import FileDiff, parse_patch
from specaudit.core.fingerprint import text_fingerprint
from specaudit.core.model import Clause


def FC(path: str, hunks: list[tuple[int, int, int, int, tuple[str, ...]]]) -> FileDiff:  # noqa: N802
    """A changed file as git's -U0 diff writes it: (old start, old count, new start, new
    count, added lines) per hunk, parsed by the one diff parser."""
    body = "".join(f"@@ -{a},{b} +{c},{d} @@\n" + "".join(f"+{t}\n" for t in added) for a, b, c, d, added in hunks)
    patch = f"diff --git a/{path} b/{path}\n--- a/{path}\n+++ b/{path}\n{body}"
    (fd,) = parse_patch(patch.encode(), trusted=True).files
    return fd


def _clause(key, kind, text):
    return Clause(key, kind, text, text, ("S",), (1, 1), text_fingerprint(text))


def test_words_and_stems_split_code_identifiers():
    assert words("ResultCache(max_entries=1024)") == ["Result", "Cache", "max", "entries"]
    assert stem("caching") == stem("cache") == stem("cached") == stem("Caches") == "cach"


def test_non_goal_terms_take_the_forbidden_thing_not_shared_words():
    clauses = [
        _clause("b-1", "requirement", "Each gateway response is retried with backoff."),
        _clause("ng-1", "non-goal", "No caching of gateway responses: every attempt asks the gateway."),
        _clause("ng-2", "non-goal", "No retry queue or background worker."),
    ]
    assert non_goal_terms(clauses[1], clauses) == {"cach"}
    assert non_goal_terms(clauses[2], clauses) == {"queu", "background", "worker"}


def test_a_do_not_regress_line_names_nothing_forbidden():
    # A BMAD story's "Out of Scope / Do Not Regress" reads as non-goals; this one demands,
    # and its "end-to-end" met `await ctx.sql.end()` in a test as a non-goal hit.
    regress = _clause("ng-2", "non-goal", "Logout behavior from Story 1.4 must continue to work end-to-end.")
    assert non_goal_terms(regress, [regress]) == set()
    assert non_goal_hits([regress], [FC("t.ts", [(0, 0, 91, 1, ("await ctx.sql.end()",))])], spec="s.md") == []
    forbid = _clause("ng-1", "non-goal", "Do not modify auth route contracts unless strictly required.")
    assert {stem("auth"), stem("contracts")} <= non_goal_terms(forbid, [forbid])  # "must not" still forbids


def test_non_goal_hits_once_per_file_at_first_use():
    clauses = [_clause("ng-1", "non-goal", "Do not build a cache.")]
    changes = [
        FC("svc/retry.py", [(1, 0, 1, 2, ("import os", "x = 1")), (9, 0, 12, 2, ("c = LRUCache()", "c.cached"))]),
        FC("svc/cache.py", [(0, 0, 1, 1, ("pass",))]),
        FC("svc/other.py", [(0, 0, 1, 1, ("pass",))]),
    ]
    hits = non_goal_hits(clauses, changes, spec="s.md")
    assert [(h.path, h.line, h.clause) for h in hits] == [("svc/retry.py", 12, "ng-1"), ("svc/cache.py", 1, "ng-1")]
    assert "'Cache'" in hits[0].message

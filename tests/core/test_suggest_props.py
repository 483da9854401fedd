"""Properties of the suggestion index: any text, empty index, ordering, exclusion."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from specaudit.core.suggest import HunkDoc, SuggestionIndex
from specaudit.core.suggest_synth import generate

WORDS = ["retry", "retries", "cache", "CacheEntry", "charge_id", "gateway", "backoff", "502",
         "idempotency_key", "the", "self", "return", "RATE_LIMITED", "queue", "log", "x", "0"]

code_text = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=12)), max_size=30).map(" ".join)
any_text = st.one_of(st.text(max_size=200), code_text)


@st.composite
def hunk_docs(draw, max_size=12):
    texts = draw(st.lists(any_text, max_size=max_size))
    paths = draw(st.lists(st.sampled_from(["a/retry.py", "b/cache.py", "c.md", ""]),
                          min_size=len(texts), max_size=len(texts)))
    return [HunkDoc(f"h{i}", p, "new", i + 1, i + 2, t) for i, (t, p) in enumerate(zip(texts, paths, strict=True))]


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(docs=hunk_docs(), clause=any_text, limit=st.integers(0, 15))
def test_any_text_gives_sorted_bounded_explained_results(docs, clause, limit):
    index = SuggestionIndex(docs)
    result = index.suggest(clause, limit=limit)
    ids = {d.id for d in docs}
    assert len(result) <= limit
    assert len({s.hunk_id for s in result}) == len(result)
    assert all(s.hunk_id in ids for s in result)
    scores = [s.score for s in result]
    assert scores == sorted(scores, reverse=True)
    assert all(s.score > 0 and s.terms for s in result)
    lowered = clause.lower()
    for s in result:  # every reason shown is made of the clause's own words
        assert all(word in lowered for term in s.terms for word in term.split())


@SETTINGS
@given(clause=any_text, clauses=st.dictionaries(st.text(max_size=5), any_text, max_size=5))
def test_empty_index_suggests_nothing(clause, clauses):
    index = SuggestionIndex([])
    assert len(index) == 0
    assert index.suggest(clause) == []
    assert index.suggest_all(clauses) == {k: [] for k in clauses}


@SETTINGS
@given(docs=hunk_docs(), clause=code_text, data=st.data())
def test_exclude_is_honoured_and_changes_nothing_else(docs, clause, data):
    index = SuggestionIndex(docs)
    everything = index.suggest(clause, limit=len(docs) + 1)
    excluded = data.draw(st.sets(st.sampled_from([d.id for d in docs] + ["not-a-hunk"])))
    limit = data.draw(st.integers(1, len(docs) + 1))
    kept = index.suggest(clause, limit=limit, exclude=excluded)
    assert not {s.hunk_id for s in kept} & excluded
    assert kept == [s for s in everything if s.hunk_id not in excluded][:limit]


@SETTINGS
@given(docs=hunk_docs(), clauses=st.dictionaries(st.text(max_size=4), any_text, max_size=6))
def test_batch_equals_one_by_one_and_is_deterministic(docs, clauses):
    a, b = SuggestionIndex(docs), SuggestionIndex(list(docs))
    batch = a.suggest_all(clauses, limit=3)
    assert batch == {k: b.suggest(text, limit=3) for k, text in clauses.items()}


def test_a_hunk_sharing_no_word_is_never_suggested():
    docs = [HunkDoc("backoff", "retry.py", "new", 1, 3, "def backoff_delay(n): return BASE * 2 ** n"),
            HunkDoc("html", "page.html", "new", 1, 1, "<div class='banner'>Welcome</div>")]
    result = SuggestionIndex(docs).suggest("Retries use exponential backoff")
    assert [s.hunk_id for s in result] == ["backoff"]


def test_synthetic_review_is_deterministic_per_seed():
    a, b, c = generate(20, 200, seed=1), generate(20, 200, seed=1), generate(20, 200, seed=2)
    assert a == b
    assert a.clauses != c.clauses
    assert len(a.clauses) == 20 and len(a.hunks) == 200
    assert sum(len(v) for v in a.relevant.values()) > 100  # most hunks implement a clause


def test_synthetic_review_finds_the_hunks_written_for_each_clause():
    review = generate(100, 3000, seed=3)
    results = SuggestionIndex(review.hunks).suggest_all(review.clauses, limit=5)
    hits = sum(s.hunk_id in review.relevant[k] for k, ranked in results.items() for s in ranked)
    top1 = sum(bool(r) and r[0].hunk_id in review.relevant[k] for k, r in results.items())
    assert top1 / len(results) >= 0.9
    assert hits / (5 * len(results)) >= 0.85


def test_champion_lists_keep_the_strongest_hunks():
    # "ledger" occurs 1..6 times in hunks of equal length; with room for two per term,
    # the two densest survive and rank in order.
    docs = [HunkDoc(f"h{n}", "x.py", "new", 1, 1, " ".join(["ledger"] * n + ["pad"] * (6 - n)))
            for n in range(1, 7)]
    docs += [HunkDoc(f"other{i}", "y.py", "new", 1, 1, "pad " * 6) for i in range(20)]
    capped = SuggestionIndex(docs, postings_cap=2).suggest("ledger", limit=6)
    assert [s.hunk_id for s in capped] == ["h6", "h5"]
    full = SuggestionIndex(docs).suggest("ledger", limit=6)
    assert [s.hunk_id for s in full] == ["h6", "h5", "h4", "h3", "h2", "h1"]


def test_a_word_in_most_hunks_of_a_big_change_does_not_decide():
    docs = [HunkDoc(f"h{i}", f"m{i}.py", "new", 1, 1, f"log.info(step_{i})") for i in range(150)]
    docs.append(HunkDoc("refund", "r.py", "new", 1, 1, "log.info(issue_refund(order))"))
    index = SuggestionIndex(docs)
    assert index.suggest("Every step is logged") == []  # "log" is in every hunk
    assert [s.hunk_id for s in index.suggest("Refunds are logged")] == ["refund"]


def test_text_beyond_the_indexed_length_is_not_searched():
    from specaudit.settings import LIMITS

    far = "x = 2\n" * (LIMITS.suggest_max_hunk_chars // 6 + 10) + "reconcile_ledger()"
    docs = [HunkDoc("far", "a.py", "new", 1, 9, far), HunkDoc("near", "b.py", "new", 1, 1, "reconcile()")]
    assert [s.hunk_id for s in SuggestionIndex(docs).suggest("Reconcile the ledger")] == ["near"]

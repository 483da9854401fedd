"""Which clause a scar on some lines diverges from: the clause whose links hold them."""

from __future__ import annotations

from specaudit.core.audit import Audit, Link, Review, clause_linked_to
from specaudit.core.word_diff import DELETE, EQUAL, INSERT, word_diff


def _audit(*links: tuple[str, Link]) -> Audit:
    audit = Audit("spec.md")
    for key, link in links:
        review = audit.reviews.get(key) or Review(clause=key)
        audit.put_review(Review(clause=key, links=(*review.links, link)))
    return audit


def test_the_clause_whose_link_holds_the_lines():
    audit = _audit(("FR-006", Link("svc.go", 40, 60, "new", "c1")), ("FR-006a", Link("svc.go", 61, 70, "new", "c1")))
    assert clause_linked_to(audit, "svc.go", 50, 55) == "FR-006"
    assert clause_linked_to(audit, "svc.go", 62, 70) == "FR-006a"


def test_no_clause_when_no_link_holds_all_the_lines():
    audit = _audit(("FR-006", Link("svc.go", 40, 60)))
    assert clause_linked_to(audit, "svc.go", 55, 65) is None  # overlaps, does not hold
    assert clause_linked_to(audit, "other.go", 50, 55) is None
    assert clause_linked_to(audit, "svc.go", 50, 55, side="old") is None
    assert clause_linked_to(Audit("spec.md"), "svc.go", 1, 1) is None


def test_the_tightest_link_wins_and_a_tie_is_no_default():
    audit = _audit(("US1", Link("svc.go", 1, 200)), ("FR-006", Link("svc.go", 40, 60)))
    assert clause_linked_to(audit, "svc.go", 50, 55) == "FR-006"
    tie = _audit(("FR-006", Link("svc.go", 40, 60)), ("FR-007", Link("svc.go", 40, 60)))
    assert clause_linked_to(tie, "svc.go", 50, 55) is None


def test_links_at_another_commit_count_other_lines():
    audit = _audit(("FR-006", Link("svc.go", 40, 60, "new", "old-commit")))
    assert clause_linked_to(audit, "svc.go", 50, 55, commit="target") is None
    assert clause_linked_to(audit, "svc.go", 50, 55, commit="old-commit") == "FR-006"


def test_word_diff_reads_as_both_texts():
    before = "The gateway retries with exponential backoff.\nIt logs each attempt."
    after = "The gateway retries three times, 1.5 s apart, never exponential backoff.\nIt logs each attempt."
    runs = word_diff(before, after)
    assert "".join(t for op, t in runs if op != INSERT) == before
    assert "".join(t for op, t in runs if op != DELETE) == after
    assert (DELETE, "with") in runs and (INSERT, "three times, 1.5 s apart, never") in runs
    assert word_diff("same words", "same words") == [(EQUAL, "same words")]
    assert word_diff("", "new clause") == [(INSERT, "new clause")]


def test_word_diff_of_a_japanese_sentence_keeps_what_stayed():
    # A tightened Kiro criterion: a sentence appended after "…を表示する". As one "word"
    # (Japanese has no spaces) the whole criterion showed struck out and written again.
    before = "If ユーザーが空のタイトルで送信すると, the Todo App shall エラーメッセージを表示する"
    after = before + "。空白だけのタイトルも拒否する (tightened from the partial review)."
    runs = word_diff(before, after)
    assert runs == [(EQUAL, before), (INSERT, after[len(before):])]
    # A word and its full stop are apart: "backoff." against "backoff" changes the stop only.
    assert word_diff("never backoff", "never backoff.") == [(EQUAL, "never backoff"), (INSERT, ".")]

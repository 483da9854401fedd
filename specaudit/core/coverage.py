"""Coverage of a change by the spec, pure: added code that looks like something a
non-goal forbids (``non-goal-hit``, a hint). Changed lines no clause explains are
``core/unexplained.py``'s.

The change comes in as ``core/diff`` FileDiffs of a ``-U0`` diff (``new_path``, ``binary``,
``hunks`` and ``added_texts()``, the added lines read from the patch).
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable
from typing import Protocol

from specaudit.core.diff.model import Hunk
from specaudit.core.evidence import terms as evidence_terms
from specaudit.core.findings import NON_GOAL_HIT, Finding
from specaudit.core.model import Clause, ClauseKind


class ChangedFile(Protocol):
    new_path: str | None
    hunks: list[Hunk]
    binary: bool

    def added_texts(self) -> list[tuple[str, ...]]: ...


def excluded(path: str, patterns: Iterable[str]) -> bool:
    return any(fnmatch.fnmatchcase(path, p) for p in patterns)


# -- non-goal hits ---------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-z][a-z]+|[A-Z]+(?![a-z])")
_NEGATION = re.compile(
    r"\b(?:no|not|never|don't|do not|must not|shall not|without|avoid|nor)\b\s+(?:any\s+|a\s+|an\s+|the\s+)?",
    re.IGNORECASE,
)
# A clause that says what must hold, not what must not be built.
_OBLIGATION = re.compile(r"\b(?:must|shall|should|needs? to|has to|have to)\b", re.IGNORECASE)
# Where the forbidden thing's name ends: "No caching *of* gateway responses".
_PHRASE_END = re.compile(
    r"[:;,.()\[\]!?]|\b(?:of|in|inside|for|with|to|from|within|that|which|because|so|unless|except|"
    r"beyond|across|on|at|by|via|every|is|are|be|should|must|will)\b",
    re.IGNORECASE,
)
# The one stop list and stemmer (core/evidence/terms.py, the evidence ranking's), plus the
# verbs a non-goal forbids with ("Do not *build* a cache"), which name no thing.
_STOP = evidence_terms.STOP | {"build", "built", "inside"}


def stem(word: str) -> str:
    """The evidence stemmer on the lowercased word: "caching", "cache", "Caches" -> "cach"."""
    return evidence_terms.stem(word.lower())


def words(text: str) -> list[str]:
    """Words of prose or code: snake_case, camelCase and ALLCAPS split apart."""
    return [m.group(0) for m in _WORD.finditer(text)]


def _content_stems(text: str) -> set[str]:
    return {stem(w) for w in words(text) if w.lower() not in _STOP and len(w) >= 3}


def non_goal_terms(clause: Clause, others: Iterable[Clause]) -> set[str]:
    """Distinctive stems naming what the non-goal forbids: the phrase after a negation
    ("No *caching* of ..."), or the whole clause when it has none, minus words the
    other clauses also use (those describe what *is* built)."""
    text = clause.text
    phrases = []
    for m in _NEGATION.finditer(text):
        rest = text[m.end():]
        end = _PHRASE_END.search(rest)
        phrases.append(rest[: end.start()] if end else rest)
    if not phrases and _OBLIGATION.search(text):
        # "Logout behavior from Story 1.4 must continue to work end-to-end" under a BMAD
        # story's "Out of Scope / Do Not Regress": it demands, it forbids nothing; its
        # words met `sql.end()` in a test.
        return set()
    terms = set().union(*(_content_stems(p) for p in phrases)) if phrases else _content_stems(text)
    common: set[str] = set()
    for other in others:
        if other.kind != ClauseKind.NON_GOAL:
            common |= _content_stems(other.text)
    return {t for t in terms if t not in common and len(t) >= 3}


def non_goal_hits(
    clauses: list[Clause], changes: Iterable[ChangedFile], *, spec: str | None, exclude: Iterable[str] = (),
) -> list[Finding]:
    """At most one hint per (non-goal clause, file): the first added line (or the new
    file's name) that uses one of the clause's terms."""
    exclude = tuple(exclude)
    goals = [(c, non_goal_terms(c, clauses)) for c in clauses if c.kind == ClauseKind.NON_GOAL]
    goals = [(c, t) for c, t in goals if t]
    if not goals:
        return []
    out: list[Finding] = []
    for fc in changes:
        path = fc.new_path
        if path is None or fc.binary or excluded(path, exclude):
            continue
        path_stems = {stem(w) for w in words(path.rsplit("/", 1)[-1])}
        # -U0 hunks: a hunk's added lines run from its new_start (FileDiff.added_texts scans
        # the patch bytes once, without a DiffLine per line of a huge file).
        added = [(hunk.new_start + i, text) for hunk, texts in zip(fc.hunks, fc.added_texts(), strict=True)
                 for i, text in enumerate(texts)]
        for clause, terms in goals:
            hit: tuple[int, str] | None = None
            for new_no, text in added:
                word = next((w for w in words(text) if stem(w) in terms), None)
                if word:
                    hit = (new_no, word)
                    break
            if hit is None and terms & path_stems and fc.hunks:
                hit = (fc.hunks[0].new_start, path.rsplit("/", 1)[-1])
            if hit:
                out.append(Finding(
                    NON_GOAL_HIT,
                    f"added code mentions {hit[1]!r}, which non-goal {clause.key} forbids: {clause.title}",
                    spec=spec, clause=clause.key, path=path, line=hit[0],
                ))
    return out

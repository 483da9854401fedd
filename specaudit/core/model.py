"""The spec side of the data model: Spec, Clause, and parse diagnostics."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from specaudit.core.errors import UsageError


class ClauseKind(StrEnum):
    INTENT = "intent"
    REQUIREMENT = "requirement"
    SCENARIO = "scenario"
    EDGE_CASE = "edge-case"
    INVARIANT = "invariant"
    NON_GOAL = "non-goal"
    SUCCESS_CRITERION = "success-criterion"
    TASK = "task"
    CONSTRAINT = "constraint"
    NOTE = "note"


# Clause flags surfaced in the UI and JSON.
FLAG_NEEDS_CLARIFICATION = "needs-clarification"
FLAG_DONE = "done"
FLAG_IN_PROGRESS = "in-progress"
FLAG_OPTIONAL = "optional"
FLAG_PARALLEL = "parallel"
FLAG_DUPLICATE_ID = "duplicate-id"


@dataclass(frozen=True)
class Clause:
    """One reviewable statement of a spec.

    ``span`` is (first, last) line, 1-based and inclusive, in the spec file.
    ``section`` is the heading path above the clause. ``refs`` name other clauses
    (a task's ``_Requirements:_``); ``flags`` are markers such as
    ``needs-clarification`` or an OpenSpec delta op; ``meta`` holds format extras
    (priority, story number, ...) and takes no part in equality.
    """

    key: str
    kind: str
    title: str
    text: str
    section: tuple[str, ...]
    span: tuple[int, int]
    fingerprint: str
    refs: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    meta: dict = field(default_factory=dict, compare=False, hash=False)

    def to_json(self) -> dict:
        return {
            "key": self.key,
            "kind": self.kind,
            "title": self.title,
            "text": self.text,
            "section": " / ".join(self.section),
            "lines": [self.span[0], self.span[1]],
            "fingerprint": self.fingerprint,
            "refs": list(self.refs),
            "flags": list(self.flags),
        }


@dataclass(frozen=True)
class Problem:
    """A parse diagnostic: the file still yields what could safely be parsed."""

    path: str
    line: int
    message: str
    severity: str = "warning"  # "warning" | "error"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"


@dataclass
class Spec:
    """A parsed spec. ``text`` is the file's content exactly as read (decoded with
    surrogateescape so ``text.encode('utf-8', 'surrogateescape')`` gives the bytes back)."""

    path: str
    format: str
    title: str
    clauses: list[Clause]
    text: str
    problems: list[Problem] = field(default_factory=list)

    def clause(self, key: str) -> Clause | None:
        for c in self.clauses:
            if c.key == key:
                return c
        return None

    def require(self, key: str) -> Clause:
        """The clause ``key``, or the one clause whose key ends in it after a ``#`` or ``/``
        (an OpenSpec scenario by its name: "Exclude income transactions" for
        "category-breakdown#Category Spending Aggregation/Exclude income transactions");
        a usage error naming the nearest keys when there is none ("FR-1" for "FR-001",
        "ac1" for "AC1"), or the candidates when several end so ("AC3": US1/AC3, US2/AC3).
        Callers write the clause's own key, never ``key`` as typed."""
        clause = self.clause(key)
        if clause is not None:
            return clause
        end = ending_in((c.key for c in self.clauses), key, self.path)
        if end is None:
            raise UsageError(unknown_clause(self, key))
        return self.by_key()[end]

    def by_key(self) -> dict[str, Clause]:
        return {c.key: c for c in self.clauses}

    def is_context(self, clause: Clause) -> bool:
        """A note beside the requirements the spec states (a PRD's author line, its executive
        summary): context for the reader, not a clause code implements. Where a spec is
        notes alone, its notes are what it asks for."""
        return clause.kind == ClauseKind.NOTE and self._states_requirements()

    def context_keys(self) -> set[str]:
        """The keys of every clause ``is_context`` says is context (one pass)."""
        if not self._states_requirements():
            return set()
        return {c.key for c in self.clauses if c.kind == ClauseKind.NOTE}

    def _states_requirements(self) -> bool:
        return any(c.kind != ClauseKind.NOTE for c in self.clauses)


def ending_in(keys: Iterable[str], key: str, where: str) -> str | None:
    """The one of ``keys`` ending in ``key`` after a ``#`` or ``/`` (case aside): an OpenSpec
    scenario by its name. None when none does; a usage error listing them when several do."""
    tail = key.strip().casefold()
    ends = [k for k in keys if tail and k.casefold().endswith(("#" + tail, "/" + tail))]
    if len(ends) > 1:
        raise UsageError(f"clause {key!r} is ambiguous in {where}: " + ", ".join(ends[:5])
                         + (" ..." if len(ends) > 5 else ""))
    return ends[0] if ends else None


def unknown_clause(spec: Spec, key: str) -> str:
    """What to say of a key the spec does not define: its nearest keys, compared without
    case and zero padding, so "fr-1" finds "FR-001"."""
    def plain(k: str) -> str:
        return re.sub(r"(?<!\d)0+(?=\d)", "", k.lower())

    keys = [c.key for c in spec.clauses]
    by_plain = {plain(k): k for k in reversed(keys)}
    same = by_plain.get(plain(key))  # the key as written elsewhere: that one alone
    near = [same] if same else [by_plain[k] for k in difflib.get_close_matches(plain(key), list(by_plain), n=3,
                                                                                 cutoff=0.75)]
    hint = f"; did you mean {' or '.join(near)}?" if near else " (see `specaudit clauses`)"
    return f"unknown clause {key!r} in {spec.path}{hint}"


def decode_spec_bytes(raw: bytes) -> str:
    """Decode spec bytes losslessly; invalid UTF-8 survives as surrogate escapes."""
    return raw.decode("utf-8", "surrogateescape")


# How decode_spec_bytes reads a byte that is not UTF-8: a lone surrogate U+DC80-U+DCFF.
_UNDECODABLE = re.compile("[\udc80-\udcff]")


def undecodable_lines(text: str) -> list[int]:
    """The 1-based lines of decoded spec text holding bytes that are not UTF-8."""
    lines: list[int] = []
    line, pos = 1, 0
    for m in _UNDECODABLE.finditer(text):
        line += text.count("\n", pos, m.start())  # counted from the last match: linear in the text
        pos = m.start()
        if not lines or lines[-1] != line:
            lines.append(line)
    return lines


def encoding_problem(path: str, text: str) -> Problem | None:
    """The warning for a spec holding bytes that are not UTF-8: shown as U+FFFD, kept as
    they are (tightening writes them back; the editor refuses to save over them)."""
    lines = undecodable_lines(text)
    if not lines:
        return None
    more = f" (and {len(lines) - 1} more line{'s' if len(lines) > 2 else ''})" if len(lines) > 1 else ""
    return Problem(path, lines[0], f"bytes that are not UTF-8{more}, shown replaced (? or \ufffd); the file "
                                   "keeps them as they are (re-save it as UTF-8 to fix)")


def shown_text(text: str) -> str:
    """Spec text for a widget: a byte that is not UTF-8 as U+FFFD (Qt drops a lone surrogate)."""
    return _UNDECODABLE.sub("\ufffd", text)


def encode_spec_text(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")

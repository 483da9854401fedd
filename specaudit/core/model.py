"""The spec side of the data model: Spec, Clause, and parse diagnostics."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


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

    def by_key(self) -> dict[str, Clause]:
        return {c.key: c for c in self.clauses}


def decode_spec_bytes(raw: bytes) -> str:
    """Decode spec bytes losslessly; invalid UTF-8 survives as surrogate escapes."""
    return raw.decode("utf-8", "surrogateescape")


def encode_spec_text(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")

"""What evidence looks like: a proposal is a span of one file, with its reasons."""

from __future__ import annotations

from dataclasses import dataclass, field

# Evidence kinds. Explicit: a task, a commit, a citation in code, an identifier the clause
# names. From the code's own text: a definition whose name the clause explains, a literal
# (number, quoted string) of the clause, shared words. From the review: links accepted for
# a neighbouring clause. And a test beside its subject.
TASK, COMMIT, CITATION, IDENTIFIER, TEXT = "task", "commit", "citation", "identifier", "text"
DEFINITION, LITERAL, REVIEW, TESTED = "definition", "literal", "review", "test"


@dataclass(frozen=True)
class Evidence:
    kind: str
    source: str  # where it was read: "specs/x/tasks.md:70", "commit 3f2a1c0", "src/a.py:12"
    detail: str
    via: tuple[str, ...] = ()  # the clauses a parent's or child's evidence came through

    @property
    def said(self) -> str:
        """The detail as shown: ``4.2 names TodoInput (via 1.1, 1.2)``."""
        return f"{self.detail} (via {', '.join(self.via)})" if self.via else self.detail

    def to_json(self) -> dict:
        return {"kind": self.kind, "source": self.source, "detail": self.said}

    def __str__(self) -> str:
        return f"{self.source} {self.said}".strip()


def inherited(ev: Evidence, via: str) -> Evidence:
    """A parent's or child's evidence, saying whose."""
    return Evidence(ev.kind, ev.source, ev.detail, (via,))


def merged(evidence: list[Evidence]) -> list[Evidence]:
    """The same evidence inherited through several clauses, said once where it first
    stands: ``T012 names src/a.ts (via 1.1, 1.2, 1.3)``, not three rows."""
    out: list[Evidence] = []
    at: dict[tuple[str, str, str], int] = {}
    for ev in evidence:
        if not ev.via:
            out.append(ev)
            continue
        key = (ev.kind, ev.source, ev.detail)
        i = at.get(key)
        if i is None:
            at[key] = len(out)
            out.append(ev)
        else:
            vias = out[i].via + tuple(v for v in ev.via if v not in out[i].via)
            out[i] = Evidence(ev.kind, ev.source, ev.detail, vias)
    return out


@dataclass
class Proposal:
    """Lines ``first..last`` (1-based, inclusive) of ``path`` on ``side`` implement the clause."""

    path: str
    side: str
    first: int
    last: int
    score: float
    evidence: list[Evidence] = field(default_factory=list)
    weak: bool = False  # a guess for a clause with no evidence: text alone, below the abstain threshold

    def to_json(self) -> dict:
        return {"path": self.path, "side": self.side, "first": self.first, "last": self.last,
                "score": round(self.score, 4), "evidence": [e.to_json() for e in self.evidence]}


@dataclass(frozen=True)
class Commit:
    """One commit of the range: its message, per path the lines it added (read only for a
    commit whose message cites something), and every path it changed."""

    sha: str
    message: str
    added: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False, compare=False)
    paths: tuple[str, ...] = field(default=(), hash=False, compare=False)

    @property
    def subject(self) -> str:
        return self.message.strip().split("\n", 1)[0]


# What stands for the proposals of a clause with none, in `suggest` and the window: no
# evidence is a finding; a note beside the spec's requirements (``Spec.is_context``) is
# context, its words meeting code chance, so it gets no weak guesses either.
NO_EVIDENCE = "no evidence found in this change"
CONTEXT_NOTE = "a note beside the spec's requirements: context for the reader, not code to find"


@dataclass
class SuggestResult:
    proposals: dict[str, list[Proposal]]  # clause key -> best first; [] for a clause with no evidence
    notes: list = field(default_factory=list)  # core.findings.Finding (task list problems)
    # Clause key -> the weak guesses of a clause with no evidence (``Proposal.weak``), best first:
    # what its text alone points at, shown apart ("No evidence found in this change").
    weak: dict[str, list[Proposal]] = field(default_factory=dict)

"""Finding clause keys and task ids cited in free text: commit messages, code, tests.

Each citation style is folded to one canonical form so ``FR-003``, ``fr_003`` and
``FR3`` meet, ``US1/AC3``, ``US1-AS3`` and ``test_us1_ac3`` meet, and Kiro's
``Requirement 1.3``, ``Req 1.3``, ``要件 1.3`` and ``requirement_1_3`` meet. Bare numbers
are never read as clause keys (code is full of them); a Kiro task number counts only
when a commit subject starts with it ("14.2 Error handling") or it follows "Task".
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

_B = r"(?<![A-Za-z0-9])"
_FR = re.compile(_B + r"(FR|SC|NFR)[-_ ]?((?:[A-Z]{2,5}[-_])?)(\d+)([a-z]?)(?![0-9A-Za-z])", re.IGNORECASE)
_US = re.compile(_B + r"(?:US|User[ _-]?Story)[-_ ]?(\d+)(?:[-_/ .]?(?:AC|AS|Scenario)[-_ ]?(\d+))?(?![0-9])",
                 re.IGNORECASE)
_NUM = r"\d+(?:[._]\d+)*"
_REQ = re.compile(r"(?<![A-Za-z])(?:Requirements?|Reqs?\.?|要件)[\s:：#_-]*((?:" + _NUM + r")(?:\s*[,、/]\s*"
                  + _NUM + r")*)", re.IGNORECASE)
_TASK = re.compile(_B + r"T(\d{3,4}(?:\.\d+)?)(?![0-9A-Za-z])")
_KIRO_TASK = re.compile(r"(?:^|(?<![A-Za-z])(?:Task|タスク)[\s:#_-]*)(\d+(?:\.\d+)+|(?<=[k\s:#_-])\d+)(?![0-9])",
                        re.IGNORECASE)
# Every citation style starts with one of these (or is a generic key or a subject's number).
_ANY_RE = re.compile(r"(?<![A-Za-z0-9])(?:N?FR[-_ ]?(?:[A-Z]{2,5}[-_])?\d|SC[-_ ]?\d|US[-_ ]?\d|User[ _-]?Story[-_ ]?\d"
                  r"|Req\w*[\s:#_-]*\d|T\d{3}|Task[\s:#_-]*\d)|要件|タスク", re.IGNORECASE)
_ANY = _ANY_RE.search
_ANY_ITER = _ANY_RE.finditer
_SUBJECT_TASK = re.compile(r"^\s*(?:\[)?(\d+(?:\.\d+)+)(?:\])?[.:)]?\s")


def canonical(key: str) -> str | None:
    """The canonical citation form of a clause key, or None when it has none."""
    m = _FR.fullmatch(key)
    if m:
        return _fr(m)
    m = _US.fullmatch(key.replace("/", "-"))
    if m:
        return _us(m)
    if re.fullmatch(r"\d+(?:\.\d+)*", key):
        return "REQ" + key
    return None


def _fr(m: re.Match) -> str:
    return f"{m.group(1).upper()}-{m.group(2).upper().rstrip('-_')}{int(m.group(3))}{m.group(4).lower()}"


def _us(m: re.Match) -> str:
    return f"US{int(m.group(1))}" + (f"/AC{int(m.group(2))}" if m.group(2) else "")


@dataclass(frozen=True)
class Cite:
    key: str  # a clause key, or a task id when ``task`` is True
    surface: str  # the text as it appeared
    task: bool = False
    pos: int = 0


class KeyMatcher:
    """Cites of one spec's clauses (and its task lists' ids) in any text."""

    def __init__(self, clause_keys: Iterable[str], task_ids: Iterable[str] = ()) -> None:
        self.keys = list(clause_keys)
        self._canon: dict[str, str] = {}
        generic: list[str] = []
        for k in self.keys:
            c = canonical(k)
            if c is not None:
                self._canon.setdefault(c, k)
            elif len(k) >= 4 and re.search(r"[A-Za-z]", k) and re.search(r"[\d-]", k) and " " not in k:
                generic.append(k)
        # Keys of other formats ("behavior-2") are cited literally.
        self._generic = (re.compile(_B + "(" + "|".join(map(re.escape, sorted(generic, key=len, reverse=True)))
                                    + ")(?![0-9A-Za-z])") if generic else None)
        self.task_ids = set(task_ids)

    def candidate_lines(self, lines: list[str]) -> list[int]:
        """Indexes of the lines that may cite something: one C-level scan of the joined
        text instead of a regex per line."""
        text = "\n".join(lines)
        starts = [0]
        for ln in lines:
            starts.append(starts[-1] + len(ln) + 1)
        hits = {bisect_right(starts, m.start()) - 1 for m in _ANY_ITER(text)}
        if self._generic is not None:
            hits |= {bisect_right(starts, m.start()) - 1 for m in self._generic.finditer(text)}
        return sorted(hits)

    def clause_for(self, canon: str) -> str | None:
        return self._canon.get(canon)

    def cites(self, text: str, *, subject: bool = False) -> list[Cite]:
        """Clause keys and task ids cited in ``text``; ``subject`` also reads a leading
        task number ("14.2 Error handling")."""
        out: list[Cite] = []
        if not _ANY(text):  # one C-level scan rules out most lines of code
            if self._generic is None and not subject:
                return out
            text_has_prefix = False
        else:
            text_has_prefix = True
        if text_has_prefix:
            for m in _FR.finditer(text):
                k = self._canon.get(_fr(m))
                if k:
                    out.append(Cite(k, m.group(), pos=m.start()))
            for m in _US.finditer(text):
                k = self._canon.get(_us(m))
                if k:
                    out.append(Cite(k, m.group(), pos=m.start()))
        if text_has_prefix:
            for m in _REQ.finditer(text):
                for n in re.split(r"\s*[,、/]\s*", m.group(1)):
                    k = self._canon.get("REQ" + n.replace("_", "."))
                    if k:
                        out.append(Cite(k, m.group(), pos=m.start()))
        if self._generic is not None:
            out += [Cite(m.group(1), m.group(), pos=m.start()) for m in self._generic.finditer(text)]
        if self.task_ids:
            for m in _TASK.finditer(text) if text_has_prefix else ():
                tid = "T" + m.group(1)
                if tid in self.task_ids:
                    out.append(Cite(tid, m.group(), task=True, pos=m.start()))
            for m in _KIRO_TASK.finditer(text) if text_has_prefix else ():
                if m.start() == 0 and not subject:
                    continue
                if m.group(1) in self.task_ids:
                    out.append(Cite(m.group(1), m.group(), task=True, pos=m.start()))
            if subject:
                sm = _SUBJECT_TASK.match(text)
                if sm and sm.group(1) in self.task_ids:
                    out.append(Cite(sm.group(1), sm.group(1), task=True, pos=sm.start()))
        # First citation of each (key, task) wins; order is kept.
        seen: set[tuple[str, bool]] = set()
        unique: list[Cite] = []
        for c in out:
            if (c.key, c.task) not in seen:
                seen.add((c.key, c.task))
                unique.append(c)
        return unique


def matcher_for(spec, task_lists=()) -> KeyMatcher:
    """The matcher for a spec's clause keys and its task lists' task ids."""
    ids = {c.meta.get("number") or c.key.removeprefix("task-") for tl in task_lists for c in tl.clauses
           if c.kind == "task"}
    return KeyMatcher([c.key for c in spec.clauses], ids)

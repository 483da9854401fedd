"""Finding clause keys and task ids cited in free text: commit messages, code, tests.

The one matcher for citations (the evidence engine and the tests-per-clause map both use
it). Each citation style is folded to one canonical form so ``FR-003``, ``fr_003``,
``FR3`` and ``fr003Backoff`` meet, ``US1/AC3``, ``US1-AS3`` and ``test_us1_ac3`` meet,
and Kiro's ``Requirement 1.3``, ``Req 1.3``, ``要件 1.3`` and ``requirement_1_3`` meet.
Other keys ("behavior-2") are compared by their letter and number runs.

Bare numbers are never read as clause keys (code is full of them): a numeric key counts
after a cue word ("Requirement", "Validates", ...), and, in test text only (``dotted``),
in its dotted form anywhere ("1.3", not "1.3.2") or a test title's leading number
(``title``). A Kiro task number counts only when a commit subject starts with it
("14.2 Error handling") or it follows "Task".
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from specaudit.core.evidence.tokens import DERIVED, digest, lines_digest

_B = r"(?<![A-Za-z0-9])"
_FR = re.compile(_B + r"(FR|SC|NFR)[-_ ]?((?:[A-Z]{2,5}[-_])?)(\d+)([a-z]?)(?![0-9A-Za-z])", re.IGNORECASE)
_US = re.compile(_B + r"(?:US|User[ _-]?Story)[-_ ]?(\d+)(?:[-_/ .]?(?:AC|AS|Scenario)[-_ ]?(\d+))?(?![0-9])",
                 re.IGNORECASE)
_NUM = r"\d+(?:[._]\d+)*"
_CUE_WORDS = r"Requirements?|Reqs?\.?|要件|受け入れ基準|acceptance[ _]criteria|criteria|story|validates"
_REQ = re.compile(r"(?<![A-Za-z])(?:" + _CUE_WORDS + r")[\s:：#_-]*((?:" + _NUM
                  + r")(?:(?:\s*(?:[,、/&]|and)\s*|\s+)" + _NUM + r")*)", re.IGNORECASE)
_REQ_SPLIT = re.compile(r"\s*(?:[,、/&]|and)\s*|\s+", re.IGNORECASE)
_TASK = re.compile(_B + r"T(\d{3,4}(?:\.\d+)?)(?![0-9A-Za-z])")
# On one line: "each task\n3 tasks" (two comments of a test, joined) cites nothing.
_TASK_CUE = r"(?<![A-Za-z])(?:Task|タスク)"
_KIRO_TASK = re.compile(r"(?:^|" + _TASK_CUE + r"[ \t:#_-]*)(\d+(?:\.\d+)+|(?<=[k \t:#_-])\d+)(?![0-9])",
                        re.IGNORECASE)
_BARE_TASK_CUE = ("Task", "TASK", "タスク")  # a top-level task's bare number needs the word as a name: "Task 3"
# Every prefixed citation style starts with one of these (run-matched keys are found by
# their own first run; a subject's number and dotted numbers are checked separately).
# The lookahead names every alternative's first letter: the scan skips other positions at C
# speed instead of trying each alternative there (twice as fast over a change's code).
_ANY_RE = re.compile(r"(?=[nfsurtcav要タ受])(?:(?<![A-Za-z0-9])(?:N?FR[-_ ]?(?:[A-Z]{2,5}[-_])?\d|SC[-_ ]?\d|US[-_ ]?\d|User[ _-]?Story[-_ ]?\d"
                  r"|Req\w*[\s:#_-]*\d|T\d{3}|Task[\s:#_-]*\d|(?:acceptance[ _])?criteria|story|validates)"
                  r"|要件|タスク|受け入れ基準)", re.IGNORECASE)
_ANY = _ANY_RE.search
_ANY_ITER = _ANY_RE.finditer
# "Task 2.3" ends here: the number after it is a task's, not a Kiro clause key.
_TASK_CUE_END = re.compile(_TASK_CUE + r"[\s:#_-]*$", re.IGNORECASE)
_SUBJECT_TASK = re.compile(r"^\s*(?:\[)?(\d+(?:\.\d+)+)(?:\])?[.:)]?\s")
_NUMERIC_KEY = re.compile(r"\d+(?:\.\d+)*")
_DOTTED = re.compile(r"(?<![\d.])(\d+(?:\.\d+)+)(?![\d]|\.\d)")
_TITLE_NUMBER = re.compile(r"\s*(?:\[)?(\d+(?:\.\d+)*)\b")
_RUN = re.compile(r"[^\W\d_]+|\d+")
_SAME_RUN = {"as": "ac"}  # Spec Kit's acceptance scenarios are cited as AC or AS ("US1-AS2")


def canonical(key: str) -> str | None:
    """The canonical citation form of a clause key, or None when it has none."""
    m = _FR.fullmatch(key)
    if m:
        return _fr(m)
    m = _US.fullmatch(key.replace("/", "-"))
    if m:
        return _us(m)
    if _NUMERIC_KEY.fullmatch(key):
        return "REQ" + key
    return None


def _fr(m: re.Match) -> str:
    return f"{m.group(1).upper()}-{m.group(2).upper().rstrip('-_')}{int(m.group(3))}{m.group(4).lower()}"


def _us(m: re.Match) -> str:
    return f"US{int(m.group(1))}" + (f"/AC{int(m.group(2))}" if m.group(2) else "")


def runs(text: str) -> list[str]:
    """A text's letter and number runs, lower-cased, numbers without leading zeros."""
    return [s.lstrip("0") or "0" if s.isdigit() else _SAME_RUN.get(s, s) for s in _RUN.findall(text.lower())]


@dataclass(frozen=True)
class Cite:
    key: str  # a clause key, or a task id when ``task`` is True
    surface: str  # the text as it appeared
    task: bool = False
    pos: int = 0


def _lines_of(matches, starts: list[int]) -> set[int]:
    """Line indexes of matches found in order: once a line has a match, the scan jumps to
    the next line (a line of many words is looked up once, not once per word)."""
    out: set[int] = set()
    line_end = -1
    for m in matches:
        pos = m.start()
        if pos < line_end:
            continue
        i = bisect_right(starts, pos) - 1
        out.add(i)
        line_end = starts[i + 1] if i + 1 < len(starts) else len(starts)
    return out


class KeyMatcher:
    """Cites of one spec's clauses (and its task lists' ids) in any text."""

    def __init__(self, clause_keys: Iterable[str], task_ids: Iterable[str] = ()) -> None:
        self.keys = list(clause_keys)
        self._canon: dict[str, str] = {}
        self._numeric: set[str] = set()
        self._by_runs: dict[tuple[str, ...], str] = {}
        self._width = 1
        for k in self.keys:
            c = canonical(k)
            if c is not None:
                self._canon.setdefault(c, k)
            if _NUMERIC_KEY.fullmatch(k):
                self._numeric.add(k)
                continue
            rs = tuple(runs(k))
            if len(rs) < 2:
                continue  # a one-word key ("overview") would match ordinary prose
            self._by_runs.setdefault(rs, k)
            self._width = max(self._width, len(rs))
        # Where a run-matched key can start: its first run, whole (not inside a longer word
        # or number). Searching for these is much cheaper than cutting every text into runs.
        starts = {rs[0] for rs in self._by_runs}
        self._starts = tuple(sorted(starts))  # what the pattern finds, whatever the hash seed ordered
        words = sorted((s for s in starts if not s.isdigit()), key=len, reverse=True)
        numbers = sorted((s for s in starts if s.isdigit()), key=len, reverse=True)
        alts = []
        if words:
            alts.append(r"(?<![^\W\d_])(?:" + "|".join(map(re.escape, words)) + r")(?![^\W\d_])")
        if numbers:
            alts.append(r"(?<!\d)0*(?:" + "|".join(numbers) + r")(?!\d)")
        first = {w[0] for w in words} | ({"0"} | {n[0] for n in numbers} if numbers else set())
        self._start = (re.compile("(?=[" + re.escape("".join(sorted(first))) + "])(?:" + "|".join(alts) + ")",
                                  re.IGNORECASE) if alts else None)
        self.task_ids = set(task_ids)

    def candidate_lines(self, files: list[list[str]]) -> list[list[int]]:
        """For each file's lines, the indexes of those that may cite something: one C-level
        scan of the joined text instead of a regex per line, kept per (lines, patterns) in
        ``tokens.DERIVED`` (a change's files are scanned again for each spec, and by the
        next run), the change's files as one disk entry (not one per file)."""
        keys = [digest("candidate lines", _ANY_RE.pattern, self._starts, lines_digest(lines)) for lines in files]
        lines_of = dict(zip(keys, files, strict=True))
        got = DERIVED.fetch_all(keys, lambda key: self._candidate_lines(lines_of[key]))
        return [list(got[k]) for k in keys]

    def _candidate_lines(self, lines: list[str]) -> list[int]:
        text = "\n".join(lines)
        starts = [0]
        for ln in lines:
            starts.append(starts[-1] + len(ln) + 1)
        hits = _lines_of(_ANY_ITER(text), starts)
        if self._start is not None:
            hits |= _lines_of(self._start.finditer(text), starts)
        return sorted(hits)

    def cites(self, text: str, *, subject: bool = False, dotted: bool = False, title: bool = False) -> list[Cite]:
        """Clause keys and task ids cited in ``text``. ``subject`` also reads a leading
        task number ("14.2 Error handling"); ``dotted`` reads a numeric key's dotted form
        anywhere and ``title`` a leading numeric key (test text: ``it("1.3 waits")``)."""
        out: list[Cite] = []
        if _ANY(text):  # one C-level scan rules out most lines of code
            self._prefixed(text, subject, out)
        if self._start is not None:
            for m in self._start.finditer(text):
                seg = text[m.start():m.start() + 24 * self._width]
                rs = runs(seg)
                for w in range(min(self._width, len(rs)), 0, -1):
                    key = self._by_runs.get(tuple(rs[:w]))
                    if key is not None:
                        # as written, all of it: "EXP-2", not the "EXP" the scan started on
                        ends = [r.end() for r in _RUN.finditer(seg.lower())]
                        out.append(Cite(key, seg[:ends[w - 1]] if len(ends) >= w else m.group(), pos=m.start()))
                        break
        if self._numeric and (dotted or title):
            if title and (tm := _TITLE_NUMBER.match(text)) and tm.group(1) in self._numeric:
                out.append(Cite(tm.group(1), tm.group(1), pos=tm.start(1)))
            if "." in text:
                out += [Cite(m.group(1), m.group(1), pos=m.start()) for m in _DOTTED.finditer(text)
                        if m.group(1) in self._numeric and not _TASK_CUE_END.search(text, max(0, m.start() - 12),
                                                                                      m.start())]
        if subject and self.task_ids:
            sm = _SUBJECT_TASK.match(text)
            if sm and sm.group(1) in self.task_ids:
                out.append(Cite(sm.group(1), sm.group(1), task=True, pos=sm.start()))
        if len(out) < 2:
            return out
        # First citation of each (key, task) wins; order is kept.
        seen: set[tuple[str, bool]] = set()
        unique: list[Cite] = []
        for c in out:
            if (c.key, c.task) not in seen:
                seen.add((c.key, c.task))
                unique.append(c)
        return unique

    def _prefixed(self, text: str, subject: bool, out: list[Cite]) -> None:
        for m in _FR.finditer(text):
            if k := self._canon.get(_fr(m)):
                out.append(Cite(k, m.group(), pos=m.start()))
        for m in _US.finditer(text):
            if k := self._canon.get(_us(m)):
                out.append(Cite(k, m.group(), pos=m.start()))
        for m in _REQ.finditer(text):
            for n in _REQ_SPLIT.split(m.group(1)):
                if k := self._canon.get("REQ" + n.replace("_", ".")):
                    out.append(Cite(k, m.group(), pos=m.start()))
        if self.task_ids:
            for m in _TASK.finditer(text):
                tid = "T" + m.group(1)
                if tid in self.task_ids:
                    out.append(Cite(tid, m.group(), task=True, pos=m.start()))
            for m in _KIRO_TASK.finditer(text):
                if m.group() == m.group(1) and not subject:  # a bare number: a subject's only
                    continue
                if "." not in m.group(1) and not m.group().startswith(_BARE_TASK_CUE):
                    continue  # "every task 3 times"
                if m.group(1) in self.task_ids:
                    out.append(Cite(m.group(1), m.group(), task=True, pos=m.start()))

    def keys_in(self, text: str, *, dotted: bool = False, title: bool = False) -> set[str]:
        """The clause keys (not task ids) cited in ``text``."""
        return {c.key for c in self.cites(text, dotted=dotted, title=title) if not c.task} if text else set()


def matcher_for(spec, task_lists=()) -> KeyMatcher:
    """The matcher for a spec's clause keys and its task lists' task ids."""
    ids = {c.meta.get("number") or c.key.removeprefix("task-") for tl in task_lists for c in tl.clauses
           if c.kind == "task"}
    return KeyMatcher([c.key for c in spec.clauses], ids)

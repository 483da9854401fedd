"""The spans a proposal can point at: units of code.

A unit is a definition the change touches (a function, method, class, route handler,
test case, config entry; consecutive fields of one class count as one unit), holding the
changed lines that are its own (not a nested definition's). Lines no parser reads (HTML
markup, CSS, Markdown, YAML, a language without a grammar) form paragraph units: the
changed lines of one hunk between blank lines. Comments, import blocks, blank and
bracket-only lines belong to no unit, so no proposal is ever a comment, a TODO or an
import block alone.

Each unit carries its text as weighted terms: its name (the strongest), its signature,
doc comment and string literals, then the words of its own changed lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from specaudit.core.code import CLASS, CONFIG, FIELD, IMPL, TEST, TYPE, CodeFile, Definition
from specaudit.core.evidence.change import ChangeIndex, FileLines, todo_mark, todo_note
from specaudit.core.evidence.literals import UnitLiterals, canon, code_numbers
from specaudit.core.evidence.paths import TEST as TEST_ROLE
from specaudit.core.evidence.paths import is_drawing
from specaudit.core.evidence.terms import code_words, word_terms
from specaudit.core.evidence.tokens import DERIVED, bound, digest, distinct_terms, memo
from specaudit.settings import LIMITS

HUNK = "hunk"  # a paragraph of lines no parser reads
CONTAINERS = frozenset({CLASS, IMPL, TYPE})
NAME_WEIGHT = 3.0
HEADER_WEIGHT = 1.5  # signature, doc comment, string literals
BODY_WEIGHT = 1.0
COMMENT_WEIGHT = 1.0  # a comment's words, inside the definition it sits in
PARAGRAPH_MAX = 40  # a longer run of unparsed lines is cut into pieces this long
_TRIVIAL = re.compile(r"^[\s{}()\[\];,.:<>/]*$|^\s*</?\w*\s*>?\s*$")
# Comment-only lines in files no parser reads (HTML, CSS, YAML, shell, SQL, Markdown comments).
_COMMENT_LINE = re.compile(r"^\s*(<!--|-->|/\*|\*/|\*\s|\*$|//|#(?!\w*\s*[:=])|--\s)")
_HAS_DIGIT = re.compile(r"\d").search
_HEADER = re.compile(r"""^\s*(package\s+[\w.]+;?\s*$|['"]use (strict|client|server)['"];?\s*$)""")


@dataclass
class Unit:
    """A proposable span of one changed file. Read-only once ``UnitIndex`` has built it
    (its lists and dicts are kept for the next index of the same file; ``literals`` aside)."""

    uid: int
    path: str
    side: str
    kind: str  # a definition kind, or HUNK
    first: int  # the unit's span: the definition's (or the paragraph's) lines
    last: int
    lines: list[int]  # its own changed lines (evidence inside it lands here)
    name: str = ""
    qualified: str = ""
    definition: Definition | None = None
    terms: dict[str, float] = field(default_factory=dict)
    name_terms: frozenset[str] = frozenset()
    strings: list[tuple[str, int]] = field(default_factory=list)
    numbers: list[tuple[str, int]] = field(default_factory=list)
    identifiers: frozenset[str] = frozenset()  # names used inside (for tests beside their subject)
    literals: UnitLiterals | None = None  # ``strings`` and ``numbers`` as literals compare them, once

    @property
    def size(self) -> int:
        return self.last - self.first + 1

    def label(self) -> str:
        return f"{self.kind} `{self.qualified}`" if self.name else "lines"


class UnitIndex:
    """Units of a change, with lookups by file and by line."""

    def __init__(self, change: ChangeIndex, code: dict[str, CodeFile] | None = None) -> None:
        self.units: list[Unit] = []
        self.by_path: dict[str, list[Unit]] = {}
        self._line_unit: dict[str, dict[int, Unit]] = {}
        self.defined: dict[str, list[Unit]] = {}  # definition name -> units (source first)
        self._tests_by_name: dict[str, list[Unit]] | None = None
        code = code or {}
        bound()
        files = [(path, fl, code.get(path) if fl.side == "new" else None) for path, fl in change.files.items()]
        keys = {path: _units_key(fl, cf) for path, fl, cf in files}
        wanted = [k for k in keys.values() if k is not None]
        held = DERIVED.get_all(wanted)
        new: dict[bytes, list[tuple]] = {}
        for path, fl, cf in files:
            key = keys[path]
            plain = held.get(key) if key is not None else None
            if plain is not None:
                units = _from_plain(plain, fl, cf, len(self.units))
            else:
                units = _file_units(fl, cf, len(self.units))
                if key is not None:
                    new[key] = _to_plain(units, cf)
            self.units += units
            self.by_path[path] = units
            where: dict[int, Unit] = {}
            for u in units:
                for no in u.lines:
                    where[no] = u
            self._line_unit[path] = where
            for u in units:
                if u.name:
                    self.defined.setdefault(u.name, []).append(u)
        if new:
            DERIVED.put_all(wanted, {**held, **new})

    def tests_using(self, name: str, roles: dict[str, str]) -> list[Unit]:
        """Test cases that use ``name`` (built once, on first use)."""
        if self._tests_by_name is None:
            self._tests_by_name = {}
            for u in self.units:
                if u.kind == TEST and roles.get(u.path) == TEST_ROLE:
                    for ident in u.identifiers:
                        self._tests_by_name.setdefault(ident, []).append(u)
        return self._tests_by_name.get(name, [])

    def unit_at(self, path: str, line: int) -> Unit | None:
        """The unit holding changed line ``line``, else the smallest unit whose span holds it."""
        u = self._line_unit.get(path, {}).get(line)
        if u is not None:
            return u
        best = None
        for cand in self.by_path.get(path, ()):
            if cand.first <= line <= cand.last and (best is None or cand.size < best.size):
                best = cand
        return best


def _noise(text: str, cf: CodeFile | None, no: int) -> bool:
    """A line that says nothing alone: blank, brackets, a comment, an import."""
    kind = _text_noise(text)
    if kind == _ALWAYS:
        return True
    if cf is not None and cf.parsed(no):
        return cf.is_noise(no)
    return kind == _COMMENT_LIKE


_CONTENT, _ALWAYS, _COMMENT_LIKE = 0, 1, 2
_NOISE: dict[str, int] = memo()


def _text_noise(text: str) -> int:
    """What a line's text alone says (memoised: code repeats its lines): blank, brackets or
    a header line are always noise; a comment-like line is noise where no parser read it."""
    kind = _NOISE.get(text)
    if kind is None:
        if not text.strip() or _TRIVIAL.match(text) or _HEADER.match(text):
            kind = _ALWAYS
        elif _COMMENT_LINE.match(text) or todo_note(text):
            kind = _COMMENT_LIKE
        else:
            kind = _CONTENT
        _NOISE[text] = kind
    return kind


def _units_key(fl: FileLines, cf: CodeFile | None) -> bytes | None:
    """What a file's units are kept under in ``tokens.DERIVED`` (its changed lines and the
    blob its parse read), or None: a parse that does not say which blob it read
    (``CodeFile.source``) is not kept."""
    if cf is not None and not cf.source:
        return None
    return digest("units", fl.key(), cf.source if cf is not None else "", LIMITS.evidence_max_span_lines)


def _from_plain(plain: list[tuple], fl: FileLines, cf: CodeFile | None, start: int) -> list[Unit]:
    defs = cf.definitions if cf is not None else ()
    return [Unit(start + i, fl.path, fl.side, kind, first, last, list(lines), name, qualified,
                 defs[d] if d >= 0 else None, dict(terms), name_terms, list(strings), list(numbers), identifiers)
            for i, (kind, first, last, lines, name, qualified, d, terms, name_terms, strings, numbers, identifiers)
            in enumerate(plain)]


def _to_plain(units: list[Unit], cf: CodeFile | None) -> list[tuple]:
    # Shares the units' lists and dicts (no copy): a unit is read-only once built, and
    # ``_units_of`` copies them for each new index.
    index = {id(d): i for i, d in enumerate(cf.definitions)} if cf is not None else {}
    return [(u.kind, u.first, u.last, u.lines, u.name, u.qualified,
             index[id(u.definition)] if u.definition is not None else -1, u.terms, u.name_terms,
             u.strings, u.numbers, u.identifiers) for u in units]


def _file_units(fl: FileLines, cf: CodeFile | None, start: int) -> list[Unit]:
    text_of = fl.text_of()
    lines = [no for no, t in fl.lines if not _noise(t, cf, no)]
    units: list[Unit] = []
    loose: list[int] = []
    if cf is not None and cf.definitions:
        own: dict[int, list[int]] = {}  # index of the innermost definition -> its own lines
        said: dict[int, list[int]] = {}  # and its own comment lines (their words, never proposed)
        notes = set(_comment_lines(fl, cf))
        defs = list(cf.definitions)  # sorted by first line, outer before inner
        stack: list[int] = []
        j = 0
        for no in sorted(notes.union(lines)) if notes else lines:  # one sweep: the innermost is on top
            while j < len(defs) and defs[j].first <= no:
                while stack and defs[stack[-1]].last < defs[j].first:
                    stack.pop()
                stack.append(j)
                j += 1
            while stack and defs[stack[-1]].last < no:
                stack.pop()
            if no in notes:
                if stack:
                    said.setdefault(stack[-1], []).append(no)
            elif stack and cf.parsed(no):
                own.setdefault(stack[-1], []).append(no)
            else:
                loose.append(no)
        units += _definition_units(fl, defs, own, text_of, start, said)
    else:
        loose = lines
    units += _paragraph_units(fl, loose, text_of, start + len(units))
    units = _fold_containers(units)
    units.sort(key=lambda u: (u.first, u.last))
    for i, u in enumerate(units):
        u.uid = start + i
    return units


_LINE_NUMBERS: dict[str, tuple[str, ...]] = memo()


def _line_numbers(text: str) -> tuple[str, ...]:
    got = _LINE_NUMBERS.get(text)
    if got is None:
        got = _LINE_NUMBERS[text] = tuple(code_numbers(text)) if _HAS_DIGIT(text) else ()
    return got


def _fold_containers(units: list[Unit]) -> list[Unit]:
    """A class, impl or type too long to propose whole, whose own changed lines are only
    its header and doc comment, is no unit when members of it are: its name lends its
    words to them instead (a method ``reconcile`` of ``BankReconciliationService`` is
    about bank reconciliation)."""
    out = []
    ordered = sorted(units, key=lambda v: (v.first, -v.last))
    for i, u in enumerate(ordered):
        d = u.definition
        if d is None or u.kind not in CONTAINERS or u.size <= LIMITS.evidence_max_span_lines:
            out.append(u)
            continue
        inner = []
        for v in ordered[i + 1:]:
            if v.first > u.last:
                break
            if v.last <= u.last:
                inner.append(v)
        if inner and all(_header_line(d, no) for no in u.lines):
            for v in inner:
                for t in u.name_terms:
                    if v.terms.get(t, 0.0) < HEADER_WEIGHT:
                        v.terms[t] = HEADER_WEIGHT
            continue
        out.append(u)
    return out


def _header_line(d: Definition, no: int) -> bool:
    a, b = d.signature_lines
    if a <= no <= b:
        return True
    return d.doc_lines is not None and d.doc_lines[0] <= no <= d.doc_lines[1] or (
        d.body is not None and bool(d.body.statements) and d.body.statements[0].first <= no <= d.body.statements[0].last
        and d.body.statements[0].kind == "expression_statement" and d.doc != "")


def _comment_lines(fl: FileLines, cf: CodeFile) -> list[int]:
    """Changed lines holding only a comment, not a TODO: what the code says it does, in the
    team's own words (a Japanese comment is often the one bridge from a Japanese clause)."""
    if not cf.comment_only:
        return []
    return [no for no, t in fl.lines if cf.is_comment(no) and cf.parsed(no) and not todo_mark(t)]


def _definition_units(fl: FileLines, defs: list[Definition], own: dict[int, list[int]],
                      text_of: dict[int, str], start: int, said: dict[int, list[int]]) -> list[Unit]:
    out: list[Unit] = []
    group: list[int] = []  # consecutive fields/config entries of one parent, as one unit

    def flush() -> None:
        if not group:
            return
        ds = [defs[i] for i in group]
        own_lines = sorted(no for i in group for no in own[i])
        if len(ds) == 1:
            out.append(_definition_unit(fl, ds[0], own_lines, text_of))
        else:
            u = _definition_unit(fl, ds[0], own_lines, text_of)
            u.first, u.last = ds[0].first, ds[-1].last
            u.name = ds[0].parent.rsplit(".", 1)[-1] if ds[0].parent else ds[0].name
            u.qualified = _group_label(ds)
            for d in ds[1:]:
                _add_header_terms(u, d)
                u.strings += d.strings
                u.numbers += [(canon(n) or n, line) for n, line in d.numbers]
            u.name_terms = frozenset(t for d in ds for t in word_terms(d.name))
            for t in u.name_terms:
                u.terms[t] = max(u.terms.get(t, 0.0), NAME_WEIGHT)
            out.append(u)
        group.clear()

    for i in sorted(own):
        d = defs[i]
        if d.kind in (FIELD, CONFIG):
            if group:
                prev = defs[group[-1]]
                if prev.parent != d.parent or d.first - prev.last > 2:
                    flush()
            group.append(i)
            continue
        flush()
        u = _definition_unit(fl, d, own[i], text_of)
        for t in distinct_terms(text_of.get(no, "") for no in said.get(i, ())):
            if t not in u.terms:
                u.terms[t] = COMMENT_WEIGHT
        out.append(u)
    flush()
    return out


def _group_label(ds: list[Definition]) -> str:
    """What the reviewer reads for consecutive entries: their names (``ThemeContext,
    STORAGE_KEY``; ``Payment.{amount, payment_date, value_date}``), not the first one's alone."""
    names = [d.name for d in ds] if len(ds) <= 5 else [d.name for d in ds[:4]] + [f"... {len(ds) - 4} more"]
    return f"{ds[0].parent}.{{{', '.join(names)}}}" if ds[0].parent else ", ".join(names)


def _definition_unit(fl: FileLines, d: Definition, own_lines: list[int], text_of: dict[int, str]) -> Unit:
    u = Unit(0, fl.path, fl.side, d.kind, d.first, d.last, own_lines, d.name, d.qualified, d)
    u.name_terms = frozenset(_name_terms(d))
    for t in u.name_terms:
        u.terms[t] = NAME_WEIGHT
    _add_header_terms(u, d)
    body = dict.fromkeys(distinct_terms(text_of.get(no, "") for no in own_lines), BODY_WEIGHT)
    u.terms = body | u.terms  # the name's and header's weights win
    u.strings = list(d.strings)
    u.numbers = [(canon(n) or n, line) for n, line in d.numbers]
    u.identifiers = frozenset(d.identifiers)
    return u


def _name_terms(d: Definition) -> list[str]:
    out = list(word_terms(d.name)) if d.name.isidentifier() or "_" in d.name else []
    if not out:  # a test title or a route: its words
        out = [t for w in code_words(d.name) for t in word_terms(w)]
    return out


def _add_header_terms(u: Unit, d: Definition) -> None:
    terms = u.terms
    for t in distinct_terms((d.signature, d.doc, *(s for s, _ln in d.strings))):
        if terms.get(t, 0.0) < HEADER_WEIGHT:
            terms[t] = HEADER_WEIGHT


def _paragraph_units(fl: FileLines, lines: list[int], text_of: dict[int, str], start: int) -> list[Unit]:
    """Runs of changed lines, cut at blank lines, hunk borders and PARAGRAPH_MAX lines."""
    out: list[Unit] = []
    run: list[int] = []
    drawing = is_drawing(fl.path)

    def flush() -> None:
        if run:
            u = Unit(0, fl.path, fl.side, HUNK, run[0], run[-1], list(run))
            terms = distinct_terms(text_of[no] for no in run)
            u.terms = dict.fromkeys((t for t in terms if not t.isdigit()) if drawing else terms, BODY_WEIGHT)
            u.strings = [(text_of[no].strip(), no) for no in run]
            u.numbers = [] if drawing else [(n, no) for no in run for n in _line_numbers(text_of[no])]
            out.append(u)
            run.clear()

    prev = None
    for no in lines:
        if prev is not None and (not _no_blank_between(text_of, prev, no) or fl.hunk_of(no) != fl.hunk_of(prev)
                                 or no - run[0] >= PARAGRAPH_MAX):
            flush()
        run.append(no)
        prev = no
    flush()
    return out


def _no_blank_between(text_of: dict[int, str], a: int, b: int) -> bool:
    # Noise lines between two kept lines (a closing tag, a comment) do not end a paragraph;
    # a blank line (or an unchanged one) does.
    return all(text_of.get(n, "").strip() for n in range(a + 1, b))

"""What the code-structure parser returns: one file's definitions, with their text parts.

Lines are 1-based and inclusive, counted by ``\\n`` as git counts them. Every text field
is decoded from the file's bytes (UTF-8, invalid bytes replaced) and is untrusted: show it
escaped.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

# Definition kinds. A "route" is a request handler bound to a path (a decorated view, an
# Express/Go/axum registration); "test" a test case or suite (``def test_x``, ``it("...")``,
# ``func TestX``, ``#[test]``, ``@Test``, ``t.Run("...")``); "config" a named value at module
# level (``MAX_RETRIES = 5``, ``const TIMEOUT = ...``); "field" one in a class body.
FUNCTION, METHOD, CLASS, TYPE, IMPL, ROUTE, TEST, CONFIG, FIELD = (
    "function", "method", "class", "type", "impl", "route", "test", "config", "field")
KINDS = (FUNCTION, METHOD, CLASS, TYPE, IMPL, ROUTE, TEST, CONFIG, FIELD)
CALLABLE_KINDS = frozenset({FUNCTION, METHOD, ROUTE, TEST})

Span = tuple[int, int]  # (first line, last line), 1-based, inclusive


@dataclass(frozen=True, slots=True)
class Statement:
    """One statement (or member, for a class body) directly inside a body.

    ``kind`` is the grammar's node type (``pass_statement``, ``return_statement``,
    ``expression_statement``, ``comment``, ``macro_invocation``...); ``text`` its source,
    at most ``STATEMENT_TEXT`` characters."""

    kind: str
    first: int
    last: int
    text: str


STATEMENT_TEXT = 200
# The comment node types of every grammar read (a doc comment, a comment-only body).
COMMENT_TYPES = frozenset({"comment", "line_comment", "block_comment", "multiline_comment"})


@dataclass(frozen=True, slots=True)
class Body:
    """The body node of a definition (a function's block, a class's member list) and the
    statements directly inside it, comments included, in source order."""

    first: int
    last: int
    statements: tuple[Statement, ...]


@dataclass(frozen=True, slots=True)
class Definition:
    """A unit of code: a function, method, class, type, impl block, route handler, test
    case, config entry or class field.

    - ``first..last``: the whole definition, decorators, attributes, annotations and an
      ``export`` included; the doc comment above it is not (``doc_lines``).
    - ``signature``: the header up to the body, whitespace folded (``def f(a: int) -> int:``).
    - ``doc``: the docstring or the doc comment right above, comment markers kept.
    - ``strings``: string literals (and JSX text) inside the definition, decorators
      included, as (text without quotes, line); ``numbers`` likewise for numeric literals.
    - ``identifiers``: distinct names used inside it (its own name's defining occurrence
      left out), in order of first use.
    - ``placeholder``: the body only stands in for code to come: only ``pass`` / ``...``,
      a not-implemented raise/throw/panic, ``todo!()`` / ``unimplemented!()`` (comments
      aside), or only comments, one saying TODO / not implemented. An empty body is not
      one by itself (a no-op callback): ``body.statements`` is then empty. Only callables
      (functions, methods, routes, tests) are ever placeholders.
    - ``parent``: the qualified name of the enclosing definition ("" at top level).
    - ``route``: "GET /api/todos" for a route handler, else "".
    """

    name: str
    qualified: str
    kind: str
    language: str
    first: int
    last: int
    signature: str
    signature_lines: Span
    doc: str = ""
    doc_lines: Span | None = None
    body: Body | None = None
    strings: tuple[tuple[str, int], ...] = ()
    numbers: tuple[tuple[str, int], ...] = ()
    identifiers: tuple[str, ...] = ()
    placeholder: bool = False
    parent: str = ""
    route: str = ""
    decorators: tuple[str, ...] = ()

    @property
    def span(self) -> Span:
        return self.first, self.last

    def contains(self, line: int) -> bool:
        return self.first <= line <= self.last


@dataclass(frozen=True)
class CodeFile:
    """Everything the parser read from one file.

    ``references``: every identifier used in the file -> the lines it is used on (a
    definition's own name where it is defined is not a use). ``comments``: the lines
    holding a comment (stub and deferral notes are read there); ``comment_only`` (those
    holding nothing else) and ``imports`` are what is never proposed alone;
    ``has_error``: the grammar could not read part of the file (what it read is kept).
    An HTML, Vue or Svelte file has ``language`` "html" and its inline scripts parsed."""

    path: str
    language: str
    line_count: int
    definitions: tuple[Definition, ...]
    references: dict[str, tuple[int, ...]] = field(default_factory=dict)
    comments: tuple[Span, ...] = ()
    imports: tuple[Span, ...] = ()
    has_error: bool = False
    regions: tuple[Span, ...] = ()  # only these lines were parsed (an HTML file's scripts); () = all
    comment_only: tuple[Span, ...] = ()  # lines holding a comment and nothing else
    # Which blob this is a parse of ("path\0blob id", set by the app's cache; "" unknown):
    # what is derived from a parse is kept per source (core/evidence/units).
    source: str = field(default="", compare=False)

    def parsed(self, line: int) -> bool:
        """The parser read this line (always, except outside an HTML file's scripts)."""
        return not self.regions or any(a <= line <= b for a, b in self.regions)

    def innermost(self, line: int) -> Definition | None:
        """The smallest definition containing ``line``, or None."""
        best: Definition | None = None
        for d in self.definitions:
            if d.first > line:
                break
            if d.last >= line and (best is None or d.last - d.first < best.last - best.first):
                best = d
        return best

    def covering(self, first: int, last: int) -> list[Definition]:
        """The definitions overlapping lines ``first..last``, outermost first."""
        return [d for d in self.definitions if d.first <= last and d.last >= first]

    def is_comment(self, line: int) -> bool:
        """The line holds a comment and nothing else."""
        return _in_spans(self.comment_only, line)

    def is_noise(self, line: int) -> bool:
        """The line holds only a comment, or is inside an import block (a line of code
        with a comment after it is code: ``MAX_RETRIES = 3  # FR-002``)."""
        return _in_spans(self.comment_only, line) or _in_spans(self.imports, line)


def _in_spans(spans: tuple[Span, ...], line: int) -> bool:
    i = bisect_right(spans, (line, 1 << 30)) - 1
    return i >= 0 and spans[i][0] <= line <= spans[i][1]

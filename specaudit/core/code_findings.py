"""Findings from the code a change adds, read with the parser, never run (docs/findings.md).

- ``unwired-code``: a function or method the change defines that no product code at the
  target references (its own body, tests and examples do not count). Entry points are not
  unwired: ``main``/``init``, handlers registered by a decorator or attribute, trait and
  interface implementations, framework hooks of an outside base class, framework entry
  files (Next.js pages, layouts and route handlers), a default export some module imports.
- ``stub-code``: a definition the change adds whose body is a placeholder (``todo!()``,
  ``raise NotImplementedError``, ``pass``/``...`` alone, ``throw new Error("not
  implemented")``), or only sleeps or only returns a constant beside a TODO, FIXME, "for
  now" or "not yet" comment.

``phantom-task`` lives in ``core/phantom_tasks.py``. Pure: parsed files (``core.code``)
and the change's added lines in, findings out; the caller reads git (app/check/code_checks.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from specaudit.core.code import (
    CLASS,
    COMMENT_TYPES,
    CONFIG,
    FUNCTION,
    IMPL,
    METHOD,
    ROUTE,
    TEST,
    TYPE,
    CodeFile,
    Definition,
)
from specaudit.core.evidence.paths import CONFIG as CONFIG_ROLE
from specaudit.core.evidence.paths import FIXTURE, GENERATED, SOURCE, path_role
from specaudit.core.evidence.paths import TEST as TEST_ROLE
from specaudit.core.findings import STUB_CODE, UNWIRED_CODE, Evidence, Finding

PRODUCT, TESTS = "product", "tests"
Spans = dict[str, list[tuple[int, int]]]
# (spec, clause, how) for a definition of a file, or None: see app/code_checks.attribution.
ClauseOf = Callable[[str, Definition], "tuple[str, str, str] | None"]
# Whether a subclass somewhere in the repository defines the same method.
Overridden = Callable[["Source", Definition], bool]

_EXAMPLE = re.compile(r"(^|/)(examples?|samples?|demos?|stories|\.storybook|storybook)/|\.stories\.\w+$"
                      r"|[-_.]examples?\.\w+$|(^|/)examples?[-_.][^/]*$", re.I)
# Test runner setup files: their mocks are tests, not product code.
_TEST_SETUP = re.compile(r"(^|/)(jest|vitest|playwright)\.(setup|config)\.\w+$|(^|/)setup-?tests?\.\w+$"
                         r"|(^|/)test-setup\.\w+$|(^|/)test[-_]?(utils?|helpers?|support)/", re.I)
_JS = frozenset({"javascript", "typescript", "tsx"})


def file_role(path: str) -> str | None:
    """PRODUCT: code whose references count; TESTS: tests, fixtures and examples (their
    references do not wire anything); None: neither (docs, lock files)."""
    role = path_role(path)
    if role in (FIXTURE, TEST_ROLE) or _EXAMPLE.search(path) or _TEST_SETUP.search(path):
        return TESTS
    if role in (SOURCE, CONFIG_ROLE, GENERATED):
        return PRODUCT
    return None


@dataclass
class Source:
    """One parsed file at the target: its structure and its text (for quotes)."""

    path: str
    code: CodeFile
    text: str
    role: str | None = None
    _lines: list[str] | None = field(default=None, repr=False)
    _by_name: dict[str, Definition] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.role is None:
            self.role = file_role(self.path)

    def line(self, n: int) -> str:
        if self._lines is None:
            self._lines = self.text.split("\n")
        return self._lines[n - 1] if 0 < n <= len(self._lines) else ""

    def definition(self, qualified: str) -> Definition | None:
        if self._by_name is None:
            self._by_name = {}
            for d in self.code.definitions:
                self._by_name.setdefault(d.qualified, d)
        return self._by_name.get(qualified)

    def ancestors(self, d: Definition) -> list[Definition]:
        out, seen = [], set()
        parent = d.parent
        while parent and parent not in seen:
            seen.add(parent)
            p = self.definition(parent)
            if p is None:
                break
            out.append(p)
            parent = p.parent
        return out


def added(spans: list[tuple[int, int]], line: int) -> bool:
    return any(a <= line <= b for a, b in spans)


def added_callables(src: Source, spans: list[tuple[int, int]], kinds=(FUNCTION, METHOD, ROUTE)) -> list[Definition]:
    """Callables whose header the change added (new, not merely edited), outside tests."""
    out = []
    for d in src.code.definitions:
        if d.kind not in kinds or not added(spans, d.signature_lines[0]):
            continue
        if any(a.kind == TEST for a in src.ancestors(d)):
            continue
        out.append(d)
    return out


# -- entry points ----------------------------------------------------------------------
# Decorators and attributes that wrap a function without registering it anywhere.
_PLAIN_DECORATORS = frozenset({
    "staticmethod", "classmethod", "property", "setter", "getter", "deleter", "cached_property", "wraps",
    "lru_cache", "cache", "abstractmethod", "override", "overload", "final", "contextmanager",
    "asynccontextmanager", "total_ordering", "singledispatch", "functools", "typing",
    # Rust attributes that do not make a function reachable
    "allow", "warn", "deny", "expect", "inline", "must_use", "doc", "deprecated", "cold", "track_caller",
    "rustfmt", "clippy", "instrument",
    # Java annotations that say nothing about a caller
    "Deprecated", "SuppressWarnings", "Nullable", "NonNull", "SafeVarargs",
})
_DECORATOR_NAME = re.compile(r"^[@#!\[\s]*([\w.:]+)")
_ENTRY_NAMES = frozenset({"main", "__main__", "constructor"})
# Hooks a framework or the language calls by name on a class or module.
_HOOKS = frozenset({
    # React class components, custom elements, Angular, Vue options
    "render", "componentDidMount", "componentDidUpdate", "componentWillUnmount", "shouldComponentUpdate",
    "getDerivedStateFromProps", "getSnapshotBeforeUpdate", "componentDidCatch", "getDerivedStateFromError",
    "connectedCallback", "disconnectedCallback", "attributeChangedCallback", "adoptedCallback",
    "ngOnInit", "ngOnDestroy", "ngOnChanges", "ngAfterViewInit", "toJSON", "toString", "valueOf",
    # Go interfaces of the standard library
    "String", "Error", "GoString", "Format", "ServeHTTP", "MarshalJSON", "UnmarshalJSON", "MarshalText",
    "UnmarshalText", "MarshalYAML", "UnmarshalYAML", "Scan", "Value", "Read", "Write", "Close", "Len",
    "Less", "Swap", "Unwrap", "Is", "As", "Seek", "ReadFrom", "WriteTo", "Handle", "TableName",
    # GORM's model hooks (Go)
    "BeforeCreate", "AfterCreate", "BeforeSave", "AfterSave", "BeforeUpdate", "AfterUpdate", "BeforeDelete",
    "AfterDelete", "AfterFind",
})
# Functions a tool calls by convention in a file it owns.
_FILE_HOOKS = (
    (re.compile(r"(^|/)(migrations|alembic)/"), frozenset({"upgrade", "downgrade"})),
    (re.compile(r"(^|/)conftest\.py$"), None),
    (re.compile(r"(^|/)(src/)?(middleware|instrumentation|proxy)\.(ts|js|mjs)$"), None),
)
# Next.js (app and pages routers) and similar file-system routed frameworks: what a file
# there exports is called by the framework.
_ROUTED_FILE = re.compile(
    r"(^|/)app/(.*/)?(page|layout|template|loading|error|global-error|not-found|default|route|head|"
    r"opengraph-image|twitter-image|icon|apple-icon|sitemap|robots|manifest)\.(tsx|ts|jsx|js|mjs)$"
    r"|(^|/)pages/.+\.(tsx|ts|jsx|js|mjs)$|(^|/)src/routes/.+\+(page|layout|server)\.(ts|js)$")
_NEXT_EXPORTS = frozenset({"getServerSideProps", "getStaticProps", "getStaticPaths", "generateMetadata",
                           "generateStaticParams", "generateViewport", "middleware", "register"})
_BASES = re.compile(r"^\s*(?:export\s+)?(?:default\s+)?(?:abstract\s+)?class\s+\w+\s*(?:<[^>]*>)?\s*(.*)$", re.S)
_OUTSIDE_BASES_IGNORED = frozenset({"object", "ABC", "Generic", "Exception", "BaseException", "Enum",
                                    "IntEnum", "StrEnum", "NamedTuple", "TypedDict"})


def _decorator_names(d: Definition) -> list[str]:
    out = []
    for dec in d.decorators:
        m = _DECORATOR_NAME.match(dec)
        if m:
            out.append(m.group(1).replace("::", ".").split(".")[-1])
    return out


def bases(cls: Definition) -> list[str]:
    """Base classes and interfaces named in a class header (Python, TS/JS, Java)."""
    m = _BASES.match(cls.signature)
    if not m:
        return []
    rest = m.group(1)
    if rest.startswith("("):  # Python: class X(Base, metaclass=M):
        rest = rest[1:rest.rfind(")")] if ")" in rest else rest[1:]
        names = [p.split("=")[0].strip() for p in rest.split(",") if "=" not in p]
    else:  # extends A implements B, C {
        rest = re.sub(r"\b(extends|implements)\b", ",", rest.split("{")[0])
        names = [p.strip() for p in rest.split(",")]
    return [n.split("[")[0].split("<")[0].split(".")[-1].strip() for n in names if n.strip()]


@dataclass(frozen=True)
class RepoFacts:
    """What entry-point rules need to know about the whole repository at the target."""

    classes: frozenset[str] = frozenset()  # class, struct and interface names defined in it
    # Python modules' ``__all__`` (module path -> the names it lists), where one is set.
    exports: Mapping[str, frozenset[str]] = field(default_factory=dict)


_ALL = re.compile(r"^__all__\s*(?::[^=\n]*)?\+?=\s*[\[(]([^\])]*)[\])]", re.M)
_QUOTED = re.compile(r"""["']([A-Za-z_]\w*)["']""")


def all_names(text: str) -> frozenset[str]:
    """The names a Python module's ``__all__`` lists (assigned or extended at top level)."""
    return frozenset(n for m in _ALL.finditer(text) for n in _QUOTED.findall(m.group(1)))


def exported_by_all(d: Definition, src: Source, exports: Mapping[str, frozenset[str]]) -> str | None:
    """The module whose ``__all__`` lists top-level ``d``: its own, or an ``__init__.py``
    of a package it is in (the package's declared API)."""
    if d.language != "python" or d.parent:
        return None
    if d.name in exports.get(src.path, ()):
        return src.path
    parts = src.path.split("/")[:-1]
    while parts:
        init = "/".join(parts) + "/__init__.py"
        if d.name in exports.get(init, ()):
            return init
        parts.pop()
    return None


def entry_point(d: Definition, src: Source, facts: RepoFacts) -> str | None:
    """Why ``d`` is called by something other than the code (None: it is not an entry point)."""
    name = d.name
    if name in _ENTRY_NAMES or (name == "init" and d.language == "go") or \
            (name.startswith("__") and name.endswith("__")):
        return f"`{name}` is an entry point"
    if listed := exported_by_all(d, src, facts.exports):
        return f"exported: listed in {listed}'s __all__"
    decorators = [n for n in _decorator_names(d) if n not in _PLAIN_DECORATORS]
    if decorators:
        return f"registered by @{decorators[0]}"
    if d.kind == ROUTE:
        return f"route handler {d.route}"
    for pattern, names in _FILE_HOOKS:
        if pattern.search(src.path) and (names is None or name in names):
            return "called by its tool by convention"
    if _ROUTED_FILE.search(src.path) and not d.parent and _exported(d, src):
        return "exported from a framework-routed file"
    if name in _NEXT_EXPORTS and _exported(d, src):
        return "a framework hook"
    parents = src.ancestors(d)
    owner = parents[0] if parents else None
    if owner is not None and owner.kind == IMPL and re.match(r"^(unsafe\s+)?impl\b.*\bfor\b", owner.signature):
        return "implements a trait"
    if d.language in _JS and d.kind == METHOD and (owner is None or owner.kind not in (CLASS, TYPE, IMPL, CONFIG)):
        return "a property of an object literal handed to a call (its receiver calls it)"
    if d.kind == METHOD and name in _HOOKS:
        return "a hook the framework or language calls by name"
    if owner is not None and owner.kind in (CLASS, TYPE):
        outside = [b for b in bases(owner) if b not in facts.classes and b not in _OUTSIDE_BASES_IGNORED]
        if outside:
            return f"overrides a method of {outside[0]}, defined outside the repository"
    return None


def _exported(d: Definition, src: Source) -> bool:
    return src.line(d.first).lstrip().startswith("export") or src.line(d.signature_lines[0]).lstrip().startswith("export")


def default_export_stem(d: Definition, src: Source) -> str | None:
    """The module name others import a default export by (``Foo`` for ``Foo.tsx``, the
    folder for an ``index`` file), when ``d`` is one."""
    if "export default" not in src.line(d.first) and "export default" not in src.line(d.signature_lines[0]):
        return None
    parts = src.path.rsplit("/", 2)
    stem = parts[-1].split(".", 1)[0]
    if stem == "index" and len(parts) > 1:
        stem = parts[-2]
    return stem


def object_member_owner(d: Definition, src: Source) -> Definition | None:
    """The top-level object literal a JS/TS method is a property of (``const api = {put() {}}``)."""
    owner = src.ancestors(d)[:1]
    return owner[0] if d.language in _JS and d.kind == METHOD and owner and owner[0].kind == CONFIG else None


def passed_whole(name: str, text: str, skip: tuple[int, int] | None = None) -> bool:
    """``name`` is used in ``text`` other than through a member (``<X components={name}>``,
    ``export default name``): whoever receives the object may call any of its methods."""
    for m in re.finditer(r"(?<![\w$.])" + re.escape(name) + r"(?![\w$])(?!\s*(?:\?\.|\.|\[|=(?!=)|:))", text):
        line = text.count("\n", 0, m.start()) + 1
        if skip is None or not skip[0] <= line <= skip[1]:
            return True
    return False


def module_imported(stem: str, text: str) -> bool:
    """``text`` imports a module whose last path part is ``stem`` (a module specifier)."""
    return re.search(r"""(?:from|import|require)\s*\(?\s*["'](?:[^"'\n]*/)?""" + re.escape(stem)
                     + r"""(?:\.[cm]?[jt]sx?)?(?:/index(?:\.[jt]sx?)?)?["']""", text) is not None


# -- unwired ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Candidate:
    src: Source
    d: Definition


# Languages whose frameworks reach methods by name, not by a call the parser sees: Rails
# routes (`to: "refunds#create"`) and callbacks (`before_action :authenticate`), Laravel
# routes (`[RefundController::class, 'store']`), ASP.NET's conventional routing and
# dependency injection. "Referenced nowhere" would be said of every controller action.
# (Kotlin's and Swift's callbacks are methods of a framework's subclass or carry an
# attribute, `@IBAction`, which entry_point reads.)
_CALLED_BY_NAME = frozenset({"ruby", "php", "csharp"})


def unwired_candidates(changed: dict[str, Source], spans: Spans, facts: RepoFacts) -> list[Candidate]:
    """Functions and methods the change adds to product code that are not entry points
    (none in a language whose frameworks call methods by name: ``_CALLED_BY_NAME``)."""
    out = []
    for path, src in changed.items():
        if src.role != PRODUCT or path_role(path) != SOURCE or src.code.language in _CALLED_BY_NAME:
            continue
        for d in added_callables(src, spans.get(path, []), kinds=(FUNCTION, METHOD)):
            if entry_point(d, src, facts) is None:
                out.append(Candidate(src, d))
    return out


def references(name: str, files: Iterable[Source], skip: Candidate | None = None,
               limit: int = 1) -> list[tuple[str, int]]:
    """(path, line) where ``name`` is used in ``files``, leaving out the candidate's own
    lines (a recursive call does not wire a function)."""
    out = []
    for src in files:
        for line in src.code.references.get(name, ()):
            if skip is not None and src.path == skip.src.path and skip.d.first <= line <= skip.d.last:
                continue
            out.append((src.path, line))
            if len(out) >= limit:
                return out
    return out


def unwired_finding(c: Candidate, test_refs: list[tuple[str, int]], clause: tuple[str, str, str] | None) -> Finding:
    d, src = c.d, c.src
    what = "method" if d.kind == METHOD else "function"
    where = "only by tests" if test_refs else "nowhere"
    ev = [Evidence("defined", src.path, d.signature_lines[0], src.line(d.signature_lines[0]).strip())]
    ev += [Evidence("referenced from tests only", p, ln) for p, ln in test_refs]
    if not test_refs:
        ev.append(Evidence("referenced nowhere in product code at the target"))
    if clause:
        ev.append(Evidence(f"{clause[2]} for {clause[1]}"))
    return Finding(UNWIRED_CODE, f"{what} `{d.qualified}` is added but referenced {where} in the repository"
                   + _placed(clause),
                   spec=clause[0] if clause else None, clause=clause[1] if clause else None,
                   path=src.path, line=d.signature_lines[0], end_line=d.last, evidence=tuple(ev))


def _placed(clause: tuple[str, str, str] | None) -> str:
    """How the finding's clause was found, said in its message: ``(linked to FR-001)``,
    ``(proposed #2 for US1)``, ``(task T004 for FR-002)``."""
    if clause is None:
        return ""
    return f" (linked to {clause[1]})" if clause[2] == "linked" else f" ({clause[2]} for {clause[1]})"


# -- stubs ------------------------------------------------------------------------------
_STUB_COMMENT = re.compile(r"\b(TODO|FIXME|XXX)\b|for now|not yet|not implemented", re.I)
_SLEEP = re.compile(r"^(await\s+)?((time|asyncio|anyio|trio|tokio::time|std::thread|thread)[.:]+sleep|time\.Sleep"
                    r"|sleep|delay|wait)\s*\(|^await\s+new\s+Promise\s*\(.*setTimeout", re.S)
_CONST_TOKEN = re.compile(
    r"""\s+|-?\d[\d_]*(\.\d+)?([eE][-+]?\d+)?[a-z]*|True|False|None|true|false|null|undefined|nil|NaN"""
    r"""|Ok|Some|Vec::new|String::new|Default::default|vec!|HashMap::new|new\s+(Map|Set|Array)"""
    r"""|[\[\]{}(),:]|as\s+const|Promise\.resolve|[A-Za-z_$][\w$]*\s*(?=:)""")
_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|`[^`$]*`')
_ABSTRACT = frozenset({"abstractmethod", "overload", "abstractproperty"})
_INTERFACE_BASES = frozenset({"Protocol", "ABC", "ABCMeta", "Interface"})


def _constant(expr: str) -> bool:
    """A literal made of constants only: ``0``, ``"ok"``, ``[]``, ``{total: 0}``, ``nil, nil``."""
    s = _STRING.sub("0", expr.strip().rstrip(";").strip())
    if not s:
        return False
    pos = 0
    while pos < len(s):
        m = _CONST_TOKEN.match(s, pos)
        if not m or m.end() == pos:
            return False
        pos = m.end()
    return True


def _returns_constant(text: str) -> bool:
    t = text.strip()
    if t.startswith("return"):
        rest = t[len("return"):]
        return rest.strip().rstrip(";") == "" or _constant(rest)
    return _constant(t)  # a tail expression (Rust) or an arrow function's expression body


def _real_statements(d: Definition) -> list:
    real = [s for s in d.body.statements if s.kind not in COMMENT_TYPES] if d.body else []
    if d.language == "python" and real and real[0].kind == "expression_statement" and \
            real[0].text.lstrip("rRuU")[:1] in "'\"":
        real = real[1:]
    return real


def _declares_only(d: Definition, src: Source) -> bool:
    """A placeholder that is meant to stay one: an abstract or overload declaration, a
    protocol's or interface's method, a type stub."""
    if src.path.endswith(".pyi") or any(n in _ABSTRACT for n in _decorator_names(d)):
        return True
    owner = src.ancestors(d)[:1]
    if owner and owner[0].kind in (CLASS, TYPE):
        head = owner[0].signature
        if any(b in _INTERFACE_BASES for b in bases(owner[0])) or head.lstrip().startswith(
                ("interface", "trait", "abstract class", "export abstract", "export interface")):
            return True
    real = _real_statements(d)  # `def f(self) -> int: ...` in a class: a declaration
    return d.language == "python" and bool(real) and bool(owner) and all(s.text.strip() == "..." for s in real)


def overrides(base: str, method: str, files: Iterable[Source]) -> bool:
    """A class of ``files`` that names ``base`` among its bases defines ``method``."""
    for src in files:
        subclasses = {c.qualified for c in src.code.definitions if c.kind == CLASS and base in bases(c)}
        if subclasses and any(d.kind == METHOD and d.name == method and d.parent in subclasses
                              for d in src.code.definitions):
            return True
    return False


def stub_reason(d: Definition, src: Source, overridden: Overridden | None = None) -> tuple[str, int] | None:
    """(why the body is a stand-in, the line that shows it), or None. ``overridden(src,
    d)``: a subclass in the repository defines the same method (a placeholder there is an
    abstract method, the subclasses' to fill in)."""
    if d.body is None or _declares_only(d, src):
        return None
    real = _real_statements(d)
    if d.placeholder and overridden is not None and d.kind == METHOD and overridden(src, d):
        return None
    if d.placeholder:
        line = real[0].first if real else d.body.first
        return f"its body is a placeholder ({src.line(line).strip()[:80]})", line
    # The comment saying so: inside the definition (wherever the grammar hangs it) or above.
    lines = [n for a, b in src.code.comments if a <= d.last and b >= (d.doc_lines or (d.first,))[0]
             for n in range(max(a, (d.doc_lines or (d.first,))[0]), min(b, d.last) + 1)]
    note = next((n for n in lines if _STUB_COMMENT.search(src.line(n))), None)
    if note is None or not real:
        return None
    sleeps = [s for s in real if _SLEEP.match(s.text.strip())]
    rest = [s for s in real if s not in sleeps]
    if sleeps and not rest:
        return f"it only sleeps, beside \"{src.line(note).strip()[:80]}\"", sleeps[0].first
    if len(rest) == 1 and _returns_constant(rest[0].text):
        return f"it only returns a constant, beside \"{src.line(note).strip()[:80]}\"", rest[0].first
    return None


def stub_finding(d: Definition, src: Source, why: tuple[str, int], clause: tuple[str, str, str] | None) -> Finding:
    text, line = why
    ev = [Evidence("defined", src.path, d.signature_lines[0], src.line(d.signature_lines[0]).strip()),
          Evidence("stub", src.path, line, src.line(line).strip())]
    if clause:
        ev.append(Evidence(f"{clause[2]} for {clause[1]}"))
    return Finding(STUB_CODE, f"`{d.qualified}` is a stub: {text}{_placed(clause)}", spec=clause[0] if clause else None,
                   clause=clause[1] if clause else None, path=src.path, line=d.signature_lines[0], end_line=d.last,
                   evidence=tuple(ev))


def stubs(changed: dict[str, Source], spans: Spans, clause_of: ClauseOf,
          overridden: Overridden | None = None) -> list[tuple[Definition, Source, Finding]]:
    """Every callable the change adds to product code whose body stands in for code to come."""
    out = []
    for path, src in changed.items():
        if src.role != PRODUCT or path_role(path) != SOURCE:
            continue
        for d in added_callables(src, spans.get(path, [])):
            why = stub_reason(d, src, overridden)
            if why is not None:
                out.append((d, src, stub_finding(d, src, why, clause_of(path, d))))
    return out

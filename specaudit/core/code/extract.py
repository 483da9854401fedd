"""Definitions and references of one file, read with tree-sitter.

Two queries per language run in C (``languages.py``): one finds definition nodes, the
other every string, number, identifier and comment. Python then names each definition,
decides its kind (a function inside a class is a method, ``def test_x`` a test, a
function under ``@app.get("/x")`` a route), finds its doc comment, body and statements,
and hands it the atoms inside its byte range by bisection.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath
from typing import Any

from specaudit.core.code import c_family, kotlin
from specaudit.core.code.languages import (
    CPP,
    CSHARP,
    GO,
    HTML,
    JAVA,
    KOTLIN,
    PHP,
    PYTHON,
    RUBY,
    SWIFT,
    C,
    grammar,
    language_of,
)
from specaudit.core.code.markup import scripts_only, with_handlers
from specaudit.core.code.model import (
    CALLABLE_KINDS,
    CLASS,
    COMMENT_TYPES,
    CONFIG,
    FIELD,
    FUNCTION,
    IMPL,
    METHOD,
    ROUTE,
    STATEMENT_TEXT,
    TEST,
    TYPE,
    Body,
    CodeFile,
    Definition,
    Statement,
)
from specaudit.core.code.nodes import Span, last_line, merge_spans, unquote, walk_types
from specaudit.core.code.placeholder import placeholder
from specaudit.settings import LIMITS

MAX_PARSE_BYTES = LIMITS.code_max_parse_bytes
SIGNATURE_CHARS = 300
_SPACE = re.compile(r"\s+")
_FUNCTION_VALUES = frozenset({"arrow_function", "function_expression", "function", "generator_function"})
_CONTAINERS = frozenset({CLASS, TYPE, IMPL})
_NESTED_WRAPPERS = frozenset({"useCallback", "useMemo", "memo", "forwardRef", "computed", "useEffect"})
_HTTP = ("get", "post", "put", "patch", "delete", "head", "options")
# A decorator / attribute / annotation that binds a handler to a path.
_ROUTE_DECORATOR = re.compile(
    r"^[@#!\[]*\s*(?:[\w.]*\.)?(route|api_route|websocket|get|post|put|patch|delete|head|options|"
    r"Get|Post|Put|Patch|Delete|All|GetMapping|PostMapping|PutMapping|PatchMapping|DeleteMapping|"
    r"RequestMapping|GET|POST|PUT|PATCH|DELETE|Path|Route|HttpGet|HttpPost|HttpPut|HttpPatch|HttpDelete)\b"
    r"\s*(?:\((.*))?", re.S)
_DECORATOR_PATH = re.compile(r"""["'](/[^"']*)["']""")
_METHODS_ARG = re.compile(r"""methods\s*[=:]\s*[\[(]\s*["'](\w+)""")
_TEST_ATTRIBUTE = re.compile(r"^#\[(?:\w+::)*(?:test|rstest|quickcheck)\b|^@(?:Test|ParameterizedTest|RepeatedTest)\b"
                             r"|^\[(?:Fact|Theory|Test|TestMethod|DataTestMethod|TestCase)\b"  # C# xUnit, NUnit, MSTest
                             r"|^#\[(?:\\?PHPUnit\\Framework\\Attributes\\)?Test\b")  # PHPUnit
_GO_TEST = re.compile(r"^(Test|Benchmark|Fuzz|Example)([A-Z_0-9]|$)")
_NEXT_ROUTE_FILE = re.compile(r"(^|/)route\.(ts|js|tsx|jsx|mjs)$")


@dataclass
class _Def:
    node: Any
    kind: str
    name: str
    name_node: Any = None
    outer: Any = None  # the node whose span is the definition's (export/decorators included)
    body: Any = None
    route: str = ""
    decorators: list[str] = field(default_factory=list)
    qualified: str = ""
    scope: str = ""  # C++'s Refunds:: of an out-of-class Refunds::refundOnce
    parent: _Def | None = None
    emit: bool = True


def parse(path: str, data: bytes) -> CodeFile | None:
    """Everything the parser reads from one file, or None for a language it does not
    know (callers fall back to the diff's hunks) or a file over ``MAX_PARSE_BYTES``."""
    lang = language_of(path)
    if lang is None or len(data) > MAX_PARSE_BYTES:
        return None
    import tree_sitter as ts

    regions: tuple[tuple[int, int], ...] = ()
    data_in = data
    if lang == HTML:
        data, regions, lang = scripts_only(data)
    g = grammar(lang)
    tree = ts.Parser(g.language).parse(data)
    root = tree.root_node
    atoms = ts.QueryCursor(g.atoms).captures(root)
    cf = _Extractor(path, lang, data, root, atoms).run(ts.QueryCursor(g.defs).matches(root))
    if language_of(path) == HTML:
        cf = replace(cf, language=HTML, regions=regions, references=with_handlers(cf.references, data_in))
    return cf


def definitions(path: str, data: bytes) -> list[Definition] | None:
    """The definitions of one file in source order (outer before inner), or None for a
    language the parser does not read."""
    cf = parse(path, data)
    return None if cf is None else list(cf.definitions)


def references(path: str, data: bytes) -> dict[str, tuple[int, ...]] | None:
    """Identifier -> the lines it is used on (definitions' own names left out), or None
    for a language the parser does not read."""
    cf = parse(path, data)
    return None if cf is None else cf.references


def _in_function(node) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.type in _FUNCTION_VALUES or parent.type in ("function_declaration", "method_definition"):
            return True
        parent = parent.parent
    return False


class _Extractor:
    def __init__(self, path: str, lang: str, data: bytes, root, atoms: dict[str, list]) -> None:
        self.path, self.lang, self.data, self.root = path, lang, data, root
        self._names: dict[bytes, str] = {}
        idents = atoms.get("identifier", [])
        idents.sort(key=lambda n: n.start_byte)
        self.id_start = [n.start_byte for n in idents]
        self.id_line = [n.start_point[0] + 1 for n in idents]
        self.id_name = [self._name(data[n.start_byte:n.end_byte]) for n in idents]
        strings = sorted(atoms.get("string", []), key=lambda n: n.start_byte)
        self.str_start = [n.start_byte for n in strings]
        self.str_val: list[tuple[str, int]] = []
        for n in strings:
            text = self.text(n)
            self.str_val.append((text.strip() if n.type == "jsx_text" else unquote(text), n.start_point[0] + 1))
        numbers = sorted(atoms.get("number", []), key=lambda n: n.start_byte)
        self.num_start = [n.start_byte for n in numbers]
        self.num_val = [(self.text(n), n.start_point[0] + 1) for n in numbers]
        comments = atoms.get("comment", [])
        self.comments = sorted((n.start_point[0] + 1, last_line(n)) for n in comments)
        self.comment_only = sorted(s for s in (self._alone(n) for n in comments) if s[0] <= s[1])

    def _alone(self, node) -> tuple[int, int]:
        """The lines of a comment that hold nothing else: ``x = 3  # FR-002`` is code."""
        first, last = node.start_point[0] + 1, last_line(node)
        data = self.data
        if data[data.rfind(b"\n", 0, node.start_byte) + 1:node.start_byte].strip():
            first += 1  # code before it on its first line
        end = data.find(b"\n", node.end_byte)
        if data[node.end_byte:end if end >= 0 else len(data)].strip():
            last -= 1  # code after it on its last line
        return first, last

    def _name(self, raw: bytes) -> str:
        s = self._names.get(raw)
        if s is None:
            s = self._names[raw] = raw.decode("utf-8", "replace")
        return s

    def text(self, node) -> str:
        return self.data[node.start_byte:node.end_byte].decode("utf-8", "replace")

    # -- the definitions ------------------------------------------------------------
    def run(self, matches) -> CodeFile:
        defs: list[_Def] = []
        imports: list[tuple[int, int]] = []
        seen: set[tuple[int, int]] = set()
        for _i, caps in matches:
            for kind in ("function", "class", "method", "variable", "call", "route", "type", "field",
                         "config", "impl", "module", "import"):
                nodes = caps.get(kind)
                if not nodes:
                    continue
                node = nodes[0]
                if kind == "import":
                    imports.append((node.start_point[0] + 1, last_line(node)))
                    break
                key = (node.start_byte, node.end_byte)
                if key in seen:
                    break
                d = self._read(kind, node, caps)
                if d is not None:
                    seen.add(key)
                    defs.append(d)
                break
        defs.sort(key=lambda d: (d.node.start_byte, -d.node.end_byte))
        self._nest(defs)
        name_sites = {d.name_node.start_byte for d in defs if d.name_node is not None}
        out = tuple(self._definition(d, name_sites) for d in defs if d.emit)
        out = tuple(sorted(out, key=lambda d: (d.first, -d.last)))
        refs: dict[str, list[int]] = {}
        for start, line, name in zip(self.id_start, self.id_line, self.id_name, strict=True):
            if start not in name_sites:
                lines = refs.setdefault(name, [])
                if not lines or lines[-1] != line:
                    lines.append(line)
        return CodeFile(self.path, self.lang, self.data.count(b"\n") + (0 if self.data.endswith(b"\n") else 1),
                        out, {k: tuple(v) for k, v in refs.items()}, tuple(merge_spans(self.comments)),
                        tuple(merge_spans(sorted(imports))), self.root.has_error,
                        comment_only=tuple(merge_spans(self.comment_only)))

    def _read(self, kind: str, node, caps) -> _Def | None:
        lang = self.lang
        if lang in (C, CPP):
            return self._c_like(kind, node)
        name_node = node.child_by_field_name("name")
        if kind == "variable":
            return self._variable(node)
        if kind == "call":
            return self._test_call(node)
        if kind == "route":
            return self._route_call(node, self.text(caps["verb"][0]))
        if kind == "config" and lang == PYTHON or kind == "field" and lang == PYTHON:
            assign = node.named_children[0]
            name_node = assign.child_by_field_name("left")
            return _Def(node, kind, self.text(name_node), name_node, node)
        if kind == "field" and lang == JAVA or kind in ("type", "config") and lang == GO:
            return self._spec(kind, node)
        if lang in (CSHARP, RUBY, PHP, KOTLIN, SWIFT) and kind in ("field", "config"):
            return self._member(kind, node)
        if lang == KOTLIN and node.type == "assignment":
            f = kotlin.misread(node, self.text)
            return _Def(node, FUNCTION, f.name, f.name_node, node, f.body, decorators=f.decorators) if f else None
        if lang == KOTLIN and name_node is not None:  # its bodies are children, not fields
            body = next((c for c in node.named_children if c.type in kotlin.BODIES), None)
            return _Def(node, kind, self.text(name_node), name_node, node, body)
        if lang == SWIFT and node.type == "init_declaration":
            return _Def(node, METHOD, "init", None, node, node.child_by_field_name("body"))
        if kind == "method" and node.type == "pair":
            key = node.child_by_field_name("key")
            value = node.child_by_field_name("value")
            name = unquote(self.text(key)) if key.type == "string" else self.text(key)  # `ul: () => ...`
            if value.type != "call_expression":
                return _Def(node, METHOD, name, key, node, value.child_by_field_name("body"))
            # `list: proc.input(...).query(async () => {...})` in a module's object (a tRPC router's
            # procedure); inside a function, `rows: items.map((x) => ...)` is no definition
            if _in_function(node):
                return None
            return _Def(node, METHOD, name, key, node, self._callback_body(value))
        if kind == "field":  # a JS/TS class field: a method when it holds a function
            value = node.child_by_field_name("value")
            if value is not None and value.type in _FUNCTION_VALUES:
                return _Def(node, METHOD, self.text(name_node), name_node, node, value.child_by_field_name("body"))
            return _Def(node, FIELD, self.text(name_node), name_node, node) if name_node is not None else None
        if kind == "impl":
            typ = node.child_by_field_name("type")
            return _Def(node, IMPL, self.text(typ) if typ is not None else "impl", None, node,
                        node.child_by_field_name("body"))
        if name_node is None:
            return None
        d = _Def(node, kind, self.text(name_node), name_node, node, node.child_by_field_name("body"))
        if kind == "module":
            d.emit = False
        return d

    def _variable(self, node) -> _Def | None:
        name_node = node.child_by_field_name("name")
        value = node.child_by_field_name("value")
        if name_node is None or name_node.type != "identifier" or value is None:
            return None
        decl = node.parent
        outer = decl if decl is not None and decl.named_child_count == 1 else node
        top = decl is not None and decl.parent is not None and decl.parent.type in ("program", "export_statement")
        name = self.text(name_node)
        if value.type in _FUNCTION_VALUES:
            return _Def(node, FUNCTION, name, name_node, outer, value.child_by_field_name("body"))
        if value.type == "call_expression" and (top or self._callee(value) in _NESTED_WRAPPERS):
            # memo(function X() {...}), useCallback((e) => {...}, []), create((set) => ({...}));
            # inside a function only the hooks and wrappers that define one, not arr.map(x => ...)
            args = value.child_by_field_name("arguments")
            fn = next((a for a in (args.named_children if args is not None else []) if a.type in _FUNCTION_VALUES),
                      None)
            if fn is not None:
                return _Def(node, FUNCTION, name, name_node, outer, fn.child_by_field_name("body"))
        return _Def(node, CONFIG, name, name_node, outer) if top else None

    def _member(self, kind: str, node) -> _Def | None:
        """A C# field or property, a Ruby constant, a PHP property or constant, a Kotlin or
        Swift property (a constant when the file or an object holds it, or it is const or
        static)."""
        lang = self.lang
        name_node = node.child_by_field_name("name")
        if lang in (KOTLIN, SWIFT):
            if lang == KOTLIN:
                var = next((c for c in node.named_children if c.type == "variable_declaration"), None)
                name_node = var.named_children[0] if var is not None and var.named_children else None
            mods = next((c for c in node.named_children if c.type == "modifiers"), None)
            words = set(self.text(mods).split()) if mods is not None else set()
            holder = node.parent.parent if node.parent is not None else None
            if words & {"const", "static"} or (holder is not None and holder.type in ("object_declaration",
                                                                                      "companion_object")):
                kind = "config"
        elif lang == CSHARP and node.type == "field_declaration":
            decl = next((c for c in node.named_children if c.type == "variable_declaration"), None)
            var = next((c for c in decl.named_children if c.type == "variable_declarator"), None) if decl else None
            name_node = var.child_by_field_name("name") if var is not None else None
            mods = {self.text(c) for c in node.named_children if c.type == "modifier"}
            kind = CONFIG if "const" in mods or {"static", "readonly"} <= mods else FIELD
        elif lang == RUBY:
            name_node = node.child_by_field_name("left")
        elif lang == PHP and node.type == "property_declaration":
            element = next((c for c in node.named_children if c.type == "property_element"), None)
            var = element.child_by_field_name("name") if element is not None else None
            name_node = next((c for c in var.named_children if c.type == "name"), None) if var is not None else None
        elif lang == PHP:  # const_element: its name is its first child
            name_node = next((c for c in node.named_children if c.type == "name"), None)
        if name_node is None:
            return None
        outer = node.parent if lang == PHP and kind == "config" and node.parent.named_child_count == 1 else node
        return _Def(node, kind if lang == CSHARP else (CONFIG if kind == "config" else FIELD), self.text(name_node),
                    name_node, outer)

    def _c_like(self, kind: str, node) -> _Def | None:
        """A C or C++ definition (``c_family``)."""
        c = c_family.read(kind, node, self.text)
        if c is None:
            return None
        d = _Def(node, c.kind, unquote(c.name) if c.quoted else c.name, c.name_node,
                 Span(node, c.ends) if c.ends is not None else node, c.body, scope=c.scope)
        d.emit = c.kind != "module"
        return d

    def _callee(self, call) -> str:
        fn = call.child_by_field_name("function")
        if fn is not None and fn.type == "member_expression":
            fn = fn.child_by_field_name("property")
        return self.text(fn) if fn is not None else ""

    def _first_arg(self, node):
        args = node.child_by_field_name("arguments")
        return args.named_children[0] if args is not None and args.named_children else None

    def _callback_body(self, node):
        args = node.child_by_field_name("arguments")
        for a in reversed(args.named_children if args is not None else []):
            if a.type in _FUNCTION_VALUES or a.type == "func_literal":
                return a.child_by_field_name("body")
        return None

    def _test_call(self, node) -> _Def | None:
        title = self._first_arg(node)
        if self.lang == RUBY:  # it "does x" do ... end: the block is the test's body
            block = node.child_by_field_name("block")
            body = block.child_by_field_name("body") if block is not None else None
            body = body if body is not None else block
        else:
            body = self._callback_body(node)
        if title is None or body is None:  # test("x") without a callback is a call, not a test
            return None
        return _Def(node, TEST, unquote(self.text(title)), None, node, body)

    def _route_call(self, node, verb: str) -> _Def | None:
        first = self._first_arg(node)
        if first is None:
            return None
        path = unquote(self.text(first))
        if self.lang == GO and verb == "Run":  # t.Run("name", func(t *testing.T) {...})
            body = self._callback_body(node)
            return _Def(node, TEST, path, None, node, body) if body is not None else None
        # Go 1.22 patterns ("GET /todos/{id}") carry their own method.
        method, _, rest = path.partition(" ")
        if rest.startswith("/") and method.isupper():
            route = path
        elif path.startswith("/"):
            route = (verb.upper() + " " if verb.lower() in _HTTP else "") + path
        else:
            return None
        return _Def(node, ROUTE, route, None, node, self._callback_body(node), route=route)

    def _spec(self, kind: str, node) -> _Def | None:
        """A Go type/const/var spec or a Java field: one declaration may hold several."""
        if self.lang == JAVA:
            decl = node.child_by_field_name("declarator")
            name_node = decl.child_by_field_name("name") if decl is not None else None
            mods = next((c for c in node.named_children if c.type == "modifiers"), None)
            mod_text = self.text(mods) if mods is not None else ""
            kind = CONFIG if "static" in mod_text and "final" in mod_text else FIELD
            return _Def(node, kind, self.text(name_node), name_node, node) if name_node is not None else None
        name_node = node.child_by_field_name("name")
        if name_node is None:
            return None
        parent = node.parent
        alone = parent is not None and parent.named_child_count == 1
        if parent is not None and parent.type == "var_spec_list":
            parent = parent.parent
        outer = parent if alone else node
        return _Def(node, TYPE if kind == "type" else CONFIG, self.text(name_node), name_node, outer)

    # -- nesting, kinds, spans --------------------------------------------------------
    def _nest(self, defs: list[_Def]) -> None:
        stack: list[_Def] = []
        for d in defs:
            while stack and stack[-1].node.end_byte <= d.node.start_byte:
                stack.pop()
            d.parent = stack[-1] if stack else None
            self._decorate(d)
            self._refine(d)
            prefix = d.parent.qualified + "." if d.parent is not None else ""
            d.qualified = prefix + (d.scope + "." if d.scope else "") + d.name
            stack.append(d)

    def _decorate(self, d: _Def) -> None:
        """Decorators, attributes and annotations, and the outer node that includes them."""
        node = d.outer
        if self.lang == PYTHON and node.parent is not None and node.parent.type == "decorated_definition":
            d.outer = node.parent
            d.decorators = [self.text(c) for c in node.parent.named_children if c.type == "decorator"]
            return
        if self.lang in (C, CPP):
            if node.parent is not None and node.parent.type == "template_declaration":
                d.outer = node.parent  # template <typename T> belongs to it
            return
        if node.parent is not None and node.parent.type == "export_statement":
            d.outer = node = node.parent
            d.decorators = [self.text(c) for c in node.named_children if c.type == "decorator"]
        if self.lang in (JAVA, KOTLIN, SWIFT):  # @Test, @GetMapping("/x"): in the modifiers
            mods = next((c for c in d.node.named_children if c.type == "modifiers"), None)
            if mods is not None:
                d.decorators = [self.text(c) for c in mods.named_children
                                if "annotation" in c.type or c.type == "attribute"]
            return
        if self.lang in (CSHARP, PHP):  # [Fact], [HttpPost("x")]; #[Test], #[Route('/x')]: inside the node
            d.decorators = [self.text(c) for c in d.node.named_children if c.type == "attribute_list"]
            return
        # Rust attributes and TS class-member decorators are siblings before the node.
        prev = node.prev_named_sibling
        first = node
        while prev is not None and prev.type in ("attribute_item", "decorator"):
            d.decorators.insert(0, self.text(prev))
            first = prev
            prev = prev.prev_named_sibling
        if first is not node:
            d.outer = Span(first, node)

    def _refine(self, d: _Def) -> None:
        parent = d.parent
        if d.kind == FUNCTION and parent is not None and parent.kind in _CONTAINERS:
            d.kind = METHOD
        if d.kind in (FUNCTION, METHOD):
            for dec in d.decorators:
                if _TEST_ATTRIBUTE.match(dec):
                    d.kind = TEST
                    return
                m = _ROUTE_DECORATOR.match(dec)
                if m and (m.group(2) is None or _DECORATOR_PATH.search(m.group(2) or "") or dec[:1] in ("@", "[")):
                    verb = m.group(1)
                    pm = _DECORATOR_PATH.search(m.group(2) or "")
                    path = pm.group(1) if pm else ""
                    shown = (verb.upper().removesuffix("MAPPING").removeprefix("HTTP")
                             if verb.lower() not in ("route", "api_route") else "")
                    if mm := _METHODS_ARG.search(m.group(2) or ""):  # Flask: methods=["POST"]
                        shown = mm.group(1).upper()
                    d.kind, d.route = ROUTE, f"{shown} {path}".strip() or d.name
                    return
            if self._is_test(d):
                d.kind = TEST
            elif d.name in ("GET", "POST", "PUT", "PATCH", "DELETE") and _NEXT_ROUTE_FILE.search(self.path):
                d.kind, d.route = ROUTE, f"{d.name} /{PurePosixPath(self.path).parent}"
        if self.lang == GO and d.kind == METHOD and d.node.type == "method_declaration":
            recv = d.node.child_by_field_name("receiver")
            typ = [n for n in walk_types(recv)] if recv is not None else []
            if typ:
                d.qualified = ""  # set below from the receiver type
                d.parent = _Def(recv, TYPE, self.text(typ[-1]), qualified=self.text(typ[-1]), emit=False)
        if d.kind == TEST and parent is not None and parent.kind == TEST and not d.name:
            d.name = "test"

    def _is_test(self, d: _Def) -> bool:
        """``def test_x`` (a method of ``class TestX`` too) and Go's ``func TestX`` in a _test.go file."""
        if self.lang == PYTHON:
            return d.name.startswith("test_") or d.name == "test" or (
                d.name.startswith("test") and d.parent is not None and d.parent.name.startswith("Test"))
        if self.lang == RUBY:  # Minitest
            return d.name.startswith("test_")
        if self.lang in (PHP, SWIFT):  # PHPUnit, XCTest: testX() in a class FooTest(s), not a source class's
            return (d.kind == METHOD and d.name.startswith("test") and d.parent is not None
                    and d.parent.name.endswith(("Test", "Tests")))
        return (self.lang == GO and d.kind == FUNCTION and self.path.endswith("_test.go")
                and bool(_GO_TEST.match(d.name)))

    def _definition(self, d: _Def, name_sites: set[int]) -> Definition:
        outer = d.outer
        first, last = outer.start_point[0] + 1, last_line(outer)
        body = d.body
        sig_end = body.start_byte if body is not None and body.start_byte > d.node.start_byte else d.node.end_byte
        sig_raw = self.data[d.node.start_byte:sig_end].decode("utf-8", "replace")
        if body is None:
            sig_raw = sig_raw.split("\n", 1)[0]
        signature = _SPACE.sub(" ", sig_raw).strip()[:SIGNATURE_CHARS]
        sig_last = d.node.start_point[0] + 1 + sig_raw.rstrip().count("\n")
        statements = self._statements(body) if body is not None else ()
        doc, doc_lines = self._doc(d, statements)
        lo, hi = outer.start_byte, outer.end_byte
        s0, s1 = bisect_left(self.str_start, lo), bisect_left(self.str_start, hi)
        n0, n1 = bisect_left(self.num_start, lo), bisect_left(self.num_start, hi)
        i0, i1 = bisect_left(self.id_start, lo), bisect_left(self.id_start, hi)
        idents = dict.fromkeys(self.id_name[i] for i in range(i0, i1) if self.id_start[i] not in name_sites)
        return Definition(
            name=d.name, qualified=d.qualified, kind=d.kind, language=self.lang, first=first, last=last,
            signature=signature, signature_lines=(d.node.start_point[0] + 1, max(sig_last, d.node.start_point[0] + 1)),
            doc=doc, doc_lines=doc_lines,
            body=Body(body.start_point[0] + 1, last_line(body), statements) if body is not None else None,
            strings=tuple(v for v in self.str_val[s0:s1] if v[0]), numbers=tuple(self.num_val[n0:n1]),
            identifiers=tuple(idents), placeholder=d.kind in CALLABLE_KINDS and body is not None
            and placeholder(self.lang, statements),
            parent=d.parent.qualified if d.parent is not None else "", route=d.route,
            decorators=tuple(d.decorators))

    def _statements(self, body) -> tuple[Statement, ...]:
        kids = body.named_children
        if len(kids) == 1 and (self.lang == GO and kids[0].type == "statement_list" or
                               body.type == "function_body" and kids[0].type in ("statements", "block")):
            kids = kids[0].named_children  # Go's statement list, a Swift or Kotlin function's block
        if body.type not in ("block", "statement_block", "class_body", "declaration_list", "constructor_body",
                             "interface_body", "enum_body", "field_declaration_list", "function_body",
                             "enum_class_body", "protocol_body", "compound_statement", "enumerator_list"):
            kids = [body]  # an arrow function's expression body
        return tuple(Statement(k.type, k.start_point[0] + 1, last_line(k),
                               self.data[k.start_byte:min(k.end_byte, k.start_byte + STATEMENT_TEXT * 4)]
                               .decode("utf-8", "replace")[:STATEMENT_TEXT]) for k in kids)

    def _doc(self, d: _Def, statements: tuple[Statement, ...]) -> tuple[str, tuple[int, int] | None]:
        if self.lang == PYTHON and statements:
            st = statements[0]
            if st.kind == "expression_statement" and st.text.lstrip("rRuU")[:1] in ("'", '"'):
                body = d.body.named_children[0] if d.body is not None else None
                if body is not None:
                    return unquote(self.text(body).strip()).strip(), (st.first, st.last)
        # The comment block right above (JSDoc, ///, //, #), blank lines ending it.
        node = d.outer
        first_line = node.start_point[0] + 1
        prev = node.prev_named_sibling if not isinstance(node, Span) else node.first.prev_named_sibling
        block: list = []
        while prev is not None and prev.type in COMMENT_TYPES and last_line(prev) >= first_line - 1:
            block.insert(0, prev)
            first_line = prev.start_point[0] + 1
            prev = prev.prev_named_sibling
        if not block:
            return "", None
        return "\n".join(self.text(c).rstrip() for c in block), (block[0].start_point[0] + 1, last_line(block[-1]))


__all__ = ["MAX_PARSE_BYTES", "definitions", "parse", "references"]

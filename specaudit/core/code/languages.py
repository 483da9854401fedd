"""The grammars (official tree-sitter wheels) and, per language, the two queries the
extractor runs: ``DEFS`` finds definition nodes, ``ATOMS`` the strings, numbers,
identifiers and comments. Both run in tree-sitter's C code; Python only looks at what
they capture (docs/evidence.md, "Code structure", has the measurements behind the choice
of grammar packages)."""

from __future__ import annotations

import importlib
import threading
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

PYTHON, JAVASCRIPT, TYPESCRIPT, TSX, RUST, GO, JAVA = (
    "python", "javascript", "typescript", "tsx", "rust", "go", "java")
CSHARP, RUBY, PHP = "csharp", "ruby", "php"
KOTLIN, SWIFT = "kotlin", "swift"
C, CPP = "c", "cpp"
HTML = "html"  # only its <script> elements are parsed (as JavaScript or TypeScript)

_EXTENSIONS = {
    ".py": PYTHON, ".pyi": PYTHON,
    ".js": JAVASCRIPT, ".jsx": JAVASCRIPT, ".mjs": JAVASCRIPT, ".cjs": JAVASCRIPT,
    ".ts": TYPESCRIPT, ".mts": TYPESCRIPT, ".cts": TYPESCRIPT,
    ".tsx": TSX,
    ".rs": RUST,
    ".go": GO,
    ".java": JAVA,
    ".cs": CSHARP,
    ".rb": RUBY, ".rake": RUBY,
    ".php": PHP,
    ".kt": KOTLIN, ".kts": KOTLIN,
    ".swift": SWIFT,
    ".c": C,
    # A header may be C or C++: C++'s grammar reads both (C's does not read `class`).
    ".h": CPP, ".hh": CPP, ".hpp": CPP, ".hxx": CPP, ".cc": CPP, ".cpp": CPP, ".cxx": CPP, ".c++": CPP,
    ".html": HTML, ".htm": HTML, ".vue": HTML, ".svelte": HTML,
}


def language_of(path: str) -> str | None:
    """The language a path is parsed as, by its extension; None for anything else
    (a type declaration file ``.d.ts`` is TypeScript too; HTML, Vue and Svelte files
    have their ``<script>`` elements parsed)."""
    return _EXTENSIONS.get(PurePosixPath(path).suffix.lower())


TEST_CALLS = ("describe", "it", "test", "context", "suite", "specify", "bench")
JS_ROUTE_VERBS = ("get", "post", "put", "patch", "delete", "all", "route", "options", "head")
GO_ROUTE_VERBS = ("HandleFunc", "Handle", "GET", "POST", "PUT", "PATCH", "DELETE", "Get", "Post", "Put",
                  "Patch", "Delete", "Run")


def _any_of(words: tuple[str, ...]) -> str:
    return " ".join(f'"{w}"' for w in words)


_JS_DEFS = """
(function_declaration) @function
(generator_function_declaration) @function
(class_declaration) @class
(method_definition) @method
(variable_declarator) @variable
(pair value: [(arrow_function) (function_expression)]) @method
(pair value: (call_expression arguments: (arguments [(arrow_function) (function_expression)]))) @method
((call_expression function: (identifier) @callee
  arguments: (arguments . [(string) (template_string)])) @call (#any-of? @callee TESTS))
((call_expression function: (member_expression object: (identifier) @callee)
  arguments: (arguments . [(string) (template_string)])) @call (#any-of? @callee TESTS))
((call_expression function: (member_expression property: (property_identifier) @verb)
  arguments: (arguments . (string))) @route (#any-of? @verb VERBS))
[(import_statement) (export_statement source: (_))] @import
""".replace("TESTS", _any_of(TEST_CALLS)).replace("VERBS", _any_of(JS_ROUTE_VERBS))
_TS_DEFS = _JS_DEFS + """
(abstract_class_declaration) @class
(interface_declaration) @type
(type_alias_declaration) @type
(enum_declaration) @type
(public_field_definition) @field
(abstract_method_signature) @method
"""
_JS_DEFS += "(field_definition) @field\n"

_JS_ATOMS = """
[(string) (template_string) (jsx_text)] @string
(number) @number
[(identifier) (property_identifier) (shorthand_property_identifier)
 (shorthand_property_identifier_pattern)] @identifier
(comment) @comment
"""
_TS_ATOMS = _JS_ATOMS + "(type_identifier) @identifier\n"
_TSX_ATOMS = _TS_ATOMS

_PY_DEFS = """
(function_definition) @function
(class_definition) @class
(module (expression_statement (assignment left: (identifier))) @config)
(class_definition body: (block (expression_statement (assignment left: (identifier))) @field))
[(import_statement) (import_from_statement) (future_import_statement)] @import
"""
_PY_ATOMS = """
(string) @string
[(integer) (float)] @number
(identifier) @identifier
(comment) @comment
"""

_GO_DEFS = """
(function_declaration) @function
(method_declaration) @method
(type_spec) @type
(source_file (const_declaration (const_spec) @config))
(source_file (var_declaration (var_spec) @config))
(source_file (var_declaration (var_spec_list (var_spec) @config)))
((call_expression function: (selector_expression field: (field_identifier) @verb)
  arguments: (argument_list . [(interpreted_string_literal) (raw_string_literal)])) @route
  (#any-of? @verb VERBS))
(import_declaration) @import
""".replace("VERBS", _any_of(GO_ROUTE_VERBS))
_GO_ATOMS = """
[(interpreted_string_literal) (raw_string_literal)] @string
[(int_literal) (float_literal)] @number
[(identifier) (field_identifier) (type_identifier) (package_identifier)] @identifier
(comment) @comment
"""

_RUST_DEFS = """
(function_item) @function
(function_signature_item) @function
(impl_item) @impl
[(struct_item) (enum_item) (trait_item) (type_item) (union_item)] @type
[(const_item) (static_item)] @config
(mod_item body: (_)) @module
((call_expression function: (field_expression field: (field_identifier) @verb)
  arguments: (arguments . (string_literal))) @route (#eq? @verb "route"))
[(use_declaration) (extern_crate_declaration)] @import
"""
_RUST_ATOMS = """
[(string_literal) (raw_string_literal)] @string
[(integer_literal) (float_literal)] @number
[(identifier) (field_identifier) (type_identifier)] @identifier
[(line_comment) (block_comment)] @comment
"""

_JAVA_DEFS = """
[(class_declaration) (record_declaration)] @class
[(interface_declaration) (enum_declaration) (annotation_type_declaration)] @type
[(method_declaration) (constructor_declaration)] @method
(field_declaration) @field
(import_declaration) @import
"""
_JAVA_ATOMS = """
(string_literal) @string
[(decimal_integer_literal) (hex_integer_literal) (decimal_floating_point_literal)] @number
[(identifier) (type_identifier)] @identifier
[(line_comment) (block_comment)] @comment
"""

_CSHARP_DEFS = """
[(class_declaration) (record_declaration) (struct_declaration)] @class
[(interface_declaration) (enum_declaration)] @type
[(method_declaration) (constructor_declaration) (local_function_statement)] @method
[(field_declaration) (property_declaration)] @field
[(namespace_declaration) (file_scoped_namespace_declaration)] @module
(using_directive) @import
"""
_CSHARP_ATOMS = """
[(string_literal) (verbatim_string_literal) (raw_string_literal) (interpolated_string_expression)] @string
[(integer_literal) (real_literal)] @number
(identifier) @identifier
(comment) @comment
"""

RUBY_TEST_CALLS = ("describe", "context", "it", "specify", "example", "scenario", "feature", "test")
_RUBY_DEFS = """
[(method) (singleton_method)] @function
(class) @class
(module) @module
(program (assignment left: (constant)) @config)
(body_statement (assignment left: (constant)) @config)
((call method: (identifier) @callee arguments: (argument_list . (string)) block: (_)) @call
  (#any-of? @callee TESTS))
((call method: (identifier) @require) @import (#any-of? @require "require" "require_relative"))
""".replace("TESTS", _any_of(RUBY_TEST_CALLS))
_RUBY_ATOMS = """
(string) @string
[(integer) (float)] @number
[(identifier) (constant)] @identifier
(comment) @comment
"""

_PHP_DEFS = """
(function_definition) @function
[(class_declaration) (trait_declaration)] @class
[(interface_declaration) (enum_declaration)] @type
(method_declaration) @method
(property_declaration) @field
(const_element) @config
(namespace_definition) @module
(namespace_use_declaration) @import
"""
_PHP_ATOMS = """
[(string) (encapsed_string) (heredoc)] @string
[(integer) (float)] @number
(name) @identifier
(comment) @comment
"""


# Kotlin's grammar names few fields: bodies and property names are found by child type
# (extract.py). A property inside a function is a local, so only a file's or a class's.
# The grammar reads a top-level `@A @B private fun f() = x` as an assignment whose left
# side is annotated: kotlin.py takes the function back from it.
_KOTLIN_DEFS = """
(class_declaration) @class
(object_declaration) @class
(function_declaration) @function
(source_file (assignment . (annotated_expression)) @function)
(source_file (property_declaration) @config)
(class_body (property_declaration) @field)
[(import) (package_header)] @import
"""
_KOTLIN_ATOMS = """
[(string_literal) (multiline_string_literal)] @string
[(number_literal) (float_literal)] @number
(identifier) @identifier
[(line_comment) (block_comment)] @comment
"""

# Swift: a class, struct, enum, actor or extension is one class_declaration.
_SWIFT_DEFS = """
(class_declaration) @class
(protocol_declaration) @type
[(function_declaration) (protocol_function_declaration)] @function
(init_declaration) @method
(source_file (property_declaration) @config)
(class_body (property_declaration) @field)
(import_declaration) @import
"""
_SWIFT_ATOMS = """
[(line_string_literal) (multi_line_string_literal) (raw_string_literal)] @string
[(integer_literal) (real_literal) (hex_literal)] @number
[(simple_identifier) (type_identifier)] @identifier
[(comment) (multiline_comment)] @comment
"""


# C and C++: a function's name sits at the end of its declarator chain (extract.py);
# GoogleTest's TEST(Suite, Name) { } reads as a function definition named TEST, Catch2's
# TEST_CASE("title") { } as a call followed by a block.
_C_DEFS = """
(function_definition) @function
[(struct_specifier body: (_)) (union_specifier body: (_))] @class
(enum_specifier body: (_)) @type
(type_definition) @type
(preproc_def) @config
(translation_unit (declaration declarator: (init_declarator)) @config)
(field_declaration_list (field_declaration) @field)
(preproc_include) @import
"""
_CPP_DEFS = _C_DEFS + """
(class_specifier body: (_)) @class
(field_declaration_list (field_declaration declarator: (function_declarator)) @method)
(namespace_definition body: (_)) @module
(declaration_list (declaration declarator: (init_declarator)) @config)
((expression_statement (call_expression function: (identifier) @callee
  arguments: (argument_list . (string_literal)))) @call (#any-of? @callee "TEST_CASE" "SCENARIO"))
[(using_declaration) (alias_declaration)] @import
"""
_C_ATOMS = """
[(string_literal) (char_literal)] @string
(number_literal) @number
[(identifier) (field_identifier) (type_identifier)] @identifier
(comment) @comment
"""
_CPP_ATOMS = _C_ATOMS + "[(raw_string_literal)] @string\n(namespace_identifier) @identifier\n"


@dataclass(frozen=True)
class Grammar:
    name: str
    language: Any  # tree_sitter.Language
    defs: Any  # tree_sitter.Query
    atoms: Any


# language -> (grammar module, the function in it that returns the language pointer)
_MODULES = {
    PYTHON: ("tree_sitter_python", "language"),
    JAVASCRIPT: ("tree_sitter_javascript", "language"),
    TYPESCRIPT: ("tree_sitter_typescript", "language_typescript"),
    TSX: ("tree_sitter_typescript", "language_tsx"),
    RUST: ("tree_sitter_rust", "language"),
    GO: ("tree_sitter_go", "language"),
    JAVA: ("tree_sitter_java", "language"),
    CSHARP: ("tree_sitter_c_sharp", "language"),
    RUBY: ("tree_sitter_ruby", "language"),
    PHP: ("tree_sitter_php", "language_php"),
    KOTLIN: ("tree_sitter_kotlin", "language"),
    SWIFT: ("tree_sitter_swift", "language"),
    C: ("tree_sitter_c", "language"),
    CPP: ("tree_sitter_cpp", "language"),
}


def _load(name: str) -> Any:
    module, func = _MODULES[name]
    return getattr(importlib.import_module(module), func)()


_QUERIES = {
    PYTHON: (_PY_DEFS, _PY_ATOMS),
    JAVASCRIPT: (_JS_DEFS, _JS_ATOMS),
    TYPESCRIPT: (_TS_DEFS, _TS_ATOMS),
    TSX: (_TS_DEFS, _TSX_ATOMS),
    GO: (_GO_DEFS, _GO_ATOMS),
    RUST: (_RUST_DEFS, _RUST_ATOMS),
    JAVA: (_JAVA_DEFS, _JAVA_ATOMS),
    CSHARP: (_CSHARP_DEFS, _CSHARP_ATOMS),
    RUBY: (_RUBY_DEFS, _RUBY_ATOMS),
    PHP: (_PHP_DEFS, _PHP_ATOMS),
    KOTLIN: (_KOTLIN_DEFS, _KOTLIN_ATOMS),
    SWIFT: (_SWIFT_DEFS, _SWIFT_ATOMS),
    C: (_C_DEFS, _C_ATOMS),
    CPP: (_CPP_DEFS, _CPP_ATOMS),
}
_grammars: dict[str, Grammar] = {}
_lock = threading.Lock()


def grammar(name: str) -> Grammar:
    """The grammar and compiled queries of a language, loaded once per process."""
    g = _grammars.get(name)
    if g is not None:
        return g
    with _lock:
        g = _grammars.get(name)
        if g is None:
            import tree_sitter as ts

            lang = ts.Language(_load(name))
            defs, atoms = _QUERIES[name]
            g = _grammars[name] = Grammar(name, lang, ts.Query(lang, defs), ts.Query(lang, atoms))
    return g

"""C and C++ definitions, for the extractor (``extract.py``): a function's or a field's
name sits at the end of its declarator chain (``int *f(int)``, ``Ledger& ledger_``), an
out-of-class method names its class (``Refunds::refundOnce``), GoogleTest's
``TEST(Suite, Name) { }`` reads as a function named TEST, and Catch2's
``TEST_CASE("title") { }`` as a call followed by a block."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from specaudit.core.code.model import FUNCTION, METHOD, TEST

# Where a declarator chain ends: the declared name.
_NAMES = frozenset({"identifier", "field_identifier", "type_identifier", "qualified_identifier", "destructor_name",
                    "operator_name", "primitive_type"})
_GTEST = frozenset({"TEST", "TEST_F", "TEST_P", "TYPED_TEST", "TYPED_TEST_P"})


@dataclass
class CDef:
    """What the extractor needs to make a definition of one C or C++ node."""

    kind: str  # the query's kind ("class", "type", "module", "config", "field") or the model's
    name: str
    name_node: Any = None
    body: Any = None
    ends: Any = None  # a sibling node that belongs to the definition (Catch2's block)
    scope: str = ""  # "Refunds" of an out-of-class Refunds::refundOnce
    quoted: bool = False  # the name is a string literal (Catch2's title)


def read(kind: str, node, text: Callable[[Any], str]) -> CDef | None:
    """The definition ``node`` holds, captured by the query as ``kind``; None for an
    anonymous struct or enum, or a node that declares no name."""
    if kind == "call":  # Catch2: TEST_CASE("title", "[tag]") followed by its block
        body = node.next_named_sibling
        args = node.named_children[0].child_by_field_name("arguments")
        title = args.named_children[0] if args is not None and args.named_children else None
        if body is None or body.type != "compound_statement" or title is None:
            return None
        return CDef(TEST, text(title), None, body, ends=body, quoted=True)
    if node.type == "preproc_def" or kind in ("class", "type", "module") and node.type != "type_definition":
        name_node = node.child_by_field_name("name")
        if name_node is None:
            return None
        return CDef(kind, text(name_node), name_node, node.child_by_field_name("body"))
    declarator = node.child_by_field_name("declarator")
    name_node = declared(declarator)
    if name_node is None:
        return None
    scope = ""
    while name_node.type == "qualified_identifier":  # Refunds::refundOnce
        scope += text(name_node.child_by_field_name("scope")) + "."
        name_node = name_node.child_by_field_name("name")
    name = text(name_node)
    if kind == "field" and declarator is not None and declarator.type == "function_declarator":
        return CDef(METHOD, name, name_node)  # a member function declared in its class
    if kind == "field" and any(c.type in ("storage_class_specifier", "type_qualifier")
                               and text(c) in ("static", "constexpr") for c in node.named_children):
        kind = "config"  # static constexpr int kMax = 3;
    if kind in ("config", "field", "type"):
        return CDef(kind, name, name_node)
    body = node.child_by_field_name("body")
    if name in _GTEST and body is not None:  # TEST(Suite, Name) { ... }
        params = declarator.child_by_field_name("parameters")
        parts = [text(p) for p in (params.named_children if params is not None else [])]
        return CDef(TEST, ".".join(parts) or name, None, body)
    return CDef(METHOD if kind == "method" or scope else FUNCTION, name, name_node, body, scope=scope.rstrip("."))


def declared(node):
    """The name at the end of a C/C++ declarator chain (``*f(int)``, ``&x``, ``a[3] = ...``)."""
    while node is not None and node.type not in _NAMES:
        node = node.child_by_field_name("declarator") or (node.named_children[0] if node.named_children else None)
    return node

"""Kotlin's grammar, for the extractor (``extract.py``): it names few fields, so a
definition's body is found by child type, and it reads a top-level function with
annotations, a modifier and an expression body (``@Preview @Composable private fun P() =
Screen()``) as an assignment whose left side is annotated: the function is taken back."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

BODIES = frozenset({"class_body", "enum_class_body", "function_body"})
# What a misread function's left side says: annotations, modifiers, `fun`, its name.
_FUN = re.compile(r"(?:@[\w.]+(?:\([^)]*\))?\s+)+(?:(?:private|internal|public|protected|inline|suspend|"
                  r"override|open|operator|infix|tailrec)\s+)*fun\s+(?:<[^>]*>\s*)?(?:[\w.]+\.)?(\w+)\s*\(")


@dataclass
class Misread:
    """A function the grammar read as an assignment: its head is the left side, its body the right."""

    name: str
    name_node: Any
    body: Any
    decorators: list[str] = field(default_factory=list)


def misread(node, text: Callable[[Any], str]) -> Misread | None:
    """The function an ``assignment`` node holds, or None for a real assignment."""
    left, body = node.named_children[0], node.named_children[-1]
    m = _FUN.match(text(left))
    if m is None or body is left:
        return None
    found = Misread(m.group(1), None, body)
    stack = [left]
    while stack:  # in source order: its annotations, and the identifier that is its name
        n = stack.pop()
        if n.type == "annotation":
            found.decorators.append(text(n))
            continue
        if found.name_node is None and n.type == "identifier" and text(n) == found.name:
            found.name_node = n
        stack.extend(reversed(n.named_children))
    return found

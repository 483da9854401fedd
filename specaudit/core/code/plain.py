"""A parsed file as plain data (tuples, dicts, str, int, bool, None) and back, so a cache
can keep it in a format that runs no code when read (``marshal`` or JSON, never pickle).

``from_plain(to_plain(cf)) == cf`` for every ``CodeFile``; a value of the wrong shape
raises ``TypeError`` or ``ValueError`` (the caller re-parses). Bump ``PLAIN_VERSION``
when the layout here changes.
"""

from __future__ import annotations

from typing import Any

from specaudit.core.code.model import Body, CodeFile, Definition, Statement

PLAIN_VERSION = 1


def to_plain(cf: CodeFile) -> tuple:
    return (cf.path, cf.language, cf.line_count, tuple(_definition(d) for d in cf.definitions),
            dict(cf.references), cf.comments, cf.imports, cf.has_error, cf.regions, cf.comment_only)


def _definition(d: Definition) -> tuple:
    body = None if d.body is None else (d.body.first, d.body.last,
                                        tuple((s.kind, s.first, s.last, s.text) for s in d.body.statements))
    return (d.name, d.qualified, d.kind, d.language, d.first, d.last, d.signature, d.signature_lines, d.doc,
            d.doc_lines, body, d.strings, d.numbers, d.identifiers, d.placeholder, d.parent, d.route, d.decorators)


def from_plain(t: Any) -> CodeFile:
    path, language, line_count, defs, refs, comments, imports, has_error, regions, comment_only = t
    if not isinstance(path, str) or not isinstance(refs, dict) or not isinstance(defs, tuple):
        raise TypeError("not a parsed file")
    return CodeFile(path, language, line_count, tuple(_from_definition(d) for d in defs), refs, comments,
                    imports, has_error, regions, comment_only)


def _from_definition(t: tuple) -> Definition:
    (name, qualified, kind, language, first, last, signature, signature_lines, doc, doc_lines, body, strings,
     numbers, identifiers, placeholder, parent, route, decorators) = t
    if body is not None:
        b0, b1, statements = body
        body = Body(b0, b1, tuple(Statement(*s) for s in statements))
    return Definition(name, qualified, kind, language, first, last, signature, signature_lines, doc, doc_lines,
                      body, strings, numbers, identifiers, placeholder, parent, route, decorators)

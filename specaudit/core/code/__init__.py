"""Code structure from a real parser (tree-sitter): the definitions of a file and the
names it uses, for Python, TypeScript/TSX, JavaScript, Rust, Go, Java, C#, Ruby, PHP,
Kotlin, Swift, C, C++ and the scripts of HTML/Vue/Svelte.

Pure: a path and the file's bytes in, data out (no I/O, no git). Other languages, and
files over ``MAX_PARSE_BYTES``, give None: callers fall back to the diff's hunks.
Results depend only on (path's language, bytes), so a caller may cache them per blob id.

    parse(path, data) -> CodeFile | None          everything below, in one pass
    definitions(path, data) -> list[Definition] | None
    references(path, data) -> dict[name, lines] | None
"""

from specaudit.core.code.extract import MAX_PARSE_BYTES, definitions, parse, references
from specaudit.core.code.languages import language_of
from specaudit.core.code.model import (
    CALLABLE_KINDS,
    CLASS,
    COMMENT_TYPES,
    CONFIG,
    FIELD,
    FUNCTION,
    IMPL,
    KINDS,
    METHOD,
    ROUTE,
    TEST,
    TYPE,
    Body,
    CodeFile,
    Definition,
    Statement,
)

__all__ = [
    "CALLABLE_KINDS", "CLASS", "COMMENT_TYPES", "CONFIG", "FIELD", "FUNCTION", "IMPL", "KINDS", "MAX_PARSE_BYTES", "METHOD",
    "ROUTE", "TEST", "TYPE", "Body", "CodeFile", "Definition", "Statement", "definitions", "language_of",
    "parse", "references",
]

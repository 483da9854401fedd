"""Whether a body is a placeholder: only ``pass``, ``...``, a not-implemented raise or
throw, ``todo!()``, Kotlin's ``TODO()``, a not-implemented ``fatalError``, or only
comments one of which says TODO / not implemented (``Definition.placeholder``, read by
the stub-code finding)."""

from __future__ import annotations

import re

from specaudit.core.code.languages import PYTHON
from specaudit.core.code.model import COMMENT_TYPES, Statement

_NOT_IMPLEMENTED = re.compile(r"not[\s_-]*(yet[\s_-]*)?implemented|\bTODO\b|unimplemented|NotImplemented"
                              r"|UnsupportedOperationException", re.I)


def placeholder(lang: str, statements: tuple[Statement, ...]) -> bool:
    """Only placeholder statements (``pass``, ``...``, a not-implemented raise, ``todo!()``),
    comments aside; or only comments, one of them saying TODO / not implemented. An empty
    body alone is not one (a no-op callback, a default constructor): ``body.statements``
    shows it."""
    real = [s for s in statements if s.kind not in COMMENT_TYPES]
    if lang == PYTHON and real and real[0].kind == "expression_statement" and real[0].text.lstrip("rRuU")[:1] in "'\"":
        real = real[1:]  # the docstring
    if not real:
        return any(_NOT_IMPLEMENTED.search(s.text) for s in statements if s.kind in COMMENT_TYPES)
    for s in real:
        text = s.text.strip().rstrip(";")
        if s.kind == "pass_statement" or text == "...":
            continue
        if (s.kind in ("raise_statement", "throw_statement") or text.startswith("throw ")) and \
                _NOT_IMPLEMENTED.search(text):
            continue
        if re.match(r"^(todo|unimplemented)!\s*\(|^TODO\s*\(", text) or (  # Rust; Kotlin's TODO()
                re.match(r"^(fatalError|preconditionFailure)\s*\(", text) and _NOT_IMPLEMENTED.search(text)) or (
                re.match(r"^panic!?\s*\(", text) and _NOT_IMPLEMENTED.search(text)):
            continue
        return False
    return True

"""Loading a spec from the working tree or from a git revision (``REV:PATH``)."""

from __future__ import annotations

from pathlib import Path

from specaudit.app.workspace import read_spec_text
from specaudit.core.errors import SpecError
from specaudit.core.model import Spec, decode_spec_bytes
from specaudit.formats import parse_spec
from specaudit.settings import LIMITS


def read_spec_source(source: str, repo: str | Path = ".") -> tuple[str, str]:
    """Text of a spec named by a file path or ``REV:PATH``. Returns (display path, text).

    An existing file wins over the ``REV:PATH`` reading, so a file name with a colon works.
    A ``REV:PATH`` path is relative to the repository root, or to the current directory
    when it starts with ``./``.
    """
    p = Path(source)
    if p.exists() or ":" not in source:
        return source, read_spec_text(p, display=source)
    rev, _, path = source.partition(":")
    if not rev or not path:
        raise SpecError("expected a file or REV:PATH", path=source)
    from specaudit.vcs import open_repo

    git = open_repo(repo)
    if path.startswith(("./", "../")):
        try:
            path = (Path.cwd() / path).resolve().relative_to(git.root).as_posix()
        except ValueError:
            raise SpecError("path is outside the repository", path=source) from None
    raw = git.show_file(rev, path)
    if len(raw) > LIMITS.max_spec_bytes:
        raise SpecError(f"spec is too large ({len(raw)} bytes; limit {LIMITS.max_spec_bytes})", path=source)
    if b"\0" in raw[:8192]:
        raise SpecError("binary file, not a spec", path=source)
    return path, decode_spec_bytes(raw)


def load_spec_source(source: str, spec_format: str | None = None, repo: str | Path = ".") -> Spec:
    """Parse a spec from a file or ``REV:PATH``; the format is detected from the path."""
    path, text = read_spec_source(source, repo)
    return parse_spec(path, text, spec_format)

"""Spec formats, one module each, found through the ``specaudit.formats`` entry point group.

Built-in formats register in pyproject.toml exactly as a third-party package would.
"""

from __future__ import annotations

from functools import cache
from importlib.metadata import entry_points

from specaudit.core.errors import SpecError, UsageError
from specaudit.core.model import Spec, encoding_problem
from specaudit.formats.base import SpecFormat

ENTRY_POINT_GROUP = "specaudit.formats"

# Built-ins, so a source checkout without installed metadata still works.
_BUILTINS: dict[str, str] = {
    "layered": "specaudit.formats.layered:FORMAT",
    "speckit": "specaudit.formats.speckit:FORMAT",
    "kiro": "specaudit.formats.kiro:FORMAT",
    "openspec": "specaudit.formats.openspec:FORMAT",
    "yaml": "specaudit.formats.yaml_format:FORMAT",
    "markdown": "specaudit.formats.markdown:FORMAT",
}


def _load(target: str) -> SpecFormat:
    import importlib

    module, _, attr = target.partition(":")
    return getattr(importlib.import_module(module), attr)


@cache
def registry() -> dict[str, SpecFormat]:
    found: dict[str, SpecFormat] = {}
    for name, target in _BUILTINS.items():
        found[name] = _load(target)
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if ep.name not in found:
            try:
                found[ep.name] = ep.load()
            except Exception:  # noqa: BLE001 - a broken plug-in must not break the app
                continue
    return found


def format_names() -> list[str]:
    return sorted(registry())


def get_format(name: str) -> SpecFormat:
    try:
        return registry()[name]
    except KeyError:
        raise UsageError(f"unknown spec format {name!r} (known: {', '.join(format_names())})") from None


def detect_format(path: str, text: str) -> str:
    scores = [(fmt.detect(path, text), name) for name, fmt in registry().items()]
    best, name = max(scores, default=(0, ""))
    if best <= 0:
        raise SpecError("cannot tell which spec format this is (use --spec-format)", path=path)
    return name


def parse_spec(path: str, text: str, format: str | None = None) -> Spec:
    name = format or detect_format(path, text)
    spec = get_format(name).parse(path, text)
    # First, so the window's status line (which names the first problem) says it.
    if (undecodable := encoding_problem(path, text)) is not None:
        spec.problems.insert(0, undecodable)
    return spec

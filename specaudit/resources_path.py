"""Locate bundled resources whether installed (wheel) or run from a source checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def resource_root() -> Path:
    try:
        root = Path(str(resources.files("specaudit.resources")))
        if root.is_dir():
            return root
    except ModuleNotFoundError:
        pass
    # Source checkout: resources/ is a sibling of the package directory.
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    return resource_root().joinpath(*parts)

"""The user's own directories (never the reviewed repository's): the cache."""

from __future__ import annotations

import os
from pathlib import Path


def user_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/specaudit`` (default ``~/.cache/specaudit``): crash logs and the
    parsed-code store (``app/evidence/code_store``)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "specaudit"

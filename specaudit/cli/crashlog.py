"""Unexpected exceptions go to a log file, not the user's terminal."""

from __future__ import annotations

import os
import tempfile
import time
import traceback
from pathlib import Path

from specaudit.app.store.user_dirs import user_cache_dir


def crash_log_dir() -> Path:
    return user_cache_dir()


def write_crash_log(exc: BaseException) -> str:
    text = "".join(traceback.format_exception(exc))
    try:
        d = crash_log_dir()
        d.mkdir(parents=True, exist_ok=True)
        path = d / f"crash-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log"
        path.write_text(text, encoding="utf-8")
        return str(path)
    except OSError:
        fd, name = tempfile.mkstemp(prefix="specaudit-crash-", suffix=".log")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        return name

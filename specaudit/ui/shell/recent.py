"""The recent-sessions list, kept in QSettings."""

from __future__ import annotations

import json

from PySide6.QtCore import QSettings

from specaudit.core.commits import short_commit_ids

KEY = "session/recent"
MAX_RECENT = 10


def load_recent() -> list[dict]:
    raw = QSettings().value(KEY, "[]")
    try:
        items = json.loads(raw if isinstance(raw, str) else "[]")
    except ValueError:
        return []
    return [i for i in items if isinstance(i, dict) and isinstance(i.get("repo"), str)]


def remember(entry: dict) -> None:
    entry = {k: v for k, v in entry.items() if v}
    items = [i for i in load_recent() if i != entry]
    QSettings().setValue(KEY, json.dumps([entry, *items][:MAX_RECENT]))


def describe(entry: dict) -> str:
    what = entry.get("spec") or "all specs"
    src = entry.get("patch") or short_commit_ids(entry.get("range") or "") or "default range"
    return f"{entry['repo']} — {what} — {src}"

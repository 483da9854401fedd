"""The "Write regeneration brief…" menu action: ask where, then write it through the app layer."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from specaudit.app.tighten.brief import write_brief
from specaudit.core.errors import SpecauditError
from specaudit.ui.kit import plain


def export_brief(parent: QWidget | None, root: Path, spec_rel: str, target: Path | None = None) -> Path | None:
    """Write the brief for ``spec_rel`` to ``target`` (asked with a save dialog when None).
    Returns the path written, or None when cancelled or failed (the error is shown)."""
    if target is None:
        suggested = str(Path(root) / f"{Path(spec_rel).stem}.brief.md")
        chosen, _ = QFileDialog.getSaveFileName(parent, "Write Regeneration Brief", suggested, "Markdown (*.md)")
        if not chosen:
            return None
        target = Path(chosen)
    try:
        write_brief(Path(root), spec_rel, target)
    except (SpecauditError, OSError) as exc:
        plain.message(parent, "Regeneration brief", f"Could not write the brief: {exc}")
        return None
    return target

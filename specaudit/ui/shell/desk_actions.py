"""What the window's menus and keys do, as typed commands.

``MainWindow`` builds one ``DeskActions`` from its helpers' and panels' public methods
(slots); the action table (``window_actions.build_menus``) binds each menu item to one
of these fields and never sees the window. A new menu item is a new field here, a line
in the table and the slot that does it: mypy then checks that all three agree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import SignalInstance
from PySide6.QtGui import QUndoStack

Slot = Callable[[], object]
Toggle = Callable[[bool], object]


@dataclass(frozen=True)
class UndoHistory:
    """What the Undo and Redo items follow: the undo stack's state, and each edit as
    soon as it is queued (Ctrl+Z right after an edit undoes that edit)."""

    stack: QUndoStack
    edited: SignalInstance
    undo: Slot
    redo: Slot


@dataclass(frozen=True)
class DeskActions:
    # File
    open: Slot
    reload: Slot
    quit: Slot
    # Edit
    history: UndoHistory
    find: Slot
    filter_clauses: Slot
    # Review
    verdict: Callable[[str], object]
    note: Slot
    next_unreviewed: Slot
    previous_unreviewed: Slot
    link: Slot
    unlink: Slot
    accept_top_proposal: Slot
    propose_all: Slot
    scar: Slot
    # Spec
    edit_spec: Slot
    save_spec: Slot
    tighten_from_scar: Slot
    tighten_from_verdict: Slot
    mark_contradiction: Slot
    review_spec_changes: Slot
    commit_and_push: Slot
    write_brief: Slot
    # Navigate
    next_hunk: Slot
    previous_hunk: Slot
    next_file: Slot
    previous_file: Slot
    focus_clauses: Slot
    focus_diff: Slot
    focus_detail: Slot
    focus_proposals: Slot
    whole_diff: Slot
    focus_side_tabs: Slot
    # View
    view_mode: Callable[[str], object]
    wrap: Toggle
    wrapping: bool  # the Wrap item's state at start
    since_verdicts: Toggle
    spec_beside: Toggle
    theme: Callable[[str], object]
    # Help
    shortcuts: Slot
    about: Slot

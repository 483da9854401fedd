"""The window's menus and shortcuts, declared in one table.

Each item is bound to one command of ``DeskActions`` (``desk_actions.py``), which the
window builds from its helpers' and panels' slots: this table never sees the window.
Standard keys (``QKeySequence.StandardKey``) are used where Qt has one, so the
platform's conventions apply; the shortcut sheet (F1) is generated from these actions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar

from specaudit.core.audit import VERDICTS
from specaudit.ui.kit import verdict_style
from specaudit.ui.shell.desk_actions import DeskActions, UndoHistory

SK = QKeySequence.StandardKey
Keys = str | QKeySequence.StandardKey | Sequence[str] | Sequence[QKeySequence]


def _make(owner: QObject, menu: QMenu, text: str, slot: Callable[..., object], keys: Keys = (),
          tip: str | None = None, checkable: bool = False) -> QAction:
    action = QAction(text, owner)
    listed = keys if isinstance(keys, (list, tuple)) else (keys,)
    sequences = [QKeySequence(k) for k in listed]
    if sequences:
        action.setShortcuts(sequences)
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    action.setCheckable(checkable)
    action.triggered.connect(slot)
    menu.addAction(action)
    return action


def _undo_items(owner: QObject, m: QMenu, history: UndoHistory) -> tuple[QAction, QAction]:
    # Undo and redo first let queued writes land (controller.undo), so Ctrl+Z right
    # after an edit undoes that edit.
    stack = history.stack
    undo = _make(owner, m, "&Undo", history.undo, QKeySequence.keyBindings(SK.Undo))
    redo = _make(owner, m, "&Redo", history.redo, QKeySequence.keyBindings(SK.Redo))
    undo.setEnabled(stack.canUndo())
    redo.setEnabled(stack.canRedo())
    stack.canUndoChanged.connect(undo.setEnabled)
    stack.canRedoChanged.connect(redo.setEnabled)
    stack.undoTextChanged.connect(lambda t: undo.setText(f"&Undo {t}".strip()))
    stack.redoTextChanged.connect(lambda t: redo.setText(f"&Redo {t}".strip()))
    history.edited.connect(lambda *_a: undo.setEnabled(True))
    return undo, redo


def build_menus(bar: QMenuBar, owner: QObject, d: DeskActions) -> dict[str, QAction]:
    """Fill the menu ``bar`` with every action, each doing one command of ``d``;
    returns the actions by name."""
    a: dict[str, QAction] = {}

    m = bar.addMenu("&File")
    a["open"] = _make(owner, m, "&Open…", d.open, SK.Open, "Open a repository, spec, range or patch")
    a["reload"] = _make(owner, m, "&Reload", d.reload, SK.Refresh, "Re-read specs and audits and reload the diff")
    m.addSeparator()
    a["quit"] = _make(owner, m, "&Quit", d.quit, SK.Quit)

    m = bar.addMenu("&Edit")
    a["undo"], a["redo"] = _undo_items(owner, m, d.history)
    m.addSeparator()
    a["find"] = _make(owner, m, "&Find…", d.find, SK.Find, "Find in the diff or the spec editor")
    a["filter"] = _make(owner, m, "Filter &Clauses", d.filter_clauses, "Ctrl+Shift+F")

    m = bar.addMenu("&Review")
    for verdict in VERDICTS:
        a[f"verdict:{verdict}"] = _make(
            owner, m, f"Mark {verdict_style.LABELS[verdict]}", lambda _=False, v=verdict: d.verdict(v),
            verdict_style.SHORTCUTS[verdict])
    a["note"] = _make(owner, m, "Edit &Note…", d.note, "Ctrl+E", "Write a note on the current clause's verdict")
    m.addSeparator()
    a["next-unreviewed"] = _make(owner, m, "&Next Unreviewed Clause", d.next_unreviewed, ("Ctrl+J", "F8"))
    a["prev-unreviewed"] = _make(owner, m, "&Previous Unreviewed Clause", d.previous_unreviewed,
                                 ("Ctrl+K", "Shift+F8"))
    m.addSeparator()
    a["link"] = _make(owner, m, "&Link Selected Lines", d.link, "Ctrl+L",
                      "Link the lines selected in the diff to the current clause")
    a["unlink"] = _make(owner, m, "&Unlink Selected Lines", d.unlink, "Ctrl+Shift+L")
    a["accept-suggestion"] = _make(owner, m, "&Accept Top Proposal", d.accept_top_proposal, "Ctrl+Return",
                                   "Link the best-ranked proposal's evidenced lines to the current clause")
    a["propose-all"] = _make(owner, m, "&Propose Links for All Clauses", d.propose_all, "Ctrl+Shift+Return",
                             "Walk every clause with proposals: Enter accepts, Delete rejects, N skips")
    a["scar"] = _make(owner, m, "Record &Scar…", d.scar, "Ctrl+M",
                      "Record why the selected lines deliberately diverge from the spec")

    m = bar.addMenu("&Spec")
    a["edit-spec"] = _make(owner, m, "&Edit Spec", d.edit_spec, "Ctrl+Shift+E", "Open the spec in the editor tab")
    a["save-spec"] = _make(owner, m, "&Save Spec", d.save_spec, SK.Save)
    m.addSeparator()
    a["tighten-scar"] = _make(owner, m, "&Tighten from Scar…", d.tighten_from_scar, "Ctrl+T",
                              "Fold a scar into the spec as an explicit constraint")
    a["tighten-verdict"] = _make(owner, m, "Tighten from &Verdict…", d.tighten_from_verdict, "Ctrl+Shift+T",
                                 "Turn a violated or partial verdict into a tightened clause")
    a["contradiction"] = _make(owner, m, "Mark Contra&diction…", d.mark_contradiction, (),
                               "Mark the selected clause and another as contradicting (a spec finding)")
    a["spec-changes"] = _make(owner, m, "Review Spec &Changes…", d.review_spec_changes, "Ctrl+Shift+D",
                              "The spec before and after, clause by clause")
    m.addSeparator()
    a["commit-push"] = _make(owner, m, "&Commit and Push…", d.commit_and_push, "Ctrl+Shift+K",
                             "Commit only the spec and .specaudit/ files, then push")
    a["brief"] = _make(owner, m, "Write Regeneration &Brief…", d.write_brief, "Ctrl+Shift+B",
                       "A Markdown hand-off for the generating agent")

    m = bar.addMenu("&Navigate")
    a["next-hunk"] = _make(owner, m, "Next &Hunk", d.next_hunk, ("Alt+Down", "F7"))
    a["prev-hunk"] = _make(owner, m, "Previous H&unk", d.previous_hunk, ("Alt+Up", "Shift+F7"))
    a["next-file"] = _make(owner, m, "Next &File", d.next_file, "Alt+PgDown")
    a["prev-file"] = _make(owner, m, "Previous F&ile", d.previous_file, "Alt+PgUp")
    m.addSeparator()
    a["focus-clauses"] = _make(owner, m, "Go to &Clauses", d.focus_clauses, "Alt+1")
    a["focus-diff"] = _make(owner, m, "Go to &Diff", d.focus_diff, "Alt+2")
    a["focus-detail"] = _make(owner, m, "Go to the Clause and Its &Code", d.focus_detail, "Alt+3")
    a["focus-proposals"] = _make(owner, m, "Go to &Proposals", d.focus_proposals, "Alt+P",
                                 "The current clause's proposed links: Enter accepts, Delete rejects")
    a["whole-diff"] = _make(owner, m, "&Whole Diff / Clause and Code", d.whole_diff, "Ctrl+D",
                            "Switch between the clause with its code and the whole change")
    a["focus-tabs"] = _make(owner, m, "Go to F&indings and Scars", d.focus_side_tabs, "Alt+4")

    m = bar.addMenu("&View")
    modes = QActionGroup(owner)
    for label, mode, key in (("&Side by Side", "side-by-side", "Ctrl+Shift+S"), ("&Unified", "unified", "Ctrl+Shift+U")):
        act = _make(owner, m, label, lambda _=False, md=mode: d.view_mode(md), key, checkable=True)
        act.setChecked(mode == "side-by-side")
        modes.addAction(act)
        a[f"mode:{mode}"] = act
    a["wrap"] = _make(owner, m, "&Wrap Long Lines", d.wrap, "Alt+Z",
                      "Wrap long code lines in the diff and the clause's code", checkable=True)
    a["wrap"].setChecked(d.wrapping)
    a["since-verdicts"] = _make(owner, m, "Only Changes Since &Verdicts", d.since_verdicts, "Ctrl+Shift+R",
                                "When the range's target moved: show only what changed since the verdicts' revision",
                                checkable=True)
    a["spec-beside"] = _make(owner, m, "Spec &Beside Diff", d.spec_beside, "Ctrl+Shift+P",
                             "Lay the spec's text beside the whole diff, the current clause highlighted",
                             checkable=True)
    m.addSeparator()
    themes = QActionGroup(owner)
    for name in ("light", "dark"):
        act = _make(owner, m, f"{name.title()} Theme", lambda _=False, t=name: d.theme(t), checkable=True)
        themes.addAction(act)
        a[f"theme:{name}"] = act

    m = bar.addMenu("&Help")
    a["shortcuts"] = _make(owner, m, "&Keyboard Shortcuts", d.shortcuts, SK.HelpContents)
    a["about"] = _make(owner, m, "&About specaudit", d.about)
    return a


def shortcut_sheet(bar: QMenuBar) -> list[tuple[str, str, str]]:
    """(menu, action, keys) for every action of the menu ``bar`` with a shortcut, in menu order."""
    rows = []
    for menu_action in bar.actions():
        menu = menu_action.menu()
        if not isinstance(menu, QMenu):
            continue
        for act in menu.actions():
            keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in act.shortcuts())
            if keys:
                rows.append((menu_action.text().replace("&", ""), act.text().replace("&", ""), keys))
    return rows

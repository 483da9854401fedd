"""The window's menus and shortcuts, declared in one table.

Standard keys (``QKeySequence.StandardKey``) are used where Qt has one, so the
platform's conventions apply; the shortcut sheet is generated from these actions.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup, QKeySequence

from specaudit.core.audit import VERDICTS
from specaudit.ui.kit import verdict_style

SK = QKeySequence.StandardKey


def _make(window, menu, text: str, slot, keys=(), tip: str | None = None, checkable: bool = False) -> QAction:
    action = QAction(text, window)
    sequences = [QKeySequence(k) for k in (keys if isinstance(keys, (list, tuple)) else (keys,))]
    if sequences:
        action.setShortcuts(sequences)
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    action.setCheckable(checkable)
    action.triggered.connect(slot)
    menu.addAction(action)
    return action


def build_menus(w) -> dict[str, QAction]:
    """Create every menu of MainWindow ``w``; returns the actions by name."""
    a: dict[str, QAction] = {}
    bar = w.menuBar()

    m = bar.addMenu("&File")
    a["open"] = _make(w, m, "&Open…", w.open_dialog, SK.Open, "Open a repository, spec, range or patch")
    a["reload"] = _make(w, m, "&Reload", w.reload, SK.Refresh, "Re-read specs and audits and reload the diff")
    m.addSeparator()
    a["quit"] = _make(w, m, "&Quit", w.close, SK.Quit)

    m = bar.addMenu("&Edit")
    # Undo and redo first let queued writes land (controller.undo), so Ctrl+Z right
    # after an edit undoes that edit.
    stack = w.controller.undo_stack
    undo = _make(w, m, "&Undo", w.controller.undo, QKeySequence.keyBindings(SK.Undo))
    redo = _make(w, m, "&Redo", w.controller.redo, QKeySequence.keyBindings(SK.Redo))
    undo.setEnabled(stack.canUndo())
    redo.setEnabled(stack.canRedo())
    stack.canUndoChanged.connect(lambda on: undo.setEnabled(on))
    stack.canRedoChanged.connect(lambda on: redo.setEnabled(on))
    stack.undoTextChanged.connect(lambda t: undo.setText(f"&Undo {t}".strip()))
    stack.redoTextChanged.connect(lambda t: redo.setText(f"&Redo {t}".strip()))
    w.controller.edited.connect(lambda *_a: undo.setEnabled(True))
    a["undo"], a["redo"] = undo, redo
    m.addSeparator()
    a["find"] = _make(w, m, "&Find…", w.find_in_diff, SK.Find, "Find in the diff or the spec editor")
    a["filter"] = _make(w, m, "Filter &Clauses", w.focus_clause_filter, "Ctrl+Shift+F")

    m = bar.addMenu("&Review")
    for verdict in VERDICTS:
        a[f"verdict:{verdict}"] = _make(
            w, m, f"Mark {verdict_style.LABELS[verdict]}", lambda _=False, v=verdict: w.verdict_for_current(v),
            verdict_style.SHORTCUTS[verdict])
    a["note"] = _make(w, m, "Edit &Note…", w.edit_note, "Ctrl+E", "Write a note on the current clause's verdict")
    m.addSeparator()
    a["next-unreviewed"] = _make(w, m, "&Next Unreviewed Clause", lambda: w.clauses.select_next_unreviewed(True),
                                 ("Ctrl+J", "F8"))
    a["prev-unreviewed"] = _make(w, m, "&Previous Unreviewed Clause",
                                 lambda: w.clauses.select_next_unreviewed(False), ("Ctrl+K", "Shift+F8"))
    m.addSeparator()
    a["link"] = _make(w, m, "&Link Selected Lines", w.link_selection, "Ctrl+L",
                      "Link the lines selected in the diff to the current clause")
    a["unlink"] = _make(w, m, "&Unlink Selected Lines", w.unlink_selection, "Ctrl+Shift+L")
    a["accept-suggestion"] = _make(w, m, "&Accept Top Proposal", w.accept_top_suggestion, "Ctrl+Return",
                                   "Link the best-ranked proposal's evidenced lines to the current clause")
    a["propose-all"] = _make(w, m, "&Propose Links for All Clauses", w.propose_links_for_all, "Ctrl+Shift+Return",
                             "Walk every clause with proposals: Enter accepts, Delete rejects, N skips")
    a["scar"] = _make(w, m, "Record &Scar…", w.record_scar, "Ctrl+M",
                      "Record why the selected lines deliberately diverge from the spec")

    m = bar.addMenu("&Spec")
    f = w.spec_flow
    a["edit-spec"] = _make(w, m, "&Edit Spec", f.edit_spec, "Ctrl+Shift+E", "Open the spec in the editor tab")
    a["save-spec"] = _make(w, m, "&Save Spec", f.save_spec, SK.Save)
    m.addSeparator()
    a["tighten-scar"] = _make(w, m, "&Tighten from Scar…", f.tighten_from_scar, "Ctrl+T",
                              "Fold a scar into the spec as an explicit constraint")
    a["tighten-verdict"] = _make(w, m, "Tighten from &Verdict…", f.tighten_from_verdict, "Ctrl+Shift+T",
                                 "Turn a violated or partial verdict into a tightened clause")
    a["contradiction"] = _make(w, m, "Mark Contra&diction…", f.mark_contradiction, (),
                               "Mark the selected clause and another as contradicting (a spec finding)")
    a["spec-changes"] = _make(w, m, "Review Spec &Changes…", f.review_spec_changes, "Ctrl+Shift+D",
                              "The spec before and after, clause by clause")
    m.addSeparator()
    a["commit-push"] = _make(w, m, "&Commit and Push…", f.commit_and_push, "Ctrl+Shift+K",
                             "Commit only the spec and .specaudit/ files, then push")
    a["brief"] = _make(w, m, "Write Regeneration &Brief…", f.write_brief, "Ctrl+Shift+B",
                       "A Markdown hand-off for the generating agent")

    m = bar.addMenu("&Navigate")
    a["next-hunk"] = _make(w, m, "Next &Hunk", lambda: w.diff_nav("next_hunk"), ("Alt+Down", "F7"))
    a["prev-hunk"] = _make(w, m, "Previous H&unk", lambda: w.diff_nav("previous_hunk"), ("Alt+Up", "Shift+F7"))
    a["next-file"] = _make(w, m, "Next &File", lambda: w.diff_nav("next_file"), "Alt+PgDown")
    a["prev-file"] = _make(w, m, "Previous F&ile", lambda: w.diff_nav("previous_file"), "Alt+PgUp")
    m.addSeparator()
    a["focus-clauses"] = _make(w, m, "Go to &Clauses", lambda: w.clauses.tree.setFocus(), "Alt+1")
    a["focus-diff"] = _make(w, m, "Go to &Diff", lambda: (w.center_tabs.setCurrentWidget(w.diff_split),
                                                          w.diff.view.setFocus()), "Alt+2")
    a["focus-detail"] = _make(w, m, "Go to the Clause and Its &Code",
                              lambda: (w.center_tabs.setCurrentWidget(w.clause_view), w.detail.setFocus()), "Alt+3")
    a["focus-proposals"] = _make(w, m, "Go to &Proposals", lambda: focus_proposals(w), "Alt+P",
                                 "The current clause's proposed links: Enter accepts, Delete rejects")
    a["whole-diff"] = _make(w, m, "&Whole Diff / Clause and Code", w.toggle_whole_diff, "Ctrl+D",
                            "Switch between the clause with its code and the whole change")
    a["focus-tabs"] = _make(w, m, "Go to F&indings and Scars", lambda: w.side_tabs.currentWidget().setFocus(), "Alt+4")

    m = bar.addMenu("&View")
    modes = QActionGroup(w)
    for label, mode, key in (("&Side by Side", "side-by-side", "Ctrl+Shift+S"), ("&Unified", "unified", "Ctrl+Shift+U")):
        act = _make(w, m, label, lambda _=False, md=mode: w.diff.set_view_mode(md), key, checkable=True)
        act.setChecked(mode == "side-by-side")
        modes.addAction(act)
        a[f"mode:{mode}"] = act
    a["wrap"] = _make(w, m, "&Wrap Long Lines", lambda on: (w.diff.wrap_box.setChecked(on),
                                                            w.clause_view.wrap_box.setChecked(on)),
                      "Alt+Z", "Wrap long code lines in the diff and the clause's code", checkable=True)
    a["wrap"].setChecked(w.diff.wrap_box.isChecked())
    a["since-verdicts"] = _make(w, m, "Only Changes Since &Verdicts", w.revisions.toggle, "Ctrl+Shift+R",
                                "When the range's target moved: show only what changed since the verdicts' revision",
                                checkable=True)
    a["spec-beside"] = _make(w, m, "Spec &Beside Diff", w.toggle_spec_beside, "Ctrl+Shift+P",
                             "Lay the spec's text beside the whole diff, the current clause highlighted",
                             checkable=True)
    m.addSeparator()
    themes = QActionGroup(w)
    for name in ("light", "dark"):
        act = _make(w, m, f"{name.title()} Theme", lambda _=False, t=name: w.set_theme(t), checkable=True)
        themes.addAction(act)
        a[f"theme:{name}"] = act

    m = bar.addMenu("&Help")
    a["shortcuts"] = _make(w, m, "&Keyboard Shortcuts", w.show_shortcuts, SK.HelpContents)
    a["about"] = _make(w, m, "&About specaudit", w.about)
    return a


def focus_proposals(w) -> None:
    """The proposal list, in the clause view where it lives, with its first proposal current."""
    w.center_tabs.setCurrentWidget(w.clause_view)
    tree = w.suggestions.tree
    tree.setFocus()
    if tree.currentItem() is None and tree.topLevelItemCount():
        tree.setCurrentItem(tree.topLevelItem(0))


def shortcut_sheet(window) -> list[tuple[str, str, str]]:
    """(menu, action, keys) for every action with a shortcut, in menu order."""
    rows = []
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        for act in menu.actions():
            keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in act.shortcuts())
            if keys:
                rows.append((menu_action.text().replace("&", ""), act.text().replace("&", ""), keys))
    return rows

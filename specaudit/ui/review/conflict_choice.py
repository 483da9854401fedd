"""A review conflict, offered as a choice: two branches gave the shown clause different
verdicts and the merge driver kept both (docs/team.md). One button per side; choosing
keeps that verdict as it was given and moves the other into the clause's history,
through the one audit write path (``app.review_conflicts.prepare_settle``), as a command
of the review controller like every other edit, and undoable."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QPushButton, QVBoxLayout, QWidget

from specaudit.core.audit import Review
from specaudit.ui.kit import plain, verdict_style


def side_text(which: str, side: Review) -> str:
    """``Keep ours: implemented (Alice)``; a reviewer's e-mail address is left out."""
    label = verdict_style.LABELS.get(side.verdict, side.verdict)
    who = (side.reviewer or "").split("<")[0].strip()
    return f"Keep {which}: {label}" + (f" ({who})" if who else "")


class ConflictChoice(QFrame):
    """Hidden unless the shown clause's review holds a conflict."""

    settleRequested = Signal(str, str, int, object)  # spec rel, clause key, side index, the sides shown

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("conflictChoice")
        self.setAccessibleName("Review conflict")
        self.setStyleSheet("#conflictChoice { background: #fff4e5; border: 1px solid #e0a040; border-radius: 3px; }")
        self._layout = QVBoxLayout(self)  # stacked: the clause pane is narrow
        self._layout.setContentsMargins(6, 4, 6, 4)
        self.title = plain.label(self, "Two reviews conflict:")
        self.title.setWordWrap(True)
        self.buttons: list[QPushButton] = []
        self.hide()

    def show_review(self, spec_rel: str, review: Review) -> None:
        while self._layout.count():  # the title stays; the buttons go
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None and widget is not self.title:
                widget.deleteLater()
        self.buttons = []
        if not review.conflict:
            self.hide()
            return
        sides = review.sides()
        self.title.setText("Two reviews conflict:" if len(sides) == 2 else f"{len(sides)} reviews conflict:")
        self._layout.addWidget(self.title)
        for i, side in enumerate(sides):
            text = side_text("ours" if i == 0 else "theirs", side)
            button = QPushButton(text.replace("&", "&&"), self)
            button.setStyleSheet("text-align: left; padding: 3px 6px;")
            button.setToolTip(plain.tooltip(
                f"{side.verdict} by {side.reviewer or 'unknown'}{' at ' + side.at if side.at else ''}"
                f"{chr(10) + side.note if side.note else ''}\n\nKeep this verdict; the other moves into the history."))
            button.clicked.connect(lambda _=False, i=i: self._choose(spec_rel, review.clause, i, sides))
            self._layout.addWidget(button)
            self.buttons.append(button)
        self.show()


    def _choose(self, spec_rel: str, key: str, index: int, sides: tuple[Review, ...]) -> None:
        for button in self.buttons:  # one choice per conflict: the clause shows the result
            button.setEnabled(False)
        self.settleRequested.emit(spec_rel, key, index, sides)


def connect_settling(choice: ConflictChoice, controller) -> None:
    """Route the choice to ``controller`` (a ``ReviewController``): a command written in
    order on its writer, shown at once, and undoable like any edit."""
    choice.settleRequested.connect(controller.settle_conflict)

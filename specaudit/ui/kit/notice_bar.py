"""A banner for what was not saved: shown above the desk without taking the keyboard.

A write refused after the window showed it (the audit file became unwritable, another
program holds its lock too long) is named here with Retry and Dismiss. It never opens a
dialog and never takes focus, so the reviewer's next keys still go where they were
typing; Retry runs the same command again.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QWidget

from specaudit.ui.kit import plain
from specaudit.ui.review.review_controller import Failure


class NoticeBar(QFrame):
    def __init__(self, retry: Callable[[Failure], object], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("noticeBar")
        self.setAccessibleName("Not saved")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#noticeBar { background: #fdecea; border: 1px solid #c62828; }"
                           "#noticeBar QLabel { color: #7f1d1d; }")
        self._retry = retry
        self.failures: list[Failure] = []
        self.text = plain.label(self)  # file names and messages: never rich text
        self.text.setWordWrap(True)
        self.retry_button = QPushButton("Retry", self)
        self.dismiss_button = QPushButton("Dismiss", self)
        for button in (self.retry_button, self.dismiss_button):
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a click must not take the keyboard either
        self.retry_button.clicked.connect(self.retry)
        self.dismiss_button.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.retry_button)
        layout.addWidget(self.dismiss_button)
        self.hide()

    def add(self, failure: Failure) -> None:
        """Name one more thing that was not saved (the newest first); focus stays put."""
        self.failures.insert(0, failure)
        more = f" (and {len(self.failures) - 1} more not saved)" if len(self.failures) > 1 else ""
        self.text.setText(f"{failure.title} — {failure.message}{more}")
        self.retry_button.setVisible(any(f.command is not None for f in self.failures))
        self.show()

    def retry(self) -> None:
        failures, self.failures = self.failures, []
        self.hide()
        for failure in reversed(failures):  # in the order they were made
            if failure.command is not None:
                self._retry(failure)

    def dismiss(self) -> None:
        self.failures = []
        self.hide()

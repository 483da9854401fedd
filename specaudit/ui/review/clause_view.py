"""The clause-centred review: the clause's full text beside the code that answers it.

Left, the clause rendered as Markdown with its verdict, note, links and history
(``DetailPane``); right, its linked lines and the proposals for it stacked in one
scroll (``EvidenceView``), above the proposal list (``SuggestionsPanel``) where a
proposal is accepted or passed over. The whole-change diff is one keypress away
(Ctrl+D); this view never needs a tab switch to read a clause and its code.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from specaudit.settings import LIMITS
from specaudit.ui.evidence.evidence_view import EvidenceView
from specaudit.ui.evidence.suggestions_panel import SuggestionsPanel
from specaudit.ui.kit.clause_names import own_name
from specaudit.ui.kit.rich_text import markup
from specaudit.ui.review.conflict_choice import ConflictChoice
from specaudit.ui.review.detail_pane import DetailPane


class ClauseView(QWidget):
    wholeDiffRequested = Signal()

    def __init__(self, suggestions: SuggestionsPanel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("clauseView")
        self.detail = DetailPane(self)
        self.evidence = EvidenceView(self)
        self.suggestions = suggestions
        self._shown: tuple[str, str] | None = None
        self._links: tuple = ()
        self.mode_box = QComboBox(self)
        self.mode_box.addItems(["unified", "side-by-side"])  # unified: most evidence is added code
        self.mode_box.setAccessibleName("Evidence layout")
        self.mode_box.setToolTip("Show the clause's code side by side or unified")
        self.wrap_box = QCheckBox("Wrap lines", self)
        self.wrap_box.setToolTip("Wrap long code lines instead of scrolling sideways")
        self.summary = QLabel(self)  # rich text: the clause key inside is escaped
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setAccessibleName("Evidence summary")
        self.summary.setWordWrap(True)
        whole = QPushButton("Whole diff (Ctrl+D)", self)
        whole.setToolTip("Show the whole change, file by file")
        whole.clicked.connect(self.wholeDiffRequested)

        bar = QHBoxLayout()
        bar.setContentsMargins(4, 2, 4, 2)
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.mode_box)
        bar.addWidget(self.wrap_box)
        bar.addWidget(whole)
        right = QWidget(self)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addLayout(bar)
        self.code_split = QSplitter(Qt.Orientation.Vertical, right)
        self.code_split.setObjectName("evidenceSplitter")
        self.code_split.addWidget(self.evidence)
        self.code_split.addWidget(suggestions)
        self.code_split.setStretchFactor(0, 4)
        self.code_split.setStretchFactor(1, 1)
        rl.addWidget(self.code_split, 1)
        self.split = QSplitter(Qt.Orientation.Horizontal, self)
        self.split.setObjectName("clauseViewSplitter")
        self.conflict = ConflictChoice(self)  # shown only when a merge left two verdicts
        left = QWidget(self)
        left_lay = QVBoxLayout(left)
        left_lay.setContentsMargins(0, 0, 0, 0)
        left_lay.addWidget(self.conflict)
        left_lay.addWidget(self.detail, 1)
        self.split.addWidget(left)
        self.split.addWidget(right)
        self.split.setStretchFactor(0, 2)
        self.split.setStretchFactor(1, 5)
        self.split.setSizes([LIMITS.clause_detail_px, 800])
        self._stacked: bool | None = None  # not arranged yet: the first real size decides
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.split)
        self.splitters = (self.split, self.code_split)

        settings = QSettings()
        self.mode_box.setCurrentText(str(settings.value("clauseView/mode", "unified")))
        self.wrap_box.setChecked(settings.value("clauseView/wrap", False) in (True, "true"))
        self.evidence.set_layout(unified=self.mode_box.currentText() == "unified", wrap=self.wrap_box.isChecked())
        self.mode_box.currentTextChanged.connect(self._mode_changed)
        self.wrap_box.toggled.connect(self._wrap_changed)

    def show_clause(self, entry, clause) -> None:
        """Show ``clause``; the same clause again (after an edit) keeps its proposals."""
        same = self._shown == (entry.rel, clause.key)
        self._shown = (entry.rel, clause.key)
        self.detail.show_clause(entry, clause)
        self.conflict.show_review(entry.rel, entry.audit.review(clause.key))
        links = entry.audit.review(clause.key).links
        self.summary.setText(markup("<b>{}</b> \u00b7 {} linked range{}", own_name(clause), len(links),
                                    "s" if len(links) != 1 else ""))
        self.summary.setToolTip(clause.key)
        if same and links == self._links:
            return  # a verdict or note changed: the code shown is the same
        self._links = links
        self.evidence.show_evidence(links, proposals=None if same else [])

    def show_none(self) -> None:
        """No clause is current (a filter hid it): say so rather than keep showing it."""
        self._shown, self._links = None, ()
        self.detail.show_none()
        self.summary.setText("No clause selected")
        self.evidence.show_idle()
        self.suggestions.show_none()  # the proposal list too

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._arrange(event.size().width(), event.size().height())

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        # A page of a tab widget gets its size while hidden: arrange once it shows.
        super().showEvent(event)
        self._arrange(self.width(), self.height())

    def _arrange(self, width: int, height: int) -> None:
        """Beside its code while the clause text gets ~40 characters a line and the code
        the rest; narrower (a tiled window), the clause text above its code at full width,
        so neither is squeezed to a column a few words wide."""
        if width <= 0 or not self.isVisible():
            return
        stacked = width < LIMITS.clause_view_stack_px
        want = Qt.Orientation.Vertical if stacked else Qt.Orientation.Horizontal
        first, self._stacked = self._stacked is None, stacked
        if self.split.orientation() == want and (not first or self.split.property("restored")):
            return  # arranged already, or the reviewer's own widths (ui/shell/window_layout.py)
        if stacked:
            self.split.setOrientation(Qt.Orientation.Vertical)
            self.split.setSizes([height * 2 // 5, height - height * 2 // 5])
        else:
            self.split.setOrientation(Qt.Orientation.Horizontal)
            detail = max(LIMITS.clause_detail_px, width * 3 // 10)
            self.split.setSizes([detail, width - detail])

    def focus_detail(self) -> None:
        self.detail.setFocus()

    def focus_proposals(self) -> None:
        self.suggestions.focus_list()

    def set_wrap(self, on: bool) -> None:
        """Wrap long code lines (remembered); the Wrap box follows."""
        self.wrap_box.setChecked(on)

    def _mode_changed(self, mode: str) -> None:
        QSettings().setValue("clauseView/mode", mode)
        self.evidence.set_layout(unified=mode == "unified")

    def _wrap_changed(self, on: bool) -> None:
        QSettings().setValue("clauseView/wrap", on)
        self.evidence.set_layout(wrap=on)

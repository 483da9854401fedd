"""Choose what to review: a repository, a spec, and a range or a patch — or a recent session."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from specaudit.core.commits import short_commit_ids
from specaudit.core.errors import SpecauditError
from specaudit.ui.kit import plain
from specaudit.ui.shell import recent

if TYPE_CHECKING:
    from specaudit.app.workspace.session import Session

ALL_SPECS = "(every spec in the repository)"


class OpenDialog(QDialog):
    def __init__(self, start_repo: str = "", parent: QWidget | None = None, *, spec: str | None = None,
                 range: str | None = None, patch: str | None = None):  # noqa: A002 - the CLI's name
        """Filled in with the review on screen (``spec``, ``range``, ``patch``), so Enter
        reopens it and changing one field changes only that."""
        super().__init__(parent)
        self.setWindowTitle("Open Review")
        self.setMinimumWidth(620)
        self.repo = QLineEdit(start_repo, self)
        self.repo.setAccessibleName("Repository folder")
        self.spec = QComboBox(self)
        self.spec.setEditable(True)
        self.spec.setAccessibleName("Spec")
        self.range = QLineEdit(self)
        self.range.setPlaceholderText("e.g. main..feature, HEAD~3..HEAD (empty: the last commit)")
        self.range.setAccessibleName("Commit range")
        self.patch = QLineEdit(self)
        self.patch.setPlaceholderText("or a .patch / .diff file instead of a range")
        self.patch.setAccessibleName("Patch file")
        self.recent = QListWidget(self)
        self.recent.setAccessibleName("Recent sessions")
        for entry in recent.load_recent():
            item = QListWidgetItem(recent.describe(entry))
            item.setData(Qt.ItemDataRole.UserRole, entry)
            self.recent.addItem(item)
        self.session: Session | None = None  # what Open opened (accept)
        self.hint = plain.label(self)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color:#c62828")

        form = QFormLayout(self)
        form.addRow("&Repository:", self._with_button(self.repo, "Browse…", self._browse_repo))
        form.addRow("&Spec:", self._with_button(self.spec, "Browse…", self._browse_spec))
        form.addRow("R&ange:", self.range)
        form.addRow("&Patch:", self._with_button(self.patch, "Browse…", self._browse_patch))
        form.addRow(QLabel("Recent sessions (double-click to open):", self))
        form.addRow(self.recent)
        form.addRow(self.hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

        self.repo.editingFinished.connect(self._refresh_specs)
        self.recent.itemActivated.connect(self._use_recent)
        self._refresh_specs()
        if spec:
            self.spec.setEditText(spec)
        self.range.setText(short_commit_ids(range or ""))  # git reads ten digits as well as forty
        self.patch.setText(patch or "")

    def _with_button(self, field: QWidget, label: str, slot) -> QWidget:
        box = QWidget(self)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(field, 1)
        button = QPushButton(label, box)
        button.setAccessibleName(f"{label.rstrip('…')} for {field.accessibleName()}")
        button.clicked.connect(slot)
        row.addWidget(button)
        return box

    def _browse_repo(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Repository", self.repo.text())
        if path:
            self.repo.setText(path)
            self._refresh_specs()

    def _browse_spec(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Spec", self.repo.text(),
                                              "Specs (*.md *.markdown *.yaml *.yml);;All files (*)")
        if path:
            self.spec.setEditText(path)

    def _browse_patch(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Patch", self.repo.text(),
                                              "Patches (*.patch *.diff);;All files (*)")
        if path:
            self.patch.setText(path)

    def _refresh_specs(self) -> None:
        from specaudit.app.workspace.specs import find_specs

        self.spec.clear()
        self.spec.addItem(ALL_SPECS, None)
        root = Path(self.repo.text()).expanduser()
        if not root.is_dir():
            return
        try:
            for rel in find_specs(root):
                self.spec.addItem(rel, rel)
        except (SpecauditError, OSError) as exc:
            self.hint.setText(str(exc))

    def _use_recent(self, item: QListWidgetItem) -> None:
        entry = item.data(Qt.ItemDataRole.UserRole)
        self.repo.setText(entry.get("repo", ""))
        self._refresh_specs()
        self.spec.setEditText(entry.get("spec") or ALL_SPECS)
        self.range.setText(entry.get("range", ""))
        self.patch.setText(entry.get("patch", ""))
        self.accept()

    def accept(self) -> None:
        """Open the review; one that cannot open says why here, every field kept as typed
        (a message box closed the dialog and the spec, range and patch were gone)."""
        from specaudit.app.workspace.session import open_session

        v = self.values()
        try:
            self.session = open_session(v["repo"], spec=v["spec"], range=v["range"], patch=v["patch"])
        except SpecauditError as exc:
            self.hint.setText(f"Cannot open: {exc}")
            return
        super().accept()

    def values(self) -> dict:
        spec = self.spec.currentText().strip()
        return {
            "repo": self.repo.text().strip(),
            "spec": None if spec in ("", ALL_SPECS) else spec,
            "range": self.range.text().strip() or None,
            "patch": self.patch.text().strip() or None,
        }

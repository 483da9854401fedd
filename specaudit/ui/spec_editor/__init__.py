"""The spec editor and the tighten -> review -> commit -> push widgets (standalone; the
main window wires them into its menus)."""

from specaudit.ui.publish.publish_dialog import CommitPushDialog
from specaudit.ui.spec_editor.brief_action import export_brief
from specaudit.ui.spec_editor.change_view import SpecChangeView
from specaudit.ui.spec_editor.editor import SpecEditor
from specaudit.ui.spec_editor.tighten_dialog import TightenDialog

__all__ = ["CommitPushDialog", "SpecChangeView", "SpecEditor", "TightenDialog", "export_brief"]

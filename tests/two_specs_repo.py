"""A repository whose one range holds two Kiro specs' work: the todo spec's (its task
ticked, `Requirements: 1.1` written) and then the palette spec's. Used by the CLI and the
window's tests of whose work a commit is."""

from __future__ import annotations

from support import commit_files, init_repo

TODO = """# Requirements Document

## Requirements

### Requirement 1: Tasks

#### Acceptance Criteria

1. WHEN the user adds a task THEN the system SHALL show it in the list
"""
PALETTE = """# Requirements Document

## Requirements

### Requirement 1: Colour palette

#### Acceptance Criteria

1. WHEN the user picks a palette THEN the system SHALL apply its colours to the page
"""
TODO_TASKS = "# Tasks\n\n- [ ] 1. Add tasks\n  - _Requirements: 1.1_\n"
PALETTE_TASKS = "# Tasks\n\n- [ ] 1. Palette picker\n  - _Requirements: 1.1_\n"
TASKS_CODE = """export function addTask(list: string[], task: string): string[] {
  // Requirements: 1.1
  return [...list, task];
}
"""
THEME_CODE = """export function choosePalette(name: string): void {
  document.body.dataset.palette = name;
}
"""
SHARED = """export const version = 1;
"""


def two_specs_repo(tmp_path):
    """The two specs first; then the todo spec's work (its task ticked), then the palette's."""
    root = init_repo(tmp_path / "repo")
    base = commit_files(root, {".kiro/specs/todo/requirements.md": TODO, ".kiro/specs/todo/tasks.md": TODO_TASKS,
                               ".kiro/specs/palette/requirements.md": PALETTE,
                               ".kiro/specs/palette/tasks.md": PALETTE_TASKS, "src/shared.ts": SHARED}, "specs")
    commit_files(root, {"src/tasks.ts": TASKS_CODE, "src/shared.ts": SHARED + "export const list = []; // Requirements: 1.1\n",
                        ".kiro/specs/todo/tasks.md": TODO_TASKS.replace("[ ]", "[x]")},
                 "feat: task 1, add tasks (Requirements: 1.1)")
    commit_files(root, {"src/theme.ts": THEME_CODE, "src/shared.ts": SHARED + "export const list = []; // Requirements: 1.1\n"
                        "export const palettes = ['dark'];\n",
                        ".kiro/specs/palette/tasks.md": PALETTE_TASKS.replace("[ ]", "[x]")},
                 "feat: palette picker")
    return root, base

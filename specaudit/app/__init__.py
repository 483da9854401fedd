"""Use cases that tie core, formats and vcs together. The UI and CLI call only these."""

"""Shared widget plumbing: plain text, rich text, background tasks, theme, styles."""

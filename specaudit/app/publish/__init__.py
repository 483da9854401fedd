"""Committing the spec and audit files, pushing, merging audit files."""

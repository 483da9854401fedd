"""Audit files and side files on disk: the one locked writer, atomic writes, safe reads, config."""

"""Commit and push."""

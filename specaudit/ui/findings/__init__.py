"""Findings and unexplained changes."""

"""Scars: the list and the dialog."""

"""Proposals and the code that evidences a clause."""

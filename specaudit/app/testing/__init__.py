"""Tests per clause, JUnit results, the configured test command and the user's trust in it."""

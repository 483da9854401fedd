"""What is under review: the session, ranges, specs found, the loaded diff, revisions, demo."""

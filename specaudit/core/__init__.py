"""Pure domain logic: specs, clauses, diffs, audits, drift. No Qt, no git, no I/O."""

"""The clause list and the clause with its code; verdicts, notes, the edit commands."""

"""The reviewer's records: verdicts, links, notes, change marks, viewed marks, scars, contradictions."""

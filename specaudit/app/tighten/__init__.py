"""Folding scars and findings back into the spec, briefs, spec history."""

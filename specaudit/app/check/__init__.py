"""The gate: findings over a range, reports."""

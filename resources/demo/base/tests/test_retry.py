"""Retry tests written with the scar: the spacing is what the bank taught us."""

import pytest
from payment_retry.gateway import Charge, GatewayError, RetriesExhausted
from payment_retry.retry import charge_with_retry


class GatewayDown:
    def __init__(self):
        self.calls = 0

    def charge(self, charge, idempotency_key):
        self.calls += 1
        raise GatewayError("503")


# Guards scar PAY-1142: retries stay evenly spaced, never exponential backoff.
def test_flat_spacing():
    """Retries are evenly spaced: every wait between attempts is the same."""
    waits = []
    with pytest.raises(RetriesExhausted):
        charge_with_retry(GatewayDown(), Charge("c0", 500, "key-0"), sleep=waits.append, log=lambda m: None)
    assert waits, "a failing charge is retried"
    assert len(set(waits)) == 1, f"retry waits differ: {waits}"

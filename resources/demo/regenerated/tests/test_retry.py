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


from payment_retry.gateway import Declined  # noqa: E402
from payment_retry.retry import backoff_delay  # noqa: E402


class FlakyGateway:
    def __init__(self, failures, final="booked"):
        self.failures = list(failures)
        self.final = final
        self.calls = []

    def charge(self, charge, idempotency_key):
        self.calls.append(idempotency_key)
        if self.failures:
            raise self.failures.pop(0)
        return self.final


def test_backoff_doubles():
    assert [backoff_delay(n) for n in (1, 2, 3)] == [0.2, 0.4, 0.8]


def test_transient_errors_are_retried_with_one_key():
    gateway = FlakyGateway([GatewayError("503"), GatewayError("timeout")])
    charge = Charge("c1", 500, "key-1")
    assert charge_with_retry(gateway, charge, sleep=lambda s: None, log=lambda m: None) == "booked"
    assert gateway.calls == ["key-1", "key-1", "key-1"]


def test_declined_is_final():
    gateway = FlakyGateway([Declined("card declined")])
    with pytest.raises(Declined):
        charge_with_retry(gateway, Charge("c2", 500, "key-2"), sleep=lambda s: None, log=lambda m: None)
    assert len(gateway.calls) == 1


def test_gives_up_after_three_retries():
    gateway = FlakyGateway([GatewayError("503")] * 10)
    with pytest.raises(RetriesExhausted):
        charge_with_retry(gateway, Charge("c3", 500, "key-3"), sleep=lambda s: None, log=lambda m: None)
    assert len(gateway.calls) == 4

"""The bank gateway's interface and its errors."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Charge:
    id: str
    amount_cents: int
    idempotency_key: str


class GatewayError(Exception):
    """A transient failure: timeout, HTTP 502 or 503."""


class RateLimited(GatewayError):
    def __init__(self, retry_after: float = 0.0):
        super().__init__(f"rate limited (retry after {retry_after}s)")
        self.retry_after = retry_after


class Declined(Exception):
    """A final answer from the bank: never retried."""


class RetriesExhausted(Exception):
    def __init__(self, charge_id: str, last_error: Exception | None):
        super().__init__(f"charge {charge_id} failed: {last_error}")
        self.last_error = last_error

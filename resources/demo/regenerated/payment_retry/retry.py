"""Charge a payment through the bank gateway, retrying transient failures."""

import time

from payment_retry.cache import ResultCache
from payment_retry.gateway import Declined, GatewayError, RetriesExhausted

BASE_DELAY_SECONDS = 0.2
MAX_RETRIES = 3
RETRY_BUDGET_SECONDS = 10.0

_results = ResultCache(max_entries=1024)


def backoff_delay(retry: int) -> float:
    """Exponential backoff: base_delay * 2**(retry - 1)."""
    return BASE_DELAY_SECONDS * 2 ** (retry - 1)


def charge_with_retry(gateway, charge, *, sleep=time.sleep, log=print, clock=time.monotonic):
    """Charge once, then retry transient failures with exponential backoff."""
    if charge.amount_cents <= 0:
        raise ValueError("charge amount must be positive")
    cached = _results.get(charge.idempotency_key)
    if cached is not None:
        return cached
    started = clock()
    last_error = None
    for attempt in range(1, MAX_RETRIES + 2):
        try:
            result = gateway.charge(charge, idempotency_key=charge.idempotency_key)
            log(f"charge {charge.id} attempt {attempt}: ok")
            _results.put(charge.idempotency_key, result)
            return result
        except Declined:
            log(f"charge {charge.id} attempt {attempt}: declined")
            raise
        except GatewayError as exc:
            last_error = exc
            log(f"charge {charge.id} attempt {attempt}: {exc}")
            if attempt > MAX_RETRIES:
                break
            delay = max(backoff_delay(attempt), getattr(exc, "retry_after", 0.0))
            if clock() - started + delay > RETRY_BUDGET_SECONDS:
                break
            sleep(delay)
    raise RetriesExhausted(charge.id, last_error)

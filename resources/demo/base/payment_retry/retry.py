"""Charge a payment through the bank gateway, retrying transient failures."""

import time

from payment_retry.gateway import Declined, GatewayError, RetriesExhausted

# Three attempts, evenly spaced, never exponential: when every client backed off
# on the same doubling schedule, the retries arrived in synchronised waves and the
# bank's rate limiter refused us outright at peak (incident PAY-1142).
ATTEMPTS = 3
SPACING_SECONDS = 1.5


def charge_with_retry(gateway, charge, *, sleep=time.sleep, log=print):
    """Try the charge up to ATTEMPTS times, a flat SPACING_SECONDS apart."""
    if charge.amount_cents <= 0:
        raise ValueError("charge amount must be positive")
    last_error = None
    for attempt in range(1, ATTEMPTS + 1):
        try:
            result = gateway.charge(charge, idempotency_key=charge.idempotency_key)
            log(f"charge {charge.id} attempt {attempt}: ok")
            return result
        except Declined:
            log(f"charge {charge.id} attempt {attempt}: declined")
            raise
        except GatewayError as exc:
            last_error = exc
            log(f"charge {charge.id} attempt {attempt}: {exc}")
            if attempt < ATTEMPTS:
                sleep(max(SPACING_SECONDS, getattr(exc, "retry_after", 0.0)))
    raise RetriesExhausted(charge.id, last_error)

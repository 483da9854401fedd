"""A small Spec Kit repository whose history holds every kind of clause evidence
(importable as ``evidence_repo`` from the tests)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from support import git

SPEC = "specs/001-pay/spec.md"
TASKS = "specs/001-pay/tasks.md"

SPEC_TEXT = """# Feature Specification: Payments

## User Scenarios & Testing *(mandatory)*

### User Story 1 - Retry failed charges (Priority: P1)

A shopper whose charge fails is charged again without doing anything.

**Acceptance Scenarios**:

1. **Given** a charge that failed with a timeout, **When** the gateway recovers, **Then** the charge is retried with exponential backoff

## Requirements *(mandatory)*

### Functional Requirements

- **FR-001**: System MUST retry failed charges with exponential backoff between attempts
- **FR-002**: System MUST cache exchange rates for one hour
- **FR-003**: System MUST write an audit entry for every refund, using `RefundLedger`
- **FR-009**: System MUST set session cookies with the Secure and HttpOnly flags
"""

TASKS_TEXT = """# Tasks: Payments

## Phase 1: User Story 1

- [x] T001 [US1] Implement the retry loop in `src/retry.py`
- [x] T002 Cache exchange rates in src/rates.py (FR-002)
- [x] T003 [US1] Record attempts in src/attempts.py
- [ ] T004 [US9] Export invoices
"""

FILES_1 = {
    "src/rates.py": "import time\n\nRATE_TTL_SECONDS = 3600\n\n\ndef cached_rate(cache, currency):\n"
                    "    hit = cache.get(currency)\n    if hit and time.time() - hit[1] < RATE_TTL_SECONDS:\n"
                    "        return hit[0]\n    return None\n",
}
FILES_2 = {
    "src/retry.py": "import time\n\n\ndef charge_with_retry(gateway, charge, attempts=5):\n"
                    "    delay = 0.5\n    for _ in range(attempts):\n        if gateway.charge(charge):\n"
                    "            return True\n        time.sleep(delay)\n        delay *= 2  # exponential backoff\n"
                    "    return False\n",
    "src/refunds.py": "class RefundLedger:\n    def __init__(self):\n        self.entries = []\n\n"
                      "    def refund(self, charge):\n        # FR-003: every refund leaves an audit entry\n"
                      "        self.entries.append(('refund', charge))\n",
    "tests/test_retry.py": "from src.retry import charge_with_retry\n\n\n"
                           "def test_us1_ac1_retries_after_timeout():\n    class Gateway:\n        calls = 0\n\n"
                           "        def charge(self, c):\n            self.calls += 1\n            return self.calls > 2\n\n"
                           "    assert charge_with_retry(Gateway(), 'c1')\n",
    "README.md": "# Payments\n\nRetries, exchange rates and refunds.\n",
}


@dataclass
class EvidenceRepo:
    path: Path
    base: str
    head: str

    @property
    def range(self) -> str:
        return f"{self.base}..{self.head}"


def write(root: Path, files: dict[str, str | bytes]) -> None:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            p.write_bytes(text)
        else:
            p.write_text(text, encoding="utf-8")


# A module whose one line shares a word with FR-009 (session cookies): text alone, below the
# abstain threshold, so FR-009 keeps no proposal and lists this as a weak guess.
WEAK_FILES = {"src/app.py": "def start(config):\n    config.session_name = 'pay'\n    return config\n"}


def build(root: Path, *, tasks: str | bytes = TASKS_TEXT, extra: dict[str, str] | None = None) -> EvidenceRepo:
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    write(root, {SPEC: SPEC_TEXT, TASKS: tasks})
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Spec and tasks")
    base = git(root, "rev-parse", "HEAD").strip()
    write(root, FILES_1)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "T002 cache exchange rates")
    write(root, {**FILES_2, **(extra or {})})
    git(root, "add", "-A")
    # A message in Latin-1, as old tools write them: read without failing.
    (root / "msg.txt").write_bytes("Retry, refunds and tests (r\xe9sum\xe9)\n".encode("latin-1"))
    git(root, "commit", "-q", "-F", "msg.txt")
    (root / "msg.txt").unlink()
    head = git(root, "rev-parse", "HEAD").strip()
    return EvidenceRepo(root, base, head)

"""C#, Ruby and PHP changes are read as definitions, not hunks: a clause is proposed the
method that does it, with its name as evidence (docs/evidence.md, "Code structure")."""

from __future__ import annotations

import json

import pytest
from support import commit_files, init_repo

SPEC = """# Feature Specification: Refunds

## Requirements

### Functional Requirements

- **FR-001**: System MUST refund a charge at most once, recording the refund reason
- **FR-002**: System MUST export the monthly statement as CSV
"""

SOURCES = {
    "src/Refunds.cs": ("""using System;
namespace Pay {
  public class Refunds {
    private readonly Ledger ledger = new Ledger();

    public void Export(int month) { ledger.Write(month); }

    public bool RefundOnce(string chargeId, string reason) {
      if (ledger.Has(chargeId)) { return false; }
      ledger.Record(chargeId, reason);
      return true;
    }
  }
}
""", (8, 12)),
    "app/services/refunds.rb": ("""module Pay
  class Refunds
    def export(month)
      ledger.write(month)
    end

    def refund_once(charge_id, reason)
      return false if ledger.has?(charge_id)
      ledger.record(charge_id, reason)
      true
    end
  end
end
""", (7, 11)),
    "src/Refunds.php": ("""<?php
namespace App;

class Refunds {
    public function export(int $month): void { $this->ledger->write($month); }

    public function refundOnce(string $chargeId, string $reason): bool {
        if ($this->ledger->has($chargeId)) { return false; }
        $this->ledger->record($chargeId, $reason);
        return true;
    }
}
""", (7, 11)),
}


@pytest.mark.parametrize("path", sorted(SOURCES))
def test_a_clause_is_proposed_the_method_that_does_it(tmp_path, run_cli, path):
    source, (first, last) = SOURCES[path]
    root = init_repo(tmp_path / "repo")
    base = commit_files(root, {"README.md": "refunds\n"}, "start")
    target = commit_files(root, {"specs/001-refunds/spec.md": SPEC, path: source}, "refunds")
    result = run_cli("suggest", "-C", str(root), "--spec", "specs/001-refunds/spec.md", "--range",
                     f"{base}..{target}", "--clause", "FR-001", "--format", "json")
    assert result.code == 0, result
    top = json.loads(result.out)["clauses"][0]["proposals"][0]
    assert (top["path"], top["first"], top["last"]) == (path, first, last), top
    assert any(e["kind"] == "definition" for e in top["evidence"]), top

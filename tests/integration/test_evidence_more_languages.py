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


FRAMEWORK_CODE = {
    # Laravel: the route names the action by a string.
    "app/Http/Controllers/RefundController.php": """<?php
namespace App\\\\Http\\\\Controllers;

class RefundController extends Controller
{
    public function store(string $id)
    {
        return true;
    }
}
""",
    "routes/web.php": """<?php
Route::post('/refunds', [RefundController::class, 'store']);
""",
    # Rails: routes by "controller#action", callbacks by symbol.
    "app/controllers/refunds_controller.rb": """class RefundsController < ApplicationController
  before_action :load_charge

  def create
    head :created
  end

  private

  def load_charge
    @charge = Charge.find(params[:id])
  end
end
""",
    "config/routes.rb": """Rails.application.routes.draw do
  post "/refunds", to: "refunds#create"
end
""",
    # ASP.NET: a stub the change left is still said.
    "src/RefundsController.cs": """public class RefundsController : ControllerBase
{
    public IActionResult Create(string id)
    {
        throw new NotImplementedException();
    }
}
""",
}


def test_methods_their_framework_calls_by_name_are_not_unwired_but_stubs_are_said(tmp_path, run_cli):
    """Rails, Laravel and ASP.NET reach actions and callbacks by name (strings, symbols,
    conventions), so "referenced nowhere" is not said in Ruby, PHP or C#; a stub is."""
    root = init_repo(tmp_path / "repo")
    base = commit_files(root, {"specs/001-refunds/spec.md": SPEC}, "spec")
    target = commit_files(root, FRAMEWORK_CODE, "refunds")
    result = run_cli("check", "-C", str(root), "--range", f"{base}..{target}", "--format", "json")
    assert result.code in (0, 1), result
    kinds = [(f["kind"], f.get("path")) for f in json.loads(result.out)["findings"]]
    assert not [k for k in kinds if k[0] == "unwired-code"], kinds
    assert ("stub-code", "src/RefundsController.cs") in kinds, kinds

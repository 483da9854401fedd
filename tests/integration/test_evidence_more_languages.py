"""C#, Ruby, PHP, Kotlin, Swift, C and C++ changes are read as definitions, not hunks: a clause is proposed the
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
    "app/src/main/kotlin/pay/Refunds.kt": ("""package pay

class Refunds(private val ledger: Ledger) {
    fun export(month: Int) = ledger.write(month)

    fun refundOnce(chargeId: String, reason: String): Boolean {
        if (ledger.has(chargeId)) return false
        ledger.record(chargeId, reason)
        return true
    }
}
""", (6, 10)),
    "Sources/Pay/Refunds.swift": ("""import Foundation

final class Refunds {
    let ledger = Ledger()

    func export(month: Int) { ledger.write(month) }

    func refundOnce(chargeId: String, reason: String) -> Bool {
        if ledger.has(chargeId) { return false }
        ledger.record(chargeId, reason: reason)
        return true
    }
}
""", (8, 12)),
    "src/refunds.cpp": ("""#include "refunds.h"

namespace pay {
void Refunds::exportStatement(int month) { ledger_.write(month); }

bool Refunds::refundOnce(const std::string& chargeId, const std::string& reason) {
    if (ledger_.has(chargeId)) return false;
    ledger_.record(chargeId, reason);
    return true;
}
}
""", (6, 10)),
    "src/refunds.c": ("""#include "ledger.h"

void export_statement(int month) { ledger_write(month); }

int refund_once(const char *charge_id, const char *reason) {
    if (ledger_has(charge_id)) return 0;
    ledger_record(charge_id, reason);
    return 1;
}
""", (5, 9)),
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
    # Android: the framework calls onCreate; Kotlin's TODO() is a stub.
    "app/src/main/kotlin/pay/RefundActivity.kt": """package pay

class RefundActivity : AppCompatActivity() {
    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
    }

    fun refundLater(id: String): Boolean = TODO("not implemented yet")
}
""",
    # Nothing calls this one: said in Kotlin as anywhere.
    "app/src/main/kotlin/pay/Fees.kt": """package pay

fun waiveFees(id: String): Boolean {
    return id.isNotEmpty()
}
""",
    # UIKit: a storyboard reaches an @IBAction by name.
    "Sources/Pay/RefundViewController.swift": """import UIKit

final class RefundViewController: UIViewController {
    @IBAction func refundTapped(_ sender: UIButton) {
        dismiss(animated: true)
    }
}
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
    """Rails, Laravel, ASP.NET, Android and UIKit reach actions and callbacks by name
    (strings, symbols, conventions, manifests, storyboards), so "referenced nowhere" is
    not said in Ruby, PHP, C#, Kotlin or Swift; a stub is."""
    root = init_repo(tmp_path / "repo")
    base = commit_files(root, {"specs/001-refunds/spec.md": SPEC}, "spec")
    target = commit_files(root, FRAMEWORK_CODE, "refunds")
    result = run_cli("check", "-C", str(root), "--range", f"{base}..{target}", "--format", "json")
    assert result.code in (0, 1), result
    kinds = [(f["kind"], f.get("path")) for f in json.loads(result.out)["findings"]]
    assert [k for k in kinds if k[0] == "unwired-code"] == [("unwired-code", "app/src/main/kotlin/pay/Fees.kt")], kinds
    assert ("stub-code", "src/RefundsController.cs") in kinds, kinds
    assert ("stub-code", "app/src/main/kotlin/pay/RefundActivity.kt") in kinds, kinds


def test_a_method_added_to_an_existing_class_is_read_in_every_language(tmp_path, run_cli):
    """`public void Export()` and `override fun` carry no def/function keyword: the added
    lines are still parsed, so a stub added to a class that was already there is said."""
    before = {"src/Refunds.cs": "public class Refunds\n{\n}\n",
              "src/main/java/pay/Refunds.java": "package pay;\n\npublic class Refunds {\n}\n",
              "app/src/main/kotlin/pay/Refunds.kt": "package pay\n\nclass Refunds {\n}\n"}
    after = {"src/Refunds.cs": "public class Refunds\n{\n    public void Export(int month)\n    {\n"
                               "        throw new NotImplementedException();\n    }\n}\n",
             "src/main/java/pay/Refunds.java": "package pay;\n\npublic class Refunds {\n    public void export(int month) {\n"
                                               "        throw new UnsupportedOperationException(\"not implemented\");\n"
                                               "    }\n}\n",
             "app/src/main/kotlin/pay/Refunds.kt": "package pay\n\nclass Refunds {\n    internal fun export(month: Int) {\n"
                                                   "        TODO()\n    }\n}\n"}
    root = init_repo(tmp_path / "repo")
    base = commit_files(root, {"specs/001-refunds/spec.md": SPEC, **before}, "classes")
    target = commit_files(root, after, "export")
    result = run_cli("check", "-C", str(root), "--range", f"{base}..{target}", "--format", "json")
    assert result.code in (0, 1), result
    stubbed = {f["path"] for f in json.loads(result.out)["findings"] if f["kind"] == "stub-code"}
    assert stubbed == set(after), stubbed


def test_c_and_cpp_stubs_and_unwired_functions_are_said(tmp_path, run_cli):
    """`int refund_later(...)` carries no keyword: a C function's head is read as one."""
    root = init_repo(tmp_path / "repo")
    base = commit_files(root, {"specs/001-refunds/spec.md": SPEC, "src/main.c": "int main(void) {\n    return 0;\n}\n"},
                        "start")
    target = commit_files(root, {
        "src/refunds.c": "int refund_later(const char *id)\n{\n    /* TODO: not implemented */\n}\n\n"
                         "int waive_fees(const char *id) {\n    return id != 0;\n}\n",
        "src/main.c": "int main(void) {\n    return refund_later(\"x\");\n}\n"}, "refunds")
    result = run_cli("check", "-C", str(root), "--range", f"{base}..{target}", "--format", "json")
    assert result.code in (0, 1), result
    said = {(f["kind"], f.get("path"), f.get("line")) for f in json.loads(result.out)["findings"]
            if f["kind"] in ("stub-code", "unwired-code")}
    assert said == {("stub-code", "src/refunds.c", 1), ("unwired-code", "src/refunds.c", 6)}, said

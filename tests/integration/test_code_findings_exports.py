"""False positives of unwired-code and stub-code found in review (issue 21), each with its
rule (docs/findings.md): a base method that is a placeholder its subclasses override, a
function a module or package lists in ``__all__`` or re-exports, and a library's public
function its tests call (the demo's ``charge_with_retry``)."""

from __future__ import annotations

import json

from support import commit_files, init_repo

SPEC = "specs/001-demo/spec.md"


def _repo(tmp_path, files: dict[str, str], unchanged: dict[str, str] | None = None):
    root = init_repo(tmp_path / "repo")
    spec = {SPEC: "# Feature Specification: Demo\n\n## Requirements\n\n### Functional Requirements\n\n"
                  "- **FR-001**: System MUST export todos.\n"}
    base = commit_files(root, {**spec, **(unchanged or {})}, "spec")
    return root, f"{base}..{commit_files(root, files, 'code')}"


def _found(run_cli, root, rng, kind: str) -> list[str]:
    r = run_cli("check", "-C", str(root), "--range", rng, "--spec", SPEC, "--format", "json")
    assert r.code in (0, 1), r
    return sorted(f["message"].split("`")[1] for f in json.loads(r.out)["findings"] if f["kind"] == kind)


MAIN = "from app.exporters import run\n\n\ndef main():\n    run()\n\n\nif __name__ == '__main__':\n    main()\n"


def test_a_placeholder_a_subclass_overrides_is_an_abstract_method_not_a_stub(run_cli, tmp_path):
    root, rng = _repo(tmp_path, {
        "main.py": MAIN,
        "app/__init__.py": "",
        "app/exporters.py": (
            "class Exporter:\n    def export(self, rows):\n        raise NotImplementedError\n\n"
            "    def header(self):\n        pass\n\n\n"
            "class CsvExporter(Exporter):\n    def export(self, rows):\n        return ','.join(rows)\n\n\n"
            "class Lonely:\n    def export(self, rows):\n        raise NotImplementedError\n\n\n"
            "def run():\n    return [CsvExporter().export(['a']), Lonely().export([]), Exporter().header(),\n"
            "            JsonExporter().header()]\n"),
        "app/json_exporter.py": ("from app.base import Base\n\n\nclass JsonExporter(Base):\n"
                                 "    def header(self):\n        return '{'\n"),
    }, unchanged={"app/base.py": "class Base:\n    pass\n"})
    # Exporter.export is overridden in the same file; Exporter.header is not (a stub).
    assert _found(run_cli, root, rng, "stub-code") == ["Exporter.header", "Lonely.export"]


def test_an_override_in_an_unchanged_file_counts(run_cli, tmp_path):
    root, rng = _repo(tmp_path, {
        "main.py": MAIN,
        "app/__init__.py": "",
        "app/exporters.py": ("class Exporter:\n    def export(self, rows):\n        raise NotImplementedError\n\n\n"
                             "def run():\n    return Exporter\n"),
    }, unchanged={"app/plugins/xml.py": ("from app.exporters import Exporter\n\n\nclass XmlExporter(Exporter):\n"
                                         "    def export(self, rows):\n        return '<x/>'\n")})
    assert _found(run_cli, root, rng, "stub-code") == []


def test_names_in_all_or_re_exported_by_a_package_are_exported(run_cli, tmp_path):
    root, rng = _repo(tmp_path, {
        "main.py": MAIN,
        "app/__init__.py": "from app.reexported import shout\n\n__all__ = ['shout', 'listed_by_package']\n",
        "app/exporters.py": "__all__ = ('run', 'listed')\n\n\ndef run():\n    return 1\n\n\ndef listed():\n    return 2\n\n\n"
                            "def listed_by_package():\n    return 3\n\n\ndef forgotten():\n    return 4\n",
        "app/reexported.py": "def shout():\n    return 'A'\n",
    })
    assert _found(run_cli, root, rng, "unwired-code") == ["forgotten"]


def test_a_librarys_public_function_its_tests_call_is_its_api(run_cli, tmp_path):
    lib = {
        "payments/__init__.py": '"""Charge through the gateway."""\n',
        "payments/retry.py": "def charge_with_retry(charge):\n    return _attempt(charge)\n\n\n"
                             "def _attempt(charge):\n    return charge\n\n\ndef untested_helper():\n    return 0\n",
        "tests/test_retry.py": "from payments.retry import charge_with_retry\n\n\ndef test_charge():\n"
                               "    assert charge_with_retry(1) == 1\n",
    }
    root, rng = _repo(tmp_path, lib)
    # No product code outside `payments` imports it: a library, called from outside; its
    # tests show how. A function nothing calls, tests included, is still unwired.
    assert _found(run_cli, root, rng, "unwired-code") == ["untested_helper"]
    # In an application that imports the package, tests alone wire nothing.
    root, rng = _repo(tmp_path / "app", {**lib, "main.py": "from payments import retry\n\n\ndef main():\n"
                                                           "    print(retry)\n"})
    assert _found(run_cli, root, rng, "unwired-code") == ["charge_with_retry", "untested_helper"]


def test_a_fresh_demo_has_no_unwired_code(run_cli, tmp_path):
    r = run_cli("demo", "--dir", str(tmp_path / "demo"), "--no-gui")
    assert r.code == 0, r
    r = run_cli("check", "-C", str(tmp_path / "demo"), "--format", "json")
    kinds = [f["kind"] for f in json.loads(r.out)["findings"]]
    assert "unwired-code" not in kinds and "stub-code" not in kinds

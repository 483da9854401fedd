"""The CI templates in packaging/ci/ and the pre-commit hooks, run as written.

Every ``run:`` / ``script:`` line is executed by bash on the demo repository with only the
CI's own variables supplied (GITHUB_* / CI_*, the ``${{ }}`` expressions a pull request
fills in), no display, and pip kept offline (specaudit is already installed, so the
template's ``pip install`` line runs as written and finds it satisfied). ``uses:`` steps
cannot run here: their inputs are checked against what the run steps produce.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from support import git

import specaudit

ROOT = Path(__file__).resolve().parents[2]
GITHUB = ROOT / "packaging" / "ci" / "github-specaudit.yml"
GITLAB = ROOT / "packaging" / "ci" / "gitlab-specaudit.yml"
HOOKS = ROOT / ".pre-commit-hooks.yaml"
_EXPR = re.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")


def _ci_env(tmp_path: Path, extra: dict[str, str]) -> dict[str, str]:
    """A CI runner's environment: the installed specaudit first on PATH, no display, pip offline."""
    keep = {k: v for k, v in os.environ.items()
            if k in ("PATH", "LANG", "TMPDIR") or k.startswith(("GIT_AUTHOR", "GIT_COMMITTER", "GIT_CONFIG_NOSYSTEM"))}
    home = tmp_path / "runner-home"
    home.mkdir(exist_ok=True)
    keep["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{keep.get('PATH', '/usr/bin:/bin')}"
    return {**keep, "HOME": str(home), "CI": "true", "PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1",
            **extra}


def _bash(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    # GitHub's `shell: bash` and GitLab's bash executor both stop at the first failing line.
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def _github_steps() -> tuple[dict, list[dict]]:
    workflow = yaml.safe_load(GITHUB.read_text())
    (job,) = workflow["jobs"].values()
    return workflow, job["steps"]


def _fill(value: str, context: dict[str, str]) -> str:
    def one(m: re.Match) -> str:
        assert m.group(1) in context, f"the workflow uses ${{{{ {m.group(1)} }}}}, which the test does not supply"
        return context[m.group(1)]

    return _EXPR.sub(one, str(value))


def run_github(repo: Path, base: str, tmp_path: Path) -> tuple[list[subprocess.CompletedProcess], Path]:
    workflow, steps = _github_steps()
    summary = tmp_path / "step-summary.md"
    summary.write_text("")
    context = {"github.event.pull_request.base.sha": base}
    env = _ci_env(tmp_path, {
        "GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request", "GITHUB_WORKSPACE": str(repo),
        "GITHUB_SHA": git(repo, "rev-parse", "HEAD").strip(), "GITHUB_BASE_REF": "main",
        "GITHUB_STEP_SUMMARY": str(summary), "RUNNER_TEMP": str(tmp_path), "RUNNER_OS": "Linux",
        **{k: _fill(v, context) for k, v in (workflow.get("env") or {}).items()},
    })
    results = []
    for step in steps:
        if "run" not in step:
            continue
        step_env = {**env, **{k: _fill(v, context) for k, v in (step.get("env") or {}).items()}}
        result = _bash(_fill(step["run"], context), repo, step_env)
        results.append(result)
        if result.returncode != 0:
            break
    return results, summary


def run_gitlab(repo: Path, base: str, tmp_path: Path) -> subprocess.CompletedProcess:
    (job,) = yaml.safe_load(GITLAB.read_text()).values()
    env = _ci_env(tmp_path, {
        "GITLAB_CI": "true", "CI_PIPELINE_SOURCE": "merge_request_event", "CI_PROJECT_DIR": str(repo),
        "CI_MERGE_REQUEST_DIFF_BASE_SHA": base, "CI_COMMIT_SHA": git(repo, "rev-parse", "HEAD").strip(),
        **{k: str(v) for k, v in job["variables"].items()},
    })
    return _bash("\n".join([*job["before_script"], *job["script"]]), repo, env)


def _passing(repo: Path) -> None:
    """A gate policy that fails on nothing: the same commands then exit 0."""
    (repo / ".specaudit" / "config.yaml").write_text("gate:\n  fail_on: []\n")
    git(repo, "add", ".specaudit/config.yaml")
    git(repo, "commit", "-q", "-m", "gate policy")


def test_github_workflow_runs_as_written(demo_repo, tmp_path):
    repo = Path(demo_repo.path)
    workflow, steps = _github_steps()
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@"))
    assert "always()" in upload["if"] and workflow["permissions"]["security-events"] == "write"

    results, summary = run_github(repo, demo_repo.base, tmp_path)
    install, gate = results
    assert install.returncode == 0 and "already satisfied" in install.stdout.lower(), install.stdout + install.stderr
    assert gate.returncode == 1, gate.stderr  # the demo's regeneration overwrote a scar: the gate fails
    sarif = json.loads((repo / upload["with"]["sarif_file"]).read_text())
    results_ = sarif["runs"][0]["results"]
    assert {"scar-overwritten", "unreviewed"} <= {r["ruleId"] for r in results_}
    assert all(r["partialFingerprints"]["specaudit/v1"] for r in results_)
    text = summary.read_text()
    assert text.startswith("## specaudit check: gate **failed**") and "`scar-overwritten`" in text

    _passing(repo)
    results, summary = run_github(repo, demo_repo.base, tmp_path)
    assert [r.returncode for r in results] == [0, 0], results[-1].stderr
    assert "gate passed" in summary.read_text()


def test_gitlab_job_runs_as_written(demo_repo, tmp_path):
    repo = Path(demo_repo.path)
    (job,) = yaml.safe_load(GITLAB.read_text()).values()
    assert str(job["variables"]["GIT_DEPTH"]) == "0" and job["artifacts"]["when"] == "always"
    result = run_gitlab(repo, demo_repo.base, tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    report = json.loads((repo / job["artifacts"]["reports"]["codequality"]).read_text())
    assert {"specaudit/scar-overwritten", "specaudit/unreviewed"} <= {i["check_name"] for i in report}
    assert all(i["fingerprint"] and i["location"]["path"] for i in report)
    assert all((repo / p).is_file() for p in job["artifacts"]["paths"])
    assert (repo / "specaudit.md").read_text().startswith("## specaudit check: gate **failed**")
    _passing(repo)
    assert run_gitlab(repo, demo_repo.base, tmp_path).returncode == 0


@pytest.mark.parametrize("ci", ["github", "gitlab"])
def test_a_shallow_clone_says_how_to_fetch_the_base(demo_repo, tmp_path, ci):
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", Path(demo_repo.path).as_uri(), str(clone)], check=True)
    if ci == "github":
        results, _ = run_github(clone, demo_repo.base, tmp_path)
        result = results[-1]
    else:
        result = run_gitlab(clone, demo_repo.base, tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert demo_repo.base in lines[0] and "shallow" in lines[0]
    assert "fetch-depth: 0" in lines[0] and "GIT_DEPTH: 0" in lines[0] and "git fetch --unshallow" in lines[0]
    assert not (clone / "specaudit.sarif").exists() and not (clone / "specaudit.md").exists()


def test_pre_commit_hooks_run_as_written(demo_repo, tmp_path):
    hooks = yaml.safe_load(HOOKS.read_text())
    repo = Path(demo_repo.path)
    assert {h["id"] for h in hooks} == {"specaudit-check", "specaudit-check-system"}
    env = _ci_env(tmp_path, {})
    for hook in hooks:
        assert hook["pass_filenames"] is False and hook["always_run"] is True
        assert hook["entry"].split()[0] == "specaudit"
        # pre-commit runs the entry with the hook's args and no file names.
        result = _bash(" ".join([hook["entry"], *hook.get("args", [])]), repo, env)
        assert result.returncode == 1 and "gate FAILED" in result.stdout, result.stdout + result.stderr
    _passing(repo)
    for hook in hooks:
        assert _bash(hook["entry"], repo, env).returncode == 0


def test_templates_install_the_version_they_document():
    (job,) = yaml.safe_load(GITLAB.read_text()).values()
    for pinned in (yaml.safe_load(GITHUB.read_text())["env"]["SPECAUDIT"], job["variables"]["SPECAUDIT"]):
        assert pinned == f"specaudit=={specaudit.__version__}"

"""The GitHub Actions workflows: zizmor finds nothing, and our own policy holds.

zizmor (run `--offline`: no GitHub API here) audits for the known classes of workflow
weakness. The policy checks below pin down what this project promises on top of that: which
events run code, who may write what, that every action is pinned to a commit with its version
beside it, that the pull-request workflow runs every test, and that nothing is
published unless the same tests passed on that commit. Each policy check is also fed a
workflow that breaks it, so a check that silently stops working fails here too.
"""

from __future__ import annotations

import copy
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from shortnotes.example_versions import load_versions

ROOT = Path(__file__).resolve().parent.parent
GITHUB = ROOT / ".github"
WORKFLOWS = GITHUB / "workflows"
ZIZMOR = Path(sys.executable).with_name("zizmor")

# `uses: owner/repo@<40 hex> # v1.2.3`: a commit cannot be moved the way a tag can, and the
# comment tells a reader (and Dependabot) which release that commit is.
PINNED_USES = re.compile(r"^\s*(?:-\s+)?uses:\s*[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+){0,2}$")
WRITE_SCOPES_OF_DEPLOY = {"pages": "write", "id-token": "write"}


def _load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text())


def _triggers(workflow: dict[str, Any]) -> set[str]:
    # PyYAML reads the bare key `on` as the boolean True (YAML 1.1).
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, str):
        return {on}
    return set(on or ())


def _steps(workflow: dict[str, Any]):
    for job_id, job in workflow.get("jobs", {}).items():
        for step in job.get("steps", []):
            yield job_id, step


# --- policy checks: each returns the list of violations, empty when the policy holds --------


def unpinned_uses(text: str, *, name: str) -> list[str]:
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        if re.match(r"^\s*(?:-\s+)?uses:", line) and not PINNED_USES.match(line):
            problems.append(
                f"{name}:{number}: pin the action to a full commit SHA with its version in a "
                f"comment (`uses: owner/repo@<sha> # vX.Y.Z`): {line.strip()}"
            )
    return problems


def dangerous_triggers(workflow: dict[str, Any], *, name: str) -> list[str]:
    risky = _triggers(workflow) & {"pull_request_target", "workflow_run"}
    return [f"{name}: trigger `{t}` runs with write access on untrusted code" for t in risky]


def credentials_left_behind(workflow: dict[str, Any], *, name: str) -> list[str]:
    return [
        f"{name}: job `{job_id}` checks out without `persist-credentials: false`"
        for job_id, step in _steps(workflow)
        if str(step.get("uses", "")).startswith("actions/checkout@")
        and (step.get("with") or {}).get("persist-credentials") is not False
    ]


def excess_permissions(workflow: dict[str, Any], *, name: str) -> list[str]:
    """Nothing at workflow level; `contents: read` per job, Pages scopes on the deploy job only."""
    problems = []
    if workflow.get("permissions") != {}:
        problems.append(f"{name}: set `permissions: {{}}` at the top; grant scopes per job")
    for job_id, job in workflow.get("jobs", {}).items():
        granted = job.get("permissions")
        deploys = any(
            str(step.get("uses", "")).startswith("actions/deploy-pages@")
            for step in job.get("steps", [])
        )
        allowed = [WRITE_SCOPES_OF_DEPLOY] if deploys else [{"contents": "read"}]
        if granted not in allowed:
            problems.append(
                f"{name}: job `{job_id}` has permissions {granted!r}, want {allowed[0]}"
            )
    return problems


def _every_test_gaps(runs: str, *, name: str, what: str) -> list[str]:
    """`runs` (shell lines) run the full pytest, deselecting nothing and ignoring no failure."""
    pytest_runs = re.findall(r"^.*\bpytest\b.*$", runs, flags=re.MULTILINE)
    if not pytest_runs:
        return [f"{name}: never runs pytest; {what}"]
    return [
        f"{name}: `{line.strip()}` deselects tests or ignores their failure; {what}"
        for line in pytest_runs
        # Look only at pytest's own arguments (`python -m pytest` has an -m of its own).
        if re.search(r"\s(-m|-k|--deselect|--ignore)\b", line.split("pytest", 1)[1])
        or re.search(r"\|\||;\s*true\b", line)
    ]


def pull_request_gaps(workflow: dict[str, Any], *, name: str) -> list[str]:
    """The PR workflow must build strictly and run every test, Redis and browser included."""
    runs = "\n".join(str(step.get("run", "")) for _, step in _steps(workflow))
    problems = []
    if "pull_request" not in _triggers(workflow):
        problems.append(f"{name}: does not run on `pull_request`")
    if not re.search(r"mkdocs build --strict", runs) or re.search(
        r"mkdocs build[^\n]*\s-q\b", runs
    ):
        problems.append(f"{name}: no `mkdocs build --strict` (without -q)")
    problems += _every_test_gaps(runs, name=name, what="the PR workflow runs every test")
    if (workflow["jobs"].get("test", {}).get("env") or {}).get("CI") != "true":
        problems.append(f'{name}: set `CI: "true"` so tests that need a service never skip')
    return problems


def examples_matrix_gaps(
    workflow: dict[str, Any], *, name: str, python_tags: tuple[str, ...]
) -> list[str]:
    """Job `examples` runs every interpreter of tests/examples/versions.toml, one per job."""
    job = workflow.get("jobs", {}).get("examples")
    if not job:
        return [f"{name}: no `examples` job running the examples on every tested Python"]
    problems = []
    matrix = ((job.get("strategy") or {}).get("matrix") or {}).get("python")
    if matrix != list(python_tags):
        problems.append(
            f"{name}: job `examples` has the matrix python {matrix!r}; "
            f"tests/examples/versions.toml names {list(python_tags)!r} — list the same"
        )
    env = job.get("env") or {}
    if env.get("EXAMPLES_PYTHON") != "${{ matrix.python }}" or env.get("CI") != "true":
        problems.append(
            f'{name}: job `examples` needs env `CI: "true"` and '
            "`EXAMPLES_PYTHON: ${{ matrix.python }}` (the harness must find that interpreter)"
        )
    installs = [
        (step.get("with") or {}).get("python-version")
        for step in job.get("steps", [])
        if str(step.get("uses", "")).startswith("actions/setup-python@")
    ]
    if "${{ matrix.python }}" not in installs:
        problems.append(f"{name}: job `examples` never installs the matrix Python")
    if not any("pytest" in str(step.get("run", "")) for step in job.get("steps", [])):
        problems.append(f"{name}: job `examples` never runs pytest")
    return problems


def preview_gaps(workflow: dict[str, Any], *, name: str) -> list[str]:
    """The PR workflow uploads the built site, says so in the job summary, and uploads the
    browser tests' failure artifacts when a step fails."""
    uploads = [
        step
        for _, step in _steps(workflow)
        if str(step.get("uses", "")).startswith("actions/upload-artifact@")
    ]
    problems = []
    site = [s for s in uploads if "site" in str((s.get("with") or {}).get("path", ""))]
    if not site or str(site[0].get("if", "")).strip() not in ("", "success()"):
        problems.append(f"{name}: upload the built site with actions/upload-artifact")
    if not any(
        "GITHUB_STEP_SUMMARY" in str(step.get("run", "")) and "site" in str(step.get("run", ""))
        for _, step in _steps(workflow)
    ):
        problems.append(f"{name}: write where the site artifact is to $GITHUB_STEP_SUMMARY")
    if not any(
        "failure()" in str(s.get("if", ""))
        and "test-artifacts" in str((s.get("with") or {}).get("path", ""))
        for s in uploads
    ):
        problems.append(f"{name}: upload test-artifacts/ (screenshots) with `if: failure()`")
    return problems


def _uses(step: dict[str, Any], action: str) -> bool:
    return str(step.get("uses", "")).startswith(f"{action}@")


def ungated_publishing(deploy: dict[str, Any], ci: dict[str, Any], *, name: str) -> list[str]:
    """Nothing reaches Pages unless every test passed on that commit, as in a pull request.

    The job that uploads the site runs, before the upload, `scripts/setup --test` and the full
    pytest in the same container and with the same `CI: "true"` as ci.yml's test job (or
    depends, through `needs:`, on a job that does), and no step on that path may let a
    failure through (`continue-on-error`, `if: always()`).
    """
    jobs = deploy.get("jobs", {})
    ci_job = ci["jobs"]["test"]
    uploaders = [
        job_id
        for job_id, job in jobs.items()
        if any(_uses(step, "actions/upload-pages-artifact") for step in job.get("steps", []))
    ]
    if not uploaders:
        return [f"{name}: no job uploads the site (actions/upload-pages-artifact)"]
    problems = []
    for uploader in uploaders:
        gating: list[tuple[str, dict[str, Any]]] = []  # (job id, step) that run before upload
        for step in jobs[uploader].get("steps", []):
            if _uses(step, "actions/upload-pages-artifact"):
                break
            gating.append((uploader, step))
        needed = jobs[uploader].get("needs") or []
        pending = [needed] if isinstance(needed, str) else list(needed)
        seen: set[str] = set()
        while pending:
            job_id = pending.pop()
            if job_id in seen or job_id not in jobs:
                continue
            seen.add(job_id)
            gating += [(job_id, step) for step in jobs[job_id].get("steps", [])]
            more = jobs[job_id].get("needs") or []
            pending += [more] if isinstance(more, str) else list(more)
        testing = [
            job_id for job_id, step in gating if re.search(r"\bpytest\b", str(step.get("run", "")))
        ]
        runs = "\n".join(str(step.get("run", "")) for _, step in gating)
        what = f"job `{uploader}` must not upload the site unless every test passed"
        problems += _every_test_gaps(runs, name=name, what=what)
        if not re.search(r"^\s*scripts/setup --test\b", runs, flags=re.MULTILINE):
            problems.append(f"{name}: `scripts/setup --test` never runs before the upload")
        for job_id in dict.fromkeys(testing):
            job = jobs[job_id]
            if job.get("container") != ci_job.get("container"):
                problems.append(
                    f"{name}: job `{job_id}` tests in {job.get('container')!r}, not in "
                    f"ci.yml's container {ci_job.get('container')!r}"
                )
            if (job.get("env") or {}).get("CI") != "true":
                problems.append(f'{name}: job `{job_id}` must set `CI: "true"` so no test can skip')
        for job_id in {uploader, *seen}:
            job = jobs[job_id]
            if job.get("continue-on-error") or "always()" in str(job.get("if", "")):
                problems.append(f"{name}: job `{job_id}` goes on after a failure")
        problems += [
            f"{name}: step `{step.get('name', step.get('run'))}` of job `{job_id}` lets a "
            "failure through before the upload"
            for job_id, step in gating
            if step.get("continue-on-error")
            or re.search(r"always\(\)|failure\(\)", str(step.get("if", "")))
        ]
        upload = next(
            step for step in jobs[uploader]["steps"] if _uses(step, "actions/upload-pages-artifact")
        )
        if re.search(r"always\(\)|failure\(\)", str(upload.get("if", ""))):
            problems.append(f"{name}: the upload runs even when a test failed")
    return problems


def deploy_gaps(workflow: dict[str, Any], *, name: str) -> list[str]:
    problems = []
    if _triggers(workflow) - {"push", "workflow_dispatch"}:
        problems.append(f"{name}: deploys on {sorted(_triggers(workflow))}, want push to main")
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, dict) and (on.get("push") or {}).get("branches") != ["main"]:
        problems.append(f"{name}: deploy only on push to main")
    actions = {str(step.get("uses", "")).split("@")[0] for _, step in _steps(workflow)}
    for needed in ("actions/upload-pages-artifact", "actions/deploy-pages"):
        if needed not in actions:
            problems.append(f"{name}: does not use {needed}")
    environments = [
        (job.get("environment") or {}).get("name") for job in workflow.get("jobs", {}).values()
    ]
    if "github-pages" not in environments:
        problems.append(f"{name}: the deploy job must use the `github-pages` environment")
    return problems


# --- the real workflows ----------------------------------------------------------------------


def test_zizmor_finds_nothing() -> None:
    done = subprocess.run(
        [str(ZIZMOR), "--offline", "--no-progress", str(GITHUB)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, f"zizmor --offline .github/ reports:\n{done.stdout}{done.stderr}"


def test_zizmor_reports_a_dangerous_workflow(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: pull_request_target\n"
        "jobs:\n"
        "  build:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "        with:\n"
        "          ref: ${{ github.event.pull_request.head.sha }}\n"
        '      - run: echo "${{ github.event.pull_request.title }}"\n'
    )
    done = subprocess.run(
        [str(ZIZMOR), "--offline", "--no-progress", str(bad)], capture_output=True, text=True
    )
    assert done.returncode != 0
    for audit in ("dangerous-triggers", "template-injection", "unpinned-uses", "artipacked"):
        assert audit in done.stdout, f"zizmor no longer reports {audit}:\n{done.stdout}"


@pytest.mark.parametrize("path", sorted(WORKFLOWS.glob("*.yml")), ids=lambda p: p.name)
def test_every_workflow_is_pinned_and_least_privileged(path: Path) -> None:
    name = f".github/workflows/{path.name}"
    workflow = _load(path)
    problems = (
        unpinned_uses(path.read_text(), name=name)
        + dangerous_triggers(workflow, name=name)
        + credentials_left_behind(workflow, name=name)
        + excess_permissions(workflow, name=name)
    )
    assert not problems, "\n".join(problems)


def test_pull_request_workflow_builds_strictly_and_runs_every_test() -> None:
    problems = pull_request_gaps(_load(WORKFLOWS / "ci.yml"), name="ci.yml")
    assert not problems, "\n".join(problems)


def test_examples_run_on_every_python_of_versions_toml() -> None:
    tags = load_versions(ROOT).python_tags
    problems = examples_matrix_gaps(_load(WORKFLOWS / "ci.yml"), name="ci.yml", python_tags=tags)
    assert not problems, "\n".join(problems)


def test_pull_request_workflow_uploads_a_preview_and_failure_artifacts() -> None:
    problems = preview_gaps(_load(WORKFLOWS / "ci.yml"), name="ci.yml")
    assert not problems, "\n".join(problems)


def _without_step(workflow: dict[str, Any], needle: str) -> dict[str, Any]:
    changed = copy.deepcopy(workflow)
    for job in changed["jobs"].values():
        job["steps"] = [step for step in job["steps"] if needle not in str(step)]
    return changed


@pytest.mark.parametrize(
    ("needle", "problem"),
    [
        ("name': 'site'", "upload the built site"),
        ("GITHUB_STEP_SUMMARY", "GITHUB_STEP_SUMMARY"),
        ("name': 'test-artifacts'", "upload test-artifacts/"),
    ],
    ids=["no-site", "no-summary", "no-failure-artifacts"],
)
def test_preview_check_catches(needle: str, problem: str) -> None:
    broken = _without_step(_load(WORKFLOWS / "ci.yml"), needle)
    assert any(problem in found for found in preview_gaps(broken, name="ci.yml"))


def test_push_to_main_deploys_to_pages() -> None:
    problems = deploy_gaps(_load(WORKFLOWS / "deploy.yml"), name="deploy.yml")
    assert not problems, "\n".join(problems)


def test_publishing_is_gated_by_every_test() -> None:
    problems = ungated_publishing(
        _load(WORKFLOWS / "deploy.yml"), _load(WORKFLOWS / "ci.yml"), name="deploy.yml"
    )
    assert not problems, "\n".join(problems)


def test_dependabot_updates_python_and_actions() -> None:
    config = _load(GITHUB / "dependabot.yml")
    ecosystems = {update["package-ecosystem"] for update in config["updates"]}
    assert {"pip", "github-actions"} <= ecosystems


# --- each policy check fed the case it exists for ----------------------------------------------


def _mutated(file: str, change) -> dict[str, Any]:
    workflow = copy.deepcopy(_load(WORKFLOWS / file))
    change(workflow)
    return workflow


def _set_job(job: str, key: str, value: Any):
    def change(workflow: dict[str, Any]) -> None:
        workflow["jobs"][job][key] = value

    return change


def _set_matrix(pythons: list[str]):
    def change(workflow: dict[str, Any]) -> None:
        workflow["jobs"]["examples"]["strategy"]["matrix"]["python"] = pythons

    return change


def _replace_run(containing: str, run: str):
    def change(workflow: dict[str, Any]) -> None:
        for _, step in _steps(workflow):
            if containing in str(step.get("run", "")):
                step["run"] = run

    return change


def _first_checkout_with(value: dict[str, Any]):
    def change(workflow: dict[str, Any]) -> None:
        for _, step in _steps(workflow):
            if str(step.get("uses", "")).startswith("actions/checkout@"):
                step["with"] = value
                return

    return change


def _ci() -> dict[str, Any]:
    return _load(WORKFLOWS / "ci.yml")


def _drop_steps(*containing: str):
    def change(workflow: dict[str, Any]) -> None:
        for job in workflow["jobs"].values():
            job["steps"] = [
                step
                for step in job.get("steps", [])
                if not any(text in str(step.get("run", "")) for text in containing)
            ]

    return change


def _set_step(containing: str, key: str, value: Any):
    def change(workflow: dict[str, Any]) -> None:
        for _, step in _steps(workflow):
            if containing in str(step.get("run", "")):
                step[key] = value

    return change


def _set_upload(key: str, value: Any):
    def change(workflow: dict[str, Any]) -> None:
        for _, step in _steps(workflow):
            if _uses(step, "actions/upload-pages-artifact"):
                step[key] = value

    return change


def _move_upload_first(workflow: dict[str, Any]) -> None:
    for job in workflow["jobs"].values():
        steps = job.get("steps", [])
        uploads = [step for step in steps if _uses(step, "actions/upload-pages-artifact")]
        job["steps"] = uploads + [step for step in steps if step not in uploads]


BROKEN = {
    "tag instead of SHA": lambda: unpinned_uses(
        "      - uses: actions/checkout@v4\n", name="x.yml"
    ),
    "SHA without version comment": lambda: unpinned_uses(
        "      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1\n", name="x.yml"
    ),
    "pull_request_target": lambda: dangerous_triggers(
        {"on": {"pull_request_target": None}}, name="x.yml"
    ),
    "credentials persisted": lambda: credentials_left_behind(
        _mutated("ci.yml", _first_checkout_with({})), name="ci.yml"
    ),
    "write-all at the top": lambda: excess_permissions(
        {**_load(WORKFLOWS / "ci.yml"), "permissions": "write-all"}, name="ci.yml"
    ),
    "build job may write Pages": lambda: excess_permissions(
        _mutated("deploy.yml", _set_job("build", "permissions", WRITE_SCOPES_OF_DEPLOY)),
        name="deploy.yml",
    ),
    "deploy job may write contents": lambda: excess_permissions(
        _mutated(
            "deploy.yml",
            _set_job("deploy", "permissions", {**WRITE_SCOPES_OF_DEPLOY, "contents": "write"}),
        ),
        name="deploy.yml",
    ),
    "browser tests deselected": lambda: pull_request_gaps(
        _mutated("ci.yml", _replace_run("pytest", 'pytest -m "not browser"')), name="ci.yml"
    ),
    "quiet build": lambda: pull_request_gaps(
        _mutated("ci.yml", _replace_run("mkdocs build", "mkdocs build --strict -q")),
        name="ci.yml",
    ),
    "examples matrix without the free-threaded build": lambda: examples_matrix_gaps(
        _mutated("ci.yml", _set_matrix(["3.11", "3.12", "3.13", "3.14"])),
        name="ci.yml",
        python_tags=load_versions(ROOT).python_tags,
    ),
    "examples job without EXAMPLES_PYTHON": lambda: examples_matrix_gaps(
        _mutated("ci.yml", _set_job("examples", "env", {"CI": "true"})),
        name="ci.yml",
        python_tags=load_versions(ROOT).python_tags,
    ),
    "deploys from pull requests": lambda: deploy_gaps(
        {**_load(WORKFLOWS / "deploy.yml"), "on": {"pull_request": None}}, name="deploy.yml"
    ),
    "no github-pages environment": lambda: deploy_gaps(
        _mutated("deploy.yml", _set_job("deploy", "environment", None)), name="deploy.yml"
    ),
    # The deploy.yml this gate was written for: setup-python, build, upload, no tests.
    "deploy without tests": lambda: ungated_publishing(
        _mutated("deploy.yml", _drop_steps("pytest", "setup --test")), _ci(), name="deploy.yml"
    ),
    "deploy tests a subset": lambda: ungated_publishing(
        _mutated("deploy.yml", _replace_run("pytest", 'pytest -m "not browser"')),
        _ci(),
        name="deploy.yml",
    ),
    "deploy ignores failing tests": lambda: ungated_publishing(
        _mutated("deploy.yml", _replace_run("pytest", ".venv/bin/python -m pytest || true")),
        _ci(),
        name="deploy.yml",
    ),
    "deploy test step may fail": lambda: ungated_publishing(
        _mutated("deploy.yml", _set_step("pytest", "continue-on-error", True)),
        _ci(),
        name="deploy.yml",
    ),
    "upload after a failure": lambda: ungated_publishing(
        _mutated("deploy.yml", _set_upload("if", "always()")), _ci(), name="deploy.yml"
    ),
    "tests after the upload": lambda: ungated_publishing(
        _mutated("deploy.yml", _move_upload_first), _ci(), name="deploy.yml"
    ),
    "deploy tests outside ci.yml's container": lambda: ungated_publishing(
        _mutated("deploy.yml", _set_job("build", "container", None)), _ci(), name="deploy.yml"
    ),
    "deploy tests may skip": lambda: ungated_publishing(
        _mutated("deploy.yml", _set_job("build", "env", {})), _ci(), name="deploy.yml"
    ),
}


@pytest.mark.parametrize("case", BROKEN)
def test_policy_check_catches(case: str) -> None:
    assert BROKEN[case](), f"the policy check accepts a workflow with: {case}"

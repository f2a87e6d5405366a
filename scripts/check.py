"""scripts/check: run what the change affects, before you push.

"The change" is every file changed since the merge base with main (``--base``), committed or
not, plus untracked files. For it, in this order, every step run even after one fails:

1. pre-commit on the changed files (whitespace, front matter, spelling, Markdown lint, ruff,
   zizmor);
2. ``mkdocs build --strict`` of the real site (the hooks' source and glossary checks run in it),
   then the built-site checks (``python -m tests.sitecheck``) on that build;
3. the examples of every changed note, Redis transcripts and redis-py code included (the
   harness starts a private redis-server on 127.0.0.1), Python and manifests;
4. the test files that cover changed code (hooks/, tests/, scripts/, .github/, locks):
   ``AFFECTED_TESTS`` below, browser tests left to ``scripts/test`` and CI.

Nothing changed: only the build and the site checks run. ``--dry-run`` prints the plan.
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from shortnotes.changed_files import changed_files  # noqa: E402 - after the path above

# Changed path prefix -> the tests that cover it (besides the build, which always runs).
AFFECTED_TESTS = {
    "hooks/": [
        "tests/glossary",
        "tests/test_link_warnings.py",
        "tests/test_source_checks.py",
        "tests/test_suggestions.py",
        "tests/test_changed_files.py",
        "tests/test_site_checks.py",
        "tests/test_preview.py",
        "tests/test_diagrams.py",
        "tests/test_transcript_fence.py",
    ],
    "mkdocs.yml": ["tests/test_site_checks.py", "tests/test_page_scripts.py"],
    "overrides/": ["tests/test_page_scripts.py"],
    "tests/examples/": ["tests/test_examples.py"],
    "tests/fixtures/broken-examples/": ["tests/test_examples.py"],
    "tests/fixtures/faulty-site/": ["tests/test_site_checks.py"],
    "tests/sitecheck/": ["tests/test_site_checks.py", "tests/test_lychee.py"],
    "tests/glossary/": ["tests/glossary"],
    "scripts/preview.py": ["tests/test_preview.py"],
    "scripts/check.py": ["tests/test_check.py"],
    "scripts/": ["tests/test_preview.py", "tests/test_docs_commands.py"],
    ".github/": ["tests/test_workflows.py"],
    "requirements": ["tests/test_lock.py", "tests/test_setup.py"],
    ".pre-commit-config.yaml": ["tests/test_precommit.py"],
    "README.md": ["tests/test_docs_commands.py"],
    "CONTRIBUTING.md": ["tests/test_docs_commands.py"],
}


def affected_tests(changed: list[str]) -> list[str]:
    tests = []
    for path in changed:
        if (
            path.startswith("tests/")
            and path.endswith(".py")
            and Path(path).name.startswith("test_")
        ):
            tests.append(path)
        for prefix, covering in AFFECTED_TESTS.items():
            if path.startswith(prefix):
                tests += covering
    return [test for test in dict.fromkeys(tests) if (ROOT / test).exists()]


def changed_notes(changed: list[str]) -> list[str]:
    return [
        p for p in changed if p.startswith("docs/") and p.endswith(".md") and (ROOT / p).exists()
    ]


def plan(changed: list[str], site_dir: Path) -> list[tuple[str, list[str]]]:
    """(what, command) for each step, in order."""
    python = sys.executable
    steps: list[tuple[str, list[str]]] = []
    existing = [p for p in changed if (ROOT / p).is_file()]
    if existing:
        pre_commit = str(Path(python).with_name("pre-commit"))
        steps.append(("pre-commit on the changed files", [pre_commit, "run", "--files", *existing]))
    steps.append(
        (
            "strict build (source and glossary checks run in it)",
            [python, "-m", "mkdocs", "build", "--strict", "-d", str(site_dir)],
        )
    )
    steps.append(("built-site checks", [python, "-m", "tests.sitecheck", "--site", str(site_dir)]))
    pytest = [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not browser"]
    notes = changed_notes(changed)
    if notes:
        selection = " or ".join(Path(note).name for note in notes)
        steps.append(
            (
                "examples of the changed notes (Redis and redis-py included)",
                [*pytest, "tests/test_examples.py::test_example", "-k", selection],
            )
        )
    tests = affected_tests(changed)
    if tests:
        steps.append(("tests covering the changed code", [*pytest, *tests]))
    return steps


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/check", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--base", default="main", help="branch to compare with (default %(default)s)"
    )
    parser.add_argument("--dry-run", action="store_true", help="print the plan, run nothing")
    args = parser.parse_args(argv)

    changed = changed_files(ROOT, (args.base, f"origin/{args.base}"))
    if changed is None:
        print(f"scripts/check: no merge base with {args.base}: checking the whole site")
        changed = []
    print(f"scripts/check: {len(changed)} changed file(s) since the merge base with {args.base}")
    for path in changed:
        print(f"  {path}")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    failed = []
    with tempfile.TemporaryDirectory(prefix="shortnotes-check-") as tmp:
        for what, command in plan(changed, Path(tmp) / "site"):
            print(f"\n==> {what}\n    {shlex.join(command)}", flush=True)
            if args.dry_run:
                continue
            if subprocess.run(command, cwd=ROOT, env=env).returncode != 0:
                failed.append(what)
    if failed:
        print("\nscripts/check: FAILED: " + "; ".join(failed))
        return 1
    print("\nscripts/check: " + ("planned (dry run)" if args.dry_run else "all passed"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

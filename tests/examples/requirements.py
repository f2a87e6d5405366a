"""`<!-- requires: redis >= 8.4 -->` above a ```python or ```redis block (syntax and parsing:
shortnotes.example_versions).

The marked block runs on every tested version, like any other. Where the version it names is
available (the test server's redis-server, the interpreter running the page) it must pass;
where it is not, it must fail (does not compile, raises, or its output or replies differ). A
marked block that passes on an older version fails the test: the marker is wrong, remove it.
"""

from __future__ import annotations

from collections.abc import Callable

from shortnotes.example_versions import Requirement
from sybil import Example

from .pages import NotePage
from .python_blocks import python_version_of

Evaluator = Callable[[Example], "str | None"]


def available_version(page: NotePage, requirement: Requirement) -> str | None:
    """The version of what the requirement names that runs this page, if any."""
    if requirement.software == "redis":
        return page.redis.version if page.redis is not None else None
    return python_version_of(page)


def requiring(evaluate: Evaluator, requirement: Requirement, marker_line: int) -> Evaluator:
    """`evaluate`, turned around where the required version is not available."""

    def evaluate_required(example: Example) -> str | None:
        page: NotePage = example.document  # type: ignore[assignment]
        version = available_version(page, requirement)
        failure = evaluate(example)
        if version is None or requirement.met_by(version):
            return failure
        if failure:
            return None  # fails where the version is missing, as the marker says
        name = requirement.label.split()[0]
        return (
            f"{page.where(marker_line)}: the block marked `requires: {requirement.software} >= "
            f"{requirement.minimum}` runs on {name} {version} — remove the marker (or raise "
            "its version to the first one the block needs)"
        )

    return evaluate_required

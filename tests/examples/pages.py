"""A page of the site as Sybil sees it: a Document with a repo-relative path and harness state."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from sybil import Document

if TYPE_CHECKING:
    from .interpreters import ChildPython, Interpreter
    from .redis_server import RedisServer

REPO_ROOT = Path(__file__).resolve().parents[2]


class NotePage(Document):
    """A Markdown page whose examples report failures as `<path>:<line>` from the repo root.

    `redis` is the test server while the page runs; evaluators read it from here, so the page's
    Python namespace holds only what the page's own code defines. `interpreter` is set on a
    copy of the page whose python blocks run on another interpreter (`py3.12:docs/...` items):
    `environment` is then the python of that interpreter's venv, and `child` the process
    running the page's blocks while the page is live.
    """

    def __init__(self, text: str, path: str) -> None:
        super().__init__(text, path)
        self.redis: RedisServer | None = None
        self.module = ModuleType("__main__")
        self.interpreter: Interpreter | None = None
        self.environment: Path | None = None
        self.child: ChildPython | None = None

    def where(self, line: int) -> str:
        return f"{self.path}:{line}"

    def item_id(self, line: int) -> str:
        """`docs/x.md:42`, or `py3.12:docs/x.md:42` when the page runs on another interpreter."""
        prefix = f"py{self.interpreter.tag}:" if self.interpreter else ""
        return prefix + self.where(line)

    @property
    def needs_redis(self) -> bool:
        """True if any example talks to redis-server or starts one (pytest marker `redis`)."""
        return any(getattr(region.parsed, "needs_redis", False) for _, region in self.regions)

    def parsed_blocks(self) -> list[Any]:
        """What the parser made of each region, in page order (for statistics and tests)."""
        return [region.parsed for _, region in self.regions]

    def reset_namespace(self) -> None:
        """A fresh namespace, the dict of a fresh `__main__` module: the page runs like a script.

        python_blocks.py makes that module `sys.modules["__main__"]` while a block runs, so
        what looks a name up there (dataclasses, pickle, typing) finds the page's names.
        """
        self.module = ModuleType("__main__")
        self.namespace = self.module.__dict__
        self.stop_child()
        if self.environment is not None:
            from .interpreters import ChildPython

            self.child = ChildPython(self.environment)

    def stop_child(self) -> None:
        if self.child is not None:
            self.child.stop()
            self.child = None


def relative_path(path: Path) -> str:
    """`docs/redis/sets.md` for a file in the repo; the absolute path for anything else."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(REPO_ROOT).as_posix()
    except ValueError:
        return resolved.as_posix()

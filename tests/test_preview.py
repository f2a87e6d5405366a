"""The live preview (scripts/preview.py, behind scripts/serve) survives mistakes.

Driven as a contributor drives it: the real entry point in a subprocess, on a copy of the
real hooks/ and overrides/ with a tiny docs/ tree, edited on disk while it serves. Every wait
is bounded (a build takes seconds to tens of seconds on a loaded machine); nothing is timed.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

from scripts.preview import BuildOutcome, banner_script, port_problem
from tests.conftest import ROOT

WAIT_SECONDS = 180
FRONT_MATTER = "---\ntitle: {title}\ndescription: A page of the preview test.\n---\n\n"
GOOD_PAGE = FRONT_MATTER.format(title="Preview test") + "# Preview test\n\n{body}\n"
# An unclosed flow sequence at line 2: a source-check error, the build stops.
BROKEN_PAGE = FRONT_MATTER.format(title="[Preview test") + "# Preview test\n"
STAMP_HOOK = """\
from shortnotes.preview_stamp import STAMP


def on_page_content(html, **kwargs):
    return html + f'<p id="preview-stamp">{STAMP}</p>'
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _write_site(root: Path, *, page: str) -> Path:
    shutil.copytree(ROOT / "hooks", root / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "overrides", root / "overrides")
    (root / "hooks" / "preview_stamp.py").write_text(STAMP_HOOK)
    (root / "hooks" / "shortnotes" / "preview_stamp.py").write_text('STAMP = "stamp-one"\n')
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text(page)
    hooks = ["source_checks", "glossary", "link_warnings", "preview_stamp"]
    config = {
        "INHERIT": str(ROOT / "mkdocs.yml"),
        "site_name": "Preview test",
        "site_url": "http://127.0.0.1/preview/",
        "docs_dir": str(root / "docs"),
        "theme": {"name": "material", "custom_dir": str(root / "overrides")},
        "hooks": [str(root / "hooks" / f"{hook}.py") for hook in hooks],
        "nav": ["index.md", "glossary.md"],
    }
    path = root / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return path


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Callable[..., Callable[[Callable[[str], bool]], str]]]:
    """preview(page) starts scripts/preview.py on a tiny site; returns wait_for(condition)."""
    processes: list[subprocess.Popen] = []

    def start(page: str) -> Callable[[Callable[[str], bool]], str]:
        config = _write_site(tmp_path, page=page)
        port = _free_port()
        log = (tmp_path / "preview.log").open("w")
        processes.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "scripts/preview.py",
                    "--config",
                    str(config),
                    "--port",
                    str(port),
                ],
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
            )
        )
        url = f"http://127.0.0.1:{port}/preview/"

        def wait_for(condition: Callable[[str], bool]) -> str:
            deadline = time.monotonic() + WAIT_SECONDS
            html = ""
            while time.monotonic() < deadline:
                try:
                    with urllib.request.urlopen(url, timeout=30) as response:
                        html = response.read().decode()
                except urllib.error.HTTPError as error:
                    html = error.read().decode()
                except OSError:
                    html = ""
                if html and condition(html):
                    return html
                assert processes[-1].poll() is None, (tmp_path / "preview.log").read_text()
                time.sleep(0.5)
            pytest.fail(
                f"the preview never showed it; last page:\n{html[-3000:]}\nlog:\n"
                + (tmp_path / "preview.log").read_text(),
                pytrace=False,
            )

        return wait_for

    yield start
    for process in processes:
        process.terminate()
        process.wait(timeout=30)


def _banner(html: str) -> dict | None:
    """The banner's data as the page carries it (None: no banner)."""
    marker = "(function(){var d="
    if marker not in html:
        return None
    payload = html.split(marker, 1)[1].split(";var b=", 1)[0]
    return json.loads(payload.replace("<\\/", "</"))


def test_a_broken_save_keeps_the_last_good_pages_and_shows_the_error(
    preview, tmp_path: Path
) -> None:
    wait_for = preview(GOOD_PAGE.format(body="Page one."))
    html = wait_for(lambda html: "Page one." in html)
    assert _banner(html) is None
    assert "stamp-one" in html

    (tmp_path / "docs" / "index.md").write_text(BROKEN_PAGE)
    html = wait_for(lambda html: _banner(html) is not None)
    assert "Page one." in html, "the last good page is no longer served"
    banner = _banner(html)
    assert not banner["ok"]
    assert any(line.startswith("docs/index.md:2: ") for line in banner["lines"]), banner

    (tmp_path / "docs" / "index.md").write_text(GOOD_PAGE.format(body="Page two."))
    html = wait_for(lambda html: "Page two." in html)
    assert _banner(html) is None, "the error stays after a good save"

    # hooks/: both the hook file's package module and the theme override reload.
    (tmp_path / "hooks" / "shortnotes" / "preview_stamp.py").write_text('STAMP = "stamp-two"\n')
    wait_for(lambda html: "stamp-two" in html)
    main_html = tmp_path / "overrides" / "main.html"
    main_html.write_text(
        main_html.read_text().replace(
            "{% block styles %}", '{% block styles %}\n  <meta name="preview" content="theme-two">'
        )
    )
    wait_for(lambda html: 'content="theme-two"' in html)

    # A warning after all these reloads: reported once, located once (no stacked filters).
    (tmp_path / "docs" / "index.md").write_text(GOOD_PAGE.format(body="See [gone](gone.md)."))
    banner = _banner(wait_for(lambda html: _banner(html) is not None and "gone" in html))
    assert banner["ok"], banner
    (warning,) = [line for line in banner["lines"] if "gone.md" in line]
    assert warning.startswith("docs/index.md:") and warning.count("docs/index.md:") == 1, warning


def test_the_preview_starts_when_the_first_build_fails(preview, tmp_path: Path) -> None:
    wait_for = preview(BROKEN_PAGE)
    html = wait_for(lambda html: _banner(html) is not None)
    assert any(line.startswith("docs/index.md:2: ") for line in _banner(html)["lines"])
    (tmp_path / "docs" / "index.md").write_text(GOOD_PAGE.format(body="Fixed."))
    html = wait_for(lambda html: "Fixed." in html)
    assert _banner(html) is None


def test_the_banner_shows_contributor_text_as_text() -> None:
    hostile = '</script><img src=x onerror="alert(1)">'
    script = banner_script(BuildOutcome(ok=False, errors=[f"docs/a.md:1: {hostile}"]))
    assert script.count("</script>") == 1 and script.endswith("</script>")
    assert "<img" not in script.replace("\\u003c", "<").split("var b=")[1]
    assert ".textContent=d.lines" in script and "innerHTML" not in script
    assert _banner(script)["lines"] == [f"docs/a.md:1: {hostile}"]


def test_warnings_of_a_good_build_are_shown_and_a_clean_build_has_no_banner() -> None:
    assert banner_script(BuildOutcome()) == ""
    warned = _banner(banner_script(BuildOutcome(warnings=["docs/a.md:3: a broken link"])))
    assert warned["ok"] and warned["lines"] == ["docs/a.md:3: a broken link"]
    assert "strict" in warned["title"]


def test_a_taken_port_gives_one_line_before_any_setup(tmp_path: Path) -> None:
    # A copy without scripts/setup: reaching the set-up step would fail with another message.
    (tmp_path / "scripts").mkdir()
    shutil.copy2(ROOT / "scripts" / "serve", tmp_path / "scripts" / "serve")
    shutil.copy2(ROOT / "scripts" / "preview.py", tmp_path / "scripts" / "preview.py")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert port_problem("127.0.0.1", port) is not None
        done = subprocess.run(
            [str(tmp_path / "scripts" / "serve"), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert lines == [
        f"scripts/serve: 127.0.0.1:{port} is already in use (another preview?): stop it, or "
        f"pick another port: scripts/serve --port {port + 1}"
    ]
    assert port_problem("127.0.0.1", port) is None, "the port is free again"


def test_scripts_serve_documents_its_options() -> None:
    done = subprocess.run(
        [str(ROOT / "scripts" / "serve"), "--help"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0
    assert "--port" in done.stdout and "--addr" in done.stdout

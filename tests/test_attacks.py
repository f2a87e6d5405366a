"""A pull request is untrusted input: every attack fails the real build with its file and line.

Each attack is built with the real configuration and hooks (tests/fixtures/attacks, or a copy
of it with one more page or link), and the build's own log must name the page, the line and
the class of the problem. What must never happen — a rejected front-matter value printed into
a page, a file from outside docs/ copied into the site, a snippet from .git/ — is checked on
the written site too. How tooltips show term summaries and titles as text, in Chromium, is in
tests/browser/.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from shortnotes import publication

from tests.conftest import ROOT, Build, mkdocs_build
from tests.test_site_checks import PLANTED_IN_TESTS_TEST_ATTACKS, source_findings

ATTACKS = ROOT / "tests" / "fixtures" / "attacks"

# (class, file:line, text on that line): every attack planted in the fixture's pages.
PLANTED = [
    ("element-not-allowed", "docs/raw-html.md:9", "<script>"),
    ("element-not-allowed", "docs/raw-html.md:12", "<xmp>"),
    ("element-not-allowed", "docs/raw-html.md:14", "<noscript>"),
    ("element-not-allowed", "docs/raw-html.md:16", "<iframe srcdoc="),
    ("element-not-allowed", "docs/raw-html.md:18", "<base "),
    ("element-not-allowed", "docs/raw-html.md:20", 'http-equiv="refresh"'),
    ("element-not-allowed", "docs/raw-html.md:22", "<form "),
    ("element-not-allowed", "docs/raw-html.md:24", "<animate "),
    ("attribute-not-allowed", "docs/raw-html.md:26", "style="),
    ("element-not-allowed", "docs/raw-html.md:28", '<link rel="stylesheet"'),
    ("reserved-id", "docs/raw-html.md:30", 'id="__config"'),
    ("attribute-not-allowed", "docs/raw-html.md:32", 'onerror="alert(6)"'),
    ("element-not-allowed", "docs/raw-html.md:34", "<svg><style>"),
    ("attribute-not-allowed", "docs/raw-html.md:34", "onerror=alert(7)"),
    ("attribute-not-allowed", "docs/raw-html.md:36", 'class="mermaid"'),
    ("attribute-not-allowed", "docs/raw-html.md:38", '<body onload="alert(8)">'),
    ("attribute-not-allowed", "docs/raw-html.md:40", '<html onmouseover="alert(9)">'),
    ("url-not-allowed", "docs/raw-html.md:42", 'href="&#14;javascript:alert(10)"'),
    ("attribute-not-allowed", "docs/raw-html.md:44", 'fill="url(https://tracker.example/p.svg#g)"'),
    ("attribute-not-allowed", "docs/raw-html.md:46", 'class="md-dialog md-dialog--active"'),
    ("element-not-allowed", "docs/raw-html.md:48", '<svg viewBox="0 0 9 9"><a href="#escape">'),
    ("html-not-closed", "docs/escape.md:10", "</article></div></div></main></div>"),
    ("url-not-allowed", "docs/markdown.md:8", "](javascript:alert(1))"),
    ("url-not-allowed", "docs/markdown.md:10", "https://tracker.example/pixel.png"),
    ("reserved-id", "docs/markdown.md:13", "{ #__search }"),
    ("attribute-not-allowed", "docs/markdown.md:16", "data-md-component"),
    ("attribute-not-allowed", "docs/markdown.md:19", "onmouseover"),
    ("front-matter-schema", "docs/front-matter.md:2", 'title: ["<svg onload='),
    ("front-matter-schema", "docs/front-matter.md:3", 'http-equiv="refresh"'),
    ("front-matter-schema", "docs/front-matter.md:4", "subtitle: <img"),
    ("front-matter-schema", "docs/theme-keys.md:4", "template: redirect.html"),
    ("front-matter-schema", "docs/theme-keys.md:5", "location: javascript:"),
    ("front-matter-schema", "docs/theme-keys.md:6", "status: new"),
    ("front-matter-schema", "docs/theme-keys.md:7", "icon: ../../"),
    ("file-not-published", "docs/standalone.html:1", "<!doctype html>"),
    ("svg-not-allowed", "docs/assets/diagram.svg:3", "<script>"),
    ("svg-not-allowed", "docs/assets/diagram.svg:4", "<a xlink:href="),
    ("svg-not-allowed", "docs/assets/diagram.svg:4", 'onmouseover="alert(2)"'),
    ("svg-not-allowed", "docs/assets/diagram.svg:5", "<image "),
]
# Markers of the rejected front-matter values (fm1 to fm5): none may reach the site.
NEVER_RENDERED = [f"fm{n}" for n in range(1, 6)]


def _config(tmp_path: Path, docs: Path, **overrides: str) -> Path:
    """A config that is the attack fixture's, with absolute paths, over another docs/."""
    config = tmp_path / "mkdocs.yml"
    text = (ATTACKS / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("../../../", f"{ROOT}/")
    text += f"docs_dir: {docs}\n" + "".join(f"{key}: {value}\n" for key, value in overrides.items())
    config.write_text(text, encoding="utf-8")
    return config


def _copy(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    shutil.copytree(ATTACKS / "docs", docs)
    return docs


def _build(tmp_path: Path, config: Path) -> Build:
    return mkdocs_build(config, tmp_path / "site", cwd=ROOT)


def _no_crash(build: Build) -> None:
    assert "Traceback" not in build.log and "MemoryError" not in build.log, build.log[-3000:]


@pytest.fixture(scope="module")
def attacked(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The fixture as it is: every content and front-matter attack at once."""
    build = mkdocs_build(
        ATTACKS / "mkdocs.yml", tmp_path_factory.mktemp("attacks") / "site", cwd=ROOT
    )
    assert build.returncode != 0, "the attacks built green:\n" + build.log[-3000:]
    return build


@pytest.mark.parametrize(
    ("problem", "at", "shows"), PLANTED, ids=[f"{p}@{a}" for p, a, _ in PLANTED]
)
def test_each_attack_is_reported_with_its_class_and_line(
    attacked: Build, problem: str, at: str, shows: str
) -> None:
    assert (problem, at) in source_findings(attacked), attacked.log[-4000:]
    path, line = at.rsplit(":", 1)
    assert shows in (ATTACKS / path).read_text(encoding="utf-8").split("\n")[int(line) - 1]


def test_nothing_but_the_attacks_is_reported(attacked: Build) -> None:
    assert source_findings(attacked) == {(problem, at) for problem, at, _ in PLANTED}
    _no_crash(attacked)


def test_rejected_front_matter_is_never_rendered(attacked: Build) -> None:
    pages = {
        p: p.read_text(encoding="utf-8")
        for p in [*attacked.site_dir.rglob("*.html"), *attacked.site_dir.rglob("*.json")]
    }
    leaks = [(str(p), text) for p, html in pages.items() for text in NEVER_RENDERED if text in html]
    assert not leaks
    theme_keys = (attacked.site_dir / "theme-keys" / "index.html").read_text(encoding="utf-8")
    assert "window.location.replace" not in theme_keys  # not the redirect template


def test_files_outside_the_policy_are_not_published(attacked: Build) -> None:
    published = {p.relative_to(attacked.site_dir).as_posix() for p in attacked.site_dir.rglob("*")}
    assert "standalone.html" not in published and "assets/diagram.svg" not in published
    assert "assets/ok.svg" in published  # a plain SVG image is fine


def test_a_summary_with_markup_is_text_everywhere(attacked: Build) -> None:
    """Accepted (a summary is text), and escaped wherever the build writes it."""
    assert not any("term-summary.md" in at for _, at in source_findings(attacked))
    for page in attacked.site_dir.rglob("*.html"):
        assert "<img src=x onerror=alert(1)> shown" not in page.read_text(encoding="utf-8")


def test_an_alias_bomb_stops_the_build_before_it_expands(tmp_path: Path) -> None:
    docs = _copy(tmp_path)
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]" for n in range(1, 10)]
    (docs / "index.md").write_text("---\ntitle: Home\n" + "\n".join(lines) + "\n---\n\n# Home\n")
    build = _build(tmp_path, _config(tmp_path, docs))
    assert build.returncode != 0
    assert ("yaml-alias", "docs/index.md:3") in source_findings(build), build.log[-3000:]
    _no_crash(build)


@pytest.mark.parametrize(
    ("raw", "at"),
    [
        (b"# Home\n\nCaf\xe9 au lait\n", "docs/index.md:3"),
        (b"\xef\xbb\xbf# Home\n", "docs/index.md:1"),
    ],
    ids=["latin-1", "byte-order-mark"],
)
def test_a_page_that_is_not_utf8_names_its_file(tmp_path: Path, raw: bytes, at: str) -> None:
    docs = _copy(tmp_path)
    (docs / "index.md").write_bytes(raw)
    build = _build(tmp_path, _config(tmp_path, docs))
    assert build.returncode != 0
    assert ("not-utf-8", at) in source_findings(build), build.log[-3000:]
    _no_crash(build)
    assert "UnicodeDecodeError" not in build.log


def test_a_link_out_of_docs_is_not_published(tmp_path: Path) -> None:
    secret = tmp_path / "outside"
    secret.mkdir()
    (secret / "secret.txt").write_text("the machine's secret\n", encoding="utf-8")
    docs = _copy(tmp_path)
    (docs / "assets").mkdir(exist_ok=True)
    (docs / "assets" / "passwd.txt").symlink_to("/etc/passwd")
    (docs / "linked").symlink_to(secret, target_is_directory=True)
    build = _build(tmp_path, _config(tmp_path, docs))
    assert build.returncode != 0
    found = source_findings(build)
    assert ("outside-docs", f"{docs}/assets/passwd.txt:1") in found or (
        "outside-docs",
        "docs/assets/passwd.txt:1",
    ) in found, build.log[-3000:]
    assert any(
        problem == "outside-docs" and at.endswith("linked/secret.txt:1") for problem, at in found
    )
    published = [p.name for p in build.site_dir.rglob("*")]
    assert "passwd.txt" not in published and "secret.txt" not in published


def test_a_snippet_cannot_include_the_git_folder(tmp_path: Path) -> None:
    docs = _copy(tmp_path)
    (docs / "index.md").write_text('# Home\n\n--8<-- ".git/config"\n\n--8<-- "../../.git/config"\n')
    build = _build(tmp_path, _config(tmp_path, docs))
    assert build.returncode != 0
    assert "Snippet at path '.git/config' could not be found" in build.log, build.log[-3000:]
    for page in build.site_dir.rglob("*.html"):
        assert "[core]" not in page.read_text(encoding="utf-8")


def test_a_snippet_folder_other_than_the_allowed_ones_fails(tmp_path: Path) -> None:
    docs = _copy(tmp_path)
    config = _config(tmp_path, docs)
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text + "markdown_extensions:\n  - pymdownx.snippets:\n      base_path: [.]\n",
        encoding="utf-8",
    )
    build = _build(tmp_path, config)
    assert build.returncode != 0
    assert re.search(
        r"^ERROR\s+-\s+mkdocs\.yml:\d+: snippet-policy: pymdownx\.snippets base_path `\.` is not a "
        r"snippet folder",
        build.log,
        re.MULTILINE,
    ), build.log[-3000:]


def test_a_link_inside_a_snippet_folder_may_not_lead_out(tmp_path: Path) -> None:
    folder = tmp_path / publication.SNIPPET_FOLDERS[0]
    folder.mkdir(parents=True)
    (folder / "ok.md").write_text("fine\n", encoding="utf-8")
    (folder / "git-config.md").symlink_to(ROOT / ".git" / "config")
    problems = publication.check_snippet_config(
        {"base_path": [publication.SNIPPET_FOLDERS[0]]}, project_root=str(tmp_path)
    )
    assert [(p.path, p.detail.split(",")[0]) for p in problems] == [
        (
            f"{publication.SNIPPET_FOLDERS[0]}/git-config.md",
            f"is a link to {ROOT / '.git' / 'config'}",
        )
    ]


def test_the_site_s_own_snippet_settings_pass() -> None:
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    assert (
        publication.check_snippet_config(
            config.mdx_configs["pymdownx.snippets"], project_root=str(ROOT)
        )
        == []
    )


def test_the_problems_planted_here_are_the_ones_the_fixture_leaves_out() -> None:
    here = {"not-utf-8", "yaml-alias", "outside-docs", "snippet-policy"}
    here |= {problem for problem, _, _ in PLANTED}
    assert here >= PLANTED_IN_TESTS_TEST_ATTACKS

"""How the built pages load their scripts and mount code blocks (what keeps first paint fast),
and what the scripts may do with text.

overrides/main.html defers every external script and mkdocs.yml turns on Material's
`content.lazy`; both are measured by benchmarks/page_weight.py. These tests catch the silent
ways to lose them: a Material upgrade that changes the markup main.html rewrites, or a bundle
that no longer reads the flag. Material's `content.tooltips` stays off and our scripts never
write markup from strings: either turns a contributor's escaped text back into HTML
(tests/browser/test_tooltips.py shows it in the browser).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from browser.site_variants import load_config
from selectolax.lexbor import LexborHTMLParser

from tests.conftest import Build


def _pages(site_dir: Path) -> list[Path]:
    return sorted(site_dir.rglob("*.html"))


def undeferred_scripts(html: str) -> list[str]:
    """The external scripts of a page that block parsing (no defer, async or module type)."""
    tree = LexborHTMLParser(html)
    return [
        script.attributes["src"] or ""
        for script in tree.css("script[src]")
        if not {"defer", "async"} & script.attributes.keys()
        and script.attributes.get("type") != "module"
    ]


def test_undeferred_scripts_are_found() -> None:
    html = (
        '<script src="a.js"></script><script defer src="b.js"></script>'
        '<script async src="c.js"></script><script type="module" src="d.js"></script>'
        "<script>inline()</script>"
    )
    assert undeferred_scripts(html) == ["a.js"]


def test_every_external_script_is_deferred(built_site: Build) -> None:
    problems = []
    for page in _pages(built_site.site_dir):
        relative = page.relative_to(built_site.site_dir)
        problems += [f"{relative}: {src}" for src in undeferred_scripts(page.read_text())]
    assert not problems, (
        "scripts that block the first paint (overrides/main.html defers Material's by rewriting"
        " its scripts block; check that block after a Material upgrade):\n" + "\n".join(problems)
    )


def test_material_bundle_reads_the_lazy_code_blocks_flag(built_site: Build) -> None:
    assert "content.lazy" in load_config()["theme"]["features"]
    bundles = list((built_site.site_dir / "assets" / "javascripts").glob("bundle.*.min.js"))
    assert len(bundles) == 1, bundles
    assert '"content.lazy"' in bundles[0].read_text(), (
        "Material's bundle no longer reads content.lazy: drop it from mkdocs.yml and re-measure"
        " with benchmarks/page_weight.py"
    )


@pytest.mark.parametrize(
    "src",
    [
        "assets/javascripts/bundle.",
        "short-notes-a11y.js",
        "short-notes-tooltips.js",
        "short-notes-glossary.js",
    ],
)
def test_deferred_scripts_are_still_there(built_site: Build, src: str) -> None:
    home = (built_site.site_dir / "index.html").read_text()
    scripts = [s.attributes["src"] or "" for s in LexborHTMLParser(home).css("script[defer]")]
    assert any(src in script for script in scripts), scripts


OUR_SCRIPTS = Path(__file__).resolve().parents[1] / "overrides" / "assets" / "javascripts"
# Every DOM API that parses a string as HTML; textContent, setAttribute and DOM nodes only.
MARKUP_SINKS = re.compile(
    r"\b(innerHTML|outerHTML|insertAdjacentHTML|createContextualFragment|document\.write"
    r"|DOMParser|setHTMLUnsafe|parseHTMLUnsafe)\b"
)


def markup_sinks(source: str) -> list[str]:
    """``line: code`` for each use of an HTML-parsing API in a script's ``source`` (comments,
    from ``//`` on, do not count: our scripts hold no ``//`` in strings)."""
    return [
        f"{number}: {line.strip()}"
        for number, line in enumerate(source.splitlines(), 1)
        if MARKUP_SINKS.search(line.split("//", 1)[0])
    ]


def test_markup_sinks_are_found() -> None:
    source = (
        "// comments may name innerHTML\n"
        "tip.textContent = text // not innerHTML\n"
        "tip.innerHTML = text\n"
        "el.insertAdjacentHTML('beforeend', text)\n"
    )
    assert markup_sinks(source) == [
        "3: tip.innerHTML = text",
        "4: el.insertAdjacentHTML('beforeend', text)",
    ]


def test_our_scripts_never_parse_strings_as_html() -> None:
    scripts = sorted(OUR_SCRIPTS.glob("*.js"))
    assert scripts, f"no scripts in {OUR_SCRIPTS}"
    problems = [
        f"{script.relative_to(OUR_SCRIPTS.parents[2])}:{finding}"
        for script in scripts
        for finding in markup_sinks(script.read_text(encoding="utf-8"))
    ]
    assert not problems, "use textContent and DOM nodes, never HTML strings:\n" + "\n".join(
        problems
    )


def test_materials_tooltips_stay_off() -> None:
    """Material's tooltips insert every title attribute with innerHTML (see the comment at
    the top of overrides/assets/javascripts/short-notes-tooltips.js)."""
    assert "content.tooltips" not in load_config()["theme"]["features"], (
        "content.tooltips renders every title (link titles, abbreviations, attr_list titles,"
        " shortened nav entries) as HTML: keep it off; glossary links have our own tooltip"
    )


def search_worker_problems(html: str, site_dir: Path) -> list[str]:
    """What is wrong with a page's search worker: overrides/main.html's config block must name
    ours, with Material's hashed worker after the "?", and both files must be in the site."""
    tree = LexborHTMLParser(html)
    node = tree.css_first("script#__config")
    if node is None:
        return ["no Material config (script#__config)"]
    worker = json.loads(node.text())["search"]
    path, _, material = worker.partition("?")
    problems = []
    if not path.endswith("assets/javascripts/short-notes-search-worker.js"):
        problems.append(
            f"the page's search worker is {worker}, not ours: check the config block of "
            "overrides/main.html against Material's base.html after an upgrade"
        )
    if not re.fullmatch(r"workers/search\.[0-9a-f]+\.min\.js", material):
        problems.append(f"{worker}: Material's worker is not named after the '?'")
    elif not (site_dir / "assets" / "javascripts" / material).is_file():
        problems.append(f"{worker}: the site has no assets/javascripts/{material}")
    return problems


def test_search_worker_problems_are_found(tmp_path: Path) -> None:
    material = '{"search": "assets/javascripts/workers/search.a7633da7.min.js"}'
    html = f'<script id="__config" type="application/json">{material}</script>'
    problems = search_worker_problems(html, tmp_path)
    assert len(problems) == 2 and "not ours" in problems[0], problems
    ours = '{"search": "assets/javascripts/short-notes-search-worker.js?workers/search.ab.min.js"}'
    html = f'<script id="__config" type="application/json">{ours}</script>'
    assert search_worker_problems(html, tmp_path) == [
        "assets/javascripts/short-notes-search-worker.js?workers/search.ab.min.js: the site has "
        "no assets/javascripts/workers/search.ab.min.js"
    ]


def test_every_page_searches_with_our_worker(built_site: Build) -> None:
    problems = []
    for page in _pages(built_site.site_dir):
        relative = page.relative_to(built_site.site_dir)
        text = page.read_text()
        problems += [f"{relative}: {p}" for p in search_worker_problems(text, built_site.site_dir)]
    assert not problems, "\n".join(problems[:5])

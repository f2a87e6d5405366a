"""How the built pages load their scripts and mount code blocks (what keeps first paint fast).

overrides/main.html defers every external script and mkdocs.yml turns on Material's
`content.lazy`; both are measured by benchmarks/page_weight.py. These tests catch the silent
ways to lose them: a Material upgrade that changes the markup main.html rewrites, or a bundle
that no longer reads the flag.
"""

from __future__ import annotations

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


@pytest.mark.parametrize("src", ["assets/javascripts/bundle.", "short-notes-a11y.js"])
def test_deferred_scripts_are_still_there(built_site: Build, src: str) -> None:
    home = (built_site.site_dir / "index.html").read_text()
    scripts = [s.attributes["src"] or "" for s in LexborHTMLParser(home).css("script[defer]")]
    assert any(src in script for script in scripts), scripts

"""The autolinker on small Markdown pages, against golden HTML files.

Each ``golden/<case>.md`` is rendered as the page ``notes/<case>.md`` with the site's
Markdown extensions and the sample terms (plus the terms its own front matter
defines); the output must equal ``golden/<case>.html``. After a deliberate change,
rewrite the goldens with ``pytest tests/glossary --update-golden`` (or
``UPDATE_GOLDEN=1 pytest``) and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.utils.meta import get_data
from shortnotes.autolink import AutolinkExtension
from shortnotes.terms import read_page

from tests.glossary.samples import sample_index

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(path.stem for path in GOLDEN.glob("*.md"))


def render_case(case: str, site_markdown) -> str:
    source = (GOLDEN / f"{case}.md").read_text(encoding="utf-8")
    src_uri = f"notes/{case}.md"
    index = sample_index({src_uri: source})
    assert not index.problems, [problem.format() for problem in index.problems]
    extension = AutolinkExtension(index.terms)
    converter = site_markdown(extension)
    body, _meta = get_data(source)
    extension.start_page(src_uri, enabled=read_page(src_uri, source).autolink)
    html = converter.convert(body)
    extension.finish_page()
    return html + "\n"


@pytest.mark.parametrize("case", CASES)
def test_golden(case: str, site_markdown, update_golden: bool) -> None:
    html = render_case(case, site_markdown)
    expected_file = GOLDEN / f"{case}.html"
    if update_golden or not expected_file.exists():
        expected_file.write_text(html, encoding="utf-8")
        if not update_golden:
            pytest.fail(f"wrote missing golden file {expected_file.name}; review and rerun")
    assert html == expected_file.read_text(encoding="utf-8")


def test_every_golden_has_its_input() -> None:
    orphans = {path.stem for path in GOLDEN.glob("*.html")} - set(CASES)
    assert not orphans, f"golden HTML without a .md input: {sorted(orphans)}"

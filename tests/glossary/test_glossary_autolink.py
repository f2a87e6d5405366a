"""What the autolink extension records for the build: headings, mentions, links, hrefs."""

from __future__ import annotations

from shortnotes.autolink import AutolinkExtension

from tests.glossary.samples import sample_index

PAGE = """\
# Scheduling

Intro: a Pod, see [the GIL page](../python/gil.md#gil) and [out](https://example.org).

## Placement { #placement }

A static pod and another Pod. The AOF.

## Later

Pod again.
"""


def render(site_markdown, source: str, *, src_uri: str = "notes/page.md", enabled: bool = True):
    extension = AutolinkExtension(sample_index().terms)
    converter = site_markdown(extension)
    extension.start_page(src_uri, enabled=enabled)
    html = converter.convert(source)
    return html, extension.finish_page()


def test_record_of_a_page(site_markdown) -> None:
    _html, record = render(site_markdown, PAGE)
    assert [(h.id, h.title, h.level) for h in record.headings] == [
        ("scheduling", "Scheduling", 1),
        ("placement", "Placement", 2),
        ("later", "Later", 2),
    ]
    assert {term: list(sections) for term, sections in record.mentions.items()} == {
        "pod": ["scheduling", "placement", "later"],
        "static-pod": ["placement"],
        "aof": ["placement"],
        "gil": ["scheduling"],  # the hand-written link to its section
    }
    assert record.linked == {
        "pod": "scheduling",
        "static-pod": "placement",
        "aof": "placement",
        "gil": "scheduling",
    }
    assert "../python/gil.md#gil" in record.hrefs and "https://example.org" in record.hrefs


def test_opted_out_page_records_headings_and_links_but_no_mentions(site_markdown) -> None:
    html, record = render(site_markdown, PAGE, enabled=False)
    assert "sn-term" not in html
    assert record.mentions == {} and record.linked == {}
    assert record.heading_ids == ["scheduling", "placement", "later"]
    assert "../python/gil.md#gil" in record.hrefs


def test_links_to_its_own_page_use_the_bare_anchor(site_markdown) -> None:
    html, record = render(
        site_markdown, "# Pods { #pods }\n\n## More\n\nThe Pod.\n", src_uri="k8s/pods.md"
    )
    # The whole page is the Pod's defining section (its anchor is the h1).
    assert "sn-term" not in html and "pod" not in record.mentions
    html, _ = render(
        site_markdown, "# Intro\n\nA ReplicaSet.\n\n## R { #replicasets }\n", src_uri="k8s/pods.md"
    )
    assert 'href="#replicasets"' in html


def test_nothing_is_recorded_outside_a_page(site_markdown) -> None:
    extension = AutolinkExtension(sample_index().terms)
    html = site_markdown(extension).convert("A Pod.")
    assert "sn-term" not in html and extension.finish_page() is None


def test_a_code_span_spelling_a_term_is_a_mention_but_never_a_link(site_markdown) -> None:
    source = (
        "# Notes\n\n## Commands { #commands }\n\n"
        "Run `AOF` and `aof` (exact-case term: no), `GIL lock` (not the whole span: no).\n\n"
        "```text\nGIL\n```\n"
    )
    html, record = render(site_markdown, source)
    assert "sn-term" not in html
    assert {term: list(sections) for term, sections in record.mentions.items()} == {
        "aof": ["commands"]
    }
    assert record.linked == {}

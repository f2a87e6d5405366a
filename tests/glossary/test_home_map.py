"""The home page map: Markdown made from the navigation and the notes' descriptions."""

from __future__ import annotations

from shortnotes import home_map as hm


def _sections() -> list[hm.MapSection]:
    notes = [
        hm.MapNote("python/context-managers.md", "Context managers", "How __enter__ works."),
        hm.MapNote("python/gil.md", "The `GIL`", "Locks [not](x.md) *really*: 2 + 2 = 4!"),
    ]
    loose = hm.MapNote("python/deque.md", "deque", "A queue.")
    return [hm.MapSection("Python", [hm.MapGroup("Resources", notes), hm.MapGroup("", [loose])])]


def test_map_lists_each_note_with_its_description(site_markdown) -> None:
    html = site_markdown().convert(hm.render_markdown(_sections(), home="index.md"))
    assert '<h3 id="map-python">Python' in html
    assert '<h4 id="map-python-resources">Resources' in html
    assert (
        '<li><a href="python/context-managers.md">Context managers</a> — '
        "How __enter__ works.</li>" in html
    )
    # Markdown in contributor text is text, except a code span.
    assert (
        '<li><a href="python/gil.md">The <code>GIL</code></a> — '
        "Locks [not](x.md) *really*: 2 + 2 = 4!</li>" in html
    )
    # Notes right in the section are a list of their own, not a loose item of the one above.
    assert html.count("<ul>") == 2 and "<p>" not in html.partition("<ul>")[2]


def test_links_are_relative_to_the_home_page() -> None:
    text = hm.render_markdown(_sections(), home="sub/index.md")
    assert "](../python/gil.md)" in text


def test_every_note_without_a_description_is_a_problem() -> None:
    sections = _sections()
    sections[0].groups[1].notes.append(hm.MapNote("python/bare.md", "Bare", "  "))
    problems = hm.missing_descriptions(sections)
    assert [(p.src_uri, p.line) for p in problems] == [("python/bare.md", 1)]
    assert "no `description`" in problems[0].what and "description:" in problems[0].fix
    assert hm.missing_descriptions(_sections()) == []

"""What a note can reach outside itself on the page, in Chromium, and that the policy rejects it:
its own ``<body>`` or ``<html>`` tag, and a label or radio button naming the theme's controls.

A note is rendered inside the page's ``<body>``. There, HTML's "in body" insertion mode does
not drop a second ``<body>`` or ``<html>`` start tag: it adds each of its attributes that the
page's element lacks to that element. So ``<body onload=...>`` in a note becomes the page's
own load handler. This shows it happening in Chromium, in a page laid out like the theme's
(the theme's ``<body>`` has no ``onload``), then checks that ``shortnotes.html_policy``
reports exactly those attributes (the policy used to skip the ``html`` and ``body`` elements
of its parse, as if the fragment parse had made them up).

The theme's drawer, search and table of contents are checkboxes (``#__drawer``, ``#__search``,
``#__toc``): a note's ``<label for="__drawer">`` opens the drawer wherever the reader clicks
it. The ``__`` names are the theme's too (its palette's radio group, ``__palette``): a note's
radio button may not take one either.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page
from shortnotes.html_policy import find_violations

RUNS = "window.__pwned=(window.__pwned||0)+1"

# (what the note writes, the page element it lands on, the attribute, how the reader fires it)
MERGED = [
    (f'<body onload="{RUNS}">', "body", "onload", None),
    (f'<html onmouseover="{RUNS}">', "html", "onmouseover", "hover"),
    (f'<p>Inline <body onclick="{RUNS}"> in a paragraph.</p>', "body", "onclick", "click"),
]


def theme_like_page(note_html: str) -> str:
    return (
        '<!doctype html><html lang="en" class="no-js"><head><title>Note</title></head>'
        '<body dir="ltr" data-md-color-scheme="default">'
        '<input class="md-toggle" type="checkbox" id="__drawer">'
        '<div class="md-container">'
        f'<article class="md-content__inner md-typeset"><h1>Note</h1>{note_html}'
        "<p>The rest of the note.</p></article></div></body></html>"
    )


@pytest.mark.parametrize(("note_html", "element", "attribute", "action"), MERGED)
def test_a_notes_body_or_html_tag_lends_the_page_a_handler_and_is_rejected(
    page: Page, note_html: str, element: str, attribute: str, action: str | None
) -> None:
    page.set_content(theme_like_page(note_html), wait_until="load")
    assert page.evaluate(
        "([element, attribute]) => document.querySelector(element).hasAttribute(attribute)",
        [element, attribute],
    ), f"Chromium did not move {attribute}= onto the page's <{element}>"
    if action == "hover":
        page.hover("article h1")
    elif action == "click":
        page.click("article h1")
    assert page.evaluate("window.__pwned") == 1, f"{attribute}= on <{element}> did not run"

    details = [violation.detail for violation in find_violations(note_html)]
    assert details == [
        f"attribute `{attribute}=` on <{element}> is not allowed: event handlers run code in "
        "the reader's browser; remove it"
    ]


def test_a_bare_body_tag_changes_nothing_and_passes(page: Page) -> None:
    note_html = "<body><p>A stray tag, no attributes.</p>"
    page.set_content(theme_like_page(note_html), wait_until="load")
    attributes = page.evaluate("[...document.body.attributes].map((a) => a.name)")
    assert attributes == ["dir", "data-md-color-scheme"]
    assert find_violations(note_html) == []


def test_a_label_or_radio_button_naming_the_themes_controls_works_them_and_is_rejected(
    page: Page,
) -> None:
    note_html = (
        '<p><label for="__drawer">Click here</label></p>'
        '<p><input type="radio" name="__palette" id="note-radio"></p>'
    )
    page.set_content(theme_like_page(note_html), wait_until="load")
    page.click("text=Click here")
    assert page.is_checked("#__drawer"), "the note's label did not work the theme's drawer"

    kinds = [(v.kind, v.detail.split(" on <")[0]) for v in find_violations(note_html)]
    assert kinds == [("reserved-id", "for='__drawer'"), ("reserved-id", "name='__palette'")]

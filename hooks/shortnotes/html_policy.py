"""The one HTML policy of the site: what a note's rendered content may contain.

A pull request is untrusted input. Whatever a note writes — Markdown, raw HTML, ``md_in_html``
blocks, attribute lists, entity-escaped attributes — ends up as the HTML of the page, so that
is where the policy is enforced: on the rendered content, after every extension and hook ran.

The content is parsed with lexbor (selectolax), a WHATWG HTML parser that builds the same tree
a browser does, so raw-text elements (``<xmp>``, ``<noscript>``, ``<noembed>``), CDATA, SVG and
MathML, unclosed tags and entity tricks make no difference: an element or attribute either is
on the allow-list below or is a violation. Nothing is stripped silently: each violation becomes
an error naming the note's file and line, so the contributor decides what to write instead.

The allow-list is what Markdown and the site's extensions produce, and nothing more:

* elements: text structure, lists, tables, code, details, the inputs and labels of content
  tabs, inline SVG with paths (the emoji extension) and the shapes and text of diagrams drawn
  at build time (``shortnotes.diagrams``), images from the site itself;
* attributes: a few per element, plus ``class``, ``id``, ``title``, ``lang``, ``dir``,
  ``aria-label``, ``aria-hidden`` and the ``data-`` attributes the site's own extensions use;
  never an event handler, never ``style`` beyond table-cell alignment;
* URLs: links to ``http(s):``, ``mailto:``, or a relative path/fragment; images only from the
  site (relative), so no page makes a reader's browser contact another host;
* the ``mermaid`` class makes the theme load Mermaid from a CDN and render with innerHTML;
* ids starting with ``__`` belong to the theme (``__config``, ``__drawer``, ...): a note's
  element with such an id would replace the theme's (DOM clobbering), so only the ids of
  content tabs (``__tabbed_1_2``) may use the prefix; the same for a label's ``for`` and an
  input's ``name``;
* the theme's ``md-`` classes and the site's ``sn-`` classes lay out the page around the note
  (a fixed dialog, an overlay): a note keeps to the few our hooks write and Material's button;
* the note stays in its place: it is parsed inside the theme's elements around it, so an end
  tag it did not open, or an element it leaves open that the page would carry on with, is a
  violation too; and no link inside an inline SVG (the theme's instant navigation breaks on it).

No MkDocs import; ``shortnotes.source_checks`` maps violations back to the Markdown source.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

# --- The allow-list ---------------------------------------------------------------------------

GLOBAL_ATTRIBUTES = frozenset(
    {"class", "id", "title", "lang", "dir", "aria-label", "aria-hidden", "aria-describedby"}
)
# data- attributes written by the site's own extensions and hooks (content tabs, tooltips,
# search exclusion). Theme behaviour hangs off others (``data-md-component`` mounts a theme
# component), so each is listed rather than allowing the whole prefix. The policy reads the
# page after the glossary linked it: a note's own ``data-term-summary`` is refused before, by
# the glossary hook (``shortnotes.autolink.hand_written_summary``).
DATA_ATTRIBUTES = frozenset({"data-tabs", "data-term-summary", "data-search-exclude"})

_TEXT = ("abbr", "b", "br", "cite", "code", "del", "dfn", "em", "i", "ins", "kbd", "mark", "q")
_TEXT += ("s", "samp", "small", "span", "strong", "sub", "sup", "u", "var", "wbr")
_BLOCKS = ("article", "aside", "blockquote", "dd", "details", "div", "dl", "dt", "figcaption")
_BLOCKS += ("figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "ol", "p", "pre")
_BLOCKS += ("section", "summary", "ul")
_TABLES = ("caption", "col", "colgroup", "table", "tbody", "td", "tfoot", "th", "thead", "tr")

# element -> the attributes it may carry besides the global ones
ELEMENTS: dict[str, frozenset[str]] = {
    **{name: frozenset() for name in (*_TEXT, *_BLOCKS, *_TABLES)},
    "a": frozenset({"href", "rel"}),
    "img": frozenset({"src", "alt", "width", "height", "loading"}),
    "ol": frozenset({"start", "reversed"}),
    "li": frozenset({"value"}),
    "details": frozenset({"open"}),
    "td": frozenset({"style", "colspan", "rowspan"}),
    "th": frozenset({"style", "colspan", "rowspan", "scope"}),
    "col": frozenset({"span"}),
    "time": frozenset({"datetime"}),
    # content tabs (pymdownx.tabbed) are radio inputs with labels
    "input": frozenset({"type", "name", "checked", "disabled"}),
    "label": frozenset({"for"}),
    # inline icons and emoji (pymdownx.emoji): shapes only, nothing that links or animates
    "svg": frozenset({"xmlns", "viewbox", "width", "height", "fill", "role", "aria-labelledby"}),
    "path": frozenset({"d", "fill", "fill-rule", "clip-rule"}),
    "g": frozenset({"fill", "transform"}),
    # diagrams drawn at build time (shortnotes.diagrams): geometry and text, paint by class,
    # in a focusable scrolling region labelled by the figure's caption
    "polygon": frozenset({"points"}),
    "polyline": frozenset({"points"}),
    "ellipse": frozenset({"cx", "cy", "rx", "ry"}),
    "text": frozenset({"x", "y", "text-anchor"}),
    "div": frozenset({"role", "tabindex", "aria-labelledby"}),
}
_STRUCTURE = frozenset({"html", "head", "body", "-comment"})  # implied by the fragment parse
# A note's own <html> or <body> tag is not dropped by a browser: in the page's body it adds its
# attributes to the page's <html> or <body> element ("in body" insertion mode), where
# ``<body onload=...>`` runs. The parse here does the same, so their attributes are the note's.
_MERGED_INTO_PAGE = frozenset({"html", "body"})

INPUT_TYPES = frozenset({"radio", "checkbox"})
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
# Markdown tables align columns with exactly this inline style; nothing else is styled inline.
_CELL_STYLE = re.compile(r"\s*text-align:\s*(left|right|center)\s*;?\s*", re.IGNORECASE)
_THEME_ID = re.compile(r"__(?!tabbed_\d+(?:_\d+)?$)")
# Browsers drop ASCII tab and newline anywhere in a URL, and trim every C0 control
# (U+0000 to U+001F) and space from both ends (URL Standard, basic URL parser).
_URL_IGNORED = re.compile(r"[\t\n\r]")
_URL_TRIMMED = "".join(map(chr, range(0x21)))
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")


# --- Violations -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Violation:
    """One element or attribute outside the policy, with text to find it in the source."""

    kind: str  # element-not-allowed | attribute-not-allowed | url-not-allowed | reserved-id
    # | html-not-closed
    detail: str
    # Text to find it by, tried in order: a literal, a regex (line by line), or a function of
    # the note's prose lines that returns the lines where it is (a scan across lines).
    needles: tuple[str | re.Pattern[str] | Callable[[Sequence[str]], list[int]], ...]


def _element_needles(tag: str) -> tuple[re.Pattern[str], ...]:
    return (re.compile(rf"<\s*{re.escape(tag)}\b", re.IGNORECASE),)


def _attribute_needles(name: str, value: str) -> tuple[str | re.Pattern[str], ...]:
    """The attribute with its value first (it tells two alike attributes apart), then alone.
    The value may follow spaces and character references in the source (``&#14;``)."""
    attribute = rf"\b{re.escape(name)}\s*="
    shown = value.strip(_URL_TRIMMED)
    needles: list[str | re.Pattern[str]] = []
    if shown:
        lead = r"\s*[\"']?(?:\s|&#?[0-9a-zA-Z]+;)*"
        needles.append(re.compile(rf"{attribute}{lead}{re.escape(shown)}", re.I))
    needles.append(re.compile(attribute, re.I))
    if shown:
        needles.append(shown)
    return tuple(needles)


def _url_problem(attribute: str, value: str) -> str | None:
    """Why a URL in ``href``/``src`` is not allowed, or None when it is."""
    url = _URL_IGNORED.sub("", value).strip(_URL_TRIMMED)
    match = _SCHEME.match(url)
    if attribute == "src":
        if match or url.startswith(("//", "\\\\", "/\\", "\\/")):
            return "loads from another site; put the file under docs/ and link it relatively"
        return None
    if match and match.group(1).lower() not in LINK_SCHEMES:
        return (
            f"is a `{match.group(1).lower()}:` address; link with http(s):, mailto: "
            "or a relative link to a page"
        )
    return None


# The note is parsed where the theme puts it (Material 9.8's main.html: body > div.md-container
# > main > div.md-main__inner > div.md-content > article), with a marker paragraph right after
# it: a stray `</article>` or `</main>` then closes the page's own elements, and an `<a>` or
# `<b>` left open is rebuilt around what follows, as in the reader's browser, where the rest
# of the page comes after the note. The wrapper's elements carry a random value no note can
# know, so they are told apart from the note's.
PAGE_ANCESTORS = ("div", "main", "div", "div", "article")  # tests/test_html_policy.py checks
_WRAPPER_MARK = "data-sn-page"
_WRAPPER_NONCE = secrets.token_hex(8)
_AFTER_NOTE = f"{_WRAPPER_NONCE}-after"
_PAGE_BEFORE = "".join(f'<{tag} {_WRAPPER_MARK}="{_WRAPPER_NONCE}">' for tag in PAGE_ANCESTORS)
# The marker holds text: text is what makes a browser rebuild the formatting elements left open.
_PAGE_AFTER = f'<p {_WRAPPER_MARK}="{_AFTER_NOTE}">.</p>' + "".join(
    f"</{tag}>" for tag in reversed(PAGE_ANCESTORS)
)
_WRAPPER_TAGS = frozenset({*PAGE_ANCESTORS, "p"})


# Per element, every attribute it may carry (its own and the global ones): one lookup each.
_ALLOWED = {tag: allowed | GLOBAL_ATTRIBUTES | DATA_ATTRIBUTES for tag, allowed in ELEMENTS.items()}
# Elements that, bare, cannot break a rule: most of a page (<p>, <li>, <code>, <span>...).
# Not <input> (its type is required) nor <a> (not inside an <svg>); comments are parsed too.
_FINE_BARE = frozenset(ELEMENTS.keys() - {"input", "a"} | _STRUCTURE)
# A start tag is never written with character references: no "<svg" in the text, no <svg>.
_SVG_START = re.compile(r"<svg", re.IGNORECASE)


def find_violations(html: str) -> list[Violation]:
    """Every element and attribute of ``html`` outside the policy, in document order, then
    what of it would not stay in its place in the page."""
    found: list[Violation] = []
    document = LexborHTMLParser(_PAGE_BEFORE + html + _PAGE_AFTER)
    svg_links = {link.mem_id for link in document.css("svg a")} if _SVG_START.search(html) else ()
    after_note = None
    for node in document.root.traverse(include_text=False):
        tag = node.tag
        attributes = node.attributes
        if not attributes and tag in _FINE_BARE:
            continue
        if tag in _WRAPPER_TAGS:
            mark = attributes.get(_WRAPPER_MARK)
            if mark == _WRAPPER_NONCE:
                continue
            if mark == _AFTER_NOTE:
                after_note = node
                continue
        if tag in _STRUCTURE:
            if tag in _MERGED_INTO_PAGE:
                found += [_attribute_violation(tag, *item) for item in attributes.items()]
            continue
        allowed = _ALLOWED.get(tag)
        if allowed is None:
            found.append(
                Violation(
                    "element-not-allowed",
                    f"<{tag}> is not allowed in a note; remove it, or write it in Markdown",
                    _element_needles(tag),
                )
            )
            continue
        if tag == "input" and (attributes.get("type") or "").lower() not in INPUT_TYPES:
            found.append(
                Violation(
                    "element-not-allowed",
                    "<input> other than a content tab's radio button is not allowed in a note; "
                    "remove it",
                    _element_needles(tag),
                )
            )
            continue
        if tag == "a" and node.mem_id in svg_links:
            found.append(
                Violation(
                    "element-not-allowed",
                    "<a> inside an inline <svg> is not allowed: its link is read-only to scripts, "
                    "and the theme's instant navigation stops working on the page; put the link "
                    "outside the picture",
                    (re.compile(r"<\s*svg\b.*<\s*a\b", re.I), *_element_needles(tag)),
                )
            )
            continue
        for name, value in attributes.items():
            # The parser gives HTML attribute names in lower case, SVG's in their own (viewBox).
            key = name if name in allowed else name.lower()
            if key not in allowed:
                found.append(_attribute_violation(tag, name, value))
                continue
            if key not in _VALUE_CHECKED:
                continue
            value = value or ""
            # Cheap tests first (a page has hundreds of classes and links): only a class
            # naming a theme or site class, a link with a scheme and an id starting with
            # ``__`` can fail the full check.
            if key == "class" and _THEME_CLASS_TEXT.search(value) is None:
                continue
            if key == "href" and ":" not in value:
                continue
            problem = _attribute_value_problem(key, value)
            if problem:
                found.append(_value_violation(tag, name, key, value, problem))
    # An element off the list (a raw-text <noscript>, a <style>) is the likeliest reason the
    # marker moved: one mistake, one message.
    off_list = any(violation.kind == "element-not-allowed" for violation in found)
    if not off_list and (problem := _out_of_place(after_note)) is not None:
        found.append(problem)
    return found


_STRAY_END_TAG = re.compile(r"</\s*(?:article|main|div|body|html)\b", re.IGNORECASE)
_COMMENT_START = re.compile(r"<!--")


def _left_open(tag: str) -> Callable[[Sequence[str]], list[int]]:
    """The line of the start tag of ``tag`` that no end tag closes, the outermost one: start
    and end tags are paired across the prose lines, as a ``<b>`` wrapped onto the next line
    closes there."""
    tags = re.compile(rf"<(/?){re.escape(tag)}(?=[\s/>]|$)", re.IGNORECASE)

    def unclosed(lines: Sequence[str]) -> list[int]:
        opened: list[int] = []
        for number, line in enumerate(lines, start=1):
            for match in tags.finditer(line):
                if not match.group(1):
                    opened.append(number)
                elif opened:
                    opened.pop()
        return opened[:1]

    return unclosed


def _out_of_place(after_note: object) -> Violation | None:
    """Why the marker right after the note is not where the wrapper put it (the last child of
    the wrapper's article, holding only its text), or None when the note stays in its place."""
    if after_note is None:
        return Violation(
            "html-not-closed",
            "the note leaves a comment (`<!--` without `-->`) or a raw-text element open: in "
            "the page it would swallow everything after the note; close it",
            (_COMMENT_START,),
        )
    rebuilt_tags = []
    child = after_note.child  # type: ignore[attr-defined]
    while child is not None and child.tag != "-text":
        rebuilt_tags.append(child.tag)
        child = child.child
    rebuilt = [f"<{tag}>" for tag in rebuilt_tags]
    if rebuilt:
        return Violation(
            "html-not-closed",
            f"the note leaves {', '.join(rebuilt)} open: in the page the browser would carry "
            "it on into the theme's markup after the note (its navigation, its footer); close "
            "it where it ends",
            tuple(_left_open(tag) for tag in rebuilt_tags),
        )
    parent = after_note.parent  # type: ignore[attr-defined]
    if (
        after_note.next is None  # type: ignore[attr-defined]
        and parent is not None
        and parent.tag == "article"
        and parent.attributes.get(_WRAPPER_MARK) == _WRAPPER_NONCE
    ):
        return None
    return Violation(
        "html-not-closed",
        "the note's HTML closes an element it did not open (a `</div>`, `</article>` or "
        "`</main>` too many) or leaves a `<div>`, list or `<table>` open: in the page, what "
        "follows the note would move into or out of the theme's own elements; close each "
        "element you open, and only those",
        (_STRAY_END_TAG,),
    )


def _attribute_violation(tag: str, name: str, value: str | None) -> Violation:
    hint = (
        "event handlers run code in the reader's browser; remove it"
        if name.lower().startswith("on")
        else "remove it (see the allowed attributes in CONTRIBUTING.md, Raw HTML)"
    )
    return Violation(
        "attribute-not-allowed",
        f"attribute `{name}=` on <{tag}> is not allowed: {hint}",
        _attribute_needles(name, value or ""),
    )


_VALUE_CHECKED = frozenset(
    {"href", "src", "id", "for", "name", "style", "class", "role", "tabindex", "fill"}
)
# Roles a note's markup may give (a diagram's scrolling region and picture), and the one
# tabindex: 0 puts an element in reading order; any other value reorders the page's focus.
ROLES = frozenset({"img", "group"})
# Classes the theme's script acts on: any `.mermaid` block makes the bundle fetch Mermaid from
# a CDN and write its output with innerHTML.
THEME_CLASSES = frozenset({"mermaid"})
# The theme's classes (`md-`) and the site's (`sn-`) lay out the page around the note: with
# `md-dialog md-dialog--active`, `md-consent__overlay`, `md-top` or `sn-tooltip` a note puts
# a fixed box over the whole page. A note may use Material's button style, and carries the
# classes our hooks write into it (autolinks, backlinks, transcripts, diagrams, the glossary;
# tests/test_html_policy.py fails when a hook writes an `sn-` class missing here).
RESERVED_CLASS_PREFIXES = ("md-", "sn-")
NOTE_CLASSES = frozenset(
    {
        "md-button", "md-button--primary",
        "sn-term", "sn-map", "sn-label", "sn-transcript", "sn-prompt", "sn-command",
        "sn-command-name", "sn-reply", "sn-more",
    }
)  # fmt: skip
NOTE_CLASS_PREFIXES = ("sn-glossary-", "sn-topic-", "sn-letter-", "sn-backlinks", "sn-diagram")


def _reserved_class(name: str) -> bool:
    return (
        name.startswith(RESERVED_CLASS_PREFIXES)
        and name not in NOTE_CLASSES
        and not name.startswith(NOTE_CLASS_PREFIXES)
    )


# Text every class naming a theme class holds: a class attribute without it cannot fail.
_THEME_CLASS_TEXT = re.compile(
    "|".join(re.escape(name) for name in (*sorted(THEME_CLASSES), *RESERVED_CLASS_PREFIXES))
)


def _value_violation(tag: str, name: str, key: str, value: str, problem: str) -> Violation:
    kind = {
        "id": "reserved-id",
        "for": "reserved-id",
        "name": "reserved-id",
        "href": "url-not-allowed",
        "src": "url-not-allowed",
    }.get(key, "attribute-not-allowed")
    return Violation(
        kind, f"{name}={value.strip()!r} on <{tag}> {problem}", _attribute_needles(name, value)
    )


def _attribute_value_problem(name: str, value: str) -> str | None:
    """Why an allowed attribute's value is still not allowed, or None."""
    if name in ("href", "src"):
        return _url_problem(name, value)
    if name == "id" and _THEME_ID.match(value):
        return "uses the `__` prefix the theme reserves for its own ids; rename it"
    # The site's scripts look up their own elements by id (the tooltip, the glossary filter):
    # a note's element with the id would be found instead.
    if name == "id" and value.startswith("sn-"):
        return "uses the `sn-` prefix the site's scripts use for their own ids; rename it"
    # A label for one of the theme's checkboxes (``__drawer``, ``__search``, ``__toc``) works
    # that control from inside a note; ``__`` names are the theme's as well (``__palette``).
    if name in ("for", "name") and _THEME_ID.match(value):
        return "names one of the theme's own controls (the `__` prefix); rename it"
    if name == "class" and not THEME_CLASSES.isdisjoint(value.split()):
        return (
            "uses a class the theme's script acts on (it loads code from another site); remove it"
        )
    if name == "class" and (reserved := [c for c in value.split() if _reserved_class(c)]):
        return (
            f"uses {', '.join(f'`{c}`' for c in reserved)}, a class of the theme or the site "
            "that lays out the page around the note (it could cover the page); remove it"
        )
    if name == "fill" and _CSS_FETCH.search(value):
        return "paints from another file (`url(...)`); fill with a colour"
    if name == "role" and value.strip() not in ROLES:
        return f"is not a role a note may give (allowed: {', '.join(sorted(ROLES))}); remove it"
    if name == "tabindex" and value.strip() != "0":
        return 'changes the page\'s focus order; only tabindex="0" is allowed'
    if name == "style" and not _CELL_STYLE.fullmatch(value):
        return "styles inline; only Markdown's table alignment (`text-align`) is allowed"
    return None


# --- Published files: what docs/ may hold besides notes ---------------------------------------

# A file in docs/ is published as it is, on the site's own origin: an .html or .js file there
# would run script for anyone who opens it. Notes publish images and plain text, nothing else.
PUBLISHED_FILE_TYPES = frozenset(
    {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico", ".svg", ".txt"}
)

# An SVG file opened on its own is a document that can run script, load other files and
# link anywhere: only shapes, text and paint servers, references within the file itself
# (no <script>, <style>, <a>, <image>, <foreignObject> or animation).
SVG_ELEMENTS = frozenset(
    {
        "svg", "g", "defs", "symbol", "use", "title", "desc", "metadata",
        "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan",
        "textPath", "linearGradient", "radialGradient", "stop", "pattern", "clipPath", "mask",
        "marker", "filter", "feGaussianBlur", "feOffset", "feBlend", "feFlood", "feComposite",
        "feMerge", "feMergeNode", "feColorMatrix", "feDropShadow",
    }
)  # fmt: skip
_SVG_NS = "{http://www.w3.org/2000/svg}"
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_CSS_FETCH = re.compile(r"url\s*\(\s*['\"]?\s*(?!#)|@import|expression\s*\(", re.IGNORECASE)


def find_svg_file_violations(data: bytes) -> list[tuple[int, str]]:
    """``(line, detail)`` for everything in an SVG file outside the policy above."""
    import xml.etree.ElementTree as ElementTree  # only for published SVG files

    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        line = data.count(b"\n", 0, max(data.find(b"<!DOCTYPE"), data.find(b"<!ENTITY"))) + 1
        return [(line, "a DOCTYPE or ENTITY declaration; remove it (entities can expand or fetch)")]
    parser = ElementTree.XMLPullParser(events=("start",))
    found: list[tuple[int, str]] = []
    try:
        for number, text in enumerate(data.decode("utf-8").split("\n"), start=1):
            parser.feed(text + "\n")
            for _, element in parser.read_events():
                found += [(number, detail) for detail in _svg_element_problems(element)]
        parser.close()
    except (ElementTree.ParseError, UnicodeDecodeError) as error:
        found.append((getattr(error, "position", (1, 0))[0], f"not well-formed SVG ({error})"))
    return found


def _svg_element_problems(element: object) -> list[str]:
    tag = element.tag  # type: ignore[attr-defined]
    name = tag.removeprefix(_SVG_NS)
    if name not in SVG_ELEMENTS or not tag.startswith(_SVG_NS):
        return [f"<{name}> is not allowed in a published SVG; remove it"]
    problems = []
    for attribute, value in element.attrib.items():  # type: ignore[attr-defined]
        local = attribute.rsplit("}", 1)[-1]
        if local.lower().startswith("on"):
            problems.append(f"`{local}=` on <{name}> runs code; remove it")
        elif (attribute == _XLINK_HREF or local == "href") and not value.startswith("#"):
            problems.append(f"{local}={value!r} on <{name}> refers outside the file; remove it")
        elif _CSS_FETCH.search(value):
            problems.append(f"`{local}=` on <{name}> loads a resource; remove it")
    return problems

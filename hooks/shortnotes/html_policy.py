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
  content tabs (``__tabbed_1_2``) may use the prefix.

No MkDocs import; ``shortnotes.source_checks`` maps violations back to the Markdown source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

# --- The allow-list ---------------------------------------------------------------------------

GLOBAL_ATTRIBUTES = frozenset(
    {"class", "id", "title", "lang", "dir", "aria-label", "aria-hidden", "aria-describedby"}
)
# data- attributes written by the site's own extensions and hooks (content tabs, tooltips,
# search exclusion). Theme behaviour hangs off others (``data-md-component`` mounts a theme
# component), so each is listed rather than allowing the whole prefix.
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
# Browsers drop ASCII tab and newline anywhere in a URL and trim controls and spaces.
_URL_IGNORED = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")


# --- Violations -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Violation:
    """One element or attribute outside the policy, with text to find it in the source."""

    kind: str  # element-not-allowed | attribute-not-allowed | url-not-allowed | reserved-id
    detail: str
    needles: tuple[str | re.Pattern[str], ...]


def _element_needles(tag: str) -> tuple[re.Pattern[str], ...]:
    return (re.compile(rf"<\s*{re.escape(tag)}\b", re.IGNORECASE),)


def _attribute_needles(name: str, value: str) -> tuple[str | re.Pattern[str], ...]:
    """The attribute with its value first (it tells two alike attributes apart), then alone."""
    attribute = rf"\b{re.escape(name)}\s*="
    needles: list[str | re.Pattern[str]] = []
    if value.strip():
        needles.append(re.compile(rf"{attribute}\s*[\"']?\s*{re.escape(value.strip())}", re.I))
    needles.append(re.compile(attribute, re.I))
    if value.strip():
        needles.append(value.strip())
    return tuple(needles)


def _url_problem(attribute: str, value: str) -> str | None:
    """Why a URL in ``href``/``src`` is not allowed, or None when it is."""
    url = _URL_IGNORED.sub("", value).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c ")
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


def find_violations(html: str) -> list[Violation]:
    """Every element and attribute of ``html`` outside the policy, in document order."""
    found: list[Violation] = []
    document = LexborHTMLParser(html)
    for node in document.root.traverse(include_text=False):
        tag = node.tag
        if tag in _STRUCTURE:
            if tag in _MERGED_INTO_PAGE:
                found += [_attribute_violation(tag, *item) for item in node.attributes.items()]
            continue
        allowed = ELEMENTS.get(tag)
        if allowed is None:
            found.append(
                Violation(
                    "element-not-allowed",
                    f"<{tag}> is not allowed in a note; remove it, or write it in Markdown",
                    _element_needles(tag),
                )
            )
            continue
        attributes = node.attributes
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
        for name, value in attributes.items():
            key = name.lower()
            if key in _PLAIN_ATTRIBUTES or key in allowed:
                if key not in _VALUE_CHECKED:
                    continue
                value = value or ""
                # Cheap tests first (a page has hundreds of classes and links): only a class
                # naming a theme class, a link with a scheme and an id starting with ``__``
                # can fail the full check.
                if key == "class" and _THEME_CLASS_TEXT.search(value) is None:
                    continue
                if key == "href" and ":" not in value:
                    continue
                problem = _attribute_value_problem(key, value)
                if problem:
                    found.append(_value_violation(tag, name, key, value, problem))
                continue
            found.append(_attribute_violation(tag, name, value))
    return found


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


_PLAIN_ATTRIBUTES = GLOBAL_ATTRIBUTES | DATA_ATTRIBUTES
_VALUE_CHECKED = frozenset(
    {"href", "src", "id", "for", "name", "style", "class", "role", "tabindex"}
)
# Roles a note's markup may give (a diagram's scrolling region and picture), and the one
# tabindex: 0 puts an element in reading order; any other value reorders the page's focus.
ROLES = frozenset({"img", "group"})
# Classes the theme's script acts on: any `.mermaid` block makes the bundle fetch Mermaid from
# a CDN and write its output with innerHTML.
THEME_CLASSES = frozenset({"mermaid"})


# Text every class naming a theme class holds: a class attribute without it cannot fail.
_THEME_CLASS_TEXT = re.compile("|".join(re.escape(name) for name in sorted(THEME_CLASSES)))


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
    # A label for one of the theme's checkboxes (``__drawer``, ``__search``, ``__toc``) works
    # that control from inside a note; ``__`` names are the theme's as well (``__palette``).
    if name in ("for", "name") and _THEME_ID.match(value):
        return "names one of the theme's own controls (the `__` prefix); rename it"
    if name == "class" and not THEME_CLASSES.isdisjoint(value.split()):
        return (
            "uses a class the theme's script acts on (it loads code from another site); remove it"
        )
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

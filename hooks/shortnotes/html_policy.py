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
  tabs, inline SVG with paths (the emoji extension), images from the site itself;
* attributes: a few per element, plus ``class``, ``id``, ``title``, ``lang``, ``dir``,
  ``aria-label``, ``aria-hidden`` and the ``data-`` attributes the site's own extensions use;
  never an event handler, never ``style`` beyond table-cell alignment;
* URLs: links to ``http(s):``, ``mailto:``, or a relative path/fragment; images only from the
  site (relative), so no page makes a reader's browser contact another host;
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
    "svg": frozenset({"xmlns", "viewbox", "width", "height", "fill", "role"}),
    "path": frozenset({"d", "fill", "fill-rule", "clip-rule"}),
    "g": frozenset({"fill"}),
}
_STRUCTURE = frozenset({"html", "head", "body", "-comment"})  # implied by the fragment parse

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
            value = value or ""
            key = name.lower()
            if key in GLOBAL_ATTRIBUTES or key in DATA_ATTRIBUTES or key in allowed:
                problem = _attribute_value_problem(tag, key, value)
                if problem:
                    found.append(
                        Violation(
                            "reserved-id"
                            if key == "id"
                            else "url-not-allowed"
                            if key in ("href", "src")
                            else "attribute-not-allowed",
                            f"{name}={value.strip()!r} on <{tag}> {problem}",
                            _attribute_needles(name, value),
                        )
                    )
                continue
            hint = (
                "event handlers run code in the reader's browser; remove it"
                if key.startswith("on")
                else "remove it (see the allowed attributes in CONTRIBUTING.md, Raw HTML)"
            )
            found.append(
                Violation(
                    "attribute-not-allowed",
                    f"attribute `{name}=` on <{tag}> is not allowed: {hint}",
                    _attribute_needles(name, value),
                )
            )
    return found


def _attribute_value_problem(tag: str, name: str, value: str) -> str | None:
    """Why an allowed attribute's value is still not allowed, or None."""
    if name in ("href", "src"):
        return _url_problem(name, value)
    if name == "id" and _THEME_ID.match(value):
        return "uses the `__` prefix the theme reserves for its own ids; rename it"
    if name == "style" and not _CELL_STYLE.fullmatch(value):
        return "styles inline; only Markdown's table alignment (`text-align`) is allowed"
    return None

"""Maps a problem found in the built HTML back to the Markdown line a contributor edits.

The HTML carries no source positions, so the mapper searches the page's Markdown prose
(``MarkdownSource.prose_lines``: front matter, fenced code, code spans and HTML comments
blanked out) for what the author most likely typed, most specific first:

1. the URL exactly as the HTML has it, in a link context (``](url``, ``]: url``,
   ``href="url"``, ``<url>``): MkDocs leaves raw HTML, unresolvable and external links as
   written;
2. the Markdown MkDocs rewrote: the target's source path relative to the page plus the
   fragment (``../x.md#frag``), then the file name plus fragment (``x.md#frag``);
3. a same-page fragment (``](#frag``);
4. for a glossary autolink, the linked word(s) in prose (the hook links the first mention);
5. the link text (``[text]``).

When one URL is broken several times on a page, the n-th occurrence in the HTML maps to the
n-th match in the source. If nothing matches, the page's first body line is returned.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote

from shortnotes.source_checks import MarkdownSource

from .built_page import Link

# What precedes a URL where raw HTML, or Markdown, makes it a link.
_HTML_CONTEXT = r"\b(?:href|src|srcset|data|poster|action)\s*=\s*[\"']?"
_LINK_CONTEXT = rf"(?:\]\(\s*<?|\]:[ \t]*<?|{_HTML_CONTEXT}|<)"
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")


def _in_link(text: str, *, raw_html_only: bool = False) -> re.Pattern[str]:
    context = _HTML_CONTEXT if raw_html_only else _LINK_CONTEXT
    return re.compile(context + r"(?:\./)?" + re.escape(text))


def _as_word(text: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(text)}(?![\w-])", re.IGNORECASE)


def _pick(found: list[int], occurrence: int) -> int | None:
    return found[min(occurrence, len(found) - 1)] if found else None


def link_line(
    markdown: MarkdownSource,
    link: Link,
    *,
    page_src: str,
    target_src: str | None,
    fragment: str,
    occurrence: int = 0,
    raw_html: bool = False,
) -> int:
    """The source line of ``link``, found on the page whose source is ``page_src``.

    ``target_src`` is the docs-relative path the link resolves to (a page's ``.md`` or a
    file), when known; ``fragment`` the link's ``#fragment`` without the ``#``. With
    ``raw_html``, the URL can only come from raw HTML (a Markdown link with the same URL
    was rewritten by MkDocs, so it is not this one).
    """
    candidates: list[re.Pattern[str]] = []
    for url in dict.fromkeys((link.url, unquote(link.url))):
        candidates.append(_in_link(url, raw_html_only=raw_html))
    if target_src:
        relative = posixpath.relpath(target_src, posixpath.dirname(page_src) or ".")
        suffix = f"#{fragment}" if fragment else ""
        candidates += [
            _in_link(relative + suffix),
            re.compile(re.escape(posixpath.basename(target_src) + suffix)),
        ]
        if fragment:
            candidates.append(_in_link(relative))
    if fragment and not link.url.split("#")[0]:
        candidates.append(_in_link(f"#{fragment}"))
    if link.is_autolink and link.text:
        candidates.append(_as_word(link.text))
    if link.text:
        candidates.append(re.compile(re.escape(f"[{link.text}]")))
    if fragment:
        candidates.append(re.compile(re.escape(f"#{fragment}")))
    return _first_match(markdown, candidates, occurrence, skip_headings=link.is_autolink)


def written_as_link(markdown: MarkdownSource, url: str) -> bool:
    """Whether ``url`` is typed in the source as a link target (not rewritten by MkDocs)."""
    return bool(markdown.find_lines(_in_link(url)))


def text_line(markdown: MarkdownSource, text: str, *, occurrence: int = 0) -> int:
    """The source line showing ``text`` (e.g. an unresolved ``[text][ref]``)."""
    candidates = [re.compile(re.escape(text))]
    inner = re.findall(r"\[([^\[\]]+)\]", text)
    candidates += [re.compile(re.escape(f"[{part}]")) for part in reversed(inner)]
    return _first_match(markdown, candidates, occurrence)


def id_line(markdown: MarkdownSource, anchor: str, *, occurrence: int = 0) -> int:
    """The source line that gives an element the id ``anchor`` (attr_list or raw HTML)."""
    escaped = re.escape(anchor)
    candidates = [
        re.compile(rf"\{{[^}}]*#{escaped}(?![\w-])[^}}]*\}}"),
        re.compile(rf"\b(?:id|name)\s*=\s*[\"']?{escaped}(?![\w-])"),
    ]
    return _first_match(markdown, candidates, occurrence)


def heading_line(markdown: MarkdownSource, anchor: str, title: str = "") -> int:
    """The line of the heading with id ``anchor`` (explicit id first, then its title)."""
    for number in markdown.find_lines(re.compile(rf"\{{[^}}]*#{re.escape(anchor)}(?![\w-])")):
        return number
    if title:
        pattern = re.compile(rf"^\s{{0,3}}#{{1,6}}\s+{re.escape(title)}", re.IGNORECASE)
        for number in markdown.find_lines(pattern):
            return number
    return markdown.body_start_line


def _first_match(
    markdown: MarkdownSource,
    candidates: list[re.Pattern[str]],
    occurrence: int,
    *,
    skip_headings: bool = False,
) -> int:
    for pattern in candidates:
        found = markdown.find_lines(pattern)
        if skip_headings:
            found = [n for n in found if not _HEADING.match(markdown.prose_lines[n - 1])]
        line = _pick(found, occurrence)
        if line is not None:
            return line
    return markdown.body_start_line

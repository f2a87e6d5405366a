"""One built HTML page, parsed with lexbor (selectolax): its ids, its links and its prose."""

from __future__ import annotations

from collections import Counter
from collections.abc import KeysView
from dataclasses import dataclass
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser, LexborNode

# Every element attribute that makes the browser load or navigate to a URL.
LINK_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "script": ("src",),
    "iframe": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "use": ("href", "xlink:href"),
    "image": ("href", "xlink:href"),
    "form": ("action",),
}
# `xlink:href` cannot be written in a CSS attribute selector: such tags are selected whole.
_LINK_SELECTOR = ", ".join(
    f"{tag}[{attribute}]" if ":" not in attribute else tag
    for tag, attributes in LINK_ATTRIBUTES.items()
    for attribute in attributes
)
# Text inside these is shown as written, so `[a][b]` there is not an unresolved link.
_VERBATIM_TAGS = frozenset({"code", "pre", "kbd", "samp", "script", "style", "textarea"})
_BLOCK_TAGS = frozenset(
    {"p", "li", "dt", "dd", "td", "th", "blockquote", "figcaption", "summary", "caption"}
    | {f"h{level}" for level in range(1, 7)}
)
_CONTENT_SELECTOR = "article.md-content__inner"


@dataclass(frozen=True)
class Link:
    """One URL-valued attribute of one element, as written in the HTML."""

    tag: str
    attribute: str
    url: str
    text: str
    classes: frozenset[str]
    rel: frozenset[str]
    in_content: bool  # inside the article (the page's Markdown), not the theme's frame
    position: int  # index among the page's links, in document order

    @property
    def is_permalink(self) -> bool:
        """The ¶ anchor the toc extension adds to a heading (not in the source)."""
        return "headerlink" in self.classes

    @property
    def is_autolink(self) -> bool:
        """A glossary term link added by the glossary hook."""
        return "sn-term" in self.classes


@dataclass(frozen=True)
class BuiltPage:
    """What the checks need from one HTML file of the site."""

    dest: str  # site-relative path, e.g. "redis/lists/index.html"
    ids: Counter[str]
    links: tuple[Link, ...]
    prose_blocks: tuple[str, ...]  # text of each block of the article, verbatim text left out

    @classmethod
    def parse(cls, site_dir: Path, dest: str) -> BuiltPage:
        tree = LexborHTMLParser((site_dir / dest).read_bytes())
        ids: Counter[str] = Counter(
            node.attributes["id"] or "" for node in tree.css("[id]") if node.attributes["id"]
        )
        # <a name="x"> is still a fragment target in every browser (counted once when the
        # same element also has id="x", as pymdownx.highlight's line anchors do).
        ids.update(
            name
            for node in tree.css("a[name]")
            if (name := node.attributes["name"] or "") and name != node.attributes.get("id")
        )
        content = tree.css_first(_CONTENT_SELECTOR)
        return cls(
            dest=dest,
            ids=ids,
            links=tuple(_links(tree)),
            prose_blocks=tuple(_prose_blocks(content)) if content is not None else (),
        )

    @property
    def id_set(self) -> KeysView[str]:
        # A view, not a copy: checks ask it once per link, and a copy costs every id each time.
        return self.ids.keys()


def _split_srcset(value: str) -> list[str]:
    return [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]


def _inside_content(node: LexborNode) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag == "article" and "md-content__inner" in _classes(parent):
            return True
        parent = parent.parent
    return False


def _classes(node: LexborNode) -> frozenset[str]:
    return frozenset((node.attributes.get("class") or "").split())


def _links(tree: LexborHTMLParser) -> list[Link]:
    links = []
    for node in tree.css(_LINK_SELECTOR):
        attributes = node.attributes
        in_content = _inside_content(node)
        for attribute in LINK_ATTRIBUTES[node.tag]:
            value = attributes.get(attribute)
            if value is None:
                continue
            urls = _split_srcset(value) if attribute == "srcset" else [value.strip()]
            links += [
                Link(
                    position=len(links) + offset,
                    tag=node.tag,
                    attribute=attribute,
                    url=url,
                    text=node.text(strip=True) if node.tag == "a" else "",
                    classes=_classes(node),
                    rel=frozenset((attributes.get("rel") or "").lower().split()),
                    in_content=in_content,
                )
                for offset, url in enumerate(urls)
            ]
    return links


def _prose_blocks(content: LexborNode) -> list[str]:
    """Text of each block element, joined across inline markup, verbatim text left out."""
    blocks: dict[int, list[str]] = {}
    for node in content.traverse(include_text=True):
        if node.tag != "-text":
            continue
        block_id = content.mem_id
        found_block = False
        verbatim = False
        parent = node.parent
        while parent is not None and parent.mem_id != content.mem_id:
            if parent.tag in _VERBATIM_TAGS or "highlight" in _classes(parent):
                verbatim = True
                break
            if not found_block and parent.tag in _BLOCK_TAGS:
                block_id, found_block = parent.mem_id, True
            parent = parent.parent
        if not verbatim:
            blocks.setdefault(block_id, []).append(node.text_content or "")
    return ["".join(parts) for parts in blocks.values()]

"""One look for concept links: every link to a term's defining section on the built site,
hand-written or automatic, carries the concept look (class ``sn-term`` and the term's
``data-term-summary``, which the tooltip script shows). Its own module: the other glossary
checks are in tests/glossary/built.py."""

from __future__ import annotations

from tests.glossary.built import SKIPPED_ANCESTORS, SKIPPED_CLASSES, BuiltSite

# The glossary page lists the definitions themselves: its links are entries, not mentions.
NOT_CHECKED = {"glossary/"}


def concept_look_findings(site: BuiltSite) -> list[str]:
    """Links to a term's section without the concept look, where an autolink could stand."""
    summaries_at = site.summaries_by_section()
    findings = []
    for url in site.page_urls():
        article = site.html(url).css_first("article")
        if url in NOT_CHECKED or article is None:
            continue
        for link, open_sections in _links_in_their_sections(article):
            page, fragment = site.resolve(url, link.attributes.get("href") or "")
            target = f"{page}#{fragment}"
            classes = (link.attributes.get("class") or "").split()
            if target not in summaries_at or "headerlink" in classes or _unlinkable(link):
                continue
            if page == url and fragment in open_sections:
                continue  # inside the section it points at: no autolink stands there either
            summary = link.attributes.get("data-term-summary")
            if "sn-term" not in classes or summary not in summaries_at[target]:
                findings.append(
                    f"{url}: link {link.text(strip=True)!r} to {target} lacks the concept look"
                    " (class sn-term and the term's data-term-summary)"
                )
    return findings


def _links_in_their_sections(article):
    """Each link of the article with the ids of the sections it sits in (a section runs from
    its heading to the next heading of the same or a higher level)."""
    open_sections: list[tuple[int, str]] = []
    for node in article.css("h1, h2, h3, h4, h5, h6, a[href]"):  # document order
        if node.tag == "a":
            yield node, {section for _, section in open_sections}
            continue
        level = int(node.tag[1])
        while open_sections and open_sections[-1][0] >= level:
            open_sections.pop()
        open_sections.append((level, node.attributes.get("id") or ""))


def _unlinkable(link) -> bool:
    """Inside a heading, code, an admonition title...: where no autolink stands either."""
    node = link.parent
    while node is not None and node.tag != "article":
        classes = set((node.attributes.get("class") or "").split())
        if node.tag in SKIPPED_ANCESTORS or classes & SKIPPED_CLASSES:
            return True
        node = node.parent
    return False

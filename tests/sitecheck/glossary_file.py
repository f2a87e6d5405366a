"""The glossary data file (``site/glossary.json``) agrees with the built pages.

Its shape is the contract in ``glossary.schema.json`` beside this module, written by
``hooks/glossary.py``. The checks:

- the file exists and matches the schema (else one loud finding: nothing else can be checked);
- every term's defining section exists: ``defined_in.url`` reaches a built page whose HTML
  has the id ``defined_in.anchor``;
- every term has its entry on the glossary page (``glossary_url`` reaches the id ``id``);
- every mention exists: its ``url`` reaches its page and section, and a ``linked`` mention
  has an autolink to the term on that page;
- every autolink on a page is recorded: its term lists that page as a linked mention.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from . import source_map
from .built_site import GLOSSARY_FILE, BuiltSite
from .findings import Fault, Finding

SCHEMA_FILE = Path(__file__).with_name("glossary.schema.json")


@cache
def _validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def check(site: BuiltSite) -> list[Finding]:
    hook_line = site.project.config_line("glossary.py", "hooks:")
    config_name = site.project.config_file.name
    path = site.site_dir / GLOSSARY_FILE
    if not path.is_file():
        return [
            Finding(
                config_name,
                hook_line,
                Fault.GLOSSARY_DATA_MISSING,
                f"the build wrote no {GLOSSARY_FILE}: the glossary hook (hooks/glossary.py) "
                "must write it, or nothing can check the glossary against the pages",
            )
        ]
    data = site.glossary
    errors = [] if data is None else sorted(_validator().iter_errors(data), key=str)
    if data is None or errors:
        detail = (
            "not valid JSON"
            if data is None
            else "; ".join(
                f"{'/'.join(map(str, error.absolute_path)) or '(root)'}: {error.message}"
                for error in errors[:5]
            )
        )
        return [
            Finding(
                config_name,
                hook_line,
                Fault.GLOSSARY_DATA_INVALID,
                f"{GLOSSARY_FILE} breaks its contract (tests/sitecheck/glossary.schema.json): "
                + detail,
            )
        ]
    return sorted(set(_check_terms(site, data)))


def _check_terms(site: BuiltSite, data: dict[str, Any]) -> Iterator[Finding]:
    glossary_src = data["glossary_page"]
    # What each term's autolinks lead to; one section may define several terms
    # (kube-system and kube-node-lease share the section on system namespaces).
    definitions: dict[tuple[str, str], list[dict[str, Any]]] = {}
    linked_pages: dict[str, set[str]] = {}
    # Each page's autolink targets, followed once per page: asking every link of the page
    # again for each of its mentions made a page mentioning T terms cost T x T follows.
    autolink_targets: dict[str, set[tuple[str | None, str]]] = {}
    for term in data["terms"]:
        defined = term["defined_in"]
        where = _source_location(site, defined["page"], defined["line"])
        dest, fragment = site.follow("", defined["url"])
        if dest is not None:
            definitions.setdefault((dest, fragment), []).append(term)
        if dest is None or fragment != defined["anchor"] or not _has_id(site, dest, fragment):
            yield Finding(
                *where,
                Fault.GLOSSARY_ANCHOR_MISSING,
                f"term `{term['term']}`: its section `#{defined['anchor']}` is not at "
                f"`{defined['url']}`; give the heading that explains it "
                f"`{{ #{defined['anchor']} }}`",
            )
        glossary_dest, entry = site.follow("", term["glossary_url"])
        if glossary_dest is None or entry != term["id"] or not _has_id(site, glossary_dest, entry):
            yield Finding(
                *where,
                Fault.GLOSSARY_ENTRY_MISSING,
                f"term `{term['term']}`: the glossary page ({glossary_src}) has no entry "
                f"`#{term['id']}` at `{term['glossary_url']}`",
            )
        linked_pages[term["id"]] = set()
        for mention in term["mentions"]:
            yield from _check_mention(site, term, (dest, fragment), mention, autolink_targets)
            if mention["linked"]:
                linked_pages[term["id"]].add(mention["page"])
    yield from _check_autolinks(site, definitions, linked_pages)


def _check_mention(
    site: BuiltSite,
    term: dict[str, Any],
    definition: tuple[str | None, str],
    mention: dict[str, Any],
    autolink_targets: dict[str, set[tuple[str | None, str]]],
) -> Iterator[Finding]:
    page = site.project.files.get(mention["page"])
    dest, fragment = site.follow("", mention["url"])
    section = mention["section"]
    if (
        page is None
        or dest != page.dest_uri
        or fragment != section
        or (section and not _has_id(site, dest, section))
    ):
        yield Finding(
            *_section_location(site, mention["page"], section, mention["section_title"]),
            Fault.GLOSSARY_MENTION_MISSING,
            f"term `{term['term']}`: glossary.json says it is mentioned in section "
            f"`#{section}` at `{mention['url']}`, which does not exist",
        )
    elif mention["linked"] and definition not in _autolink_targets(site, dest, autolink_targets):
        yield Finding(
            *_section_location(site, mention["page"], section, mention["section_title"]),
            Fault.GLOSSARY_LINK_MISSING,
            f"term `{term['term']}`: glossary.json says this page links it, but no "
            "autolink to its definition is on the page",
        )


def _autolink_targets(
    site: BuiltSite, dest: str, known: dict[str, set[tuple[str | None, str]]]
) -> set[tuple[str | None, str]]:
    """Where the autolinks of page ``dest`` lead (file and fragment), computed once per page."""
    if dest not in known:
        known[dest] = {
            site.follow(dest, link.url) for link in site.page(dest).links if link.is_autolink
        }
    return known[dest]


def _check_autolinks(
    site: BuiltSite,
    definitions: dict[tuple[str, str], list[dict[str, Any]]],
    linked_pages: dict[str, set[str]],
) -> Iterator[Finding]:
    for dest in site.html_files:
        source = site.source_of(dest)
        for link in site.page(dest).links:
            if not link.is_autolink or source is None:
                continue
            terms = definitions.get(site.follow(dest, link.url), [])
            if not any(source.src_uri in linked_pages.get(term["id"], set()) for term in terms):
                path, line = site.locate(dest, link)
                yield Finding(
                    path,
                    line,
                    Fault.GLOSSARY_LINK_MISSING,
                    f"the autolink `{link.text}` (`{link.url}`) is not recorded in "
                    f"{GLOSSARY_FILE} as a linked mention of a term defined there",
                )


def _has_id(site: BuiltSite, dest: str, anchor: str) -> bool:
    return dest.endswith(".html") and anchor in site.page(dest).id_set


def _source_location(site: BuiltSite, src_uri: str, line: int) -> tuple[str, int]:
    source = site.project.files.get(src_uri)
    return (site.project.source_path(source) if source else f"docs/{src_uri}"), line


def _section_location(site: BuiltSite, src_uri: str, section: str, title: str) -> tuple[str, int]:
    # Searches the page's source: only called for a finding, so a good page costs nothing.
    source = site.project.files.get(src_uri)
    if source is None:
        return f"{site.project.docs_prefix}/{src_uri}", 1
    markdown = site.project.markdown(source)
    return site.project.source_path(source), source_map.heading_line(markdown, section, title)

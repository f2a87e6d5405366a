"""Search ranking that uses what the site knows: a rewrite of Material's ``search_index.json``.

Material 9.8's search worker builds a lunr index in the browser from this file: its
``config`` (``separator``, ``pipeline``, ``fields`` with their boosts) and its ``docs`` (one
per page and per section: ``location``, ``title``, ``text``, optional ``boost``). Every
field named in ``config.fields`` is indexed from the document key of that name, and only
``title`` and ``text`` are shown. Facts about that worker this module builds on (read in the
pinned bundle, material/templates/assets/javascripts/workers/search.*.js):

- every query word gets a trailing ``*`` and wildcard words skip lunr's search pipeline: a
  stemmer in ``pipeline`` would stem the index but never the query ("eviction*" would no
  longer find the stored "evict"), and the stop-word filter never sees a query word (so
  "pause a rollout" searched "a*": every word starting with a);
- query words are split with ``config.separator`` before lunr sees them, and a word the
  separator consumes whole is dropped; lunr's own query lexer then splits on ``-`` again;
- lunr scores fields additively with their boosts (title 1000, text 1) and no length
  normalisation (``b(0)``), then Material multiplies pages (not sections) and documents that
  match every query word, and shows only the sections that tie with their page's best.

So, at build time:

- ``separator``: splits on ``-``, ``/``, ``@`` and on a dot between letters (found by parts:
  ``svc.cluster.local``, ``contextlib.suppress``), and consumes ``STOP_WORDS`` whole, in the
  index and in the query alike: a query of stop words alone finds nothing. lunr's stop-word
  filter is dropped (it hid ``get`` and ``set``, Redis commands); the trimmer stays.
- ``forms`` / ``title_forms``: stemming done here, not in the browser. Words of the whole site
  are grouped by their English (Porter2) stem; each document gets the other forms of its
  words ("evict" brings "eviction", "evicted"), so a query in any form finds it.
- ``defines``: the section that defines a glossary term (``glossary.json``'s ``defined_in``)
  carries the term and its aliases, boosted above any title: the query that is the term or
  an alias ranks the definition first.
- The glossary page (and the home page, a list of every note) keep their text but carry a
  small document ``boost``: found by their own titles, never above the notes' sections.
- Sections inherit their page's title in ``page_title``, so a query naming the page and the
  section ("context manager exception") ranks the section, not the page's introduction,
  and page documents are damped by ``PAGE_BOOST`` to undo part of Material's page bonus.

No MkDocs import: ``improve_index`` takes and returns plain data.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from html import unescape
from typing import Any

import snowballstemmer

# Words a reader types around the words that matter ("why is my pod pending"). Not lunr's
# list: that one holds get, set, like, may, ... and would hide Redis commands.
STOP_WORDS = (
    "a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "for", "from", "how",
    "i", "in", "into", "is", "it", "its", "me", "my", "of", "on", "or", "our", "that", "the",
    "their", "them", "then", "there", "these", "this", "those", "to", "versus", "vs", "was",
    "we", "what", "when", "where", "which", "who", "why", "will", "with", "you", "your",
)  # fmt: skip

# Field boosts. Material's own: title 1000, text 1 (tags are not used here).
DEFINES_BOOST = 3000.0  # above a title: the definition outranks a heading naming the term
PAGE_TITLE_BOOST = 300.0  # a section inherits part of its page's title
TITLE_FORMS_BOOST = 500.0  # another form of a heading word counts, a bit less than the word
FORMS_BOOST = 0.5  # another form of a word of the text
# Document boosts.
GLOSSARY_BOOST = 0.02  # the glossary: only its entry's title (the exact term) lifts it
HOME_BOOST = 0.1  # the home page lists every note
PAGE_BOOST = 0.5  # Material's page bonus (x5 against x2 for a section) halved, roughly

_SEPARATOR_CHARS = r"[\s\-/@,;:()\[\]{}<>=\"'|+]+"
# Words of the site, for the forms: letters first, then letters, digits or underscores.
_WORD = re.compile(r"[a-z][a-z0-9_]*")
_TAG = re.compile(r"<[^>]*>")
_DOTTED = re.compile(r"(?<=[a-z_])\.(?=[a-z_])")
MIN_FORM_LENGTH = 3  # "is", "a": no forms worth adding


def _case_insensitive(word: str) -> str:
    # JavaScript's RegExp(config.separator) gets no flags: spell both cases out.
    return "".join(f"[{c}{c.upper()}]" if c.isalpha() else re.escape(c) for c in word)


def separator(stop_words: Sequence[str] = STOP_WORDS) -> str:
    """The ``config.separator`` regular expression (JavaScript syntax): separators, a dot
    between letters, and each stop word as a whole word."""
    words = "|".join(_case_insensitive(w) for w in sorted(stop_words, key=len, reverse=True))
    return (
        f"{_SEPARATOR_CHARS}"
        r"|(?<=[A-Za-z_])\.(?=[A-Za-z_])"
        rf"|(?<![\w.])(?:{words})(?![\w.])"
    )


@cache
def _stemmer() -> Any:
    return snowballstemmer.stemmer("english")


def words_of(html: str) -> set[str]:
    """The lower-case words of a title or text as the separator cuts them (near enough for
    grouping forms), stop words and short words left out."""
    text = _DOTTED.sub(" ", unescape(_TAG.sub(" ", html)).lower())
    found = set(_WORD.findall(re.sub(r"[\-/@]", " ", text)))
    return {w for w in found if len(w) >= MIN_FORM_LENGTH and w not in _STOP_SET}


_STOP_SET = frozenset(STOP_WORDS)


def form_groups(words: Iterable[str]) -> dict[str, frozenset[str]]:
    """Each word -> every word of ``words`` sharing its stem (only groups of two or more)."""
    by_stem: dict[str, set[str]] = defaultdict(set)
    words = sorted(set(words))
    for word, stem in zip(words, _stemmer().stemWords(words), strict=True):
        by_stem[stem].add(word)
    groups = {}
    for members in by_stem.values():
        if len(members) > 1:
            group = frozenset(members)
            for word in members:
                groups[word] = group
    return groups


def other_forms(words: set[str], groups: Mapping[str, frozenset[str]]) -> str:
    extra: set[str] = set()
    for word in words:
        extra |= groups.get(word, frozenset())
    return " ".join(sorted(extra - words))


@dataclass(frozen=True)
class Definition:
    """A glossary term, where it is defined, and where that definition is written."""

    term: str
    aliases: tuple[str, ...]
    location: str  # the defining section's search location: "redis/persistence/#aof"
    source: str  # "docs/redis/persistence.md:12", for messages


def definitions_from_glossary(glossary: Mapping[str, Any]) -> list[Definition]:
    """The terms of ``glossary.json`` (its shape: shortnotes/glossary_data.py)."""
    found = []
    for entry in glossary.get("terms", []):
        defined = entry["defined_in"]
        found.append(
            Definition(
                term=entry["term"],
                aliases=tuple(entry.get("aliases", ())),
                location=defined["url"],
                source=f"docs/{defined['page']}:{defined.get('line', 1)}",
            )
        )
    return found


def glossary_location(glossary: Mapping[str, Any]) -> str | None:
    """The glossary page's search location ("glossary/"), from its entries' URLs."""
    for entry in glossary.get("terms", []):
        if url := entry.get("glossary_url"):
            return url.partition("#")[0]
    return None


class SearchIndexError(ValueError):
    """The index cannot be improved as asked; ``problems`` are one message each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _problems(
    docs: Sequence[Mapping[str, Any]], definitions: Sequence[Definition], fields: Mapping
) -> list[str]:
    from shortnotes.suggestions import did_you_mean

    problems = []
    taken = sorted({"defines", "page_title", "forms", "title_forms"} & set(fields))
    if taken:
        problems.append(
            f"mkdocs.yml: plugins.search.fields already names {', '.join(taken)}, which "
            "hooks/search_index.py fills in: remove them from the search plugin's fields"
        )
    locations = {doc["location"] for doc in docs}
    for definition in definitions:
        if definition.location not in locations:
            page, _, anchor = definition.location.partition("#")
            same_page = [loc.partition("#")[2] for loc in locations if loc.startswith(page + "#")]
            problems.append(
                f"{definition.source}: the term {definition.term!r} is defined in section "
                f"#{anchor or '(top)'}, which the search index does not hold (left out by "
                "search.exclude or data-search-exclude?): a reader searching the term would "
                "not find its definition; index that section or define the term in one that "
                f"is{did_you_mean(anchor, same_page)}"
            )
    return problems


def improve_index(
    index: Mapping[str, Any],
    definitions: Sequence[Definition] = (),
    *,
    glossary_location: str | None = None,
) -> dict[str, Any]:
    """A new search index: Material's ``index`` with the config and fields described in the
    module docstring. Raises SearchIndexError listing every problem found."""
    config = dict(index["config"])
    fields = dict(config.get("fields", {}))
    docs = [dict(doc) for doc in index["docs"]]
    problems = _problems(docs, definitions, fields)
    if problems:
        raise SearchIndexError(problems)

    config["separator"] = separator()
    config["pipeline"] = ["trimmer"]
    fields.update(
        defines={"boost": DEFINES_BOOST},
        page_title={"boost": PAGE_TITLE_BOOST},
        title_forms={"boost": TITLE_FORMS_BOOST},
        forms={"boost": FORMS_BOOST},
    )
    config["fields"] = fields

    defined: dict[str, list[str]] = defaultdict(list)
    for definition in definitions:
        defined[definition.location] += [definition.term, *definition.aliases]

    title_words = [words_of(doc.get("title", "")) for doc in docs]
    text_words = [words_of(doc.get("text", "")) for doc in docs]
    groups = form_groups(set().union(*title_words, *text_words))

    page_titles = {doc["location"]: doc.get("title", "") for doc in docs if "#" not in doc["location"]}
    for doc, titles, texts in zip(docs, title_words, text_words, strict=True):
        location = doc["location"]
        page, _, anchor = location.partition("#")
        if terms := defined.get(location):
            doc["defines"] = " · ".join(dict.fromkeys(terms))
        if anchor and page in page_titles:
            doc["page_title"] = _TAG.sub("", page_titles[page])
        if forms := other_forms(titles, groups):
            doc["title_forms"] = forms
        if forms := other_forms(texts - titles, groups):
            doc["forms"] = forms
        boost = float(doc.get("boost", 1.0))  # a page's own search.boost front matter
        if glossary_location is not None and page == glossary_location:
            boost *= GLOSSARY_BOOST
        elif page == "":
            boost *= HOME_BOOST
        if not anchor:
            boost *= PAGE_BOOST
        if boost != 1.0:
            doc["boost"] = round(boost, 4)
    return {**index, "config": config, "docs": docs}

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

- ``separator``: splits on white space, ``-``, ``/``, ``@`` and punctuation, and consumes
  ``STOP_WORDS`` whole, in the index and in the query alike: a query of stop words alone
  finds nothing. Not the dot: ``svc.cluster.local`` stays one word, found whole, and its parts
  go in the forms fields, so ``cluster`` finds it too. lunr's stop-word filter is dropped (it
  hid ``get`` and ``set``, Redis commands); the trimmer stays.
- ``title`` boost 10, not 1000: any heading word outweighed all the text ("pod eviction"
  listed every heading with "pod" before the text on eviction).
- ``forms`` / ``title_forms``: stemming done here, not in the browser. The site's words are
  grouped by English (Porter2) stem; each document gets the other forms of its words ("evict"
  brings "eviction", "evicted"), so a query in any form finds it.
- ``defines``: the section that defines a glossary term (``glossary.json``'s ``defined_in``)
  carries the term and its aliases: the query that is the term or an alias ranks the
  definition above other sections naming it. ``typos``: the defined terms with one letter
  dropped or two swapped ("kubelte").
- ``page_title``: a section carries its page's title, so "context manager exception" can
  reach a section of the Context managers page whose heading only says "exceptions".
- Each word weighs once, in the strongest field holding it (a defined term's words add to
  the heading's), and only the longest of words sharing a prefix is added: lunr counts a
  match for every word a query's prefix reaches.
- The glossary page (and the home page, a list of every note) keep their text but carry a
  small document ``boost``: found by their own titles, never above the notes' sections;
  pages are damped by ``PAGE_BOOST`` against Material's page bonus. A page's own
  ``search.boost`` front matter still multiplies in.

No MkDocs import: ``improve_index`` takes and returns plain data.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from html import unescape
from itertools import pairwise
from typing import Any

import snowballstemmer

from shortnotes.suggestions import did_you_mean

# Words a reader types around the words that matter ("why is my pod pending"). Not lunr's
# list: that one holds get, set, like, may, ... and would hide Redis commands.
STOP_WORDS = (
    "a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "for", "from", "how",
    "i", "in", "into", "is", "it", "its", "me", "my", "of", "on", "or", "our", "that", "the",
    "their", "them", "then", "there", "these", "this", "those", "to", "versus", "vs", "was",
    "we", "what", "when", "where", "which", "who", "why", "will", "with", "you", "your",
)  # fmt: skip

# Field boosts (text: 1). Material's title boost, 1000, let any heading word outweigh all
# the text: "pod eviction" found every heading with "pod" before the text on eviction.
# Tuned with benchmarks/search_quality.py (benchmarks/RESULTS-search.md); change them only
# with its figures before and after.
TITLE_BOOST = 10.0
DEFINES_BOOST = 6.0  # added to the heading's: the definition wins over other headings naming it
PAGE_TITLE_BOOST = 8.0  # a section's heading is read with its page's title above it
TITLE_FORMS_BOOST = 3.0  # another form of a heading word
TYPOS_BOOST = 2.0  # a misspelt defined term still finds its definition
FORMS_BOOST = 0.3  # another form of a text word: lunr adds a match per form a prefix reaches
# Document boosts.
GLOSSARY_BOOST = 0.02  # the glossary's entries: only an entry's title (the exact term) lifts it
HOME_BOOST = 0.1  # the home page lists every note
PAGE_BOOST = 0.5  # Material's page bonus (x5 against x2 for a section), roughly halved

ADDED_FIELDS = ("defines", "page_title", "title_forms", "forms", "typos")
_SEPARATOR_CHARS = r"[\s\-/@,;:()\[\]{}<>=\"'|+]+"
MIN_FORM_LENGTH = 3  # "is", "a": no forms worth adding
# Words of the site, for the forms: letters first, then letters, digits or underscores, at
# least MIN_FORM_LENGTH of them (a shorter run gives no match, as it gives no forms).
_WORD = re.compile(rf"[a-z][a-z0-9_]{{{MIN_FORM_LENGTH - 1},}}")
_TAG = re.compile(r"<[^>]*>")
TYPO_MIN_LENGTH = 6  # shorter words: a slip makes another real word too often


def _case_insensitive(word: str) -> str:
    # JavaScript's RegExp(config.separator) gets no flags: spell both cases out.
    return "".join(f"[{c}{c.upper()}]" if c.isalpha() else re.escape(c) for c in word)


def separator(stop_words: Sequence[str] = STOP_WORDS) -> str:
    """The ``config.separator`` regular expression (JavaScript syntax): separators, and each
    stop word as a whole word. Not the dot: ``svc.cluster.local`` stays one word, found whole
    (its parts go in the forms fields, so ``cluster.local`` or ``local`` find it too)."""
    words = "|".join(_case_insensitive(w) for w in sorted(stop_words, key=len, reverse=True))
    return (
        f"{_SEPARATOR_CHARS}"
        rf"|(?<![\w.])(?:{words})(?![\w.])"
    )


@cache
def _stemmer() -> Any:
    return snowballstemmer.stemmer("english")


def _plain(html: str) -> str:
    """A title's or text's words without markup, lower case: what words_of and name_parts
    read (improve_index strips each document once for both)."""
    return unescape(_TAG.sub(" ", html)).lower()


def words_of(html: str) -> set[str]:
    """The lower-case words of a title or text as the separator cuts them (near enough for
    grouping forms), the parts of dotted names too; stop words and short words left out."""
    return _words_and_parts(_plain(html))[0]


def name_parts(html: str) -> set[str]:
    """The parts of the dotted names of a title or text (``svc.cluster.local``: svc, cluster,
    local), which the index holds only whole."""
    return _words_and_parts(_plain(html))[1]


_STOP_SET = frozenset(STOP_WORDS)
# Starts only where a name can (not after a letter or _): one try per word, not per letter.
_DOTTED_NAME = re.compile(r"(?<![a-z_])[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)+")
# Every dotted name holds a dot before a letter or _; starting with the dot, the search
# skips ahead in C (a leading character class is tried at every position: 10x slower).
_INNER_DOT = re.compile(r"\.[a-z_]")
# Every ASCII character a word (``_WORD``) cannot hold, and the same but the dot kept (for
# dotted names), to a space: str.translate and str.split cut the text in C, where running
# ``_WORD`` over it made a Python string per occurrence (the index is megabytes of text).
_WORD_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_"
_CUT_WORDS = str.maketrans({chr(c): " " for c in range(128) if chr(c) not in _WORD_CHARS})
_CUT_NAMES = str.maketrans({chr(c): " " for c in range(128) if chr(c) not in _WORD_CHARS + "."})
_NOT_FIRST = "0123456789_"  # a word begins with a letter (_WORD)


def _words_and_parts(text: str) -> tuple[set[str], set[str]]:
    """``text``'s words (as ``_WORD`` finds them) and its dotted names' parts, both without
    stop words and short words. ``text`` is lower case (``_plain``)."""
    if not text.isascii():
        # Neither regex reads a non-ASCII character but as a separator: make it one ("?").
        text = text.encode("ascii", "replace").decode("ascii")
    # A run of word characters holds one _WORD match at most: from its first letter on.
    runs = set(text.translate(_CUT_WORDS).split())
    words = {
        word
        for run in runs
        if len(word := run if run[0] not in _NOT_FIRST else run.lstrip(_NOT_FIRST))
        >= MIN_FORM_LENGTH
    }
    names = []
    if _INNER_DOT.search(text):
        # A dotted name never spans a space: look for them in the runs holding a dot.
        for run in set(text.translate(_CUT_NAMES).split()):
            if "." in run:
                names += _DOTTED_NAME.findall(run)
    parts = {p for name in names for p in name.split(".")}
    return words - _STOP_SET, {p for p in parts if len(p) >= MIN_FORM_LENGTH} - _STOP_SET


def _covered(word: str, held: set[str], ordered: list[str]) -> bool:
    # A query word's prefix that reaches ``word`` reaches a held word too (or the reverse):
    # a held word begins ``word``, or ``word`` begins the first held word sorted after it.
    if any(word[:n] in held for n in range(1, len(word) + 1)):
        return True
    after = bisect_left(ordered, word)
    return after < len(ordered) and ordered[after].startswith(word)


def _field(words: set[str], held: set[str]) -> str:
    """``words`` not already held by a stronger field (longest only); adds them to ``held``."""
    ordered = sorted(held)
    kept = [w for w in longest_only(words) if not _covered(w, held, ordered)]
    held.update(kept)
    return " ".join(kept)


def _names(terms: Iterable[str]) -> set[str]:
    """Terms as written, lower case, for the ones words_of would cut short ("ci")."""
    return {t.lower() for t in terms if " " not in t and len(t) < MIN_FORM_LENGTH}


def misspellings(word: str) -> set[str]:
    """What a reader types for ``word`` with one letter dropped or two neighbours swapped
    ("kublet", "kubelte"): the commonest typing slips. Words of six letters or more only."""
    if len(word) < TYPO_MIN_LENGTH:
        return set()
    dropped = {word[:i] + word[i + 1 :] for i in range(1, len(word))}
    swapped = {
        word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        for i in range(1, len(word) - 1)
        if word[i] != word[i + 1]
    }
    return dropped | swapped


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


def longest_only(words: Iterable[str]) -> list[str]:
    """The words that do not begin another one: lunr adds a match for each word a query's
    prefix reaches ("rollout*" reaches "rollout" and "rollouts"), so keeping both would
    count the same word twice, and "rollouts" alone still answers "rollout"."""
    unique = sorted(set(words))
    kept = [w for w, after in pairwise(unique) if not after.startswith(w)]
    if unique:
        kept.append(unique[-1])
    return kept


def other_forms(
    words: set[str],
    groups: Mapping[str, frozenset[str]],
    longer: Mapping[str, tuple[str, ...]],
) -> str:
    """The forms of ``words``' groups that a query word's prefix would not already reach
    through ``words`` themselves, longest only. ``longer`` (from ``longer_words``) holds each
    grouped word's longer words of the site: a form is dropped when one of them is at hand
    (what longest_only would do, without sorting ``words`` again for every document)."""
    extra = set().union(*[groups[word] for word in words if word in groups]) - words
    kept = (f for f in extra if not any(g in extra or g in words for g in longer[f]))
    return " ".join(sorted(kept))


def longer_words(grouped: Iterable[str], vocabulary: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Each word of ``grouped`` -> the words of ``vocabulary`` that begin with it and are longer
    (what longest_only would keep instead of it)."""
    ordered = sorted(set(vocabulary))
    longer = {}
    for word in set(grouped):
        at = bisect_left(ordered, word)
        found = []
        while at < len(ordered) and ordered[at].startswith(word):
            if ordered[at] != word:
                found.append(ordered[at])
            at += 1
        longer[word] = tuple(found)
    return longer


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
    problems = []
    taken = sorted(set(ADDED_FIELDS) & set(fields))
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
    fields["title"] = {"boost": TITLE_BOOST}
    fields.update(
        defines={"boost": DEFINES_BOOST},
        page_title={"boost": PAGE_TITLE_BOOST},
        title_forms={"boost": TITLE_FORMS_BOOST},
        forms={"boost": FORMS_BOOST},
        typos={"boost": TYPOS_BOOST},
    )
    config["fields"] = fields

    defined: dict[str, list[str]] = defaultdict(list)
    for definition in definitions:
        defined[definition.location] += [definition.term, *definition.aliases]

    # Each document's words and dotted-name parts, read from its text once.
    titles_read = [_words_and_parts(_plain(doc.get("title", ""))) for doc in docs]
    texts_read = [_words_and_parts(_plain(doc.get("text", ""))) for doc in docs]
    title_words = [words for words, _ in titles_read]
    text_words = [words for words, _ in texts_read]
    vocabulary = set().union(*title_words, *text_words)
    groups = form_groups(vocabulary)
    longer = longer_words(groups, vocabulary)

    page_titles = {
        doc["location"]: doc.get("title", "") for doc in docs if "#" not in doc["location"]
    }
    page_title_words = {page: words_of(title) for page, title in page_titles.items()}
    for doc, (titles, title_parts), (texts, text_parts) in zip(
        docs, titles_read, texts_read, strict=True
    ):
        location = doc["location"]
        page, _, anchor = location.partition("#")
        # Each word weighs once, in the strongest field that holds it: a heading that names
        # the term it defines, or repeats its page's title ("What etcd is"), would otherwise
        # count that word two or three times and outrank sections matching more of a query.
        held = set(titles)
        if terms := defined.get(location):
            # The one exception: a defined term's words add to its heading's, so the definition
            # wins over other sections whose heading names the term too.
            defines = words_of(" ".join(terms)) | _names(terms)
            doc["defines"] = " ".join(longest_only(defines))
            held |= defines
        if anchor and page in page_titles:
            doc["page_title"] = _field(page_title_words[page], held)
        title_forms = set(other_forms(titles, groups, longer).split()) | title_parts
        doc["title_forms"] = _field(title_forms, held - title_parts)
        forms = set(other_forms(texts - titles, groups, longer).split()) - texts | text_parts
        doc["forms"] = _field(forms, held - text_parts)
        # Typos of the words a reader is likeliest to type, the defined terms; never one that
        # begins with a real word, which a query's prefix would reach ("schedulernmae").
        named = set(doc.get("defines", "").split())
        slips = {
            slip
            for word in named
            for slip in misspellings(word)
            if not any(slip[:n] in vocabulary for n in range(TYPO_MIN_LENGTH - 1, len(slip) + 1))
        }
        doc["typos"] = " ".join(longest_only(slips))
        for name in ("defines", "page_title", "title_forms", "forms", "typos"):
            if not doc.get(name, ""):
                doc.pop(name, None)
        boost = float(doc.get("boost", 1.0))  # a page's own search.boost front matter
        if glossary_location is not None and page == glossary_location and anchor:
            # Its entries; the page itself ranks like any page ("glossary" finds it first).
            boost *= GLOSSARY_BOOST
        elif page == "":
            boost *= HOME_BOOST
        if not anchor:
            boost *= PAGE_BOOST
        if boost != 1.0:
            doc["boost"] = round(boost, 4)
    return {**index, "config": config, "docs": docs}

"""Glossary terms: the front-matter schema, and every check on it.

A note declares the concepts it explains in its front matter (CONTRIBUTING.md):

    terms:
      - term: Taint                       # required: canonical name
        aliases: [taints, tainted]        # optional: other spellings, plurals included
        summary: A mark on a node that... # required: one plain sentence (tooltip, glossary)
        anchor: taints                    # required: id of the heading that explains it
        case: exact                       # optional: exact | insensitive
    autolink: false                       # optional, page level: no automatic links here

``read_page`` checks one page's block; ``build_index`` checks the whole site
(duplicates across pages, glossary ids) and keeps the valid terms;
``check_anchors`` runs once a page is rendered and its heading ids are known.
Every problem carries the page and line, so a build can list them all at once.
Nothing here imports MkDocs.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import unicodedata
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from markdown.extensions.toc import slugify_unicode

from shortnotes import frontmatter
from shortnotes.matcher import is_all_caps, match_key, normalize
from shortnotes.source_checks import MarkdownSource

TERM_KEYS = ("term", "aliases", "summary", "anchor", "case")
CASE_VALUES = ("exact", "insensitive")


@dataclass(frozen=True)
class Problem:
    """One thing a contributor must fix, at ``docs/<src_uri>:<line>``."""

    src_uri: str
    line: int
    what: str
    fix: str

    def format(self, docs_dir: str = "docs") -> str:
        return f"{docs_dir}/{self.src_uri}:{self.line}: {self.what} — {self.fix}"


@dataclass(frozen=True)
class Term:
    """A glossary concept, defined in the front matter of the page that explains it."""

    id: str  # glossary anchor: stable slug of the term
    term: str
    aliases: tuple[str, ...]
    summary: str
    anchor: str
    case: str | None  # as written; None means "by spelling" (see is_exact)
    page: str  # src_uri of the defining page
    line: int  # front-matter line of the entry
    anchor_line: int
    name_lines: tuple[int, ...] = ()  # line of the term, then of each alias

    @property
    def names(self) -> tuple[str, ...]:
        return (self.term, *self.aliases)

    def is_exact(self, name: str) -> bool:
        """Whether ``name`` (the term or an alias) must match with its exact case."""
        if self.case is not None:
            return self.case == "exact"
        return is_all_caps(name)

    @property
    def case_label(self) -> str:
        """The case rule of the term itself, as glossary.json reports it."""
        return "exact" if self.is_exact(self.term) else "insensitive"


@dataclass
class PageTerms:
    """What one page's front matter says about the glossary."""

    src_uri: str
    title: str | None = None
    autolink: bool = True
    terms: list[Term] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


# A page whose front matter has no line starting with these keys has nothing for the
# glossary: it is not parsed again here (YAML parsing is most of on_files' time; the
# source checks report malformed front matter on every page).
_GLOSSARY_KEYS = re.compile(r"^[ \t-]*(?:terms|autolink)[ \t]*:", re.MULTILINE)
_CLOSING_LINE = re.compile(r"\n(?:---|\.\.\.)[ \t]*(?:\n|$)")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def _head_end(source: str) -> int:
    """Where the front matter ends (its closing line), or the leading lines without one."""
    if source.startswith("---"):
        closing = _CLOSING_LINE.search(source, 3)
        return closing.end() if closing else len(source)
    blank = _BLANK_LINE.search(source)  # MultiMarkdown-style metadata lines
    return blank.start() if blank else len(source)


def read_page(src_uri: str, source: str) -> PageTerms:
    """Parse and check the glossary part of one page's front matter. Never raises."""
    if not _GLOSSARY_KEYS.search(source, 0, _head_end(source)):
        return PageTerms(src_uri)
    parsed = frontmatter.parse(source)
    result = PageTerms(src_uri)
    for error in parsed.errors:
        result.problems.append(Problem(src_uri, error.line, error.message, error.hint))
    data = parsed.data
    if isinstance(data.get("title"), str):
        result.title = data["title"]
    autolink = data.get("autolink", True)
    if not isinstance(autolink, bool):
        result.problems.append(
            Problem(
                src_uri,
                parsed.line_of("autolink"),
                f"`autolink: {autolink}` is not true or false",
                "write `autolink: false` to turn glossary links off on this page, or remove it",
            )
        )
    else:
        result.autolink = autolink
    if "terms" not in data:
        return result
    entries = data["terms"]
    if not isinstance(entries, list):
        result.problems.append(
            Problem(
                src_uri,
                parsed.line_of("terms"),
                "`terms` is not a list",
                "write one `- term: ...` item per concept under `terms:`",
            )
        )
        return result
    for index, entry in enumerate(entries):
        term = _read_entry(src_uri, parsed, index, entry, result.problems)
        if term is not None:
            result.terms.append(term)
    return result


def _read_entry(
    src_uri: str,
    parsed: frontmatter.FrontMatter,
    index: int,
    entry: Any,
    problems: list[Problem],
) -> Term | None:
    def line(*key: str) -> int:
        return parsed.line_of("terms", index, *key)

    def report(at: int, what: str, fix: str) -> None:
        problems.append(Problem(src_uri, at, what, fix))

    if not isinstance(entry, dict):
        report(line(), f"term entry #{index + 1} is not a mapping", "write `- term: Name` and keys")
        return None
    count = len(problems)
    for key in entry:
        if key not in TERM_KEYS:
            close = difflib.get_close_matches(str(key), TERM_KEYS, n=1)
            hint = f"did you mean `{close[0]}`?" if close else f"allowed: {', '.join(TERM_KEYS)}"
            report(line(key), f"unknown key `{key}` in a term entry", hint)

    name = entry.get("term")
    if not isinstance(name, str) or not name.strip():
        report(
            line("term") if "term" in entry else line(),
            "term entry without a `term` name",
            ("add `term: <canonical name>`"),
        )
        name = None

    aliases_value = entry.get("aliases", [])
    aliases: list[tuple[str, int]] = []
    if isinstance(aliases_value, str):
        report(
            line("aliases"),
            "`aliases` is a string, not a list",
            f"write `aliases: [{aliases_value}]`",
        )
    elif not isinstance(aliases_value, list):
        report(line("aliases"), "`aliases` is not a list", "write `aliases: [plural, other name]`")
    else:
        for position, alias in enumerate(aliases_value):
            if not isinstance(alias, str) or not alias.strip():
                report(
                    line("aliases", position),
                    f"alias {alias!r} is not a name",
                    ("write each alias as a non-empty word or phrase"),
                )
            else:
                aliases.append((alias.strip(), line("aliases", position)))

    summary = entry.get("summary")
    if "summary" not in entry:
        report(line(), f"term `{name}` has no summary", "add `summary:` with one plain sentence")
    elif not isinstance(summary, str) or not summary.strip():
        report(
            line("summary"),
            f"term `{name}` has an empty summary",
            ("write one plain sentence that defines it (it is the hover tooltip)"),
        )

    anchor = entry.get("anchor")
    if "anchor" not in entry:
        report(
            line(),
            f"term `{name}` has no anchor",
            "add `anchor: <id>` naming the heading that explains it, e.g. `## Taints { #taints }`",
        )
    elif not isinstance(anchor, str) or not anchor.strip():
        report(line("anchor"), f"term `{name}` has an empty anchor", "write the heading id")
    elif anchor.startswith("#"):
        report(line("anchor"), f"anchor `{anchor}` starts with #", f"write `anchor: {anchor[1:]}`")

    case = entry.get("case")
    if case is not None and case not in CASE_VALUES:
        report(
            line("case"),
            f"`case: {case}` is not a case rule",
            "write `case: exact` or `case: insensitive`",
        )

    if len(problems) > count or name is None:
        return None
    name = name.strip()
    seen = {normalize(name)}  # within one term, spellings may differ only in punctuation
    kept: list[tuple[str, int]] = []
    for alias, alias_line in aliases:
        key = normalize(alias)
        if key in seen:
            what = "repeats the term" if key == normalize(name) else "is listed twice"
            report(alias_line, f"alias `{alias}` of `{name}` {what}", "remove it")
            continue
        seen.add(key)
        kept.append((alias, alias_line))
    if len(problems) > count:
        return None
    return Term(
        id=term_id(name),
        term=name,
        aliases=tuple(alias for alias, _ in kept),
        summary=" ".join(summary.split()),
        anchor=anchor.strip(),
        case=case,
        page=src_uri,
        line=line(),
        anchor_line=line("anchor"),
        name_lines=(line("term"), *(alias_line for _, alias_line in kept)),
    )


# Symbols that tell names apart (C, C++, C#) but that a slug drops.
_SPELLED_OUT = str.maketrans({"+": " plus ", "#": " sharp "})


def term_id(name: str) -> str:
    """The term's glossary id: its slug in any script (``Кубернетес`` keeps its letters,
    ``C++`` is ``c-plus-plus``), or its code points when no letter or digit is left."""
    slug = slugify_unicode(unicodedata.normalize("NFC", name).translate(_SPELLED_OUT), "-")
    if slug.strip("-_"):
        return slug
    return "term-" + "-".join(f"{ord(character):x}" for character in name.strip())


@dataclass
class TermIndex:
    """The site's valid terms, in page order, and every problem found on the way."""

    terms: list[Term] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    pages: dict[str, PageTerms] = field(default_factory=dict)
    _pages_cache: tuple[int, dict[str, list[Term]]] | None = field(default=None, repr=False)

    def by_id(self) -> dict[str, Term]:
        return {term.id: term for term in self.terms}

    def defined_on(self, src_uri: str) -> list[Term]:
        return self._by_page().get(src_uri, [])

    def _by_page(self) -> dict[str, list[Term]]:
        if self._pages_cache is None or self._pages_cache[0] != len(self.terms):
            by_page: dict[str, list[Term]] = {}
            for term in self.terms:
                by_page.setdefault(term.page, []).append(term)
            self._pages_cache = (len(self.terms), by_page)
        return self._pages_cache[1]


def build_index(
    pages: Iterable[PageTerms], *, reserved_ids: Sequence[str] = (), edited: Collection[str] = ()
) -> TermIndex:
    """Check names and glossary ids across the whole site; keep the first of any clash.

    ``reserved_ids`` are ids the glossary page already uses (its title, its letter
    headings): a term whose slug is one of them gets ``term-<slug>`` (``Glossary``).
    ``edited`` are the pages the contributor changed: a clash between an edited page and an
    untouched one is reported at the edited page, naming the other place.
    """
    index = TermIndex()
    owner_of_name: dict[str, tuple[Term, str]] = {}  # match key -> (term, as written)
    owner_of_id: dict[str, Term] = {}
    for page in pages:
        index.pages[page.src_uri] = page
        index.problems.extend(page.problems)
        for term in page.terms:
            if term.id in reserved_ids:
                term = dataclasses.replace(term, id=f"term-{term.id}")
            clashes = _name_clashes(term, owner_of_name, edited)
            if clashes:
                pass  # the same name gives the same id: one message is enough
            elif term.id in owner_of_id:
                first = owner_of_id[term.id]
                clashes.append(
                    Problem(
                        term.page,
                        term.line,
                        f"term `{term.term}` gets the same glossary id `{term.id}` as "
                        f"`{first.term}` (docs/{first.page}:{first.line})",
                        "rename one of them, or merge the two entries",
                    )
                )
            if clashes:
                index.problems.extend(clashes)
                continue
            owner_of_id[term.id] = term
            for name in term.names:
                owner_of_name[match_key(name)] = (term, name)
            index.terms.append(term)
    return index


def _name_clashes(
    term: Term, owner_of_name: dict[str, tuple[Term, str]], edited: Collection[str] = ()
) -> list[Problem]:
    problems = []
    for position, name in enumerate(term.names):
        owner = owner_of_name.get(match_key(name))
        if owner is None:
            continue
        first, first_name = owner
        if first.page in edited and term.page not in edited:
            # The contributor's page is the one already indexed: lead with it.
            first_position = first.names.index(first_name)
            problems.append(_clash(first, first_name, first_position, term, name))
        else:
            problems.append(_clash(term, name, position, first, first_name))
        if position == 0:
            break  # the whole entry is a duplicate: its aliases would only repeat that
    return problems


def _clash(term: Term, name: str, position: int, first: Term, first_name: str) -> Problem:
    """``name`` (of ``term``) clashes with ``first_name`` (of ``first``): report it at ``term``."""
    where = f"docs/{first.page}:{_line_of_name(first, first_name)}"
    if normalize(name) != normalize(first_name):
        # Not the same spelling, but the same words to the matcher: only one could link.
        kind = "term" if position == 0 else f"alias of `{term.term}`"
        first_kind = "term" if first_name == first.term else f"alias of `{first.term}`"
        what = (
            f"{kind} `{name}` would match the same text as the {first_kind} "
            f"`{first_name}` ({where}): names that differ only in case, punctuation, "
            "spacing or Unicode form are one name"
        )
        fix = "keep one spelling (merge the entries, or list it as an alias of one term)"
    elif position == 0 and first_name == first.term:
        what = f"duplicate term `{name}`: `{first.term}` is already defined at {where}"
        fix = "define each term once; merge the entries or rename one"
    elif position == 0:
        what = f"term `{name}` is already an alias of `{first.term}` ({where})"
        fix = "remove that alias, or merge the two entries"
    elif first_name == first.term:
        what = f"alias `{name}` of `{term.term}` is the term `{first.term}` defined at {where}"
        fix = "remove the alias, or merge the two entries"
    else:
        what = f"duplicate alias `{name}`: already an alias of `{first.term}` ({where})"
        fix = "keep the alias on one term only"
    return Problem(term.page, _line_of_name(term, name), what, fix)


def _line_of_name(term: Term, name: str) -> int:
    """Where ``name`` (the term or one of its aliases) is written in its page's front matter."""
    position = term.names.index(name)
    return term.name_lines[position] if position < len(term.name_lines) else term.line


def check_anchors(terms: Iterable[Term], heading_ids: Sequence[str]) -> list[Problem]:
    """Each term's anchor must be the id of a heading on its page (known after rendering)."""
    problems = []
    for term in terms:
        if term.anchor in heading_ids:
            continue
        close = difflib.get_close_matches(term.anchor, heading_ids, n=1)
        hint = (
            f"did you mean `{close[0]}`?"
            if close
            else f"give the heading that explains it an id: `## {term.term} {{ #{term.anchor} }}`"
        )
        problems.append(
            Problem(
                term.page,
                term.anchor_line,
                f"anchor `{term.anchor}` of term `{term.term}` is not a heading id on this page",
                hint,
            )
        )
    return problems


SUMMARY_ATTRIBUTE = "data-term-summary"  # shortnotes.autolink writes it; the tooltip shows it
# Where a note writes the attribute: in a tag or an attribute list, in any case, with or
# without a value (prose that only names it, `data-term-summary="…"`, comes after).
_SUMMARY_IN_MARKUP = re.compile(rf"(?:<[^>]*|\{{[^}}]*)\b{SUMMARY_ATTRIBUTE}\b", re.IGNORECASE)
_SUMMARY_NAMED = re.compile(rf"\b{SUMMARY_ATTRIBUTE}\b", re.IGNORECASE)


def summary_by_hand(src_uri: str, source: str) -> Problem:
    """The page sets the tooltip's ``data-term-summary`` itself (``autolink``'s
    ``hand_written_summary`` found it); ``source`` is its Markdown, to find the line: in a
    tag or attribute list (of the prose, then of any line: a fence's), else where the name
    is written at all, else the body's first line (an included snippet wrote it)."""
    markdown = MarkdownSource(source)

    def on_any_line(pattern: re.Pattern[str]) -> int | None:
        return next(
            (
                number
                for number, text in enumerate(markdown.lines, start=1)
                if number >= markdown.body_start_line and pattern.search(text)
            ),
            None,
        )

    line = (
        markdown.locate([_SUMMARY_IN_MARKUP])
        or on_any_line(_SUMMARY_IN_MARKUP)
        or markdown.locate([_SUMMARY_NAMED])
        or on_any_line(_SUMMARY_NAMED)
        or markdown.body_start_line
    )
    return Problem(
        src_uri,
        line,
        f"`{SUMMARY_ATTRIBUTE}` is written by hand: the site shows it in a tooltip as the "
        "glossary's definition of a term, so only the glossary may write it",
        "remove the attribute; a link to a term's defining section gets the term's own "
        "tooltip by itself",
    )

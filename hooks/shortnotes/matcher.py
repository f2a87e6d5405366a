"""Find glossary terms in plain text with ONE automaton, whatever the number of terms.

Every term and alias goes into one Aho-Corasick automaton (pyahocorasick), so a text
is scanned once, in C, not once per term; Python only checks the matches found.
Matching rules, as CONTRIBUTING.md documents them:

- Longest match first: the automaton reports the leftmost-longest name; when it does
  not end on a word boundary, the longest shorter name at the same place that does
  wins (``Static Pod`` over ``Pod``; in "Static Pods", ``Static`` if it is a name).
- Word boundaries: a match neither starts nor ends inside a word. Hyphens and dots
  that join two word characters count as part of the word, so ``Redis`` does not
  match inside ``redis-py`` or ``redis.conf``, and ``ReplicaSet`` does not match
  inside ``ReplicaSets`` unless that plural is listed as an alias.
- Unicode: names and text compare in NFC, so a name matches whether the page writes
  it composed or decomposed.
- Case: a name written in capitals and digits only (``AOF``, ``GIL``, ``WATCH``)
  matches exactly; everything else matches case-insensitively. A term's ``case``
  key (``exact`` / ``insensitive``) overrides this for the term and its aliases.
- A space in a name matches any run of whitespace (Markdown keeps line breaks, and
  list items their indentation, inside paragraphs).
- Python-Markdown's ``\\x02...\\x03`` placeholders (stashed raw HTML) never match.

How: the automaton holds each name lower-cased with every non-word character turned
into a space, behind one leading space; the text is turned the same way, behind a
space. A match can then only start where a word starts, and the scan runs at C
speed; each match is confirmed against the original text (exact spelling of its
punctuation, case rule, end of word) in Python.

Nothing here imports MkDocs or Python-Markdown.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, NamedTuple, TypeVar

import ahocorasick

Payload = TypeVar("Payload")

_PLACEHOLDER = re.compile("\x02[^\x03]*\x03")
_SPACE_RUN = re.compile(r"\s{2,}")
_NON_WORD = re.compile(r"[^\w]")
# Turning every non-word character into a space: str.translate for ASCII (a regex
# replacing one in five characters is several times slower), then the regex for the
# few non-ASCII ones left (dashes, curly quotes).
_ASCII_NON_WORD = str.maketrans(
    {chr(code): " " for code in range(128) if not (chr(code).isalnum() or chr(code) == "_")}
)
_NON_ASCII_NON_WORD = re.compile(r"[^\x00-\x7f\w]")


def normalize(name: str) -> str:
    """The lookup key of a name: NFC, lower case, whitespace collapsed to single spaces."""
    if not name.isascii():
        name = unicodedata.normalize("NFC", name)
    return " ".join(name.split()).lower()


def match_key(name: str) -> str:
    """What the automaton holds for a name: two names with the same key would match the
    same text (``kube-proxy`` and ``Kube Proxy``, ``e-mail`` and ``e mail``, ``café`` in
    NFC and in NFD), so the site may define only one of them."""
    return " " + _NON_WORD.sub(" ", normalize(name))


def is_all_caps(name: str) -> bool:
    """``AOF``, ``K8S``, ``SET NX``: capitals (and digits or punctuation) only."""
    return name == name.upper() and name != name.lower()


@dataclass(frozen=True)
class Name(Generic[Payload]):
    """One spelling (a term or an alias) and what it stands for."""

    text: str
    exact: bool
    payload: Payload


class Match(NamedTuple):  # a NamedTuple: one per mention, so it must be cheap
    start: int
    end: int
    name: Name


class TermMatcher(Generic[Payload]):
    """All names of all terms in one automaton; ``find`` yields non-overlapping matches."""

    def __init__(self, names: Iterable[Name[Payload]]) -> None:
        self._names: dict[str, Name[Payload]] = {}
        for name in names:
            self._names.setdefault(normalize(name.text), name)
        # Folded as _scan turns the text. Spellings of ONE term may share a folded form
        # (``kube-proxy`` with the alias ``kube proxy``): each is kept, none overwrites
        # another (terms.build_index rejects such names on two different terms). A text
        # may spell a name decomposed (NFD: "e" + combining accent): that goes in too.
        by_folded: dict[str, list[tuple[str, Name[Payload]]]] = {}
        for key, name in self._names.items():
            for spelling in dict.fromkeys((key, unicodedata.normalize("NFD", key))):
                by_folded.setdefault(" " + _NON_WORD.sub(" ", spelling), []).append((key, name))
        self._automaton = ahocorasick.Automaton()
        for folded, candidates in by_folded.items():
            self._automaton.add_word(folded, (len(folded), tuple(candidates)))
        if self._names:
            self._automaton.make_automaton()

    def __len__(self) -> int:
        return len(self._names)

    def lookup(self, text: str) -> Name[Payload] | None:
        """The name that ``text`` spells as a whole, case rule applied (for code spans)."""
        name = self._names.get(normalize(text))
        if name is None or (name.exact and not _same(text, name)):
            return None
        return name

    def find(self, text: str) -> Iterator[Match]:
        """Matches in ``text``, left to right, longest first."""
        if not self._names:
            return
        if "\x02" in text:
            # Blank placeholders out, keeping every offset: NUL is no word character
            # and in no name, so nothing matches in or across them.
            text = _PLACEHOLDER.sub(_blank, text)
        if _SPACE_RUN.search(text) is None:
            yield from self._scan(text)
            return
        # Match on the text with whitespace runs collapsed, report original offsets.
        run_ends, shifts = [], []
        shift = 0
        for run in _SPACE_RUN.finditer(text):
            run_ends.append(run.start() - shift + 1)
            shift += len(run.group()) - 1
            shifts.append(shift)
        for start, end, name in self._scan(_SPACE_RUN.sub(" ", text)):
            before, upto = bisect_right(run_ends, start), bisect_right(run_ends, end - 1)
            yield Match(
                start + (shifts[before - 1] if before else 0),
                end + (shifts[upto - 1] if upto else 0),
                name,
            )

    def _scan(self, text: str) -> Iterator[Match]:
        lowered = text.lower()
        if len(lowered) != len(text):  # rare letters whose lower case is longer
            lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
        haystack = " " + lowered.translate(_ASCII_NON_WORD)  # haystack[i + 1] is text[i]
        if not haystack.isascii():
            haystack = _NON_ASCII_NON_WORD.sub(" ", haystack)
        position = 0
        while position is not None:
            restart = None
            for end, (length, candidates) in self._automaton.iter_long(haystack, position):
                start = end + 1 - length  # the leading space sits before text[start]
                name = (
                    _spelled(text[start:end], candidates)
                    if _ends_word(text, end) and _starts_word(text, start)
                    else None
                )
                if name is not None:
                    yield Match(start, end, name)
                    continue
                shorter = self._shorter(text, start, end) if _starts_word(text, start) else None
                if shorter is not None:
                    yield shorter
                # A name may start inside the rejected text: scan again from there.
                restart = shorter.end if shorter is not None else start + 1
                break
            position = restart

    def _shorter(self, text: str, start: int, end: int) -> Match | None:
        """The longest name shorter than ``text[start:end]``, at ``start``, that fits."""
        for stop in range(end - 1, start, -1):
            if not _ends_word(text, stop):
                continue
            name = self._names.get(normalize(text[start:stop]))
            if name is not None and (not name.exact or _same(text[start:stop], name)):
                return Match(start, stop, name)
        return None


def _spelled(written: str, candidates: tuple[tuple[str, Name], ...]) -> Name | None:
    """The name ``written`` spells: same punctuation ("kube proxy" is not "kube-proxy")
    and, for an exact name, same case."""
    lowered = written.lower()
    for key, name in candidates:
        if (lowered == key or normalize(written) == key) and (
            not name.exact or _same(written, name)
        ):
            return name
    return None


def _same(written: str, name: Name) -> bool:
    if not written.isascii():
        written = unicodedata.normalize("NFC", written)
        return " ".join(written.split()) == unicodedata.normalize("NFC", name.text)
    return " ".join(written.split()) == name.text


def _is_word_character(character: str) -> bool:
    # A combining mark continues the word it follows ("e" + U+0301 is one letter).
    if character.isalnum() or character == "_":
        return True
    return not character.isascii() and unicodedata.combining(character) > 0


def _blank(placeholder: re.Match[str]) -> str:
    return "\x00" * len(placeholder.group())


def _starts_word(text: str, start: int) -> bool:
    """No word character before ``start``, nor a hyphen or dot glued to one."""
    if start == 0:
        return True
    before = text[start - 1]
    if _is_word_character(before):
        return False
    if before not in "-." or start < 2:
        return True
    return not _is_word_character(text[start - 2])


def _ends_word(text: str, stop: int) -> bool:
    """No word character at ``stop``, nor a hyphen or dot glued to one after it."""
    if stop >= len(text):
        return True
    after = text[stop]
    if _is_word_character(after):
        return False
    if after not in "-." or stop + 1 >= len(text):
        return True
    return not _is_word_character(text[stop + 1])

"""Find glossary terms in plain text with ONE compiled regex, whatever the number of terms.

Every term and alias goes into a character trie that is compiled into a single
case-insensitive alternation (``kube(?:-(?:apiserver|proxy)|let)``), so a text is
scanned once, not once per term. Matching rules, as CONTRIBUTING.md documents them:

- Longest match first: the trie tries longer branches before shorter ones, and
  backtracks to a shorter name when the longer one does not end on a word boundary
  (``Static Pod`` wins over ``Pod``).
- Word boundaries: a match neither starts nor ends inside a word. Hyphens and dots
  that join two word characters count as part of the word, so ``Redis`` does not
  match inside ``redis-py`` or ``redis.conf``, and ``ReplicaSet`` does not match
  inside ``ReplicaSets`` unless that plural is listed as an alias.
- Case: a name written in capitals and digits only (``AOF``, ``GIL``, ``WATCH``)
  matches exactly; everything else matches case-insensitively. A term's ``case``
  key (``exact`` / ``insensitive``) overrides this for the term and its aliases.
  The regex itself is case-insensitive; exact names are re-checked after a match,
  and a failed check falls back to a shorter name at the same position.
- A space in a name matches any run of whitespace (Markdown keeps line breaks
  inside paragraphs).

Nothing here imports MkDocs or Python-Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, NamedTuple, TypeVar

Payload = TypeVar("Payload")

# A word character, or a hyphen/dot glued to one: both mean "still inside a word".
_BEFORE = r"(?<!\w)(?<!\w[-.])"
_AFTER = r"(?!\w)(?![-.]\w)"
# Python-Markdown replaces inline raw HTML and escapes by \x02...\x03 placeholders.
_PLACEHOLDER = re.compile("\x02[^\x03]*\x03")
_END = ""  # trie key marking "a name ends here"


def normalize(name: str) -> str:
    """The lookup key of a name: lower case, whitespace collapsed to single spaces."""
    return " ".join(name.split()).lower()


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


def _trie_pattern(keys: Iterable[str]) -> str:
    trie: dict = {}
    for key in keys:
        node = trie
        for char in key:
            node = node.setdefault(char, {})
        node[_END] = {}
    return _node_pattern(trie)


def _node_pattern(node: dict) -> str:
    ends_here = _END in node
    branches = []
    for char in sorted(ch for ch in node if ch != _END):
        atom = r"\s+" if char == " " else re.escape(char)
        branches.append(atom + _node_pattern(node[char]))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends_here:
        # Greedy "?" tries the longer names first and backtracks to the shorter one.
        return body + "?" if len(branches) > 1 else "(?:" + body + ")?"
    return body


class TermMatcher(Generic[Payload]):
    """All names of all terms, compiled once; ``find`` yields non-overlapping matches."""

    def __init__(self, names: Iterable[Name[Payload]]) -> None:
        self._names: dict[str, Name[Payload]] = {}
        for name in names:
            self._names.setdefault(normalize(name.text), name)
        self._regex: re.Pattern[str] | None = None
        if self._names:
            trie = _trie_pattern(self._names)
            self._regex = re.compile(_BEFORE + "(?:" + trie + ")" + _AFTER, re.IGNORECASE)

    def __len__(self) -> int:
        return len(self._names)

    def find(self, text: str) -> Iterator[Match]:
        """Matches in ``text``, left to right, longest first, never inside a placeholder."""
        if self._regex is None:
            return
        if "\x02" in text:
            # Blank placeholders out, keeping every offset: NUL is no word character
            # and in no name, so nothing matches in or across them.
            text = _PLACEHOLDER.sub(_blank, text)
        search = self._regex.search
        position = 0
        while (found := search(text, position)) is not None:
            start, end = found.span()
            match = self._accept(text, start, end)
            if match is None:
                position = start + 1  # a name may still start inside the rejected text
                continue
            yield match
            position = match.end

    def _accept(self, text: str, start: int, end: int) -> Match | None:
        """The match at ``start`` if its case is right, else the longest shorter name that is."""
        names = self._names
        for stop in range(end, start, -1):
            if stop != end and not _ends_word(text, stop):
                continue
            candidate = text[start:stop]
            # Fast path first: most matches hold no line break or double space.
            name = names.get(candidate.lower()) or names.get(normalize(candidate))
            if name is None:
                continue
            if name.exact and " ".join(candidate.split()) != name.text:
                continue
            return Match(start, stop, name)
        return None


def _blank(placeholder: re.Match[str]) -> str:
    return "\x00" * len(placeholder.group())


def _ends_word(text: str, stop: int) -> bool:
    """Same rule as ``_AFTER``, checked in Python for the fallback to shorter names."""
    if stop >= len(text):
        return True
    following = text[stop]
    if following.isalnum() or following == "_":
        return False
    after = text[stop + 1 : stop + 2]
    return not (following in "-." and after and (after.isalnum() or after == "_"))

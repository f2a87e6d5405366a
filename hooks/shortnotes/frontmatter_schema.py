"""The front-matter schema: every key a page may set, and the type of its value.

The theme inserts several front-matter values into the page without escaping them
(``<meta name="description" content="{{ page.meta.description }}">``, nav and header titles,
CSS classes built from ``status``), and renders whatever Python object it gets: a list where a
string belongs is printed with its markup. So every key the site or the theme reads has a type
here, text shown by the theme is plain text, and a key the site does not know is an error
(with the closest known key as a suggestion) rather than something the theme might act on.

Glossary keys (``terms``, ``autolink``) are typed here as a whole; ``shortnotes.terms`` checks
each entry's own keys. No MkDocs import.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from shortnotes.frontmatter import FrontMatter

# In text the theme inserts as HTML, these are markup; in a double-quoted attribute, `"` too.
_MARKUP = re.compile(r"[<>]|&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_ATTRIBUTE_MARKUP = re.compile(r"[<>\"]|&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_ICON = re.compile(r"(?:material|fontawesome/(?:brands|regular|solid)|octicons|simple)/[a-z0-9-]+")
_HIDE_VALUES = ("navigation", "toc", "footer", "path", "feedback", "tags")
_SEARCH_KEYS = ("boost", "exclude")
_URL = re.compile(r"https://[^\s<>\"]+")


@dataclass(frozen=True)
class SchemaError:
    """One key with a wrong name, type or value, at a line of the front matter."""

    line: int
    key: str
    message: str
    hint: str


def plain_text_problem(value: str, *, in_attribute: bool = False) -> str | None:
    """Why ``value`` cannot be shown by the theme as plain text, or None."""
    found = (_ATTRIBUTE_MARKUP if in_attribute else _MARKUP).search(value)
    if found is None:
        return None
    return f"contains `{found.group(0)}`, which the theme would insert as markup"


@dataclass(frozen=True)
class _Key:
    """How one front-matter key is checked: ``check(value)`` returns a problem or None."""

    what: str  # the expected value, as said in messages ("plain text", "a list of ...")
    check: Callable[[Any], str | None]
    hint: str


def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        return f"is {_kind(value)}"
    return plain_text_problem(value)


def _attribute_text(value: Any) -> str | None:
    if not isinstance(value, str):
        return f"is {_kind(value)}"
    return plain_text_problem(value, in_attribute=True)


def _boolean(value: Any) -> str | None:
    return None if isinstance(value, bool) else f"is {_kind(value)}"


def _list_of(item_check: Callable[[Any], str | None]) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if not isinstance(value, list):
            return f"is {_kind(value)}"
        for index, item in enumerate(value, start=1):
            problem = item_check(item)
            if problem:
                return f"item {index} {problem}"
        return None

    return check


def _one_of(choices: Collection[str]) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if not isinstance(value, str):
            return f"is {_kind(value)}"
        if value in choices:
            return None
        close = difflib.get_close_matches(value, list(choices), n=1)
        return f"is `{value}`" + (f" (did you mean `{close[0]}`?)" if close else "")

    return check


def _icon(value: Any) -> str | None:
    if not isinstance(value, str):
        return f"is {_kind(value)}"
    return None if _ICON.fullmatch(value) else f"is `{value}`"


def _search(value: Any) -> str | None:
    if not isinstance(value, dict):
        return f"is {_kind(value)}"
    for key, item in value.items():
        if key not in _SEARCH_KEYS:
            return f"has the unknown key `{key}`"
        if key == "exclude" and not isinstance(item, bool):
            return f"has `exclude` that is {_kind(item)}"
        if key == "boost" and (isinstance(item, bool) or not isinstance(item, int | float)):
            return f"has `boost` that is {_kind(item)}"
    return None


def _date(value: Any) -> str | None:
    # YAML reads an unquoted 2026-12-01 as a date; anything else is a typo.
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return None
    return f"is {_kind(value)}"


def _source_url(value: Any) -> str | None:
    if not isinstance(value, str):
        return f"is {_kind(value)}"
    return None if _URL.fullmatch(value) else f"`{value}` is not an https:// address"


def _terms(value: Any) -> str | None:
    return None if isinstance(value, list) else f"is {_kind(value)}"


def _kind(value: Any) -> str:
    """A value's YAML type, as a contributor reads it."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, datetime.date):
        return "a date"
    return "text"


def _keys(statuses: Collection[str]) -> dict[str, _Key]:
    status_hint = (
        f"one of: {', '.join(sorted(statuses))} (extra.status in mkdocs.yml)"
        if statuses
        else "remove it: this site defines no page statuses (extra.status in mkdocs.yml)"
    )
    plain = "write plain text: no <, > or &...; character references"
    return {
        "title": _Key("plain text", _text, plain),
        "description": _Key(
            "plain text",
            _attribute_text,
            "write plain text: no <, >, \" (use ' or “ ”) or &...; character references",
        ),
        "subtitle": _Key("plain text", _text, plain),
        "terms": _Key("a list of terms", _terms, "see CONTRIBUTING.md, Glossary terms"),
        "autolink": _Key("true or false", _boolean, "write `autolink: false` or remove it"),
        "reviewed": _Key(
            "a date", _date, "write the day the note was checked, as `reviewed: 2026-12-01`"
        ),
        "sources": _Key(
            "a list of https:// addresses",
            _list_of(_source_url),
            "list the official pages or source files the note was checked against",
        ),
        "hide": _Key(
            "a list", _list_of(_one_of(_HIDE_VALUES)), f"items are among: {', '.join(_HIDE_VALUES)}"
        ),
        "search": _Key(
            "a mapping", _search, "write `search: {boost: 2}` or `search: {exclude: true}`"
        ),
        "icon": _Key("an icon name", _icon, "write a bundled icon such as `material/kubernetes`"),
        "status": _Key("a status name", _one_of(statuses), status_hint),
        "tags": _Key("a list of plain text", _list_of(_text), plain),
    }


KNOWN_KEYS = tuple(_keys(()))


def check(parsed: FrontMatter, *, statuses: Collection[str] = ()) -> list[SchemaError]:
    """Every key of ``parsed`` with an unknown name, a wrong type or a value not allowed."""
    keys = _keys(statuses)
    errors = []
    for name, value in parsed.data.items():
        line = parsed.line_of(name)
        spec = keys.get(name) if isinstance(name, str) else None
        if spec is None:
            close = difflib.get_close_matches(str(name), list(keys), n=1)
            errors.append(
                SchemaError(
                    line,
                    str(name),
                    f"unknown front-matter key `{name}`",
                    f"did you mean `{close[0]}`?"
                    if close
                    else f"the keys a page may set: {', '.join(keys)}",
                )
            )
            continue
        problem = spec.check(value)
        if problem:
            errors.append(
                SchemaError(
                    line,
                    name,
                    f"front matter `{name}` must be {spec.what}, but {problem}",
                    spec.hint,
                )
            )
    return errors

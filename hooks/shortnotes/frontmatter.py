"""Front matter of a note, read the way MkDocs reads it, but with line numbers.

MkDocs (``mkdocs.utils.meta.get_data``) swallows YAML errors and renders the
broken block as page text, and treats leading ``Key: value`` lines as
MultiMarkdown metadata that silently disappear from the page. This module reads
the same block with the same delimiters and reports both cases as errors that
name the line, so a contributor sees them instead of a quietly broken page.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

# Same delimiters as mkdocs.utils.meta.YAML_RE, so we agree on what the block is.
_YAML_BLOCK = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
# Same shape as mkdocs.utils.meta.META_RE (a MultiMarkdown metadata line).
_MULTIMARKDOWN_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")


# The classes of front-matter problem, as printed in messages.
MALFORMED = "malformed-front-matter"
NOT_A_MAPPING = "front-matter-not-mapping"
MULTIMARKDOWN_METADATA = "multimarkdown-metadata"
YAML_ALIAS = "yaml-alias"


@dataclass(frozen=True)
class FrontMatterError:
    """One problem, located at a 1-based line of the Markdown source."""

    line: int
    message: str
    hint: str
    kind: str = MALFORMED

    def format(self, src_path: str) -> str:
        return f"{src_path}:{self.line}: {self.message} — {self.hint}"


@dataclass
class FrontMatter:
    """The parsed block: ``data`` plus the source line of every key and item.

    ``lines`` maps a path of keys/indices (``("terms", 0, "anchor")``) to the
    1-based line where that value starts, so later validation can point at the
    exact line of a bad value.
    """

    data: dict[str, Any] = field(default_factory=dict)
    lines: dict[tuple[Any, ...], int] = field(default_factory=dict)
    body_start_line: int = 1  # 1-based line where the Markdown body starts
    errors: list[FrontMatterError] = field(default_factory=list)

    def line_of(self, *path: Any) -> int:
        """Line of the deepest known prefix of ``path`` (falls back to line 1)."""
        for end in range(len(path), 0, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return 1


# libyaml's parser when available: it is what keeps the hooks well under 1 ms per page.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _first_alias_or_anchor(yaml_text: str) -> yaml.Event | None:
    """The first event that defines an anchor or uses an alias, read before anything is built.

    A few hundred bytes of nested aliases expand to gigabytes once constructed (or walked),
    so the event stream is read first: it holds each alias once, unexpanded.
    """
    if "&" not in yaml_text and "*" not in yaml_text:
        return None  # neither can be written without these characters
    loader = _Loader(yaml_text)
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                return event
    except yaml.YAMLError:
        return None  # reported by the parse that follows, with its line
    finally:
        loader.dispose()
    return None


def _compose_and_construct(yaml_text: str) -> tuple[yaml.Node | None, Any]:
    """Parse once: the node tree (for line numbers) and the data built from it."""
    loader = _Loader(yaml_text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def _record_lines(node: yaml.Node, path: tuple[Any, ...], first_line: int, out: dict) -> None:
    out[path] = node.start_mark.line + first_line
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            # A key's own line is more useful than where its value starts.
            _record_lines(value_node, (*path, key), first_line, out)
            out[(*path, key)] = key_node.start_mark.line + first_line
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, (*path, index), first_line, out)


# The source checks read every page's front matter, the glossary those with terms, the
# locating of a finding the page's again: one YAML parse each (the result is read, never
# changed). Sized for a few thousand pages; `mkdocs serve` re-reads only edited texts.
@functools.lru_cache(maxsize=4096)
def parse(text: str) -> FrontMatter:
    """Parse the front matter of one Markdown source. Never raises. Do not change the
    result: it is shared by every caller that parses the same text."""
    text = text.replace("\r\n", "\n")
    match = _YAML_BLOCK.match(text)
    if not match:
        if re.match(r"-{3}[ \t]*\n(?:\.{3}|-{3})[ \t]*(?:\n|$)", text):
            # MkDocs needs at least one line between the delimiters; this pair renders as rules.
            message, hint = "front matter block is empty", "remove both --- lines, or add keys"
            return FrontMatter(errors=[FrontMatterError(1, message, hint)])
        if re.match(r"-{3}[ \t]*\n", text):
            message, hint = "front matter is never closed", "end the block with a line of ---"
            return FrontMatter(errors=[FrontMatterError(1, message, hint)])
        return FrontMatter(errors=_multimarkdown_errors(text))

    yaml_text = match.group(1)
    first_line = 2  # the YAML starts on the line after the opening ---
    body_start_line = text.count("\n", 0, match.end()) + 1
    result = FrontMatter(body_start_line=body_start_line)
    aliased = _first_alias_or_anchor(yaml_text)
    if aliased is not None:
        sign = "*" if isinstance(aliased, yaml.AliasEvent) else "&"
        result.errors.append(
            FrontMatterError(
                aliased.start_mark.line + first_line,
                f"front matter uses the YAML {'alias' if sign == '*' else 'anchor'} "
                f"`{sign}{aliased.anchor}`",
                "write the value out in full: anchors and aliases are not allowed in front "
                "matter (a few of them can expand to gigabytes)",
                YAML_ALIAS,
            )
        )
        return result
    try:
        node, data = _compose_and_construct(yaml_text)
    except yaml.YAMLError as error:
        problem_mark = getattr(error, "problem_mark", None)
        context_mark = getattr(error, "context_mark", None)
        context = getattr(error, "context", None) or ""
        mark = problem_mark or context_mark
        # An unclosed `[`, `{` or quote is noticed lines later (or at the end of the block):
        # the fix goes where it opened, so point there.
        if context_mark and ("flow" in context or "quoted" in context):
            mark = context_mark
        line = mark.line + first_line if mark else first_line
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        if mark is context_mark and problem_mark and problem_mark.line != context_mark.line:
            problem += f" ({context} opened here, never closed)"
        result.errors.append(
            FrontMatterError(
                line,
                f"malformed front matter: {problem}",
                "fix the YAML between the --- lines (MkDocs would show the block as page text)",
            )
        )
        return result
    if data is None:
        return result
    if not isinstance(data, dict):
        result.errors.append(
            FrontMatterError(
                first_line,
                f"front matter is a {type(data).__name__}, not a mapping",
                "write `key: value` lines between the --- lines",
                NOT_A_MAPPING,
            )
        )
        return result
    result.data = data
    _record_lines(node, (), first_line, result.lines)
    return result


def _multimarkdown_errors(text: str) -> list[FrontMatterError]:
    """A page without --- whose first line is ``Key: value`` loses it as metadata."""
    first_line = text.split("\n", 1)[0]
    match = _MULTIMARKDOWN_LINE.match(first_line)
    if not match:
        return []
    return [
        FrontMatterError(
            1,
            f"first line `{first_line.strip()}` would vanish as MultiMarkdown metadata",
            "start the page with a `# Heading`, or put metadata in a --- front matter block",
            MULTIMARKDOWN_METADATA,
        )
    ]

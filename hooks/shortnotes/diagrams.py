"""Diagrams: ```dot fences in a note, rendered with Graphviz at build time into inline SVG.

A note draws a diagram where the prose needs it::

    ```dot caption="What the diagram shows, in a sentence: its text alternative."
    digraph { rankdir=LR; client -> "kube-apiserver" -> etcd }
    ```

The source is untrusted (every pull request is), and Graphviz reads host files (``image=``,
``shapefile=``, ``<IMG SRC>`` in HTML-like labels), writes links (``URL``, ``href``), tooltips
and stylesheet references. So, in this order:

1. ``check_source`` reads the DOT source with a small tokenizer and allows only the attributes
   in ``ATTRIBUTES`` (layout and shape words, no colour, font, file, link or id), each value
   checked where it matters; anything else is a problem naming the line, with a suggestion.
   Nothing is rendered while the source has a problem.
2. ``render`` runs ``dot -Tsvg`` on standard input with an empty environment in Graphviz's
   web-server mode (``SERVER_NAME`` set, ``GV_FILE_PATH`` an empty folder: it refuses to read
   any file even if step 1 missed one), with a time limit. Any message on stderr fails the
   diagram; Graphviz's ``in line N`` is mapped back to the note's line.
3. ``normalise_svg`` parses the output with an XML parser and rebuilds it from the small subset
   the site's HTML policy allows (``shortnotes.html_policy``): groups, paths, polygons,
   polylines, ellipses and text, geometry only. Graphviz's colours, fonts, ids, titles and
   comments are dropped; fills, strokes and dashes become classes, so the palette (light or
   dark) comes from CSS custom properties (overrides/assets/stylesheets/short-notes-diagrams.css).
4. ``figure_html`` wraps it: ``<figure>`` with a focusable, horizontally scrolling region (a
   wide diagram scrolls on a phone instead of shrinking its text), ``<svg role="img">``
   labelled by the ``<figcaption>``, whose text is the fence's required ``caption``.

``DiagramFences`` is the pymdownx.superfences custom fence (validator and formatter) and keeps
the problems of the build; ``hooks/diagrams.py`` routes the MkDocs events to it. No MkDocs
import.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import subprocess
import tempfile
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from shortnotes.suggestions import did_you_mean

# --- What a diagram source may say ------------------------------------------------------------

_ANY = None  # any plain value (a number, a word, quoted text)
_SHAPES = frozenset(
    {
        "box", "rect", "rectangle", "square", "ellipse", "oval", "circle", "doublecircle",
        "point", "plaintext", "plain", "none", "note", "tab", "folder", "box3d", "component",
        "cylinder", "diamond", "record", "Mrecord", "hexagon", "octagon", "parallelogram",
        "trapezium", "invtrapezium", "triangle", "invtriangle", "house", "invhouse",
        "underline", "cds", "larrow", "rarrow",
    }
)  # fmt: skip
_STYLES = frozenset({"solid", "dashed", "dotted", "bold", "rounded", "filled", "invis"})
_ARROWS = frozenset({"normal", "empty", "none", "dot", "odot", "vee", "open", "diamond", "tee"})
# Classes a node, edge or cluster may carry; the stylesheet gives each its palette colour.
DIAGRAM_CLASSES = frozenset({"accent", "muted"})

# attribute -> the values it may take (None: any plain value)
ATTRIBUTES: dict[str, frozenset[str] | None] = {
    # text
    "label": _ANY, "xlabel": _ANY, "headlabel": _ANY, "taillabel": _ANY,
    "labelloc": frozenset({"t", "b", "c"}), "labeljust": frozenset({"l", "r", "c"}),
    "labelangle": _ANY, "labeldistance": _ANY, "labelfloat": _ANY, "nojustify": _ANY,
    # layout
    "rankdir": frozenset({"TB", "LR", "BT", "RL"}),
    "rank": frozenset({"same", "min", "max", "source", "sink"}),
    "ranksep": _ANY, "nodesep": _ANY, "newrank": _ANY, "compound": _ANY, "concentrate": _ANY,
    "ordering": frozenset({"in", "out"}), "clusterrank": frozenset({"local", "none"}),
    "splines": frozenset({"true", "false", "none", "line", "polyline", "ortho", "spline",
                          "curved"}),
    "margin": _ANY, "pad": _ANY, "group": _ANY, "constraint": _ANY, "minlen": _ANY,
    "weight": _ANY, "lhead": _ANY, "ltail": _ANY, "headport": _ANY, "tailport": _ANY,
    "samehead": _ANY, "sametail": _ANY,
    # shapes and lines
    "shape": _SHAPES, "style": _STYLES, "class": DIAGRAM_CLASSES,
    "width": _ANY, "height": _ANY, "fixedsize": _ANY, "peripheries": _ANY,
    "dir": frozenset({"forward", "back", "both", "none"}),
    "arrowhead": _ARROWS, "arrowtail": _ARROWS, "arrowsize": _ANY, "decorate": _ANY,
}  # fmt: skip
_LIST_VALUED = frozenset({"style", "class"})  # comma- or space-separated lists
# Sizes and counts, at most: a diagram for a page, not a poster; huge values make dot slow
# and the page enormous. (margin, pad and ranksep may hold two or more numbers.)
NUMBER_LIMITS = {
    "width": 10.0, "height": 10.0, "margin": 2.0, "pad": 2.0, "ranksep": 5.0, "nodesep": 5.0,
    "minlen": 10.0, "weight": 100.0, "peripheries": 3.0, "arrowsize": 3.0,
    "labeldistance": 5.0, "labelangle": 180.0,
}  # fmt: skip
_NUMBERS = re.compile(r"-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)")

# Why the attributes people reach for first are refused: the hint in the message.
_REFUSED_BECAUSE = {
    "image": "reads a file of the build machine",
    "imagepath": "reads files of the build machine",
    "imagescale": "belongs to image=, which reads files of the build machine",
    "shapefile": "reads a file of the build machine",
    "fontpath": "reads files of the build machine",
    "fontname": "fonts come from the site's stylesheet",
    "fontsize": "text keeps the site's size, readable on a phone",
    "fontcolor": "colours come from the site's palette; use class=accent or class=muted",
    "color": "colours come from the site's palette; use class=accent or class=muted",
    "fillcolor": "colours come from the site's palette; use style=filled, class=accent",
    "bgcolor": "the background follows the site's palette",
    "stylesheet": "makes the page load a stylesheet",
    "url": "diagrams do not link; link from the prose next to it",
    "href": "diagrams do not link; link from the prose next to it",
    "target": "diagrams do not link; link from the prose next to it",
    "tooltip": "a tooltip is not readable on a phone; say it in the caption or the prose",
    "id": "the page gives diagrams their ids",
    "comment": "write a DOT comment (// ...) instead",
    "layout": "diagrams are laid out by dot",
    "size": "diagrams keep their natural size (they scroll on a narrow screen)",
    "dpi": "diagrams keep their natural size (they scroll on a narrow screen)",
    "ratio": "diagrams keep their natural size (they scroll on a narrow screen)",
}
_SUFFIX_REFUSED = ("url", "href", "target", "tooltip")  # edgeURL, labelhref, headtooltip, ...

MAX_SOURCE_CHARS = 20_000  # a diagram, not a data set: dot's time grows fast with graph size
MIN_CAPTION_WORDS = 6
RENDER_TIMEOUT_SECONDS = 60  # generous: the build machine may be loaded


@dataclass(frozen=True)
class DotProblem:
    """One problem at a line of a diagram source (1-based, counted within the source)."""

    line: int
    detail: str


# --- Reading DOT --------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"""
    (?P<newline>\n)
    | (?P<space>[ \t\r\f\v]+)
    | (?P<line_comment>//[^\n]*)
    | (?P<block_comment>/\*.*?(?:\*/|\Z))
    | (?P<quoted>"(?:[^"\\]|\\.)*(?:"|\Z))
    | (?P<html><)
    | (?P<word>-?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)
        |[A-Za-z_\x80-\U0010ffff][A-Za-z_0-9\x80-\U0010ffff]*)
    | (?P<punct>->|--|[{}\[\];,:=+])
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_CLOSED_QUOTE = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)


@dataclass(frozen=True)
class _Token:
    kind: str  # word | quoted | html | punct | other
    text: str  # the value: a quoted string without its quotes and escapes
    line: int


def _tokens(source: str) -> tuple[list[_Token], list[DotProblem]]:
    tokens: list[_Token] = []
    problems: list[DotProblem] = []
    line, position, line_start = 1, 0, True
    while position < len(source):
        if line_start and source.startswith("#", position):
            # Graphviz reads `# 12 "file"` as a C preprocessor line mark: it renumbers lines.
            problems.append(DotProblem(line, "a line starting with `#`; write comments as //"))
        match = _TOKEN.match(source, position)
        assert match is not None  # `other` matches any character
        kind, text = match.lastgroup or "other", match.group()
        if kind == "html":
            end = _html_string_end(source, position)
            tokens.append(_Token("html", source[position:end], line))
            text = source[position:end]
            position = end
        else:
            position = match.end()
            if kind == "quoted":
                if not _CLOSED_QUOTE.fullmatch(text):
                    problems.append(DotProblem(line, "a quoted string is never closed"))
                value = text[1:-1].replace("\\\n", "").replace('\\"', '"')
                tokens.append(_Token("quoted", value, line))
            elif kind in ("word", "punct", "other"):
                tokens.append(_Token(kind, text, line))
        line_start = kind in ("newline", "space") and (line_start or kind == "newline")
        line += text.count("\n")
    return tokens, problems


def _html_string_end(source: str, start: int) -> int:
    """The end of an HTML-like string `<...>` (nested angle brackets), or of the source."""
    depth = 0
    for index in range(start, len(source)):
        depth += {"<": 1, ">": -1}.get(source[index], 0)
        if depth == 0:
            return index + 1
    return len(source)


def _refusal(name: str) -> str:
    key = name.lower()
    reason = _REFUSED_BECAUSE.get(key)
    if reason is None and key.endswith(_SUFFIX_REFUSED):
        reason = _REFUSED_BECAUSE[next(s for s in _SUFFIX_REFUSED if key.endswith(s))]
    hint = did_you_mean(name, ATTRIBUTES)
    because = f" ({reason})" if reason else ""
    return (
        f"attribute `{name}` is not allowed in a diagram{because}; remove it{hint} "
        "(CONTRIBUTING.md, Diagrams, lists what a diagram may use)"
    )


def _number_problem(name: str, text: str) -> str | None:
    """Why a size or count is refused (not numbers, or above its limit), or None."""
    limit = NUMBER_LIMITS[name]
    words = [word for word in re.split(r"[\s,]+", text.strip()) if word]
    if not words or not all(_NUMBERS.fullmatch(word) for word in words):
        return f"`{name}={text}` is not a number; write e.g. {name}=0.5"
    largest = max(abs(float(word)) for word in words)
    if largest > limit:
        return f"`{name}={text}` is more than {limit:g}, the most a diagram may use"
    return None


def check_source(source: str) -> list[DotProblem]:
    """Every attribute and construct of a DOT source outside the allow-list, by line."""
    if len(source) > MAX_SOURCE_CHARS:
        return [
            DotProblem(
                1,
                f"the diagram source has {len(source)} characters, more than {MAX_SOURCE_CHARS}; "
                "split it into smaller diagrams",
            )
        ]
    tokens, problems = _tokens(source)
    for index, token in enumerate(tokens):
        if token.kind == "html":
            problems.append(
                DotProblem(
                    token.line,
                    "an HTML-like label `<...>` (it can read files and link out); write a "
                    'quoted label, with \\n for a line break: label="first\\nsecond"',
                )
            )
        if token.kind != "punct" or token.text != "=" or index == 0:
            continue
        name_token = tokens[index - 1]
        name = name_token.text
        if name not in ATTRIBUTES:
            problems.append(DotProblem(name_token.line, _refusal(name)))
            continue
        allowed = ATTRIBUTES[name]
        value = tokens[index + 1] if index + 1 < len(tokens) else None
        if value is not None and name in NUMBER_LIMITS and value.kind != "html":
            problem = _number_problem(name, value.text)
            if problem:
                problems.append(DotProblem(value.line, problem))
        if allowed is None or value is None or value.kind == "html":
            continue
        words = re.split(r"[\s,]+", value.text.strip()) if name in _LIST_VALUED else [value.text]
        for word in (w for w in words if w):
            if word not in allowed:
                hint = did_you_mean(word, allowed)
                problems.append(
                    DotProblem(
                        value.line,
                        f"`{name}={word}` is not allowed in a diagram{hint} "
                        f"(allowed: {', '.join(sorted(allowed))})",
                    )
                )
    return sorted(problems, key=lambda problem: problem.line)


# --- Rendering ---------------------------------------------------------------------------------


class RenderError(Exception):
    """Graphviz refused the source: ``line`` within it (None when Graphviz names none)."""

    def __init__(self, line: int | None, detail: str) -> None:
        super().__init__(detail)
        self.line = line
        self.detail = detail


_STDERR_LINE = re.compile(r"\bline (\d+)\b")


def render(source: str, *, dot: str = "dot", timeout: float = RENDER_TIMEOUT_SECONDS) -> str:
    """The SVG Graphviz draws for ``source``; raises RenderError with its first message."""
    with tempfile.TemporaryDirectory(prefix="shortnotes-dot-") as empty:
        # Web-server mode: Graphviz loads files only from GV_FILE_PATH, an empty folder here.
        environment = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "SERVER_NAME": "short-notes",
            "GV_FILE_PATH": empty + os.sep,
        }
        command = [dot, "-Tsvg", "-Gfontname=Helvetica", "-Nfontname=Helvetica"]
        command += ["-Efontname=Helvetica", "-Gfontsize=14", "-Nfontsize=14", "-Efontsize=14"]
        try:
            done = subprocess.run(
                command,
                input=source.encode("utf-8"),
                capture_output=True,
                cwd=empty,
                env=environment,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise RenderError(
                None, f"Graphviz took more than {timeout:g} s; simplify the diagram"
            ) from None
    messages = [line.strip() for line in done.stderr.decode("utf-8", "replace").splitlines()]
    messages = [line for line in messages if line]
    if done.returncode != 0 or messages:
        first = (messages or [f"dot exited with status {done.returncode}"])[0]
        first = first.replace("<stdin>: ", "")
        number = _STDERR_LINE.search(first)
        raise RenderError(int(number.group(1)) if number else None, f"Graphviz: {first}")
    return done.stdout.decode("utf-8")


# --- Normalising the SVG ----------------------------------------------------------------------

_SVG = "{http://www.w3.org/2000/svg}"
# element -> the geometry attributes kept; everything else Graphviz writes is dropped.
SVG_SUBSET: dict[str, tuple[str, ...]] = {
    "g": ("transform",),
    "path": ("d",),
    "polygon": ("points",),
    "polyline": ("points",),
    "ellipse": ("cx", "cy", "rx", "ry"),
    "text": ("x", "y", "text-anchor"),
}
_GRAPHVIZ_CLASSES = frozenset({"graph", "node", "edge", "cluster"})
_NO_PAINT = frozenset({"none", "transparent"})
_DASHES = {"5,2": "dashed", "1,5": "dotted"}
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_DOCTYPE = re.compile(r"<!DOCTYPE svg PUBLIC \"[^\"<>\[\]]*\"\s+\"[^\"<>\[\]]*\">")


def _paint_classes(element: ElementTree.Element) -> list[str]:
    """Graphviz's paint of a shape as classes of the stylesheet."""
    fill = element.get("fill", "black").lower()
    stroke = element.get("stroke", "black").lower()
    classes = [
        "fill-none" if fill in _NO_PAINT else "fill-ink" if fill in ("black", "#000000") else
        "fill-tint"
    ]  # fmt: skip
    if stroke in _NO_PAINT:
        classes.append("stroke-none")
    if element.get("stroke-dasharray") in _DASHES:
        classes.append(_DASHES[element.get("stroke-dasharray", "")])
    if element.get("stroke-width") not in (None, "1"):
        classes.append("bold")
    return classes


def _attribute_text(name: str, value: str) -> str:
    return f' {name}="{html.escape(value, quote=True)}"'


def _serialise(element: ElementTree.Element, *, depth: int, out: list[str]) -> None:
    name = element.tag.removeprefix(_SVG)
    if not element.tag.startswith(_SVG) or name not in SVG_SUBSET:
        return  # title, a, image, anything else: dropped with its content
    if name == "polygon" and depth == 1 and element.get("fill") == "white":
        return  # Graphviz's page background: the page's own background shows instead
    attributes = "".join(
        _attribute_text(key, element.get(key, "")) for key in SVG_SUBSET[name] if element.get(key)
    )
    if name == "g":
        classes = [c for c in element.get("class", "").split() if c in _GRAPHVIZ_CLASSES]
        classes += [c for c in element.get("class", "").split() if c in DIAGRAM_CLASSES]
    elif name == "text":
        classes = []
    else:
        classes = _paint_classes(element)
    if classes:
        attributes += _attribute_text("class", " ".join(classes))
    out.append(f"<{name}{attributes}>")
    if name == "text":
        out.append(html.escape(element.text or "", quote=False))
    else:
        for child in element:
            _serialise(child, depth=depth + 1, out=out)
    out.append(f"</{name}>")


@dataclass(frozen=True)
class Drawing:
    """A normalised SVG: its width and height in CSS pixels and its content (shapes)."""

    width: str
    height: str
    content: str


def normalise_svg(svg: str) -> Drawing:
    """Graphviz's SVG rebuilt from the allowed subset, paint as classes."""
    # Graphviz writes a DOCTYPE with no internal subset; drop it, and refuse any other, so the
    # XML parser reads no DTD and expands no entity. Comments and the prolog are not kept.
    body = _DOCTYPE.sub("", svg, count=1)
    if "<!DOCTYPE" in body or "<!ENTITY" in body:
        raise ValueError("a DOCTYPE or ENTITY declaration in the SVG")
    root = ElementTree.fromstring(body)
    if root.tag != f"{_SVG}svg":
        raise ValueError("Graphviz's output is not SVG")
    # Graphviz measures in points at 1 unit = 1 pt; drawing a unit as one CSS pixel keeps its
    # 14-unit text at 14 px, above the 12 px floor on a phone (wide diagrams scroll).
    box = _NUMBER.findall(root.get("viewBox", ""))
    if len(box) != 4:
        raise ValueError("Graphviz's SVG has no viewBox")
    out: list[str] = []
    for child in root:
        _serialise(child, depth=0, out=out)
    return Drawing(box[2], box[3], "".join(out))


def figure_html(drawing: Drawing, *, caption: str, figure_id: str) -> str:
    """The figure: a scrolling region holding the SVG, labelled by its caption."""
    caption_id = f"{figure_id}-caption"
    return (
        f'<figure class="sn-diagram" id="{figure_id}">'
        # The labels, run together, would be noise in the search index: the caption says it.
        f'<div class="sn-diagram__scroll" role="group" tabindex="0" data-search-exclude '
        f'aria-labelledby="{caption_id}">'
        f'<svg class="sn-diagram__svg" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-labelledby="{caption_id}" viewBox="0 0 {drawing.width} {drawing.height}" '
        f'width="{drawing.width}" height="{drawing.height}">{drawing.content}</svg></div>'
        f'<figcaption id="{caption_id}">{html.escape(caption, quote=False)}</figcaption>'
        "</figure>"
    )


# --- The fence ---------------------------------------------------------------------------------

FENCE_NAME = "dot"
_FENCE_OPEN = re.compile(r"^(?P<indent>[ \t>]*)(?P<fence>`{3,}|~{3,})\s*(?P<info>.*)$")
_DOT_INFO = re.compile(r"^(?:dot\b|\{[^}]*(?<![\w-])\.dot\b)")


@dataclass(frozen=True)
class DiagramProblem:
    """A problem with a diagram, at a line of a note (printed like every source problem)."""

    path: str  # docs/x.md, as the contributor sees it
    line: int
    kind: str  # diagram-not-allowed | diagram-broken | diagram-caption
    detail: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.kind}: {self.detail}"


NOT_ALLOWED, BROKEN, CAPTION = "diagram-not-allowed", "diagram-broken", "diagram-caption"


@dataclass
class _Page:
    path: str  # docs/x.md, as the contributor sees it
    fence_lines: list[tuple[int, str]]  # (line of the opening fence, its body), in page order
    used: set[int] = field(default_factory=set)
    count: int = 0


def dot_fences(text: str) -> list[tuple[int, str]]:
    """``(line of the opening fence, body)`` of every ```dot fence in a note, in order."""
    if FENCE_NAME not in text:  # _DOT_INFO needs it: most notes have no diagram
        return []
    lines = text.split("\n")
    found: list[tuple[int, str]] = []
    index = 0
    while index < len(lines):
        opening = _FENCE_OPEN.match(lines[index])
        index += 1
        if not opening:
            continue
        fence, indent = opening.group("fence"), len(opening.group("indent"))
        body: list[str] = []
        while index < len(lines):
            closing = lines[index][indent:].strip()
            if closing.startswith(fence[0] * len(fence)) and not closing.strip(fence[0]):
                break
            body.append(lines[index][indent:])
            index += 1
        if _DOT_INFO.match(opening.group("info").strip()):
            found.append((index - len(body), "\n".join(body)))
        index += 1
    return found


class DiagramFences:
    """The ```dot fence of pymdownx.superfences, with the problems of one build.

    ``start_page`` names the page about to be rendered (the formatter is called while it is);
    ``problems`` lists what failed, each once, in page order. ``report`` is called with each
    problem as it is found (the hook logs it). ``rendered`` counts the diagrams drawn into
    pages, ``drawn`` those Graphviz had to draw (the others came from ``cache``).
    """

    def __init__(
        self,
        *,
        render: Callable[[str], str] = render,
        report: Callable[[DiagramProblem], None] = lambda problem: None,
        cache: dict[str, Drawing] | None = None,
    ) -> None:
        self._render = render
        self._report = report
        self._page = _Page("docs/?.md", [])
        # Drawings by their source's hash: pass one dict to every build of a `mkdocs serve`
        # process and an unchanged diagram is not drawn again.
        self._cache: dict[str, Drawing] = {} if cache is None else cache
        self.problems: list[DiagramProblem] = []
        self.rendered = 0
        self.drawn = 0

    def custom_fence(self) -> dict[str, Any]:
        """The ``custom_fences`` entry for pymdownx.superfences."""
        return {
            "name": FENCE_NAME,
            "class": "sn-diagram",
            "format": self.format,
            "validator": self.validate,
        }

    def start_page(self, path: str, text: str) -> None:
        self._page = _Page(path, dot_fences(text))

    @staticmethod
    def validate(
        language: str, inputs: dict[str, str], options: dict[str, Any], attrs: dict, md: Any
    ) -> bool:
        options["caption"] = inputs.pop("caption", None)
        options["unknown"] = sorted(inputs)
        return True

    def _fence_line(self, source: str) -> int:
        """The line of the fence whose body is ``source`` (the next unused one as a fallback)."""
        page = self._page
        wanted = source.strip("\n")
        candidates = [i for i in range(len(page.fence_lines)) if i not in page.used]
        matching = [i for i in candidates if page.fence_lines[i][1].strip("\n") == wanted]
        chosen = (matching or candidates or [None])[0]
        if chosen is None:
            return 1
        page.used.add(chosen)
        return page.fence_lines[chosen][0]

    def _problem(self, line: int, kind: str, detail: str) -> str:
        problem = DiagramProblem(self._page.path, line, kind, detail)
        self.problems.append(problem)
        self._report(problem)
        # The page still builds (the build fails at its end, listing every problem).
        return f'<p class="sn-diagram-error">{html.escape(str(problem))}</p>'

    def format(
        self, source: str, language: str, class_name: str, options: dict, md: Any, **kwargs: Any
    ) -> str:
        fence_line = self._fence_line(source)
        # The body starts on the line after the opening fence.
        body_line = fence_line + 1
        unknown = options.get("unknown") or []
        if unknown:
            return self._problem(
                fence_line,
                CAPTION,
                f"unknown option `{unknown[0]}=` on a ```dot fence"
                f"{did_you_mean(unknown[0], ['caption'])}; the one option is "
                'caption="..."',
            )
        caption = " ".join((options.get("caption") or "").split())
        if len(caption.split()) < MIN_CAPTION_WORDS:
            return self._problem(
                fence_line,
                CAPTION,
                f'a diagram needs caption="..." of at least {MIN_CAPTION_WORDS} words saying '
                "what it shows (its text alternative for readers who cannot see it)",
            )
        problems = check_source(source)
        if problems:
            # Nothing is rendered while the source has a problem; each is reported once.
            for problem in problems:
                line = body_line + problem.line - 1
                self._problem(line, NOT_ALLOWED, problem.detail)
            return ""
        key = hashlib.sha256(source.encode("utf-8")).hexdigest()
        drawing = self._cache.get(key)
        if drawing is None:
            try:
                drawing = normalise_svg(self._render(source))
            except RenderError as error:
                line = body_line + error.line - 1 if error.line else fence_line
                return self._problem(line, BROKEN, error.detail)
            except (ElementTree.ParseError, ValueError) as error:
                return self._problem(fence_line, BROKEN, f"unreadable SVG: {error}")
            self._cache[key] = drawing
            self.drawn += 1
        self._page.count += 1
        self.rendered += 1
        return figure_html(drawing, caption=caption, figure_id=f"diagram-{self._page.count}")

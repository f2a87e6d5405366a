"""A synthetic Short Notes site for benchmarks: N realistic notes defining T glossary terms.

Deterministic (seeded). Notes sit in sections of 50 pages, like the real nav; each has
front matter with ``terms:`` as CONTRIBUTING.md defines them, an H1, an intro, four
sections with prose mentioning terms (a few popular, most rare), a code block, a content
tab group, an admonition, a list, inline code and hand-written links to other notes.
Sized like the real notes: about 9 KB each, a third of it code. Every fifth note has a
redis-cli transcript and one note in 50 a Graphviz diagram (the real notes: 10 of 41 hold a
transcript, 9 a diagram; drawing is Graphviz's time, benchmarks/diagrams.py's concern),
so every hook of the site has its work to do.
The config INHERITs the real mkdocs.yml (theme, features such as navigation.prune,
Markdown extensions, validation) and swaps docs_dir, nav and hooks.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SECTION_SIZE = 50
CORPUS_VERSION = 4  # bump when the generator changes: a stale corpus is rebuilt
MENTION_RATE = 0.35  # share of sentences naming a glossary term
SECTIONS_PER_NOTE = 7  # with four tab groups of code: about 9 KB, like the real notes
_PROSE = (
    "the a of to and in that is for it as with was on be by this are or from at which have an",
    "not but all can has more one will when each other some what there into only time than most",
    "also these first after way where like through back much before good any same right many",
    "state request value object field update change event order reason start stop build read",
    "write check run usually always every small large network memory disk file server client",
    "cluster configuration version release default option command result error message status",
    "process thread queue cache index record batch limit window budget signal handler reader",
    "writer owner policy template replica storage volume secret endpoint metric trace",
)
WORDS = tuple(word for line in _PROSE for word in line.split())
SYLLABLES = ("ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "bra", "cle", "dri", "fro")
SYLLABLES += ("gla", "ple", "qua", "sti", "tro", "vex", "wyn")


@dataclass(frozen=True)
class SyntheticTerm:
    name: str
    alias: str
    slug: str
    page: int
    exact: bool


def _terms(count: int, pages: int, rng: random.Random) -> list[SyntheticTerm]:
    names: set[str] = set()
    terms = []
    defining_pages = max(1, min(pages, (count + 1) // 2))  # about two terms per defining note
    while len(terms) < count:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))
        kind = len(terms) % 10
        if kind == 0:
            name, alias, exact = word[:4].upper(), f"{word} log", True  # an acronym like AOF
        elif kind in (1, 2):
            name = f"{word.capitalize()} {rng.choice(SYLLABLES)}ber"
            alias, exact = name.lower() + "s", False
        elif kind == 3:
            name, alias, exact = f"kube-{word}", f"{word} daemon", False
        else:
            name, alias, exact = word.capitalize(), word + "s", False
        if name.lower() in names or alias.lower() in names or name.lower() in WORDS:
            continue
        names.update({name.lower(), alias.lower()})
        slug = "".join(c if c.isalnum() else "-" for c in name.lower())
        terms.append(SyntheticTerm(name, alias, slug, len(terms) % defining_pages, exact))
    return terms


def _src(page: int) -> str:
    return f"section-{page // SECTION_SIZE:03d}/note-{page:05d}.md"


def _sentence(rng: random.Random, mention: str | None) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(10, 18))]
    if mention:
        words.insert(rng.randint(1, len(words) - 1), mention)
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def _note(page: int, pages: int, terms: list[SyntheticTerm], rng: random.Random) -> str:
    mine = [t for t in terms if t.page == page]
    front = {
        "title": f"Note {page}",
        "description": f"Synthetic note {page} for the hooks benchmark.",
    }
    if mine:
        front["terms"] = [
            {
                "term": t.name,
                "aliases": [t.alias],
                "summary": f"What {t.name} means, in one plain sentence for the tooltip.",
                "anchor": t.slug,
                **({"case": "exact"} if t.exact else {}),
            }
            for t in mine
        ]
    out = ["---", yaml.safe_dump(front, sort_keys=False).strip(), "---", "", f"# Note {page}", ""]

    # A note talks about a handful of concepts, again and again: its own, a few popular
    # ones and a few others. Measured on the real notes: about 7 distinct terms and 18
    # (term, section) mentions per page; this corpus has about 12 and 25.
    popular = [terms[min(int(rng.paretovariate(1.2)) - 1, len(terms) - 1)] for _ in range(3)]
    pool = mine + popular + [rng.choice(terms) for _ in range(8)]

    def mention() -> str | None:
        if rng.random() > MENTION_RATE:
            return None
        term = rng.choice(pool)
        return term.alias if rng.random() < 0.3 else term.name

    out += [" ".join(_sentence(rng, mention()) for _ in range(3)), ""]
    headings = [(t.name, t.slug) for t in mine] + [
        (f"Topic {k}", f"topic-{k}") for k in range(max(0, SECTIONS_PER_NOTE - len(mine)))
    ]
    for number, (title, slug) in enumerate(headings):
        other = rng.randrange(pages)
        out += [f"## {title} {{ #{slug} }}", ""]
        out += [" ".join(_sentence(rng, mention()) for _ in range(4)), ""]
        out += [
            " ".join(_sentence(rng, mention()) for _ in range(3)),
            "",
        ]
        out += [
            f"See [note {other}](../{_src(other)}) and `{rng.choice(WORDS)}_{number}` "
            f"for {_sentence(rng, mention())}",
            "",
        ]
        if number % 3 == 2:
            out += ['!!! tip "Remember"', "", f"    {_sentence(rng, mention())}", ""]
            out += [f"- {_sentence(rng, mention())}", f"- {_sentence(rng, None)}", ""]
        elif number < 4:
            out += _tabs(number, rng, mention)
        if number == 0 and page % 5 == 1:
            out += _transcript(page)
        if number == 1 and page % SECTION_SIZE == 7:
            out += _diagram(page)
    return "\n".join(out) + "\n"


def _transcript(page: int) -> list[str]:
    """A redis-cli session, as hooks/transcripts.py renders them."""
    return [
        "```redis",
        f"127.0.0.1:6379> SET note:{page} ready",
        "OK",
        "127.0.0.1:6379> MULTI",
        "OK",
        f"127.0.0.1:6379(TX)> INCR note:{page}:views",
        "QUEUED",
        "127.0.0.1:6379(TX)> EXEC",
        "1) (integer) 1",
        f"127.0.0.1:6379> GET note:{page}",
        '"ready"',
        "```",
        "",
    ]


def _diagram(page: int) -> list[str]:
    """A small Graphviz diagram, different on every note (hooks/diagrams.py draws each once)."""
    return [
        '```dot caption="How a request of this note reaches its workers through a queue, '
        'and how each result comes back."',
        f"digraph note_{page} {{",
        "  node [shape=box, style=rounded];",
        f'  client [label="client {page}"];',
        '  queue [label="queue"];',
        f'  worker [label="worker {page % 7}"];',
        "  client -> queue -> worker;",
        '  worker -> client [label="result"];',
        "}",
        "```",
        "",
    ]


def _tabs(number: int, rng: random.Random, mention) -> list[str]:
    """A content tab group with two code examples, as most real notes have."""
    python = [
        f"def handler_{number}(event, *, limit=10):",
        '    """Return the values of an event, at most ``limit`` of them."""',
        "    values = []",
        "    for key, value in sorted(event.items()):",
        "        if len(values) >= limit:",
        "            break",
        '        values.append(f"{key}={value}")',
        "    return values",
    ]
    yaml_lines = [
        "apiVersion: v1",
        "kind: Pod",
        "metadata:",
        f"  name: example-{number}",
        "  labels:",
        "    app: demo",
        "spec:",
        "  containers:",
        "    - name: app",
        "      image: nginx:1.27",
    ]
    out = ['=== "Generator"', "", "    ```python"]
    out += [f"    {line}" for line in python] + ["    ```", ""]
    out += ['=== "YAML"', "", "    ```yaml"]
    out += [f"    {line}" for line in yaml_lines] + ["    ```", ""]
    out += [f"    {_sentence(rng, mention())}", ""]
    out += ['=== "kubectl"', "", "    ```bash"]
    out += [
        f"    kubectl apply -f example-{number}.yaml",
        f"    kubectl get pod example-{number} -o wide",
        f"    kubectl describe pod example-{number}",
        f"    kubectl delete pod example-{number} --wait=false",
        "    ```",
        "",
    ]
    return out


# Every hook the site runs (mkdocs.yml `hooks:`), in its order; tests/test_benchmarks_smoke.py
# checks the two agree.
SITE_HOOKS = (
    "source_checks",
    "glossary",
    "home_map",
    "link_warnings",
    "search_index",
    "tested_with",
    "diagrams",
    "transcripts",
)
# The site without its search ranking: benchmarks/search_quality.py's "before" arm.
WITHOUT_SEARCH_INDEX = tuple(name for name in SITE_HOOKS if name != "search_index")


def write_site(
    root: Path,
    *,
    pages: int,
    terms: int,
    hooks: bool | Sequence[str],
    seed: int = 3,
) -> Path:
    """Write (or reuse) the corpus under ``root`` and a config for it; return the config.

    ``hooks``: names of ``hooks/*.py`` to run; True means every hook of the site, False none.
    """
    docs = root / "docs"
    stamp = root / f".corpus-v{CORPUS_VERSION}-{pages}-{terms}-{seed}"
    if not stamp.exists():
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)
        rng = random.Random(seed)
        all_terms = _terms(terms, pages, rng)
        for page in range(pages):
            path = docs / _src(page)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(_note(page, pages, all_terms, rng), encoding="utf-8")
        (docs / "index.md").write_text("# Synthetic notes\n\nBenchmark corpus.\n")
        shutil.copy(ROOT / "docs" / "glossary.md", docs / "glossary.md")
        # The site's assets: the theme's own (stylesheets, scripts) come from custom_dir.
        shutil.copytree(ROOT / "docs" / "assets", docs / "assets")
        stamp.touch()
    names = list(SITE_HOOKS if hooks is True else hooks or ())
    nav: list = [{"Home": "index.md"}]
    for start in range(0, pages, SECTION_SIZE):
        chunk = [_src(page) for page in range(start, min(pages, start + SECTION_SIZE))]
        nav.append({f"Section {start // SECTION_SIZE}": chunk})
    nav.append({"Glossary": "glossary.md"})
    config = {
        "INHERIT": str(ROOT / "mkdocs.yml"),
        "docs_dir": "docs",
        "theme": {"name": "material", "custom_dir": str(ROOT / "overrides")},
        "hooks": [str(ROOT / "hooks" / f"{name}.py") for name in names],
        "nav": nav,
    }
    path = root / f"mkdocs-{'-'.join(names) or 'plain'}.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def write_broken_links_site(root: Path, *, links: int, page_kb: int = 200, seed: int = 5) -> Path:
    """One page of about ``page_kb`` KB of prose holding ``links`` broken links, every hook on.

    The same page size whatever ``links``: what grows is the number of MkDocs warnings
    that hooks/link_warnings.py locates, so its cost per warning shows.
    """
    rng = random.Random(seed)
    docs = root / "docs"
    shutil.rmtree(root, ignore_errors=True)
    docs.mkdir(parents=True)
    paragraphs = []
    size = 0
    while size < page_kb * 1024:
        paragraph = " ".join(_sentence(rng, None) for _ in range(5))
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    for number in range(links):
        # Missing pages and missing anchors, spread over the page.
        target = f"missing-{number}.md" if number % 2 else f"index.md#gone-{number}"
        at = number * len(paragraphs) // links
        paragraphs[at] += f" See [link {number}]({target})."
    body = "\n\n".join(paragraphs)
    (docs / "index.md").write_text(f"# Broken links\n\n{body}\n", encoding="utf-8")
    (docs / "glossary.md").write_text((ROOT / "docs" / "glossary.md").read_text("utf-8"))
    config = {
        "INHERIT": str(ROOT / "mkdocs.yml"),
        "docs_dir": "docs",
        "theme": {"name": "material", "custom_dir": str(ROOT / "overrides")},
        "hooks": [str(ROOT / "hooks" / f"{name}.py") for name in SITE_HOOKS],
        "nav": [{"Home": "index.md"}, {"Glossary": "glossary.md"}],
    }
    path = root / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def main() -> None:
    """Write a corpus (and build it once with every hook, strictly, to prove it builds)."""
    import argparse
    import os
    import subprocess
    import sys
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--terms", type=int, default=50)
    parser.add_argument("--out", type=Path, help="where to write (default: a temporary folder)")
    parser.add_argument("--smoke", action="store_true", help="a tiny corpus (10 pages, 8 terms)")
    args = parser.parse_args()
    pages, terms = (10, 8) if args.smoke else (args.pages, args.terms)
    with tempfile.TemporaryDirectory() as temporary:
        root = args.out or Path(temporary) / "corpus"
        config = write_site(root, pages=pages, terms=terms, hooks=True)
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)]
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
        if done.returncode != 0:
            sys.exit(f"the synthetic corpus does not build:\n{done.stderr[-3000:]}")
        print(f"wrote and built {pages} pages, {terms} terms: {config}")


if __name__ == "__main__":
    main()

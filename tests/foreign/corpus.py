"""A documentation corpus that nobody on this project wrote its notes for: the hooks meet it
as they would meet a contributor's or another project's docs.

Written for these tests (deterministic, no randomness). It uses every Markdown construct
the site's configuration enables, in the forms other projects write them: raw inline and
block HTML, md_in_html, admonitions and collapsible details, content tabs, footnotes,
abbreviations, tables, definition lists, math written as TeX, emoji and icons, attribute
lists, snippets, deeply nested lists, a very long page, prose in several scripts. Its
glossary has a few hundred terms, among them names that differ only in case, in
punctuation or by one symbol (``C``, ``C++``, ``C#``, ``.NET``), names in non-Latin
scripts, names that are also HTML words (``class``) and a term called ``Glossary``.

``write_corpus(root)`` writes ``root/docs`` and the snippet it includes, and returns a
``Corpus`` that says which term is defined where and which mentions must be linked.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml


@dataclass(frozen=True)
class CorpusTerm:
    name: str
    aliases: tuple[str, ...]
    summary: str
    anchor: str
    page: str
    exact: bool = False


@dataclass
class Corpus:
    root: Path
    terms: list[CorpusTerm] = field(default_factory=list)
    pages: dict[str, str] = field(default_factory=dict)
    # page -> names written in plain prose there (each must be linked once on that page)
    plain_mentions: dict[str, list[str]] = field(default_factory=dict)

    @property
    def docs(self) -> Path:
        return self.root / "docs"


# --- The glossary -----------------------------------------------------------------------------

# Hand-picked names, as a platform's docs would define them: (name, aliases, exact case).
NAMED = [
    ("Pod", ("Pods",), False),
    ("Static Pod", ("static pods",), False),
    ("kubelet", (), False),
    ("kube-proxy", ("kube proxy",), False),  # one term, two spellings: both must link
    ("Service", ("Services",), True),
    ("Node", ("Nodes",), False),
    ("Namespace", ("namespaces",), False),
    ("Controller", ("controllers",), False),
    ("Volume", ("volumes",), False),
    ("Sidecar", ("sidecars",), False),
    ("Init Container", ("init containers",), False),
    ("PodSpec", (), False),
    ("Pod Spec Template", (), False),
    ("e-mail", ("email",), False),
    ("Webhook", ("webhooks",), False),
    ("Operator", ("operators",), False),
    ("Taint", ("taints",), False),
    ("Toleration", ("tolerations",), False),
    ("Finalizer", ("finalizers",), False),
    ("Label", ("labels",), False),
    ("Annotation", ("annotations",), False),
    ("Selector", ("selectors",), False),
    ("Quota", ("quotas",), False),
    ("Ingress", (), False),
    ("Gateway", ("gateways",), False),
    ("Secret", ("secrets",), False),
    ("ConfigMap", ("ConfigMaps",), False),
    ("DaemonSet", ("DaemonSets",), False),
    ("StatefulSet", ("StatefulSets",), False),
    ("CronJob", ("CronJobs",), False),
    ("etcd", (), False),
    ("RBAC", (), True),
    ("CRD", ("CRDs",), True),
    ("CNI", (), True),
    ("CSI", (), True),
    ("OCI", (), True),
    ("TLS", (), True),
    ("DNS", (), True),
    ("HPA", (), True),
    ("SET NX", (), True),
    # Names that only a symbol tells apart, or that are also words of HTML and of the site.
    ("C", (), True),
    ("C++", (), True),
    ("C#", (), True),
    (".NET", (), True),
    ("class", (), False),
    ("Glossary", (), False),
    ("Go", (), True),
    # Other scripts, and Latin with diacritics (written NFC here; a page writes one in NFD).
    ("Кластер", ("кластеры",), False),
    ("Κόμβος", (), False),
    ("ポッド", (), False),
    ("容器", (), False),
    ("حاوية", (), False),
    ("Déploiement", (), False),
    ("Überwachung", (), False),
    ("naïve scheduling", (), False),
]

_ADJECTIVES = [
    *("Ephemeral", "Persistent", "Headless", "Projected", "Aggregated", "Dynamic"),
    *("Immutable", "Elastic", "Federated", "Isolated", "Mirrored", "Paused", "Preemptible"),
    *("Privileged", "Regional", "Replicated", "Scheduled", "Sharded", "Topology-aware", "Zonal"),
]
_NOUNS = [
    *("Volume", "Endpoint", "Webhook", "Quota", "Lease", "Snapshot", "Binding", "Profile"),
    *("Policy", "Claim", "Class", "Context", "Probe", "Route", "Pool"),
]


def glossary_names() -> list[tuple[str, tuple[str, ...], bool]]:
    """About three hundred names: the hand-picked ones, then adjective + noun pairs."""
    names = list(NAMED)
    for adjective in _ADJECTIVES:
        for noun in _NOUNS:
            names.append((f"{adjective} {noun}", (), False))
    return names


TERMS_PER_PAGE = 20


def _ascii_anchor(index: int, name: str) -> str:
    slug = "".join(c if c.isascii() and c.isalnum() else "-" for c in name.lower()).strip("-")
    return f"{slug or 'term'}-{index}" if not slug or not slug.isascii() else slug


def _summary(name: str) -> str:
    return f"What the docs mean by “{name}”, in one sentence for the tooltip."


# --- Pages ------------------------------------------------------------------------------------


def _front_matter(title: str, terms: list[CorpusTerm] = ()) -> str:
    data: dict = {"title": title, "description": f"{title}, from a corpus written for tests."}
    if terms:
        data["terms"] = [
            {
                "term": term.name,
                **({"aliases": list(term.aliases)} if term.aliases else {}),
                "summary": term.summary,
                "anchor": term.anchor,
                **({"case": "exact"} if term.exact else {}),
            }
            for term in terms
        ]
    return "---\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True) + "---\n\n"


def _definition_page(number: int, terms: list[CorpusTerm]) -> str:
    out = [_front_matter(f"Reference {number}", terms), f"# Reference {number}\n"]
    out.append("This reference page explains the concepts below, one section each.\n")
    for term in terms:
        out.append(f"## {term.name} {{ #{term.anchor} }}\n")
        out.append(
            f"A short explanation of {term.name}. It matters when a workload grows, when "
            "operators debug it and when the platform upgrades.\n"
        )
    return "\n".join(out)


FEATURES = """\
# Markdown features

*[HTML]: HyperText Markup Language
*[YAML]: YAML Ain't Markup Language

Everything in this page is how other projects write their docs. A Node and a Pod are
linked in this sentence; the ones below are in places where a link does not belong.

## Raw inline HTML

See <a href="https://example.org/docs/pods/">the Pod docs</a>, run
<code>kubelet --config</code>, press <kbd>kube-proxy</kbd>, and read the
<abbr title="Service">Service</abbr> notes. A <span class="no-autolink">Namespace</span>
stays plain, a <samp>Controller started</samp> line too, and a
<a href="https://example.org/"><em>Volume</em> guide</a> nests nothing.
A raw <label>Webhook</label> stays plain (a `<button>` would not pass the site's HTML policy).
{ #raw-inline }

## Raw block HTML

<div class="vendor-note">
Operator text in a raw HTML block is passed through as written: Taint, Toleration.
</div>

<table class="vendor-table"><tr><td>Finalizer</td><td>Label</td></tr></table>

## Markdown inside HTML

<div class="card" markdown>
An Annotation in **md_in_html** is Markdown, so it links.
</div>

<details class="faq" markdown>
<summary>Why does a Selector match?</summary>
Because a Quota says so.
</details>

## Admonitions and details

!!! note "Ingress in a title"
    The body of a note about a Gateway is prose.

??? tip "Secret in a summary"
    The body mentions a ConfigMap.

???+ warning
    A DaemonSet in an open collapsible block.

## Tabs

=== "StatefulSet"

    A CronJob in the first tab.

=== "etcd"

    ```yaml
    kind: Pod   # code: never linked
    ```

## Footnotes

A sentence with a footnote[^ref] about RBAC.

[^ref]: The footnote says CRD in plain words.

## Abbreviations

HTML and YAML are abbreviations here, and so is a CNI plugin written as CNI.

*[CNI]: Container Network Interface

## Tables

| Term | Where |
|---|---|
| CSI | in a table cell |
| `OCI` | in a code cell |

## Definition lists

TLS
:   A definition that mentions DNS.

## Math

Inline math $HPA + Pod$ and $$\\sum Node$$ and \\(Service\\) stay as written, while prices
like $5 and $10 are prose.
{ #math }

## Emoji and icons

:material-kubernetes: :octicons-rocket-16: The Sidecar 🚀 follows an icon; 😄 is a character.
(Twemoji emoji such as `:smile:` are images from a CDN: the site's HTML policy refuses them.)

## Attribute lists

[A link with a title](https://example.org/){ title="Webhook Pod" lang="en" } and a
heading with attributes follow.

## Operator guide { #operator-guide title="Operator" }

## Snippets

--8<-- "deque_vs_list.md"

## Nested lists

- Level one mentions a Label
    - Level two mentions an Annotation
        - Level three mentions a Selector
            - Level four mentions a Quota
                - Level five mentions an Ingress
                    - Level six mentions a Gateway
                        - Level seven mentions a Secret
                            - Level eight mentions a ConfigMap
                                - Level nine mentions etcd

## Code

```python
class Pod:  # a code block: no link
    pass
```

Inline `kubelet` is code, and ```C++``` too.
"""

PROJECT = Path(__file__).resolve().parents[2]
SNIPPET = "deque_vs_list.md"  # a results table the site itself includes


def _prose(name: str, number: int) -> str:
    """A plain sentence around ``name``, in one of several languages."""
    templates = (
        "Teams often check the {} before they change anything.",
        "In practice, the {} decides what happens next.",
        "La documentation décrit le {} en détail, avec des exemples.",  # spellchecker:disable-line
        "Die Plattform nutzt den {} für jede Umgebung.",  # spellchecker:disable-line
        "Платформа использует {} в каждом окружении.",
        "Η πλατφόρμα χρησιμοποιεί το {} παντού.",  # noqa: RUF001 (Greek, on purpose)
        "運用チームは {} を毎日確認します。",
    )
    return templates[number % len(templates)].format(name)


def _usage_page(number: int, names: list[str], *, long: bool, last_word: str | None) -> str:
    out = [_front_matter(f"Usage {number}"), f"# Usage {number}\n"]
    sentences = [_prose(name, index) for index, name in enumerate(names)]
    for start in range(0, len(sentences), 5):
        out.append(" ".join(sentences[start : start + 5]) + "\n")
    if long:
        filler = (
            "This paragraph is long prose with no glossary word in it, repeated to make the "
            "page very long, the way generated reference pages are. "
        ) * 8
        out += [f"### Part {part}\n\n{filler}\n" for part in range(120)]
    if last_word:
        out.append(f"The last words of this page name the {last_word}")
    return "\n".join(out) + "\n"


def write_corpus(root: Path) -> Corpus:
    corpus = Corpus(root)
    names = glossary_names()
    definition_pages = (len(names) + TERMS_PER_PAGE - 1) // TERMS_PER_PAGE
    anchors: set[str] = set()
    for index, (name, aliases, exact) in enumerate(names):
        page = f"reference/ref-{index // TERMS_PER_PAGE:02d}.md"
        anchor = _ascii_anchor(index, name)
        if anchor in anchors:
            anchor = f"{anchor}-{index}"
        anchors.add(anchor)
        corpus.terms.append(CorpusTerm(name, aliases, _summary(name), anchor, page, exact))
    for number in range(definition_pages):
        page = f"reference/ref-{number:02d}.md"
        corpus.pages[page] = _definition_page(
            number, [term for term in corpus.terms if term.page == page]
        )
    corpus.pages["index.md"] = (
        _front_matter("Home") + "# Platform docs\n\nThe pages of a platform's documentation.\n"
    )
    corpus.pages["features.md"] = _front_matter("Markdown features") + FEATURES
    # Every term in plain prose on a usage page; one page is very long; one page ends on a
    # term; "Ephemeral Volume" sits next to "Volume" (a longer term next to a shorter one).
    plain = [term.name for term in corpus.terms]
    usage_pages = 4
    for number in range(usage_pages):
        share = plain[number::usage_pages]
        last = None
        if number == 0:
            last = share.pop()  # named only in the last words of the page
        src = f"usage/usage-{number}.md"
        corpus.pages[src] = _usage_page(number, share, long=number == 1, last_word=last)
        corpus.plain_mentions[src] = [*share, *([last] if last else [])]
    adjacent = "The Ephemeral Volume Volume pair is a longer term next to a shorter one."
    corpus.pages["usage/adjacent.md"] = (
        _front_matter("Adjacent") + f"# Adjacent\n\n{adjacent}\n{{ #adjacent }}\n"
    )
    corpus.plain_mentions["usage/adjacent.md"] = ["Ephemeral Volume", "Volume"]
    # The same names written another way: decomposed Unicode (NFD), and the alias spelling.
    decomposed = unicodedata.normalize("NFD", "Déploiement")
    corpus.pages["usage/spellings.md"] = (
        _front_matter("Spellings")
        + f"# Spellings\n\nThe {decomposed} is written decomposed here, and the kube proxy "
        "with a space.\n"
    )
    corpus.plain_mentions["usage/spellings.md"] = ["Déploiement", "kube-proxy"]
    corpus.pages["glossary.md"] = (
        _front_matter("Glossary") + "# Glossary\n\n<!-- shortnotes:glossary -->\n"
    )
    for src, text in corpus.pages.items():
        path = corpus.docs / src
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    # The site's snippets come from the project's benchmarks/results only (the source checks
    # anchor that folder at the project root); without the hooks, or with an older config,
    # the folder is looked up from the build's working folder (the corpus root). The same
    # file is at every place, so every build includes the same text.
    included = (PROJECT / "benchmarks" / "results" / SNIPPET).read_text(encoding="utf-8")
    for folder in (root / "benchmarks" / "results", root):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / SNIPPET).write_text(included, encoding="utf-8")
    return corpus

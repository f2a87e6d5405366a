"""The real site, rebuilt with one reader-facing feature switched off.

Each browser test proves its worth by failing on the variant that removes the feature it
covers (a search test that passes without the search plugin tests nothing). A variant is
the project's own mkdocs.yml, loaded, changed in one place and written to a temporary
directory with every relative path made absolute, so it builds the real docs/ with the real
hooks. Variants are built without --strict: switching a feature off may legitimately break
links that the real build validates.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from browser import hostile_note

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "mkdocs.yml"


class _Tagged:
    """A `!!python/...` node (mkdocs.yml names callables that way), carried through as is."""

    def __init__(self, tag: str, node: yaml.Node) -> None:
        self.tag, self.node = tag, node


class _ConfigLoader(yaml.SafeLoader):
    pass


class _ConfigDumper(yaml.SafeDumper):
    pass


_ConfigLoader.add_multi_constructor(
    "tag:yaml.org,2002:python/", lambda loader, suffix, node: _Tagged(node.tag, node)
)
_ConfigDumper.add_representer(_Tagged, lambda dumper, tagged: tagged.node)


def load_config(path: Path = CONFIG) -> dict[str, Any]:
    return yaml.load(path.read_text(), Loader=_ConfigLoader)  # a SafeLoader: tags stay inert data


def _absolute(config: dict[str, Any], *, theme_dir: Path) -> None:
    """Point every path the config holds back at the repository (or at ``theme_dir``)."""
    config["docs_dir"] = str(ROOT / config.get("docs_dir", "docs"))
    config["hooks"] = [str(ROOT / hook) for hook in config.get("hooks", [])]
    config["theme"]["custom_dir"] = str(theme_dir)
    for extension in config.get("markdown_extensions", []):
        if isinstance(extension, dict) and "pymdownx.snippets" in extension:
            options = extension["pymdownx.snippets"] or {}
            options["base_path"] = [str(ROOT / p) for p in options.get("base_path", ["."])]


# --- the changes, one per feature -------------------------------------------------------------


def _without_feature(*names: str) -> Callable[[dict[str, Any], Path], None]:
    def change(config: dict[str, Any], theme_dir: Path) -> None:
        features = config["theme"]["features"]
        missing = [name for name in names if name not in features]
        if missing:
            raise LookupError(f"mkdocs.yml has no theme feature {missing}: update the variant")
        config["theme"]["features"] = [f for f in features if f not in names]

    return change


def _without_plugin(name: str) -> Callable[[dict[str, Any], Path], None]:
    def change(config: dict[str, Any], theme_dir: Path) -> None:
        plugins = config.get("plugins", [])
        kept = [p for p in plugins if (p if isinstance(p, str) else next(iter(p))) != name]
        if len(kept) == len(plugins):
            raise LookupError(f"mkdocs.yml has no plugin {name!r}: update the variant")
        config["plugins"] = kept

    return change


def _without_extension(name: str) -> Callable[[dict[str, Any], Path], None]:
    def change(config: dict[str, Any], theme_dir: Path) -> None:
        extensions = config["markdown_extensions"]
        kept = [e for e in extensions if (e if isinstance(e, str) else next(iter(e))) != name]
        if len(kept) == len(extensions):
            raise LookupError(f"mkdocs.yml has no Markdown extension {name!r}")
        config["markdown_extensions"] = kept

    return change


def _without_hook(filename: str) -> Callable[[dict[str, Any], Path], None]:
    def change(config: dict[str, Any], theme_dir: Path) -> None:
        hooks = config["hooks"]
        kept = [hook for hook in hooks if Path(hook).name != filename]
        if len(kept) == len(hooks):
            raise LookupError(f"mkdocs.yml has no hook {filename!r}")
        config["hooks"] = kept

    return change


def _single_palette(config: dict[str, Any], theme_dir: Path) -> None:
    """One colour scheme and no toggle (what the site had before dark mode)."""
    first = dict(config["theme"]["palette"][0])
    first.pop("toggle", None)
    first.pop("media", None)
    config["theme"]["palette"] = first


def _with_theme_file(name: str, content: str, *, extra: str) -> Callable[[dict, Path], None]:
    """Add ``content`` as a theme file and load it with ``extra_css``/``extra_javascript``."""

    def change(config: dict[str, Any], theme_dir: Path) -> None:
        (theme_dir / name).write_text(content)
        config[extra] = [*config.get(extra, []), name]

    return change


def _without_theme_file(name: str) -> Callable[[dict[str, Any], Path], None]:
    """Drop one of our overrides/ files, so Material's own template is used again."""

    def change(config: dict[str, Any], theme_dir: Path) -> None:
        (theme_dir / name).unlink()

    return change


def _with_empty_theme_file(name: str) -> Callable[[dict[str, Any], Path], None]:
    """Keep one of our overrides/ files but empty it (pages still load it: no 404)."""

    def change(config: dict[str, Any], theme_dir: Path) -> None:
        if not (theme_dir / name).is_file():
            raise LookupError(f"overrides/ has no {name}: update the variant")
        (theme_dir / name).write_text("")

    return change


def _with_changed_theme_file(name: str, old: str, new: str) -> Callable[[dict, Path], None]:
    """Replace ``old`` by ``new`` in one of our overrides/ files."""

    def change(config: dict[str, Any], theme_dir: Path) -> None:
        path = theme_dir / name
        text = path.read_text()
        if old not in text:
            raise LookupError(f"overrides/{name} no longer holds {old!r}: update the variant")
        path.write_text(text.replace(old, new))

    return change


# overrides/main.html's config block: the page's search worker is ours, wrapping Material's.
SEARCH_WORKER_BLOCK = "{% block config %}"


def _with_material_search_worker(config: dict[str, Any], theme_dir: Path) -> None:
    """Material's search worker again: main.html without its config block."""
    path = theme_dir / "main.html"
    text = path.read_text()
    start = text.find(SEARCH_WORKER_BLOCK)
    end = text.find("{% endblock %}", start)
    if start < 0 or end < 0:
        raise LookupError(f"overrides/main.html has no {SEARCH_WORKER_BLOCK}: update the variant")
    path.write_text(text[:start] + text[end + len("{% endblock %}") :])


def _with_feature(name: str) -> Callable[[dict[str, Any], Path], None]:
    def change(config: dict[str, Any], theme_dir: Path) -> None:
        features = config["theme"]["features"]
        if name in features:
            raise LookupError(f"mkdocs.yml already has theme feature {name!r}: update the variant")
        features.append(name)

    return change


def _with_hostile_note(config: dict[str, Any], theme_dir: Path) -> None:
    """The real docs plus tests/browser/hostile_note.py's note, copied beside the config."""
    hostile_note.seed(config, theme_dir.parent, docs=Path(config["docs_dir"]))


def _both(*changes: Callable[[dict, Path], None]) -> Callable[[dict, Path], None]:
    def change(config: dict[str, Any], theme_dir: Path) -> None:
        for one in changes:
            one(config, theme_dir)

    return change


TOOLTIP_SCRIPT = "assets/javascripts/short-notes-tooltips.js"
A11Y_SCRIPT = "assets/javascripts/short-notes-a11y.js"
UNDERLINE_CSS = "assets/stylesheets/short-notes.css"
TYPOGRAPHY_CSS = "assets/stylesheets/short-notes-typography.css"
GLOSSARY_SCRIPT = "assets/javascripts/short-notes-glossary.js"
GLOSSARY_CSS = "assets/stylesheets/short-notes-glossary.css"


@dataclass(frozen=True)
class Variant:
    """The site with ``removes`` switched off."""

    removes: str
    change: Callable[[dict[str, Any], Path], None] = field(repr=False)


VARIANTS: dict[str, Variant] = {
    "no-search": Variant("the search plugin", _without_plugin("search")),
    "no-tabs": Variant("content tabs (pymdownx.tabbed)", _without_extension("pymdownx.tabbed")),
    "no-linked-tabs": Variant("linked content tabs", _without_feature("content.tabs.link")),
    "no-tooltips": Variant(
        "glossary tooltips (our tooltip script is emptied)", _with_empty_theme_file(TOOLTIP_SCRIPT)
    ),
    # Not a feature removed: the real site plus a note seeded with markup (hostile_note.py).
    "hostile": Variant("nothing (a note seeded with markup is added)", _with_hostile_note),
    "hostile-innerhtml-tooltips": Variant(
        "text-only glossary tooltips (the seeded note, and our script uses innerHTML)",
        _both(
            _with_hostile_note,
            _with_changed_theme_file(
                TOOLTIP_SCRIPT,
                "tip.textContent = link.dataset.termSummary",
                "tip.innerHTML = link.dataset.termSummary",
            ),
        ),
    ),
    "hostile-material-tooltips": Variant(
        "title attributes kept as text (the seeded note, and Material's content.tooltips on)",
        _both(_with_hostile_note, _with_feature("content.tooltips")),
    ),
    "no-glossary-filter": Variant(
        "the glossary's filter (its script is emptied)", _with_empty_theme_file(GLOSSARY_SCRIPT)
    ),
    "late-glossary-filter": Variant(
        "a filter in place from the first paint (the script shows it only after a while)",
        _with_changed_theme_file(
            GLOSSARY_SCRIPT,
            "    wired.add(form)\n",
            "    wired.add(form)\n    form.hidden = true\n"
            "    setTimeout(() => { form.hidden = false }, 500)\n",
        ),
    ),
    "glossary-filter-without-scripting": Variant(
        "the filter hidden where scripting is off (the stylesheet's rule never applies)",
        _with_changed_theme_file(
            GLOSSARY_CSS,
            "@media (scripting: none) {",
            "@media (scripting: none) and (width: 1px) {",
        ),
    ),
    "hostile-innerhtml-glossary": Variant(
        "text-only glossary filter (the seeded note, and the filter's count uses innerHTML)",
        _both(
            _with_hostile_note,
            _with_changed_theme_file(
                GLOSSARY_SCRIPT, "status.textContent = ", "status.innerHTML = "
            ),
        ),
    ),
    "no-glossary": Variant("the glossary hook", _without_hook("glossary.py")),
    "stock-search": Variant(
        "search ranking (hooks/search_index.py and our search worker: stock Material search)",
        _both(_without_hook("search_index.py"), _with_material_search_worker),
    ),
    "material-search-worker": Variant(
        "our search worker (Material's own answers queries over our index)",
        _with_material_search_worker,
    ),
    "no-palette-toggle": Variant("the light/dark toggle", _single_palette),
    "no-drawer-button": Variant(
        "the button that opens the navigation drawer",
        _with_theme_file(
            "variant-no-drawer.css",
            '.md-header__button[for="__drawer"] { display: none !important; }\n',
            extra="extra_css",
        ),
    ),
    "no-instant-navigation": Variant(
        "instant navigation",
        _without_feature(
            "navigation.instant", "navigation.instant.prefetch", "navigation.instant.progress"
        ),
    ),
    "no-edit-button": Variant("the edit-this-page button", _without_feature("content.action.edit")),
    "script-error": Variant(
        "error-free scripts (a script that throws is added)",
        _with_theme_file(
            "variant-error.js",
            'throw new Error("variant: a broken script");\n',
            extra="extra_javascript",
        ),
    ),
    "repository-facts": Variant(
        "the header's repository link without facts fetched from api.github.com",
        _without_theme_file("partials/source.html"),
    ),
    "no-a11y-script": Variant(
        "our accessibility script (tab stops on wide code blocks, names for widgets)",
        _with_empty_theme_file("assets/javascripts/short-notes-a11y.js"),
    ),
    "no-diagram-styles": Variant(
        "the diagrams' stylesheet (palette colours, natural size)",
        _with_empty_theme_file("assets/stylesheets/short-notes-diagrams.css"),
    ),
    # Typography, transcripts, phones (tests/browser/test_typography.py, test_transcripts.py,
    # test_accessibility.py): each removes one piece.
    "underlined-tab-labels": Variant(
        "tab labels without an underline (the underline rule covers them again)",
        _with_changed_theme_file(UNDERLINE_CSS, ".tabbed-labels a, ", ""),
    ),
    "no-typography-css": Variant(
        "the typography stylesheet (transcript styles, copy of commands only)",
        _with_empty_theme_file(TYPOGRAPHY_CSS),
    ),
    "no-transcripts": Variant(
        "redis-cli transcripts as terminal sessions (the transcripts hook)",
        _without_hook("transcripts.py"),
    ),
    "no-touch-tab-stops": Variant(
        "tab stops on wide code blocks on touch screens (the script's old hover guard)",
        _with_changed_theme_file(
            A11Y_SCRIPT,
            "const focusScrollableCode = () => {\n",
            'const focusScrollableCode = () => {\n    if (!matchMedia("(hover)").matches) return\n',
        ),
    ),
    "low-contrast": Variant(
        "readable contrast (body text is made pale grey)",
        _with_theme_file(
            "variant-contrast.css",
            ".md-typeset p { color: #c8c8c8 !important; }\n",
            extra="extra_css",
        ),
    ),
}


def write_variant_config(name: str, directory: Path) -> Path:
    """Write the config of variant ``name`` into ``directory``; returns its path."""
    variant = VARIANTS[name]
    theme_dir = directory / "overrides"
    custom_dir = ROOT / "overrides"
    if custom_dir.is_dir():
        shutil.copytree(custom_dir, theme_dir)
    else:
        theme_dir.mkdir(parents=True)
    config = load_config()
    _absolute(config, theme_dir=theme_dir)
    variant.change(config, theme_dir)
    path = directory / "mkdocs.yml"
    path.write_text(yaml.dump(config, Dumper=_ConfigDumper, sort_keys=False, allow_unicode=True))
    return path


@dataclass(frozen=True)
class VariantBuild:
    site_dir: Path
    returncode: int
    log: str


def build_variant(name: str, directory: Path) -> VariantBuild:
    """Build variant ``name`` into ``directory/site`` (a real `mkdocs build`, never with -q)."""
    config = write_variant_config(name, directory)
    site_dir = directory / "site"
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site_dir)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
    return VariantBuild(site_dir, done.returncode, done.stdout + done.stderr)

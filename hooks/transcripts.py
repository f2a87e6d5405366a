"""Transcripts: ```` ```redis ```` fences render as terminal sessions (prompt, command and reply
apart; the copy button copies only the commands). The work is ``shortnotes.transcripts``.

Events:

- ``on_config``: register the transcript fence in pymdownx.superfences' ``custom_fences``
  (replacing the one of a previous build: hook modules survive ``mkdocs serve`` rebuilds).
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from shortnotes.transcripts import LANGUAGE, custom_fence

SUPERFENCES = "pymdownx.superfences"


def on_config(config: MkDocsConfig, **kwargs: Any) -> MkDocsConfig:
    if SUPERFENCES not in config.markdown_extensions:
        raise PluginError(f"transcripts: the `{LANGUAGE}` fence needs {SUPERFENCES} in mkdocs.yml")
    options = config.mdx_configs.setdefault(SUPERFENCES, {})
    fences = [fence for fence in options.get("custom_fences", []) if fence["name"] != LANGUAGE]
    options["custom_fences"] = [*fences, custom_fence()]
    return config

"""```yaml blocks with `apiVersion` and `kind`: Kubernetes manifests, validated strictly.

Every document of the block is validated by kubernetes-validate against KUBERNETES_VERSION
(tests/examples/versions.toml) in
strict mode (an unknown field fails). What its CLI only warns about, a kind or apiVersion it has
no schema for, fails here too. Component configuration files are checked by
component_configs.py instead. The whole block is linted by yamllint with the project's
`.yamllint.yaml`, warnings included (like `yamllint --strict`). Every problem is reported at
its own page line.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import kubernetes_validate
from shortnotes.suggestions import did_you_mean
from sybil import Example
from yamllint import linter
from yamllint.config import YamlLintConfig

from .component_configs import component_config_problems, is_component_config
from .pages import REPO_ROOT, NotePage
from .tested_versions import TESTED_VERSIONS
from .yaml_documents import YamlDocument

#: The one Kubernetes version every manifest on the site is validated against (versions.toml).
KUBERNETES_VERSION = TESTED_VERSIONS.kubernetes
YAMLLINT_CONFIG = REPO_ROOT / ".yamllint.yaml"


@dataclass(frozen=True)
class ManifestBlock:
    source: str
    first_line: int
    documents: tuple[YamlDocument, ...]
    needs_redis: bool = False

    @property
    def api_objects(self) -> list[YamlDocument]:
        return [d for d in self.documents if not is_component_config(d.data)]


@cache
def _yamllint_config() -> YamlLintConfig:
    return YamlLintConfig(file=str(YAMLLINT_CONFIG))


def yamllint_problems(source: str, first_line: int) -> list[tuple[int, str]]:
    return [
        (
            first_line + problem.line - 1,
            f"yamllint: {problem.desc} ({problem.rule}, column {problem.column})",
        )
        for problem in linter.run(source, _yamllint_config())
    ]


def _name(data: dict[str, Any]) -> str:
    metadata = data.get("metadata")
    name = metadata.get("name") if isinstance(metadata, dict) else None
    return f"{data.get('kind')} {name}" if name else str(data.get("kind"))


def kubernetes_problems(document: YamlDocument) -> list[tuple[int, str]]:
    data = document.data
    version = KUBERNETES_VERSION.rpartition(".")[0]
    try:
        kubernetes_validate.validate(data, KUBERNETES_VERSION, strict=True)
    except kubernetes_validate.ValidationError as error:
        path = list(error.absolute_path)
        field = ".".join(str(step) for step in path) or "(top level)"
        line = document.line_of(path)
        message = f"{_name(data)} is not valid in Kubernetes {version} (strict): {field}: "
        # A misspelt key is reported by jsonschema as whatever it trips on first (often the
        # real key, now "a required property"): name the unknown key and the closest real one.
        known = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
        unknown = (
            [key for key in error.instance if key not in known]
            if known and isinstance(error.instance, dict)
            else []
        )
        if error.validator in ("additionalProperties", "required") and unknown:
            line = document.line_of(path, key=unknown[0])
            explained = f"unknown field `{unknown[0]}`{did_you_mean(unknown[0], known)}"
            if error.validator == "required":
                explained += f" ({error.message})"
            return [(line, message + explained)]
        return [(line, message + error.message)]
    except kubernetes_validate.SchemaNotFoundError:
        return [
            (
                document.line_of([], key="kind"),
                f"Kubernetes {version} has no {data.get('kind')} in apiVersion "
                f"{data.get('apiVersion')} (kubernetes-validate warns; here it fails)",
            )
        ]
    return []


def evaluate_manifest_block(example: Example) -> str | None:
    page: NotePage = example.document  # type: ignore[assignment]
    block: ManifestBlock = example.parsed
    problems = yamllint_problems(block.source, block.first_line)
    for document in block.documents:
        if is_component_config(document.data):
            problems += component_config_problems(document)
        else:
            problems += kubernetes_problems(document)
    if not problems:
        return None
    return "\n".join(f"{page.where(line)}: {message}" for line, message in sorted(problems))

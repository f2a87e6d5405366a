"""Component configuration files (not API objects): kube-scheduler's and the kubelet's.

kubernetes-validate has no schema for them, so the harness checks what it reasonably can:

- apiVersion and kind are one of the known pairs below (an old or misspelt version fails);
- every field exists, at any depth for KubeSchedulerConfiguration and at the top level and in
  authentication/authorization for KubeletConfiguration, with the right JSON type, durations
  in Go form (`20s`, `1m30s`), and a few enums (component_config_schemas.json, written from
  the Go types of Kubernetes 1.35);
- a scheduler plugin or plugin config names its plugin; with more than one profile, every
  profile has a `schedulerName` and no two share one (kube-scheduler refuses to start otherwise).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema

from .yaml_documents import YamlDocument

KNOWN_COMPONENT_CONFIGS = {
    ("kubescheduler.config.k8s.io/v1", "KubeSchedulerConfiguration"),
    ("kubelet.config.k8s.io/v1beta1", "KubeletConfiguration"),
}
_SCHEMAS = json.loads(Path(__file__).with_name("component_config_schemas.json").read_text())
_KINDS = {kind for _, kind in KNOWN_COMPONENT_CONFIGS}
_GROUPS = {api_version.split("/")[0] for api_version, _ in KNOWN_COMPONENT_CONFIGS}


def is_component_config(data: dict[str, Any]) -> bool:
    """Whether a document claims to be a component config (by kind or by API group)."""
    group = str(data.get("apiVersion", "")).rpartition("/")[0]
    return data.get("kind") in _KINDS or group in _GROUPS or group.endswith(".config.k8s.io")


def component_config_problems(document: YamlDocument) -> list[tuple[int, str]]:
    """(page line, message) for everything wrong with one component config document."""
    data = document.data
    pair = (data.get("apiVersion"), data.get("kind"))
    if pair not in KNOWN_COMPONENT_CONFIGS:
        known = ", ".join(f"{kind} in {api}" for api, kind in sorted(KNOWN_COMPONENT_CONFIGS))
        message = f"{pair[1]} in {pair[0]} is not a known component configuration (known: {known})"
        return [(document.line_of([], key="apiVersion"), message)]
    validator = jsonschema.Draft202012Validator(_SCHEMAS[data["kind"]])
    problems = [_located(document, error) for error in validator.iter_errors(data)]
    if data["kind"] == "KubeSchedulerConfiguration":
        problems += _profile_problems(document)
    return sorted(problems)


def _located(document: YamlDocument, error: jsonschema.ValidationError) -> tuple[int, str]:
    path = list(error.absolute_path)
    field = ".".join([document.data["kind"], *(str(step) for step in path)])
    line = document.line_of(path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = error.schema.get("properties", {})
        unknown = [key for key in error.instance if key not in known]
        line = document.line_of(path, key=unknown[0]) if unknown else line
    return line, f"{field}: {error.message}"


def _profile_problems(document: YamlDocument) -> list[tuple[int, str]]:
    profiles = document.data.get("profiles") or []
    if not isinstance(profiles, list) or len(profiles) < 2:
        return []
    problems = []
    seen: set[str] = set()
    for index, profile in enumerate(profiles):
        if not isinstance(profile, dict):
            continue
        name = profile.get("schedulerName")
        field = f"KubeSchedulerConfiguration.profiles.{index}"
        if name is None:
            line = document.line_of(["profiles", index])
            problems.append((line, f"{field}: with several profiles, each needs a schedulerName"))
        elif name in seen:
            line = document.line_of(["profiles", index, "schedulerName"])
            problems.append((line, f"{field}: schedulerName {name!r} is used by another profile"))
        seen.add(name)
    return problems

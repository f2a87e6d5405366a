"""YAML documents with their node trees, so that a problem found in the data has a page line."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import yaml


@dataclass(frozen=True)
class YamlDocument:
    data: Any
    node: yaml.Node
    first_line: int  # page line of the block's first line; node marks count from there

    def line_of(self, path: Iterable[str | int], *, key: str | None = None) -> int:
        """The page line of the value at `path` (or of its `key`), else of the nearest parent."""
        node = self.node
        for step in path:
            child = _child(node, step)
            if child is None:
                break
            node = child
        if key is not None and isinstance(node, yaml.MappingNode):
            for key_node, _ in node.value:
                if key_node.value == key:
                    return self.first_line + key_node.start_mark.line
        return self.first_line + node.start_mark.line

    @property
    def has_type_fields(self) -> bool:
        return isinstance(self.data, dict) and "apiVersion" in self.data and "kind" in self.data


def _child(node: yaml.Node, step: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == str(step):
                return value_node
    if isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
        return node.value[step]
    return None


def load_documents(source: str, *, first_line: int) -> list[YamlDocument]:
    """Every non-empty document of a YAML stream; raises yaml.YAMLError on bad syntax."""
    nodes = list(yaml.compose_all(source, Loader=yaml.SafeLoader))
    values = list(yaml.safe_load_all(source))
    return [
        YamlDocument(data=data, node=node, first_line=first_line)
        for node, data in zip(nodes, values, strict=True)
        if node is not None and data is not None
    ]

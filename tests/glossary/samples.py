"""Small term-defining pages shared by the glossary tests (front matter as notes write it)."""

from __future__ import annotations

from pathlib import Path

from shortnotes.terms import TermIndex, build_index, read_page

ROOT = Path(__file__).resolve().parents[2]

PAGES: dict[str, str] = {
    "k8s/pods.md": """\
---
title: Pods
description: Pods.
terms:
  - term: Pod
    aliases: [Pods]
    summary: The smallest deployable unit of computing in Kubernetes.
    anchor: pods
  - term: Static Pod
    aliases: [static pods]
    summary: A pod the kubelet runs from a manifest file, without the API server.
    anchor: static-pods
  - term: ReplicaSet
    summary: Keeps a set number of identical pods running.
    anchor: replicasets
  - term: kube-proxy
    summary: The node agent that programs Service routing.
    anchor: kube-proxy
  - term: Service
    case: exact
    summary: A stable virtual address in front of a set of pods.
    anchor: services
---

# Pods { #pods }

## Static pods { #static-pods }

## ReplicaSets { #replicasets }

## kube-proxy

## Services

""",
    "redis/persistence.md": """\
---
title: Persistence
description: Persistence.
terms:
  - term: AOF
    aliases: [append-only file]
    summary: Redis logs every write command to a file it replays at startup.
    anchor: aof
  - term: Redis
    summary: An in-memory data store.
    anchor: redis
  - term: AT&T
    summary: Says "hi" <script>alert(1)</script> & more.
    anchor: att
---

# Persistence

## Redis

## AOF

## AT&T { #att }
""",
    "python/gil.md": """\
---
title: The GIL
description: GIL.
terms:
  - term: GIL
    aliases: [global interpreter lock]
    summary: The lock that lets one thread at a time run Python bytecode.
    anchor: gil
---

# The GIL { #gil }
""",
}


def sample_index(extra: dict[str, str] | None = None) -> TermIndex:
    """The index of ``PAGES`` (plus ``extra`` pages), as on_files would build it."""
    pages = {**PAGES, **(extra or {})}
    return build_index(read_page(src, source) for src, source in pages.items())

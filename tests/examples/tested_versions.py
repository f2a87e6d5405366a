"""The harness's configuration: tests/examples/versions.toml, the file the build also reads.

`TESTED_VERSIONS` names the Python versions the python blocks run on, the redis-server version
of the test server and the Kubernetes version manifests are validated against;
tests/test_example_versions.py fails when the machine disagrees with it.
"""

from __future__ import annotations

from shortnotes.example_versions import load_versions

from .pages import REPO_ROOT

TESTED_VERSIONS = load_versions(REPO_ROOT)

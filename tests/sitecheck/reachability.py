"""Every built page is reachable from the navigation, or listed as standalone.

"Standalone" is MkDocs' own explicit list, ``not_in_nav`` in mkdocs.yml. A page in neither
is only reachable by chance (a link from another note, or search).
"""

from __future__ import annotations

from shortnotes.suggestions import nav_placement

from .built_site import BuiltSite
from .findings import Fault, Finding
from .project import Inclusion


def check(site: BuiltSite) -> list[Finding]:
    return [
        Finding(
            site.project.source_path(file),
            1,
            Fault.UNREACHABLE_PAGE,
            f"`{file.src_uri}` is built but not in the navigation: "
            f"{nav_placement(file.src_uri, site.project.config['nav'])}, "
            "or list it under `not_in_nav:` if it is a standalone page",
            page=file.dest_uri,
        )
        for file in sorted(site.project.files.values(), key=lambda file: file.src_uri)
        if file.is_page and file.inclusion == Inclusion.OMITTED
    ]

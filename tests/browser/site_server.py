"""Serve a built site on 127.0.0.1 the way GitHub Pages serves it.

The site lives under the path of its `site_url` (``/short-notes/``), text files are sent
gzip-compressed when the browser asks for it, a missing file gets the site's ``404.html``
with status 404, and responses carry Pages' ten-minute cache lifetime. So the browser tests
and the page-weight benchmark see what a reader's browser sees, with no network.

Pages and the sitemap name the site by its absolute ``site_url`` (canonical links, the
sitemap's entries); they are served naming the local address instead, as ``mkdocs serve``
does when it sets ``site_url`` to the address it serves. That matters: Material's instant
navigation only takes over links listed in the sitemap, matched on scheme, host *and port*,
and Lighthouse fails a canonical link that points at another host.

Used by tests/browser/ and benchmarks/page_weight.py; the standard library only.
"""

from __future__ import annotations

import gzip
import posixpath
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

COMPRESSED_TYPES = (
    "text/",
    "application/javascript",
    "application/json",
    "application/xml",
    "image/svg+xml",
)
REWRITTEN_TYPES = ("text/html", "text/xml", "application/xml")
CACHE_CONTROL = "max-age=600"  # what GitHub Pages sends


class _PagesHandler(SimpleHTTPRequestHandler):
    """Serves ``root`` under ``prefix``; everything else is a 404 with the site's 404 page."""

    protocol_version = "HTTP/1.1"  # keep-alive, as a real server does

    def __init__(self, *args, root: Path, prefix: str, site_url: str, **kwargs) -> None:
        self.root = root
        self.prefix = prefix
        self.site_url = site_url
        super().__init__(*args, directory=str(root), **kwargs)

    def log_message(self, format: str, *args) -> None:
        pass  # quiet: a test run serves thousands of requests

    def _file_for(self, url_path: str) -> Path | None:
        path = posixpath.normpath(unquote(urlsplit(url_path).path))
        if url_path.endswith("/") and not path.endswith("/"):
            path += "/"
        if not (path + "/").startswith(self.prefix):
            return None
        relative = path[len(self.prefix) :].lstrip("/")
        candidate = (self.root / relative).resolve()
        if self.root not in (candidate, *candidate.parents):
            return None  # ../ escapes
        if candidate.is_dir():
            if not url_path.endswith("/"):
                return candidate  # do_GET redirects to the slash form
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def _respond(self, *, send_body: bool) -> None:
        file = self._file_for(self.path)
        if file is not None and file.is_dir():
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", urlsplit(self.path).path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status = HTTPStatus.OK
        if file is None:
            status, file = HTTPStatus.NOT_FOUND, self.root / "404.html"
        content_type = self.guess_type(str(file))
        body = file.read_bytes()
        if content_type.startswith(REWRITTEN_TYPES):
            host = self.headers.get("Host", f"127.0.0.1:{self.server.server_port}")
            body = body.replace(self.site_url.encode(), f"http://{host}{self.prefix}".encode())
        compress = content_type.startswith(COMPRESSED_TYPES) and "gzip" in self.headers.get(
            "Accept-Encoding", ""
        )
        if compress:
            body = gzip.compress(body, compresslevel=6, mtime=0)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", CACHE_CONTROL)
        self.send_header("Vary", "Accept-Encoding")
        if compress:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        if send_body:
            self.wfile.write(body)


@contextmanager
def serve_site(site_dir: Path, *, site_url: str) -> Iterator[str]:
    """Serve ``site_dir`` on a free port of 127.0.0.1 under the path of ``site_url``;
    yields the local base URL (``http://127.0.0.1:PORT/short-notes/``)."""
    if not site_url.endswith("/"):
        site_url += "/"
    prefix = urlsplit(site_url).path or "/"
    handler = partial(_PagesHandler, root=site_dir.resolve(), prefix=prefix, site_url=site_url)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@dataclass(frozen=True)
class Site:
    """A built site being served: where it answers, and its files."""

    base_url: str  # ends with "/"
    site_dir: Path

    def url(self, path: str = "") -> str:
        return self.base_url + path.lstrip("/")

"""The local GitHub Pages stand-in used by the browser tests and the page-weight benchmark."""

from __future__ import annotations

import gzip
import http.client
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser.site_server import serve_site

SITE_URL = "https://example.github.io/notes/"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    site = tmp_path / "site"
    (site / "redis").mkdir(parents=True)
    (site / "index.html").write_text(f'<link rel="canonical" href="{SITE_URL}">home')
    (site / "redis" / "index.html").write_text("redis")
    (site / "404.html").write_text("not found page")
    (site / "sitemap.xml").write_text(f"<loc>{SITE_URL}redis/</loc>")
    (tmp_path / "secret.txt").write_text("outside the site")
    with serve_site(site, site_url=SITE_URL) as base_url:
        yield base_url, site


def _get(base_url: str, path: str, *, gzip_ok: bool = False) -> http.client.HTTPResponse:
    address = urlsplit(base_url)
    # A bound for a hung server only: generous, so a loaded machine never trips it.
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
    headers = {"Accept-Encoding": "gzip"} if gzip_ok else {}
    connection.request("GET", path, headers=headers)
    return connection.getresponse()


def test_serves_pages_under_the_site_path(served: tuple[str, Path]) -> None:
    base_url, _ = served
    assert base_url.startswith("http://127.0.0.1:") and base_url.endswith("/notes/")
    response = _get(base_url, "/notes/redis/")
    assert (response.status, response.read()) == (200, b"redis")


def test_directory_without_slash_redirects(served: tuple[str, Path]) -> None:
    response = _get(served[0], "/notes/redis")
    assert (response.status, response.getheader("Location")) == (301, "/notes/redis/")


@pytest.mark.parametrize("path", ["/notes/missing/", "/redis/", "/notes/../secret.txt"])
def test_missing_or_outside_paths_get_the_404_page(served: tuple[str, Path], path: str) -> None:
    response = _get(served[0], path)
    assert (response.status, response.read()) == (404, b"not found page")


def test_text_is_gzipped_when_asked(served: tuple[str, Path]) -> None:
    response = _get(served[0], "/notes/redis/", gzip_ok=True)
    assert response.getheader("Content-Encoding") == "gzip"
    assert gzip.decompress(response.read()) == b"redis"


def test_site_url_is_rewritten_to_the_local_address(served: tuple[str, Path]) -> None:
    base_url, _ = served
    assert _get(base_url, "/notes/sitemap.xml").read() == f"<loc>{base_url}redis/</loc>".encode()
    assert f'href="{base_url}"'.encode() in _get(base_url, "/notes/").read()

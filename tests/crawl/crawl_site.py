"""A real website for crawl tests: an HTTP server on 127.0.0.1 that logs every request it gets.

Pages are bytes in ``Site.pages`` (path -> HTML), answered with an ETag and Last-Modified and a
304 to a matching conditional request; sitemaps, robots.txt and special routes are bytes or
handlers too, and a test may change any of them between two crawls.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

# (status, headers, body) for one request; a handler may sleep first
Answer = tuple[int, dict[str, str], bytes]


@dataclass
class Hit:
    """One request as the server saw it."""

    at: float  # time.monotonic() when it arrived
    path: str
    headers: dict[str, str]
    status: int = 0


@dataclass
class Site:
    pages: dict[str, bytes] = field(default_factory=dict)  # HTML pages, with ETag and 304
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # path -> (type, bytes)
    routes: dict[str, Callable[[Hit], Answer]] = field(default_factory=dict)
    log: list[Hit] = field(default_factory=list)
    base: str = ""
    modified: dict[str, float] = field(default_factory=dict)  # path -> Last-Modified time

    def paths(self) -> list[str]:
        return [h.path for h in self.log]

    def hits(self, path: str) -> list[Hit]:
        return [h for h in self.log if h.path == path]

    def answer(self, hit: Hit) -> Answer:
        if hit.path in self.routes:
            return self.routes[hit.path](hit)
        if hit.path in self.files:
            kind, body = self.files[hit.path]
            return 200, {"Content-Type": kind}, body
        body_or_none = self.pages.get(hit.path)
        if body_or_none is None:
            return 404, {"Content-Type": "text/html"}, b"<h1>Not found</h1>"
        body = body_or_none
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        modified = formatdate(self.modified.setdefault(hit.path, time.time() - 3600), usegmt=True)
        headers = {"Content-Type": "text/html; charset=utf-8", "ETag": etag}
        headers["Last-Modified"] = modified
        if hit.headers.get("if-none-match") == etag:
            return 304, {"ETag": etag}, b""
        return 200, headers, body


def sitemap(urls: list[str]) -> bytes:
    entries = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
    ).encode()


def sitemap_index(urls: list[str]) -> bytes:
    entries = "".join(f"<sitemap><loc>{u}</loc></sitemap>" for u in urls)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}'
        "</sitemapindex>"
    ).encode()


def gzipped(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def corpus_pages(corpus: Path, folder: str, count: int) -> dict[str, bytes]:
    """The first ``count`` pages of a corpus folder, at the same paths on the site."""
    files = sorted((corpus / folder).rglob("*.html"))[:count]
    return {"/" + f.relative_to(corpus).as_posix(): f.read_bytes() for f in files}


class _Handler(BaseHTTPRequestHandler):
    site: Site
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        hit = Hit(time.monotonic(), self.path, {k.lower(): v for k, v in self.headers.items()})
        self.site.log.append(hit)
        status, headers, body = self.site.answer(hit)
        hit.status = status
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        # the client may have given up (a timeout): what it does next is the test's business
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def handle(self) -> None:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            super().handle()

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the site keeps its own log."""


class SiteServer:
    """Serve a ``Site`` on 127.0.0.1 (a free port) in a thread, until ``close``."""

    def __init__(self, site: Site) -> None:
        handler = type("Handler", (_Handler,), {"site": site})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.site = site
        site.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return self.site.base

    @property
    def netloc(self) -> str:
        return self.base.removeprefix("http://")

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

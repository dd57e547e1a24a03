"""Browser fixtures: a small real index, the app served by ``course-search serve`` in a subprocess,
a partner site on another origin (with a strict CSP) and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from browser_support import (
    ARTICLES,
    CHROMIUM_ARGS,
    HOSTILE_CSS,
    PROGRAMS,
    Partner,
    Watched,
    free_port,
    partner_csp,
    partner_page,
    wait_for,
    watch,
    write_corpus,
)


@pytest.fixture(scope="session")
def widget_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from indexer.build import BuildOptions, build

    base = tmp_path_factory.mktemp("widget")
    corpus = write_corpus(base / "corpus")
    index = base / "index"
    report = build(BuildOptions([corpus], index, full=True))
    assert report.ok, report.errors
    assert report.documents == len(PROGRAMS) + len(ARTICLES)
    return index


# --------------------------------------------------------------------------- servers


@pytest.fixture(scope="session")
def app_url(widget_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real app: ``course-search serve`` (gunicorn) in a subprocess."""
    yield from _serve(widget_index, tmp_path_factory)


@pytest.fixture(scope="session")
def shipped_url(shipped_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real app serving the shipped corpus: what a reader on the site searches."""
    yield from _serve(shipped_index, tmp_path_factory)


def _serve(index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    widget_index = index
    exe = shutil.which("course-search") or str(Path(sys.executable).parent / "course-search")
    port = free_port()
    log = tmp_path_factory.mktemp("server") / "serve.log"
    # every test types into the widget from 127.0.0.1: no API rate limit for this server
    env = {
        **os.environ,
        "COURSE_SEARCH_ALLOWED_ORIGINS": "*",
        "COURSE_SEARCH_RATE_LIMIT": "off",
        "COURSE_SEARCH_QUERY_LOG": "on",  # test_query_log_browser reads what the server logged
    }
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                exe,
                "serve",
                "--index",
                str(widget_index),
                "--port",
                str(port),
                "--host",
                "127.0.0.1",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=str(widget_index.parent),
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(url + "/api/v1/health", proc, log)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture(scope="session")
def partner(app_url: str) -> Iterator[Partner]:
    port = free_port()
    dead = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    site = Partner(f"http://127.0.0.1:{port}", app_url, dead)
    csp = partner_csp(app_url)
    site.add("/", partner_page(app_url, ' placeholder="Search programs"'), "text/html", csp)
    site.add(
        "/hostile.html",
        partner_page(app_url, "", '\n<link rel="stylesheet" href="/hostile.css">'),
        "text/html",
        partner_csp(app_url, styles=" " + site.url),
    )
    site.add("/hostile.css", HOSTILE_CSS, "text/css")
    site.add(
        "/dead.html",
        partner_page(app_url, f' api="{dead}"'),
        "text/html",
        partner_csp(app_url, connect=" " + dead),
    )
    site.add(
        "/prefiltered.html",
        partner_page(app_url, ' career="Phlebotomy Technician" location="Dallas, TX" limit="3"'),
        "text/html",
        csp,
    )

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            found = site.pages.get(self.path.split("?", 1)[0])
            if found is None:
                self.send_error(404)
                return
            body, content_type, policy = found
            self.send_response(200)
            self.send_header("Content-Type", f"{content_type}; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            if policy:
                self.send_header("Content-Security-Policy", policy)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


# --------------------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not Path(path).exists():
        message = f"Chromium not found at {path}: install Debian's chromium or set CHROMIUM_PATH"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    sync_api.expect.set_options(timeout=10_000)  # generous: CI machines can be busy
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    ctx = browser.new_context(viewport={"width": 1200, "height": 900})
    ctx.set_default_timeout(20_000)
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def page(context: Any) -> Any:
    return context.new_page()


@pytest.fixture
def watched(page: Any) -> Watched:
    return watch(page)

"""Crawl fixtures: a real site served on 127.0.0.1 (sitemaps, robots.txt, pages that fail in
every way a crawl meets), another host it must not reach, and a corpus holding only the taxonomy."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from crawl_site import Answer, Hit, Site, SiteServer, corpus_pages
from crawl_support import CORPUS, page, set_sitemaps, slow


@pytest.fixture
def taxonomy_corpus(tmp_path: Path) -> Path:
    """A corpus with only the taxonomy: the index holds the crawled pages alone."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / "careers.toml", corpus / "careers.toml")
    return corpus


@pytest.fixture
def elsewhere() -> Iterator[SiteServer]:
    """Another host (another port): the crawl must never ask it anything."""
    server = SiteServer(Site(pages={"/trap.html": b"<h1>trap</h1>", "/listed.html": b"<h1>x</h1>"}))
    yield server
    server.close()


@pytest.fixture
def site(elsewhere: SiteServer) -> Iterator[SiteServer]:
    s = Site()
    s.pages.update(corpus_pages(CORPUS, "articles", 4))
    s.pages.update(corpus_pages(CORPUS, "programs", 4))
    server = SiteServer(s)
    base = server.base
    articles = sorted(p for p in s.pages if p.startswith("/articles/"))
    programs = sorted(p for p in s.pages if p.startswith("/programs/"))
    first = s.pages[articles[0]]
    s.pages["/private/secret.html"] = b"<title>secret</title><p>Disallowed by robots.txt</p>"
    s.pages["/copy-of-first.html"] = first.replace(
        b"<head>", f'<head><link rel="canonical" href="{articles[0]}">'.encode(), 1
    )
    s.pages["/flaky.html"] = page("Flaky phlebotomy page", "Answers 500 once, then 200.")
    s.pages["/busy.html"] = page("Busy welding page", "Answers 429 with Retry-After once.")
    once: set[str] = set()

    def fail_once(status: int, headers: dict[str, str]) -> object:
        def route(hit: Hit) -> Answer:
            if hit.path not in once:
                once.add(hit.path)
                return status, headers, b"try again"
            return s.answer(Hit(hit.at, hit.path + "#page", hit.headers))

        return route

    s.routes["/flaky.html"] = fail_once(500, {})  # type: ignore[assignment]
    s.routes["/busy.html"] = fail_once(429, {"Retry-After": "1"})  # type: ignore[assignment]
    s.pages["/flaky.html#page"] = s.pages.pop("/flaky.html")
    s.pages["/busy.html#page"] = s.pages.pop("/busy.html")
    s.routes["/loop/a.html"] = lambda hit: (302, {"Location": "/loop/b.html"}, b"")
    s.routes["/loop/b.html"] = lambda hit: (302, {"Location": f"{base}/loop/a.html"}, b"")
    s.routes["/offsite.html"] = lambda hit: (302, {"Location": f"{elsewhere.base}/trap.html"}, b"")
    s.routes["/slow.html"] = slow
    s.files["/data.json"] = ("application/json", b'{"not": "html"}')
    s.pages["/big.html"] = page("Big page", "words " * 60_000)  # 360 KB, over the test cap
    s.files["/robots.txt"] = (
        "text/plain",
        (f"User-agent: *\nDisallow: /private/\nSitemap: {base}/sitemap_index.xml\n").encode(),
    )
    extra = [
        "/private/secret.html",
        "/copy-of-first.html",
        "/flaky.html",
        "/busy.html",
        "/loop/a.html",
        "/offsite.html",
        "/slow.html",
        "/data.json",
        "/big.html",
    ]
    set_sitemaps(server, [*articles, *extra], programs, off_host=f"{elsewhere.base}/listed.html")
    yield server
    server.close()

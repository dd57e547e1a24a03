"""Helpers of the crawl tests: fast settings, the site's sitemaps, running a crawl, what it indexed."""

from __future__ import annotations

import time
from pathlib import Path

from crawl_site import Answer, Hit, SiteServer, gzipped, sitemap, sitemap_index
from whoosh import index as whoosh_index

from indexer import generations
from indexer.crawl.fetch import CrawlSettings
from indexer.crawl.run import CrawlOptions, CrawlReport, crawl, doc_id
from indexer.fields import from_stored
from search_app.query import MultiDictArgs, parse_args
from search_app.search import SearchService

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"


def fast(**overrides: object) -> CrawlSettings:
    """Test settings: a fast rate (robots.txt's Crawl-delay then sets the pace), short waits."""
    settings = CrawlSettings(rate=50, timeout=0.3, retries=2, backoff=0.05, max_bytes=300_000)
    for name, value in overrides.items():
        setattr(settings, name, value)
    return settings


def set_sitemaps(
    server: SiteServer, first: list[str], second: list[str], off_host: str | None = None
) -> None:
    base = server.base
    s = server.site
    urls = [base + p for p in first] + ([off_host] if off_host else [])
    s.files["/sitemap_index.xml"] = (
        "application/xml",
        sitemap_index([f"{base}/sitemap-pages.xml", f"{base}/sitemap-programs.xml.gz"]),
    )
    s.files["/sitemap-pages.xml"] = ("application/xml", sitemap(urls))
    s.files["/sitemap-programs.xml.gz"] = (
        "application/gzip",
        gzipped(sitemap([base + p for p in second])),
    )


def page(title: str, text: str) -> bytes:
    return (
        f"<!doctype html><html><head><title>{title}</title></head>"
        f"<body><h1>{title}</h1><p>{text}</p></body></html>"
    ).encode()


def slow(hit: Hit) -> Answer:
    time.sleep(0.6)  # past the test timeout (0.3 s): every attempt times out
    return 200, {"Content-Type": "text/html"}, page("Slow page", "Too slow.")


def run(site: SiteServer, index_dir: Path, corpus: Path, **overrides: object) -> CrawlReport:
    return crawl(CrawlOptions([site.base + "/"], index_dir, [corpus], fast(**overrides)))


def indexed(index_dir: Path) -> dict[str, str]:
    """Document id -> url of every document in the generation in service."""
    generation = generations.current(index_dir)
    assert generation is not None
    ix = whoosh_index.open_dir(str(generation.path))
    with ix.searcher() as searcher:
        docs = [from_stored(f) for f in searcher.all_stored_fields()]
    return {d.id: d.url or "" for d in docs}


def titles(index_dir: Path, q: str) -> list[str]:
    service = SearchService(index_dir)
    return [hit.title for hit in service.search(parse_args(MultiDictArgs({"q": q}))).results]


def expected_ids(site: SiteServer) -> set[str]:
    pages = [p for p in site.site.pages if p.startswith(("/articles/", "/programs/"))]
    return {doc_id(site.base + p) for p in pages} | {
        doc_id(site.base + "/flaky.html"),
        doc_id(site.base + "/busy.html"),
    }


def reasons(report: CrawlReport) -> dict[str, str]:
    return {e.path: e.reason for e in report.build.errors}

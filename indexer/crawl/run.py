"""``course-search crawl``: fetch a site's pages from its sitemaps and index them in one build.

The crawl runs inside the build (``BuildOptions.web``), under the index's build lock: it reads
what the generation in service remembers about each URL, asks again with conditional requests,
and returns the pages as build sources. Nothing is published until the build is done, so an
interrupted crawl leaves the previous generation serving.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import lxml.html
from lxml import etree

from indexer import generations
from indexer.build import BuildOptions, build
from indexer.crawl.fetch import CrawlSettings, Fetched, Fetcher, host_allowed, netloc
from indexer.crawl.pages import (
    WebPages,
    collect_garbage,
    page_key,
    source_of,
    store,
)
from indexer.crawl.sitemaps import discover_pages
from indexer.models import BuildReport, SourceError

Progress = Callable[[int, int], None]
GONE = frozenset({404, 410})
FOLDER_KINDS = {"articles": "article", "programs": "program"}


@dataclass
class CrawlOptions:
    start_urls: list[str]  # site roots, sitemaps or sitemap indexes
    index_dir: Path
    corpora: list[Path]  # as for ``index``: the taxonomy and the folder pages
    settings: CrawlSettings = field(default_factory=CrawlSettings)
    wait: bool = False
    progress: Progress | None = None


@dataclass
class CrawlReport:
    """What one crawl did on the network; ``build`` is what it did to the index."""

    build: BuildReport = field(default_factory=BuildReport)
    listed: int = 0  # page URLs in the sitemaps
    fetched: int = 0  # answered 200 (new or changed bytes, or the same bytes again)
    not_modified: int = 0  # answered 304 to a conditional request
    gone: int = 0  # answered 404 or 410
    dropped: int = 0  # indexed before, no longer listed in the sitemaps
    failed: int = 0  # no usable answer: the last good copy stays
    skipped: int = 0  # not requested: disallowed by robots.txt, or not an allowed host
    duplicates: int = 0  # same canonical URL as another page
    requests: int = 0  # HTTP requests sent, robots.txt, sitemaps, retries and redirects included
    seconds: float = 0.0


def crawl(options: CrawlOptions) -> CrawlReport:
    """Crawl ``options.start_urls`` into ``options.index_dir``; see the module docstring."""
    started = time.perf_counter()
    settings = options.settings
    settings.allowed_hosts = {h.lower() for h in settings.allowed_hosts} | {
        netloc(u) for u in options.start_urls
    }
    report = CrawlReport()

    def fetch_site(manifest: dict[str, Any]) -> WebPages:
        # Under the build lock: cached pages no generation refers to (replaced pages, what an
        # interrupted crawl left) can go; no other build is writing any.
        kept = [g.manifest() for g in generations.all_generations(options.index_dir)]
        collect_garbage(options.index_dir, kept)
        with Fetcher(settings) as fetcher:
            try:
                return _crawl_site(fetcher, options, manifest, report)
            finally:
                report.requests = fetcher.requests

    report.build = build(
        BuildOptions(
            options.corpora,
            options.index_dir,
            wait=options.wait,
            progress=options.progress,
            web=fetch_site,
        )
    )
    report.seconds = time.perf_counter() - started
    return report


def _crawl_site(
    fetcher: Fetcher, options: CrawlOptions, manifest: dict[str, Any], report: CrawlReport
) -> WebPages:
    index_dir = options.index_dir
    allowed = fetcher.settings.allowed_hosts
    old_state: dict[str, dict[str, Any]] = dict(manifest.get("crawl", {}))
    pages = WebPages()
    discovered = discover_pages(fetcher, options.start_urls)
    for robots_url, why in fetcher.notes:
        pages.errors.append(SourceError(robots_url, why))
    for url, why in discovered.failed:
        pages.errors.append(SourceError(url, f"sitemap not read: {why}"))
    for url, why in discovered.skipped:
        pages.warnings.append(SourceError(url, f"sitemap skipped: {why}"))
    urls: list[str] = []
    for url in discovered.urls:
        if host_allowed(url, allowed):
            urls.append(url)
        else:
            report.skipped += 1
            pages.warnings.append(SourceError(url, "not fetched: not an allowed host"))
    report.listed = len(discovered.urls)

    listed = {page_key(u) for u in urls}
    for key, record in old_state.items():
        if key in listed:
            continue
        if host_allowed(str(record.get("url", "")), allowed) and discovered.complete:
            report.dropped += not record.get("duplicate_of")  # gone from the sitemaps: removed
        else:  # another site's page, or the sitemaps could not all be read: keep it
            _keep(pages, index_dir, key, record)

    def fetch_one(url: str) -> Fetched:
        old = old_state.get(page_key(url))
        if old is None or not (index_dir / str(old.get("file", ""))).is_file():
            return fetcher.fetch(url)
        return fetcher.fetch(url, etag=old.get("etag"), last_modified=old.get("last_modified"))

    workers = max(1, min(8, fetcher.settings.concurrency * len({netloc(u) for u in urls})))
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="crawl")
    try:
        results = pool.map(fetch_one, urls)
        canonical_owner: dict[str, str] = {}
        for done, got in enumerate(results, start=1):
            _take(pages, index_dir, old_state, got, canonical_owner, allowed, report)
            if options.progress is not None:
                options.progress(done, len(urls))
    except BaseException:  # Ctrl-C: stop asking for pages; requests under way end by timeout
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return pages


def _keep(pages: WebPages, index_dir: Path, key: str, record: dict[str, Any]) -> None:
    pages.state[key] = record
    if record.get("file") and not record.get("duplicate_of"):
        pages.sources.append(source_of(index_dir, key, record))


def _take(
    pages: WebPages,
    index_dir: Path,
    old_state: dict[str, dict[str, Any]],
    got: Fetched,
    canonical_owner: dict[str, str],
    allowed: set[str],
    report: CrawlReport,
) -> None:
    """Decide what one page's answer does to the index."""
    key = page_key(got.url)
    old = old_state.get(key)
    if got.skipped:
        report.skipped += 1
        pages.warnings.append(SourceError(got.url, f"not fetched: {got.skipped}"))
        return  # never indexed, or removed now that robots.txt disallows it
    if got.status in GONE:
        report.gone += 1
        if old is None:
            why = f"listed in a sitemap but HTTP {got.status}"
            pages.warnings.append(SourceError(got.url, why))
        return
    if got.status == 304 and old is not None:
        report.not_modified += 1
        record = {**old}
        record["etag"] = got.etag or old.get("etag")
        record["last_modified"] = got.last_modified or old.get("last_modified")
        _claim(pages, index_dir, key, record, canonical_owner, report)
        return
    if got.status != 200:
        report.failed += 1
        why = got.error or f"HTTP {got.status}"
        kept = "; the last good copy stays in the index" if old is not None else ""
        pages.errors.append(SourceError(got.url, f"{why}{kept}"))
        if old is not None:
            _keep(pages, index_dir, key, old)
        return
    report.fetched += 1
    final = got.final_url or got.url
    refusal = asks_noindex(got.body, got.robots_tag)
    if refusal is not None:  # never indexed, or removed now that it asks
        report.skipped += 1
        pages.warnings.append(SourceError(got.url, f"not indexed: noindex ({refusal})"))
        return
    canonical, note = canonical_url(got.body, final, allowed)
    if note:
        pages.warnings.append(SourceError(got.url, note))
    path = store(index_dir, got.body)
    record = {
        "url": got.url,
        "final_url": final,
        "canonical": canonical,
        "doc_id": doc_id(canonical),
        "kind": kind_of(canonical),
        "file": path.relative_to(index_dir).as_posix(),
        "etag": got.etag,
        "last_modified": got.last_modified,
    }
    _claim(pages, index_dir, key, record, canonical_owner, report)


def _claim(
    pages: WebPages,
    index_dir: Path,
    key: str,
    record: dict[str, Any],
    canonical_owner: dict[str, str],
    report: CrawlReport,
) -> None:
    """Index the page unless an earlier page of this crawl has the same canonical URL."""
    record.pop("duplicate_of", None)
    owner = canonical_owner.setdefault(str(record["canonical"]), str(record["url"]))
    if owner != record["url"]:
        report.duplicates += 1
        record["duplicate_of"] = owner
        pages.warnings.append(
            SourceError(str(record["url"]), f"same canonical URL as {owner}: indexed once")
        )
    _keep(pages, index_dir, key, record)


ROBOTS_NAMES = frozenset({"robots", "course-search", "course-search-crawler"})


def canonical_url(body: bytes, url: str, allowed: set[str]) -> tuple[str, str | None]:
    """The page's ``<link rel=canonical>`` resolved against its URL, when on an allowed host;
    otherwise the URL it was fetched from. The second value says why a canonical was not used."""
    for link in _elements(body, "link"):
        rels = str(link.get("rel") or "").lower().split()
        if "canonical" not in rels:
            continue
        href = str(link.get("href") or "").strip()
        if not href:
            continue
        target = _without_fragment(urljoin(url, href))
        if not host_allowed(target, allowed):
            return _without_fragment(url), f"canonical URL {target} is not on an allowed host"
        return target, None
    return _without_fragment(url), None


def asks_noindex(body: bytes, header: str | None) -> str | None:
    """Where a page asks not to be indexed (``X-Robots-Tag`` or ``<meta name=robots>``, for all
    robots or for ours, ``noindex`` or ``none``), or None."""
    for part in (header or "").lower().split(","):
        agent, _, directive = part.rpartition(":")
        if agent.strip() in ("", *ROBOTS_NAMES) and directive.strip() in ("noindex", "none"):
            return "X-Robots-Tag"
    for meta in _elements(body, "meta"):
        if str(meta.get("name") or "").strip().lower() in ROBOTS_NAMES:
            content = str(meta.get("content") or "").lower().replace(",", " ").split()
            if "noindex" in content or "none" in content:
                return "<meta name=robots>"
    return None


def _elements(body: bytes, tag: str) -> list[Any]:
    try:
        return list(lxml.html.fromstring(body).iter(tag)) if body.strip() else []
    except (etree.ParserError, ValueError):
        return []


def _without_fragment(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


def doc_id(canonical: str) -> str:
    """A crawled page's document id, stable across crawls: ``web/HOST[:PORT]/PATH``."""
    parts = urlsplit(canonical)
    path = parts.path.strip("/")
    for suffix in (".html", ".htm"):
        path = path.removesuffix(suffix)
    ident = f"web/{netloc(canonical)}" + (f"/{path}" if path else "")
    if parts.query:
        ident += "-" + hashlib.sha256(parts.query.encode()).hexdigest()[:10]
    return ident


def kind_of(url: str) -> str:
    """``article`` or ``program`` from a folder in the URL's path (the markup wins when it says)."""
    for segment in urlsplit(url).path.split("/"):
        if segment in FOLDER_KINDS:
            return FOLDER_KINDS[segment]
    return ""

"""How the crawl treats the sites it visits: Crawl-delay, the default rate, robots.txt groups
naming the crawler, and other hosts only when allowed."""

from __future__ import annotations

import itertools
from pathlib import Path

from crawl_site import Site, SiteServer, corpus_pages, sitemap
from crawl_support import CORPUS, fast, indexed, run

from indexer.crawl.fetch import CrawlSettings, Fetcher
from indexer.crawl.run import CrawlOptions, crawl

CRAWL_DELAY = 0.1


def test_crawl_delay_is_honoured_between_requests(
    site: SiteServer, index_dir: Path, taxonomy_corpus: Path
) -> None:
    kind, robots = site.site.files["/robots.txt"]
    site.site.files["/robots.txt"] = (kind, robots + f"Crawl-delay: {CRAWL_DELAY}\n".encode())
    run(site, index_dir, taxonomy_corpus)
    starts = sorted(h.at for h in site.site.log[1:])  # after robots.txt, which sets the pace
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert len(gaps) > 15
    # the test rate alone (50/s) would allow 0.02 s; arrival times jitter a little around the
    # client's evenly spaced starts, so: on average the delay, and never far below it
    assert sum(gaps) / len(gaps) >= CRAWL_DELAY * 0.95, gaps
    # (on a loaded machine one late arrival shortens the gap after it; 0.3: still no burst)
    assert min(gaps) >= CRAWL_DELAY * 0.3, gaps


def test_default_rate_is_at_most_two_requests_a_second(
    taxonomy_corpus: Path, tmp_path: Path
) -> None:
    assert CrawlSettings().rate <= 2
    site = Site(pages=corpus_pages(CORPUS, "articles", 3))
    server = SiteServer(site)
    try:
        site.files["/sitemap.xml"] = (
            "application/xml",
            sitemap([server.base + p for p in site.pages]),
        )
        settings = CrawlSettings()
        report = crawl(
            CrawlOptions([server.base + "/"], tmp_path / "ix", [taxonomy_corpus], settings)
        )
    finally:
        server.close()
    assert report.build.added == 3
    starts = [h.at for h in site.log]
    assert [h.path for h in site.log][:2] == ["/robots.txt", "/sitemap.xml"]
    assert len(starts) == 5
    # never 3 requests within a second, on average 2 per second at most
    assert min(c - a for a, c in zip(starts, starts[2:], strict=False)) >= 0.9
    assert (starts[-1] - starts[0]) / (len(starts) - 1) >= 0.48


def test_allow_host_lets_redirects_and_sitemaps_reach_another_host(
    elsewhere: SiteServer, taxonomy_corpus: Path, tmp_path: Path
) -> None:
    site = Site(pages=corpus_pages(CORPUS, "articles", 1))
    server = SiteServer(site)
    try:
        moved = f"{elsewhere.base}/listed.html"
        site.routes["/moved.html"] = lambda hit: (301, {"Location": moved}, b"")
        urls = [server.base + p for p in site.pages] + [f"{server.base}/moved.html"]
        site.files["/sitemap.xml"] = ("application/xml", sitemap(urls))
        settings = fast(allowed_hosts={elsewhere.netloc})
        options = CrawlOptions([server.base + "/sitemap.xml"], tmp_path / "ix", [taxonomy_corpus])
        options.settings = settings
        report = crawl(options)
    finally:
        server.close()
    assert report.build.ok, report.build.errors
    # the other host's robots.txt was read before its page, and its page indexed under its URL
    assert [h.path for h in elsewhere.site.log] == ["/robots.txt", "/listed.html"]
    assert moved in indexed(tmp_path / "ix").values()
    assert report.fetched == 2


def test_robots_groups_naming_the_crawler_apply_to_it() -> None:
    site = Site()
    server = SiteServer(site)
    try:
        for name in ("course-search", "course-search-crawler", "Course-Search-Crawler"):
            text = f"User-agent: *\nAllow: /\n\nUser-agent: {name}\nDisallow: /programs/\n"
            site.files["/robots.txt"] = ("text/plain", text.encode())
            with Fetcher(fast(allowed_hosts={server.netloc})) as fetcher:
                rules = fetcher.rules(server.base + "/")
            assert not rules.allowed(server.base + "/programs/a.html"), name
            assert rules.allowed(server.base + "/articles/a.html")
    finally:
        server.close()

"""Crawling again: conditional requests, changed and removed pages, failures that keep the last
good copy, an interrupted crawl, pages that ask not to be indexed."""

from __future__ import annotations

from pathlib import Path

import pytest
from crawl_site import Site, SiteServer, corpus_pages, sitemap
from crawl_support import (
    CORPUS,
    expected_ids,
    fast,
    indexed,
    page,
    reasons,
    run,
    set_sitemaps,
    titles,
)

from indexer import generations
from indexer.crawl.run import CrawlOptions, crawl, doc_id


def test_second_crawl_sends_conditional_requests_and_reparses_nothing(
    site: SiteServer, index_dir: Path, taxonomy_corpus: Path
) -> None:
    first = run(site, index_dir, taxonomy_corpus)
    generation = generations.current(index_dir)
    site.site.log.clear()

    second = run(site, index_dir, taxonomy_corpus)

    had = {"/copy-of-first.html", "/flaky.html", "/busy.html"}  # fetched whole the first time
    had |= {p for p in site.site.pages if p.startswith(("/articles/", "/programs/"))}
    pages = [h for h in site.site.log if h.path in had]
    assert len(pages) == len(had)
    assert all("if-none-match" in h.headers for h in pages)
    assert all(h.status == 304 for h in pages)
    assert second.not_modified == first.fetched
    assert second.fetched == 0
    b = second.build
    assert (b.added, b.updated, b.removed) == (0, 0, 0)
    assert b.unchanged == len(expected_ids(site))
    assert generations.current(index_dir) == generation  # nothing to build: the same generation


def test_changed_and_removed_pages_are_reflected_in_search(
    site: SiteServer, index_dir: Path, taxonomy_corpus: Path
) -> None:
    run(site, index_dir, taxonomy_corpus)
    s = site.site
    articles = sorted(p for p in s.pages if p.startswith("/articles/"))
    programs = sorted(p for p in s.pages if p.startswith("/programs/"))
    changed, deleted, unlisted = articles[1], articles[2], programs[0]
    s.pages[changed] = s.pages[changed].replace(b"<main>", b"<main><p>Zanzibarite update.</p>", 1)
    del s.pages[deleted]  # answers 404 now
    set_sitemaps(site, articles, programs[1:])  # still lists the deleted one; not `unlisted`

    report = run(site, index_dir, taxonomy_corpus)

    docs = indexed(index_dir)
    assert doc_id(site.base + deleted) not in docs
    assert doc_id(site.base + unlisted) not in docs
    assert doc_id(site.base + changed) in docs
    assert titles(index_dir, "zanzibarite") != []
    assert (report.build.updated, report.build.removed) == (1, 4)  # + flaky, busy unlisted
    assert (report.gone, report.dropped, report.fetched) == (1, 3, 1)


def test_a_failed_fetch_keeps_the_last_good_copy(
    site: SiteServer, index_dir: Path, taxonomy_corpus: Path
) -> None:
    run(site, index_dir, taxonomy_corpus)
    s = site.site
    page = sorted(p for p in s.pages if p.startswith("/programs/"))[0]
    s.routes[page] = lambda hit: (503, {}, b"down")

    report = run(site, index_dir, taxonomy_corpus)

    assert doc_id(site.base + page) in indexed(index_dir)
    reason = reasons(report)[site.base + page]
    assert reason.startswith("HTTP 503 (after 3 attempts)") and "last good copy" in reason


def test_an_unreadable_sitemap_removes_nothing(
    site: SiteServer, index_dir: Path, taxonomy_corpus: Path
) -> None:
    run(site, index_dir, taxonomy_corpus)
    site.site.routes["/sitemap-programs.xml.gz"] = lambda hit: (500, {}, b"oops")

    report = run(site, index_dir, taxonomy_corpus)

    assert set(indexed(index_dir)) == expected_ids(site)
    assert report.dropped == 0
    assert "sitemap not read" in reasons(report)[site.base + "/sitemap-programs.xml.gz"]

    # robots.txt failing (503) stops the crawl of the host, and removes nothing either
    site.site.routes["/robots.txt"] = lambda hit: (503, {}, b"down")
    site.site.log.clear()
    report = run(site, index_dir, taxonomy_corpus)
    assert set(indexed(index_dir)) == expected_ids(site)
    assert {h.path for h in site.site.log} == {"/robots.txt"}
    assert "unreachable (HTTP 503 (after 3 attempts))" in reasons(report)[site.base + "/robots.txt"]


def test_an_interrupted_crawl_leaves_the_previous_index_serving(
    site: SiteServer, index_dir: Path, taxonomy_corpus: Path
) -> None:
    run(site, index_dir, taxonomy_corpus)
    before = generations.current(index_dir)
    s = site.site
    s.pages["/articles/new.html"] = page("Brand new article", "Never indexed.")
    set_sitemaps(site, sorted(p for p in s.pages if p.startswith("/articles/")), [])
    kind, robots = s.files["/robots.txt"]
    s.files["/robots.txt"] = (kind, robots + b"Crawl-delay: 0.2\n")  # time to stop mid-way
    s.log.clear()

    def interrupt(done: int, total: int) -> None:
        if done == 1:
            raise KeyboardInterrupt

    options = CrawlOptions([site.base + "/"], index_dir, [taxonomy_corpus], fast())
    options.progress = interrupt
    with pytest.raises(KeyboardInterrupt):
        crawl(options)

    assert generations.current(index_dir) == before
    assert not s.hits("/articles/new.html")  # the crawl stopped: the last page was not asked
    assert set(indexed(index_dir)) == expected_ids(site) - {doc_id(site.base + "/articles/new")}
    assert titles(index_dir, "flaky phlebotomy") == ["Flaky phlebotomy page"]


def test_pages_asking_not_to_be_indexed_are_not_or_no_longer(
    taxonomy_corpus: Path, tmp_path: Path
) -> None:
    site = Site(pages=corpus_pages(CORPUS, "articles", 3))
    server = SiteServer(site)
    try:
        first, second, third = sorted(site.pages)
        site.files["/sitemap.xml"] = (
            "application/xml",
            sitemap([server.base + p for p in site.pages]),
        )
        options = CrawlOptions([server.base + "/"], tmp_path / "ix", [taxonomy_corpus], fast())
        assert crawl(options).build.added == 3
        site.pages[first] = site.pages[first].replace(
            b"<head>", b'<head><meta name="robots" content="noindex, follow">', 1
        )
        site.routes[second] = lambda hit: (
            200,
            {"Content-Type": "text/html", "X-Robots-Tag": "noindex"},
            site.pages[second],
        )
        report = crawl(options)
    finally:
        server.close()
    assert set(indexed(tmp_path / "ix")) == {doc_id(server.base + third)}
    assert report.build.removed == 2 and report.skipped == 2
    notes = {w.path: w.reason for w in report.build.warnings}
    assert notes[server.base + first] == "not indexed: noindex (<meta name=robots>)"
    assert notes[server.base + second] == "not indexed: noindex (X-Robots-Tag)"

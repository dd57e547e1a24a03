"""``course-search crawl`` against a real site served on 127.0.0.1 by the test: sitemaps (an
index, a gzipped one), robots.txt rules, redirects, failures, conditional requests, removals."""

from __future__ import annotations

import itertools
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from crawl_site import Answer, Hit, Site, SiteServer, corpus_pages, gzipped, sitemap, sitemap_index
from whoosh import index as whoosh_index

from indexer import generations
from indexer.build import BuildOptions, build
from indexer.crawl.fetch import CrawlSettings, Fetcher, retry_after
from indexer.crawl.run import CrawlOptions, CrawlReport, crawl, doc_id
from indexer.fields import from_stored
from search_app import create_app
from search_app.cli import main
from search_app.query import MultiDictArgs, parse_args
from search_app.search import SearchService

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
CRAWL_DELAY = 0.1


def fast(**overrides: object) -> CrawlSettings:
    """Test settings: a fast rate (robots.txt's Crawl-delay then sets the pace), short waits."""
    settings = CrawlSettings(rate=50, timeout=0.3, retries=2, backoff=0.05, max_bytes=300_000)
    for name, value in overrides.items():
        setattr(settings, name, value)
    return settings


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
    s.pages["/flaky.html"] = _page("Flaky phlebotomy page", "Answers 500 once, then 200.")
    s.pages["/busy.html"] = _page("Busy welding page", "Answers 429 with Retry-After once.")
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
    s.routes["/slow.html"] = _slow
    s.files["/data.json"] = ("application/json", b'{"not": "html"}')
    s.pages["/big.html"] = _page("Big page", "words " * 60_000)  # 360 KB, over the test cap
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


def _page(title: str, text: str) -> bytes:
    return (
        f"<!doctype html><html><head><title>{title}</title></head>"
        f"<body><h1>{title}</h1><p>{text}</p></body></html>"
    ).encode()


def _slow(hit: Hit) -> Answer:
    time.sleep(0.6)  # past the test timeout (0.3 s): every attempt times out
    return 200, {"Content-Type": "text/html"}, _page("Slow page", "Too slow.")


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


def test_first_crawl_indexes_exactly_the_allowed_pages(
    site: SiteServer, elsewhere: SiteServer, index_dir: Path, taxonomy_corpus: Path
) -> None:
    report = run(site, index_dir, taxonomy_corpus)
    base = site.base

    docs = indexed(index_dir)
    assert set(docs) == expected_ids(site)
    # a crawled document's url is its canonical URL
    first_article = sorted(p for p in site.site.pages if p.startswith("/articles/"))[0]
    assert docs[doc_id(base + first_article)] == base + first_article
    assert report.build.added == len(expected_ids(site))
    assert report.duplicates == 1  # /copy-of-first.html names the first article as canonical

    # robots.txt was read first, and nothing it disallows was asked for
    assert site.site.paths()[0] == "/robots.txt"
    assert not site.site.hits("/private/secret.html")
    # nothing outside the allowed hosts: not the off-host sitemap entry, not the redirect target
    assert elsewhere.site.log == []

    errors = reasons(report)
    assert "redirect loop" in errors[f"{base}/loop/a.html"]
    assert "not an allowed host" in errors[f"{base}/offsite.html"]
    assert "ReadTimeout" in errors[f"{base}/slow.html"]
    assert len(site.site.hits("/slow.html")) == 3  # the first attempt and two retries
    assert "not HTML (Content-Type application/json)" in errors[f"{base}/data.json"]
    assert errors[f"{base}/big.html"].endswith("bytes, over the 300,000 bytes limit")
    assert report.failed == 5 and not report.build.ok

    # a 500 then a 200, a 429 then a 200: indexed; the Retry-After second was waited
    assert titles(index_dir, "flaky phlebotomy") == ["Flaky phlebotomy page"]
    busy = site.site.hits("/busy.html")
    assert [h.status for h in busy] == [429, 200]
    assert busy[1].at - busy[0].at >= 0.95

    # what a user of the app sees: the page, and search results linking to the site
    client = create_app({"INDEX_DIR": str(index_dir), "TESTING": True}).test_client()
    page = client.get("/doc/" + doc_id(f"{base}/flaky.html"))
    assert page.status_code == 200 and b"Flaky phlebotomy page" in page.data
    hits = client.get("/api/v1/search?q=flaky+phlebotomy").get_json()["results"]
    assert [h["url"] for h in hits] == [f"{base}/flaky.html"]

    # every request named the product and a contact URL
    agents = {h.headers["user-agent"] for h in site.site.log}
    assert len(agents) == 1 and agents.pop().startswith("course-search-crawler/0.1 (+http")


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
    s.pages["/articles/new.html"] = _page("Brand new article", "Never indexed.")
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


def test_cli_crawl_then_index_keeps_the_crawled_pages(
    site: SiteServer, index_dir: Path, taxonomy_corpus: Path
) -> None:
    s = site.site  # without waits: the CLI retries with the default backoff
    for path in ("/slow.html", "/flaky.html", "/busy.html"):
        del s.routes[path]
    s.pages["/flaky.html"] = s.pages.pop("/flaky.html#page")
    s.pages["/busy.html"] = s.pages.pop("/busy.html#page")
    del s.pages["/big.html"]
    runner = CliRunner()
    args = ["crawl", site.base + "/", "--index", str(index_dir), "--corpus", str(taxonomy_corpus)]
    result = runner.invoke(main, [*args, "--rate", "20", "--timeout", "0.3"])
    assert result.exit_code == 1  # some pages failed: each is listed
    assert f"error: {site.base}/loop/a.html: redirect loop" in result.output
    assert "crawl: 18 pages listed in the sitemaps; fetched 11, not modified 0, gone 2" in (
        result.output
    )
    assert "full index gen-000001: 10 documents (added 10," in result.output

    # a full folder index keeps the crawled pages: it reads them again from the crawl's cache
    report = build(BuildOptions([taxonomy_corpus], index_dir, full=True))
    assert report.ok, report.errors
    assert set(indexed(index_dir)) == expected_ids(site)

    # COURSE_SEARCH_CRAWL names the sites when no URL is given
    site.site.log.clear()
    env = {"COURSE_SEARCH_CRAWL": site.base + "/sitemap_index.xml"}
    result = runner.invoke(main, args[:1] + args[2:] + ["--rate", "20"], env=env)
    assert "fetched 0, not modified 11" in result.output  # the duplicate too
    assert "incremental index gen-000002: 10 documents (added 0, updated 0" in result.output


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


def test_cli_refuses_what_it_cannot_do(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        main, ["crawl", "--index", str(tmp_path)], env={"COURSE_SEARCH_CRAWL": ""}
    )
    assert result.exit_code == 2 and "give a site or sitemap URL" in result.output
    result = runner.invoke(main, ["crawl", "ftp://example.org/", "--index", str(tmp_path)])
    assert result.exit_code == 2 and "not an http(s) URL" in result.output
    env = {"COURSE_SEARCH_ENGINE": "typesense"}
    result = runner.invoke(main, ["crawl", "http://127.0.0.1:9/"], env=env)
    assert result.exit_code == 2 and "Whoosh index only" in result.output


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


def test_retry_after_and_document_ids() -> None:
    assert retry_after("7") == 7.0
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert retry_after("soon") is None
    assert doc_id("https://example.org/programs/tx/a.html") == "web/example.org/programs/tx/a"
    assert doc_id("http://example.org:8080/") == "web/example.org:8080"
    assert doc_id("https://example.org/p?id=1") != doc_id("https://example.org/p?id=2")

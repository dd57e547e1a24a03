"""``course-search crawl`` on a site served on 127.0.0.1: the first crawl indexes exactly the
allowed pages (sitemaps, robots.txt, redirects, failures), and the ids it gives them."""

from __future__ import annotations

from pathlib import Path

from crawl_site import SiteServer
from crawl_support import expected_ids, indexed, reasons, run, titles

from indexer.crawl.fetch import retry_after
from indexer.crawl.run import doc_id
from search_app import create_app


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


def test_retry_after_and_document_ids() -> None:
    assert retry_after("7") == 7.0
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert retry_after("soon") is None
    assert doc_id("https://example.org/programs/tx/a.html") == "web/example.org/programs/tx/a"
    assert doc_id("http://example.org:8080/") == "web/example.org:8080"
    assert doc_id("https://example.org/p?id=1") != doc_id("https://example.org/p?id=2")

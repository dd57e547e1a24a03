"""``course-search crawl`` from the command line: what it says, what it refuses, and a folder
index afterwards keeping the crawled pages."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from crawl_site import SiteServer
from crawl_support import expected_ids, indexed

from indexer.build import BuildOptions, build
from search_app.cli import main


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

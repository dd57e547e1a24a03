"""``course-search crawl URL...``: index a live site from its sitemaps (see ``indexer.crawl``).

The crawler's modules (httpx, the sitemap parser) are imported when the command runs, so the
other commands do not pay for them at start-up.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from indexer.crawl import DEFAULT_CONTACT
from indexer.lock import IndexLocked
from search_app.cli_engine import corpus_option, index_option

if TYPE_CHECKING:
    from indexer.crawl.run import CrawlOptions, CrawlReport


def print_crawl_report(report: CrawlReport) -> None:
    """The build's errors, warnings and summary, as ``index`` prints them, after the crawl's."""
    from search_app.cli import print_report

    click.echo(
        f"crawl: {report.listed} pages listed in the sitemaps; fetched {report.fetched}, "
        f"not modified {report.not_modified}, gone {report.gone}, dropped from the sitemaps "
        f"{report.dropped}, failed {report.failed}, skipped {report.skipped}, duplicates "
        f"{report.duplicates}; {report.requests} requests in {report.seconds:.1f}s"
    )
    print_report(report.build)


def run_crawl(options: CrawlOptions) -> CrawlReport:
    """Crawl with a progress bar when stderr is a terminal."""
    from indexer.crawl.run import crawl

    if not sys.stderr.isatty():
        return crawl(options)
    with click.progressbar(length=1, label="Crawling", file=sys.stderr) as bar:

        def progress(done: int, total: int) -> None:
            bar.length = total
            bar.update(done - bar.pos)

        options.progress = progress
        return crawl(options)


def _urls(values: tuple[str, ...]) -> list[str]:
    """URLs given as arguments or in COURSE_SEARCH_CRAWL (whitespace- or comma-separated)."""
    out: list[str] = []
    for value in values:
        out.extend(u for u in value.replace(",", " ").split() if u)
    for url in out:
        if not url.startswith(("http://", "https://")):
            raise click.BadParameter(f"{url!r}: not an http(s) URL", param_hint="URL")
    return out


@click.command("crawl")
@click.argument("urls", nargs=-1, envvar="COURSE_SEARCH_CRAWL")
@corpus_option("Corpus directories, as for index: the taxonomy and the folder pages.")
@index_option()
@click.option(
    "--allow-host",
    "allow_hosts",
    multiple=True,
    envvar="COURSE_SEARCH_CRAWL_ALLOW_HOST",
    help="Another host the crawl may fetch from (redirects, sitemaps); the start URLs' hosts "
    "always are. Repeatable.",
)
@click.option(
    "--rate",
    default=2.0,
    show_default=True,
    type=click.FloatRange(min=0.01, max=20),
    envvar="COURSE_SEARCH_CRAWL_RATE",
    help="Requests per second per host, at most (robots.txt's Crawl-delay can lower it).",
)
@click.option(
    "--concurrency",
    default=2,
    show_default=True,
    type=click.IntRange(1, 8),
    help="Requests in flight per host, at most.",
)
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(min=0.1))
@click.option(
    "--contact",
    default=DEFAULT_CONTACT,
    show_default=True,
    envvar="COURSE_SEARCH_CRAWL_CONTACT",
    help="URL named in the User-Agent, where site owners learn about the crawler.",
)
@click.option("--wait", is_flag=True, help="Wait for another running build instead of exiting.")
def crawl_command(
    urls: tuple[str, ...],
    corpora: tuple[Path, ...],
    index_dir: Path,
    allow_hosts: tuple[str, ...],
    rate: float,
    concurrency: int,
    timeout: float,
    contact: str,
    wait: bool,
) -> None:
    """Index a website: the pages its sitemaps list (URL: a site root, a sitemap or an index)."""
    from indexer.crawl.fetch import CrawlSettings, user_agent
    from indexer.crawl.run import CrawlOptions
    from search_app.cli import IndexBusy, _split

    # The sitemap parser logs each failure itself; the summary lists them once, with reasons.
    logging.getLogger("usp").setLevel(logging.CRITICAL)
    engine = os.environ.get("COURSE_SEARCH_ENGINE", "whoosh") or "whoosh"
    if engine != "whoosh":
        raise click.UsageError(f"crawl builds the Whoosh index only, not {engine}")
    start = _urls(urls)
    if not start:
        raise click.UsageError("give a site or sitemap URL (or set COURSE_SEARCH_CRAWL)")
    hosts = {h.strip().lower() for value in allow_hosts for h in value.split(",") if h.strip()}
    settings = CrawlSettings(
        allowed_hosts=hosts, contact=contact, rate=rate, concurrency=concurrency, timeout=timeout
    )
    click.echo(f"Crawling as {user_agent(contact)}, at most {rate:g} requests/s per host", err=True)
    options = CrawlOptions(start, index_dir, _split(corpora), settings, wait=wait)
    try:
        report = run_crawl(options)
    except IndexLocked as exc:
        raise IndexBusy(str(exc)) from None
    print_crawl_report(report)
    if not report.build.ok:
        sys.exit(1)

"""Page URLs from sitemaps (XML, gzip, nested indexes), read by ultimate-sitemap-parser.

The parser asks for sitemaps through ``_PoliteClient``, so they are fetched like any page: our
user agent, robots.txt, the rate limit, the allowed hosts. A start URL may be a site root (its
sitemaps are those robots.txt names, else ``/sitemap.xml``), a sitemap or a sitemap index.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from usp.fetch_parse import SitemapFetcher
from usp.objects.sitemap import AbstractSitemap, InvalidSitemap
from usp.web_client.abstract_client import (
    AbstractWebClient,
    AbstractWebClientResponse,
    AbstractWebClientSuccessResponse,
    WebClientErrorResponse,
)

from indexer.crawl.fetch import Fetched, Fetcher, host_allowed

log = logging.getLogger(__name__)


@dataclass
class Discovered:
    """The pages the sitemaps list, in their order, and what went wrong reading them."""

    urls: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)  # every sitemap read
    # (sitemap URL, why it could not be read): the URL list is then incomplete, so pages
    # missing from it are kept rather than removed
    failed: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (sitemap URL, why not read)

    @property
    def complete(self) -> bool:
        return not self.failed


def is_site_root(url: str) -> bool:
    path = urlsplit(url).path
    return path in ("", "/")


def discover_pages(fetcher: Fetcher, start_urls: list[str]) -> Discovered:
    """Every page URL the sitemaps of ``start_urls`` list, each once."""
    found = Discovered()
    client = _PoliteClient(fetcher)
    seen: set[str] = set()
    for start in start_urls:
        roots = [start]
        if is_site_root(start):
            base = start.rstrip("/")
            rules = fetcher.rules(start)
            roots = rules.sitemaps() or [base + "/sitemap.xml"]
        for root in roots:
            if not host_allowed(root, fetcher.settings.allowed_hosts):
                found.skipped.append((root, "not an allowed host"))
                continue

            def recurse(url: str, level: int, parents: set[str] | None) -> bool:
                if host_allowed(url, fetcher.settings.allowed_hosts):
                    return True
                found.skipped.append((url, "not an allowed host"))
                return False

            try:
                tree = SitemapFetcher(
                    url=root, recursion_level=0, web_client=client, recurse_callback=recurse
                ).sitemap()
            except Exception as exc:  # the parser's own refusals (recursion, a bad URL)
                found.failed.append((root, f"{type(exc).__name__}: {exc}"))
                continue
            for sitemap in [tree, *tree.all_sitemaps()]:
                _note(found, sitemap)
            for page in tree.all_pages():
                if page.url not in seen:
                    seen.add(page.url)
                    found.urls.append(page.url)
    return found


def _note(found: Discovered, sitemap: AbstractSitemap) -> None:
    if isinstance(sitemap, InvalidSitemap):
        reason = client_reason(sitemap.reason).removeprefix("skipped: ")
        if reason.endswith("is not an allowed host"):
            found.skipped.append((sitemap.url, reason))
        else:  # a disallowed sitemap too: what it lists is unknown, so nothing is removed
            found.failed.append((sitemap.url, reason))
    else:
        found.sitemaps.append(sitemap.url)


def client_reason(reason: str) -> str:
    """The reason our client gave, without the parser's "Unable to fetch sitemap from URL: "."""
    marker = ": "
    if reason.startswith("Unable to fetch sitemap from ") and marker in reason:
        return reason.split(marker, 1)[1]
    return reason


class _Response(AbstractWebClientSuccessResponse):
    def __init__(self, got: Fetched) -> None:
        self._got = got

    def status_code(self) -> int:
        return self._got.status

    def status_message(self) -> str:
        return "OK"

    def header(self, case_insensitive_name: str) -> str | None:
        if case_insensitive_name.lower() == "content-type":
            return self._got.content_type
        return None

    def raw_data(self) -> bytes:
        return self._got.body

    def url(self) -> str:
        return self._got.final_url or self._got.url


class _PoliteClient(AbstractWebClient):
    """The parser's web client: our fetcher, which retries by itself (so never "retryable")."""

    def __init__(self, fetcher: Fetcher) -> None:
        self.fetcher = fetcher

    def set_max_response_data_length(self, max_response_data_length: int | None) -> None:
        """The fetcher's own size limit applies."""

    def get(self, url: str) -> AbstractWebClientResponse:
        got = self.fetcher.fetch(url, html_only=False)
        if got.skipped:
            return WebClientErrorResponse(f"skipped: {got.skipped}", retryable=False)
        if got.error:
            return WebClientErrorResponse(got.error, retryable=False)
        if got.status != 200:
            return WebClientErrorResponse(f"HTTP {got.status}", retryable=False)
        return _Response(got)

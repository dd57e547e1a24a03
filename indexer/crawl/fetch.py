"""Polite HTTP fetching: robots.txt, a per-host rate and concurrency limit, retries, limits.

Every request the crawler makes goes through ``Fetcher.fetch``: sitemaps, pages and robots.txt
itself. It never leaves the allowed hosts (redirects included), never asks for a URL robots.txt
disallows, spaces the requests to each host by the larger of ``1 / rate`` and the host's
Crawl-delay, retries 429 and 5xx answers with backoff (honouring Retry-After), and reads at most
``max_bytes`` of a body.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpx

from indexer.crawl import DEFAULT_CONTACT
from indexer.crawl.robots import Rules
from indexer.decode import MAX_PAGE_BYTES

PRODUCT = "course-search"
VERSION = "0.1"
HTML_TYPES = ("text/html", "application/xhtml+xml")
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


def user_agent(contact: str = DEFAULT_CONTACT) -> str:
    """``course-search-crawler/0.1 (+CONTACT)``: the product, and where to read about it."""
    return f"{PRODUCT}-crawler/{VERSION} (+{contact})"


@dataclass
class CrawlSettings:
    """How politely to crawl. The defaults are what a site owner gets unless told otherwise."""

    allowed_hosts: set[str] = field(default_factory=set)  # "host" or "host:port", lower case
    contact: str = DEFAULT_CONTACT
    rate: float = 2.0  # requests per second per host, at most
    concurrency: int = 2  # requests in flight per host, at most
    timeout: float = 10.0  # seconds to connect, and between two reads of the answer
    retries: int = 3  # further attempts after a 429, a 5xx or a network error
    backoff: float = 1.0  # seconds before the first retry, doubled each time
    max_retry_after: float = 120.0  # a longer Retry-After fails the URL instead of waiting
    max_bytes: int = MAX_PAGE_BYTES
    max_redirects: int = 5

    @property
    def agent(self) -> str:
        return user_agent(self.contact)


@dataclass
class Fetched:
    """The answer to one URL, after redirects and retries."""

    url: str
    final_url: str = ""
    status: int = 0  # 0: no usable answer (see ``error``)
    body: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    robots_tag: str | None = None  # X-Robots-Tag
    error: str | None = None  # why the URL could not be had; None when ``status`` says it all
    skipped: str | None = None  # refused before asking: disallowed by robots.txt, off-host


def netloc(url: str) -> str:
    """``host`` or ``host:port`` of a URL, lower case, without the scheme's default port."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    port = parts.port
    if port is None or (parts.scheme, port) in (("http", 80), ("https", 443)):
        return host
    return f"{host}:{port}"


def host_allowed(url: str, allowed: set[str]) -> bool:
    """A URL on an allowed host: an entry with a port names that port only, one without any."""
    if urlsplit(url).scheme not in ("http", "https"):
        return False
    loc = netloc(url)
    return loc in allowed or loc.split(":")[0] in allowed


class _Gate:
    """One host's pacing: requests start at least ``interval`` apart, ``limit`` at a time."""

    def __init__(self, interval: float, limit: int) -> None:
        self.interval = interval
        self.slots = threading.BoundedSemaphore(max(1, limit))
        self._lock = threading.Lock()
        self._next = 0.0

    def wait_turn(self, extra: float = 0.0) -> None:
        with self._lock:
            now = time.monotonic()
            start = max(now + extra, self._next)
            self._next = start + self.interval
        time.sleep(max(0.0, start - now))


class Fetcher:
    """An HTTP client for one crawl; thread-safe."""

    def __init__(self, settings: CrawlSettings) -> None:
        self.settings = settings
        self.client = httpx.Client(
            headers={"User-Agent": settings.agent},
            timeout=httpx.Timeout(settings.timeout),
            follow_redirects=False,
        )
        self._rules: dict[str, Rules] = {}
        self._gates: dict[str, _Gate] = {}
        self._lock = threading.Lock()
        self._host_locks: dict[str, threading.Lock] = {}
        self.requests = 0  # requests sent, retries and redirects included
        self.notes: list[tuple[str, str]] = []  # (robots.txt URL, what was wrong with it)

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def rules(self, url: str) -> Rules:
        """The robots.txt rules of the URL's host, fetched once (the first request to a host)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            host_lock = self._host_locks.setdefault(origin, threading.Lock())
        with host_lock:
            if origin not in self._rules:
                self._rules[origin] = self._read_robots(origin)
            return self._rules[origin]

    def _read_robots(self, origin: str) -> Rules:
        agent = f"{PRODUCT}-crawler"  # matches groups for course-search and course-search-crawler
        robots_url = origin + "/robots.txt"
        got = self._get_following(robots_url, {}, html_only=False, check_robots=False)
        if got.status == 200:
            text = got.body.decode("utf-8", errors="replace")
            return Rules.parse(agent, text)
        if 400 <= got.status < 500:  # no robots.txt: everything is allowed (RFC 9309 2.3.1.3)
            return Rules(agent, note=f"no robots.txt ({got.status}): all allowed")
        why = got.error or f"HTTP {got.status}"
        self.notes.append((robots_url, f"unreachable ({why}): nothing fetched from this host"))
        return Rules(agent, allow_all=False, note=why)  # unreachable: assume all disallowed

    def _gate(self, url: str) -> _Gate:
        loc = netloc(url)
        with self._lock:
            gate = self._gates.get(loc)
            if gate is None:
                interval = 1.0 / self.settings.rate if self.settings.rate > 0 else 0.0
                gate = self._gates[loc] = _Gate(interval, self.settings.concurrency)
            return gate

    def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        html_only: bool = True,
    ) -> Fetched:
        """GET ``url`` politely; conditional when ``etag`` or ``last_modified`` is known."""
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._get_following(url, headers, html_only=html_only, check_robots=True)

    def _refusal(self, url: str, check_robots: bool) -> tuple[str | None, str | None]:
        """Why not to ask for ``url``: (a rule that skips it, a failure that keeps old copies)."""
        if not host_allowed(url, self.settings.allowed_hosts):
            return f"{netloc(url) or url} is not an allowed host", None
        if check_robots:
            rules = self.rules(url)
            if rules.parser is None and not rules.allow_all:
                return None, f"robots.txt could not be read ({rules.note}): not fetched"
            gate = self._gate(url)
            gate.interval = max(gate.interval, rules.delay())
            if not rules.allowed(url):
                return "disallowed by robots.txt", None
        return None, None

    def _get_following(
        self, url: str, headers: dict[str, str], *, html_only: bool, check_robots: bool
    ) -> Fetched:
        result = Fetched(url=url)
        seen: list[str] = []
        current = url
        while True:
            refusal, failure = self._refusal(current, check_robots)
            if failure is not None:  # not a rule: pages keep their last good copy
                result.error = failure
                return result
            if refusal is not None:
                if current == url:
                    result.skipped = refusal
                else:
                    result.error = f"redirected to {current}: {refusal}"
                return result
            seen.append(current)
            answer = self._get_with_retries(current, headers, result)
            if answer is None:
                return result
            status, response_headers, body = answer
            location = response_headers.get("location")
            if status in (301, 302, 303, 307, 308) and location:
                target = urljoin(current, location)
                if target in seen:
                    result.error = f"redirect loop: {' -> '.join([*seen, target])}"
                    return result
                if len(seen) > self.settings.max_redirects:
                    result.error = f"more than {self.settings.max_redirects} redirects"
                    return result
                current = target
                continue
            result.final_url = current
            result.status = status
            result.etag = response_headers.get("etag")
            result.last_modified = response_headers.get("last-modified")
            result.content_type = response_headers.get("content-type", "")
            result.robots_tag = response_headers.get("x-robots-tag")
            if status == 200:
                mime = result.content_type.split(";")[0].strip().lower()
                if html_only and mime not in HTML_TYPES:
                    result.status = 0
                    result.error = f"not HTML (Content-Type {mime or 'missing'})"
                    return result
                result.body = body
            return result

    def _get_with_retries(
        self, url: str, headers: dict[str, str], result: Fetched
    ) -> tuple[int, httpx.Headers, bytes] | None:
        """One URL's answer (status, headers, body), retrying what is worth retrying; None with
        ``result.error`` set when there is none."""
        settings = self.settings
        gate = self._gate(url)
        delay = 0.0
        for attempt in range(settings.retries + 1):
            gate.wait_turn(delay)
            with gate.slots:
                with self._lock:
                    self.requests += 1
                try:
                    status, response_headers, body = self._get_once(url, headers)
                except _TooLarge as exc:
                    result.error = str(exc)
                    return None
                except httpx.HTTPError as exc:
                    name = type(exc).__name__
                    result.error = f"{name}: {exc}" if str(exc) else name
                    status, response_headers, body = 0, httpx.Headers(), b""
            if status not in RETRY_STATUSES and status != 0:
                return status, response_headers, body
            if status:
                result.error = f"HTTP {status}"
            if attempt == settings.retries:
                break
            delay = settings.backoff * (2**attempt)
            wait = retry_after(response_headers.get("retry-after"))
            if wait is not None:
                if wait > settings.max_retry_after:
                    result.error = f"HTTP {status}, Retry-After {wait:.0f}s is too long to wait"
                    return None
                delay = max(delay, wait)
        result.error = f"{result.error} (after {settings.retries + 1} attempts)"
        return None

    def _get_once(self, url: str, headers: dict[str, str]) -> tuple[int, httpx.Headers, bytes]:
        limit = self.settings.max_bytes
        with self.client.stream("GET", url, headers=headers) as response:
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise _TooLarge(f"{_mb(int(declared))}, over the {_mb(limit)} limit")
            chunks: list[bytes] = []
            size = 0
            if response.status_code == 200:
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise _TooLarge(f"over the {_mb(limit)} limit")
                    chunks.append(chunk)
            return response.status_code, response.headers, b"".join(chunks)


class _TooLarge(Exception):
    pass


def _mb(size: int) -> str:
    return f"{size / 1048576:.3g} MB" if size >= 1048576 else f"{size:,} bytes"


def retry_after(value: str | None) -> float | None:
    """Seconds a Retry-After header asks for (a number or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())

"""Limits that keep one client from hurting the others: per-client rate limits on the API and the
pages, no request bodies, and the proxy headers that say who the client is.

The API limit (``COURSE_SEARCH_RATE_LIMIT``, e.g. ``300/minute``; ``off`` disables it) applies to
``/api/v1/search`` and ``/api/v1/suggest`` together, per client address; the pages that run a
search (``/``, ``/search``, ``/doc/…``, ``/embed``, ``/match``) have an allowance of their own,
``COURSE_SEARCH_PAGE_RATE_LIMIT`` (the API's value unless set), answered past it by a friendly page
with ``Retry-After``. The counters live in ``COURSE_SEARCH_RATE_LIMIT_STORAGE``: by default a SQLite
file in the index directory that every gunicorn worker on the machine shares, so a limit means what
it says; ``memory://`` counts in each worker (a client gets up to ``workers ×`` the limit);
``redis://host:6379`` shares them across machines (needs the ``redis`` package).
Behind a reverse proxy, ``COURSE_SEARCH_TRUSTED_PROXIES=1`` makes the client address the one the
proxy saw (``X-Forwarded-For``); without it every request seems to come from the proxy.
"""

from __future__ import annotations

import logging
import math
import sqlite3
import time
from pathlib import Path

from flask import Flask, Response, abort, current_app, jsonify, render_template, request
from flask_limiter import Limiter, RateLimitExceeded
from flask_limiter.util import get_remote_address
from limits import parse_many
from limits.storage import storage_from_string
from werkzeug.middleware.proxy_fix import ProxyFix

from search_app import api, match_page, pages, rate_store, widget
from search_app.config import SettingError

MAX_CONTENT_LENGTH = 16 * 1024  # the app takes no request bodies
MAX_TRUSTED_PROXIES = 5
UNLIMITED_ENDPOINTS = frozenset({"api.health", "api.openapi"})
PAGE_ENDPOINTS = frozenset(
    {"pages.search_page", "pages.document_page", "widget.embed_page", "match.match_page"}
)
STORAGE_FILE = ".rate-limits.sqlite"
_EXTENSION = "course_search_limiter"
log = logging.getLogger(__name__)


def rate_limit(value: str | None, variable: str = "COURSE_SEARCH_RATE_LIMIT") -> str | None:
    """The limit to apply, or None when ``value`` is off (or empty). Checked here, at start-up."""
    text = (value or "").strip()
    if text.lower() in ("", "off", "none", "0", "false"):
        return None
    try:
        parse_many(text)
    except ValueError as exc:
        raise SettingError(
            f"{variable}={value!r} is not a rate limit such as '300/minute' ({exc})"
        ) from None
    return text


def page_rate_limit(value: str | None, api_limit: str | None) -> str | None:
    """The pages' limit: the API's when ``value`` is empty or ``same``."""
    if (value or "").strip().lower() in ("", "same"):
        return api_limit
    return rate_limit(value, "COURSE_SEARCH_PAGE_RATE_LIMIT")


def storage_uri(value: str | None, index_dir: str | Path) -> str:
    """Where the counters live: the value, or a SQLite file in the index directory shared by every
    worker; ``memory://`` (per worker, with a warning) when that directory can't be written."""
    text = (value or "").strip()
    if text and text.lower() not in ("auto", "sqlite"):
        try:
            storage_from_string(text)
        except Exception as exc:  # an unknown scheme, a missing driver, a bad path
            raise SettingError(
                f"COURSE_SEARCH_RATE_LIMIT_STORAGE={value!r} cannot be used: {exc}"
            ) from None
        return text
    path = Path(index_dir).resolve() / STORAGE_FILE
    uri = f"sqlite:///{path}"
    try:
        rate_store.SQLiteStorage(uri)
    except (OSError, sqlite3.Error) as exc:
        log.warning("rate limits counted per worker: cannot write %s (%s)", path, exc)
        return "memory://"
    return uri


def trusted_proxies(value: str | int | None) -> int:
    text = str(value if value is not None else "0").strip() or "0"
    if not text.isdigit() or int(text) > MAX_TRUSTED_PROXIES:
        raise SettingError(
            f"COURSE_SEARCH_TRUSTED_PROXIES={value!r} must be a number from 0 to "
            f"{MAX_TRUSTED_PROXIES}"
        )
    return int(text)


def init_limits(app: Flask) -> None:
    """Install the request-size check, the proxy fix and the API's rate limit on ``app``."""
    if app.config.get("MAX_CONTENT_LENGTH") is None:
        app.config["MAX_CONTENT_LENGTH"] = MAX_CONTENT_LENGTH
    proxies = trusted_proxies(app.config.get("TRUSTED_PROXIES"))
    if proxies:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies
        )
    app.before_request(_refuse_bodies)
    rate = rate_limit(app.config.get("RATE_LIMIT"))
    page_rate = page_rate_limit(app.config.get("PAGE_RATE_LIMIT"), rate)
    enabled = rate is not None or page_rate is not None
    limiter = Limiter(
        get_remote_address,
        app=app,
        storage_uri=(
            storage_uri(app.config.get("RATE_LIMIT_STORAGE"), app.config["INDEX_DIR"])
            if enabled
            else "memory://"
        ),
        headers_enabled=False,  # Retry-After on 429 only; a CDN may cache the other responses
        key_prefix="course-search",
        enabled=enabled,
    )
    app.extensions[_EXTENSION] = limiter
    if rate is not None:
        # One allowance per client for the whole API (search and suggest draw on the same one).
        limiter.shared_limit(rate, scope="api", exempt_when=_unlimited)(api.bp)
    if page_rate is not None:
        # The pages that run a search draw on one allowance of their own.
        shared = limiter.shared_limit(page_rate, scope="pages", exempt_when=_not_a_page)
        shared(pages.bp)
        shared(widget.bp)
        shared(match_page.bp)
    app.register_error_handler(RateLimitExceeded, _too_many_requests)


def _unlimited() -> bool:
    return request.endpoint in UNLIMITED_ENDPOINTS


def _not_a_page() -> bool:
    return request.endpoint not in PAGE_ENDPOINTS


def _refuse_bodies() -> None:
    """No view reads a body. A GET or HEAD with one (a length or a chunked body, which announces no
    length) is a 400 before anything runs; any request announcing a body over the limit is a 413."""
    chunked = "chunked" in request.headers.get("Transfer-Encoding", "").lower()
    if request.method in ("GET", "HEAD") and (chunked or (request.content_length or 0) > 0):
        abort(400, description="a GET or HEAD request takes no body")
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if limit is not None and (request.content_length or 0) > limit:
        abort(413)


def retry_after() -> int:
    """Seconds until the current client's window resets (at least 1)."""
    limiter: Limiter = current_app.extensions[_EXTENSION]
    current = limiter.current_limit
    if current is None:
        return 1
    window = int(current.limit.get_expiry())  # reset_at is rounded up to the next second
    return max(1, min(window, math.ceil(current.reset_at - time.time())))


def _too_many_requests(error: RateLimitExceeded) -> tuple[Response | str, int, dict[str, str]]:
    seconds = retry_after()
    headers = {"Retry-After": str(seconds), "Cache-Control": "no-store"}
    if request.blueprint == api.bp.name:
        response = jsonify(
            error=f"too many requests: at most {error.description}; try again in {seconds} s",
            retry_after=seconds,
        )
        return response, 429, headers
    message = (
        f"You have searched faster than we can answer everyone (at most {error.description}). "
        f"Please wait {seconds} second{'s' if seconds != 1 else ''} and try again."
    )
    page = render_template("error.html", title="Too many searches", message=message)
    return page, 429, headers

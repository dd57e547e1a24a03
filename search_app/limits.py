"""Limits that keep one client from hurting the others: per-client rate limits on the API, a small
request size, and the proxy headers that say who the client is.

The rate limit (``COURSE_SEARCH_RATE_LIMIT``, e.g. ``300/minute``; ``off`` disables it) applies to
``/api/v1/search`` and ``/api/v1/suggest`` per client address. With the default ``memory://``
storage each gunicorn worker counts on its own, so a client gets up to ``workers ×`` the limit;
``COURSE_SEARCH_RATE_LIMIT_STORAGE=redis://…`` (needs the ``redis`` package) shares the counters.
Behind a reverse proxy, ``COURSE_SEARCH_TRUSTED_PROXIES=1`` makes the client address the one the
proxy saw (``X-Forwarded-For``); without it every request seems to come from the proxy.
"""

from __future__ import annotations

import math
import time

from flask import Flask, Response, abort, current_app, jsonify, request
from flask_limiter import Limiter, RateLimitExceeded
from flask_limiter.util import get_remote_address
from limits import parse_many
from werkzeug.middleware.proxy_fix import ProxyFix

from search_app import api

MAX_CONTENT_LENGTH = 16 * 1024  # the app takes no request bodies
MAX_TRUSTED_PROXIES = 5
UNLIMITED_ENDPOINTS = frozenset({"api.health", "api.openapi"})
_EXTENSION = "course_search_limiter"


class SettingError(ValueError):
    """A setting's value cannot be used; the message names the variable."""


def rate_limit(value: str | None) -> str | None:
    """The limit to apply, or None when ``value`` is off (or empty). Checked here, at start-up."""
    text = (value or "").strip()
    if text.lower() in ("", "off", "none", "0", "false"):
        return None
    try:
        parse_many(text)
    except ValueError as exc:
        raise SettingError(
            f"COURSE_SEARCH_RATE_LIMIT={value!r} is not a rate limit such as '300/minute' ({exc})"
        ) from None
    return text


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
    app.before_request(_refuse_large_bodies)
    rate = rate_limit(app.config.get("RATE_LIMIT"))
    limiter = Limiter(
        get_remote_address,
        app=app,
        storage_uri=app.config.get("RATE_LIMIT_STORAGE") or "memory://",
        headers_enabled=False,  # Retry-After on 429 only; a CDN may cache the other responses
        key_prefix="course-search",
        enabled=rate is not None,
    )
    app.extensions[_EXTENSION] = limiter
    if rate is not None:
        # One allowance per client for the whole API (search and suggest draw on the same one).
        limiter.shared_limit(rate, scope="api", exempt_when=_unlimited)(api.bp)
    app.register_error_handler(RateLimitExceeded, _too_many_requests)


def _unlimited() -> bool:
    return request.endpoint in UNLIMITED_ENDPOINTS


def _refuse_large_bodies() -> None:
    """413 for any request announcing a body over the limit, even one no view would read."""
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


def _too_many_requests(error: RateLimitExceeded) -> tuple[Response, int]:
    seconds = retry_after()
    response = jsonify(
        error=f"too many requests: at most {error.description}; try again in {seconds} s",
        retry_after=seconds,
    )
    response.headers["Retry-After"] = str(seconds)
    response.headers["Cache-Control"] = "no-store"
    return response, 429

"""Which links may leave our pages: absolute http(s) URLs only.

A document's ``url`` is shown as a link on the search page, in the widget and in the API, so a
``javascript:``, ``data:`` or scheme-relative (``//host/…``) value from a feed, JSON-LD, a meta tag
or a crawled page would become a script or an off-site hop under our name. Every source goes
through :func:`web_url` when it is normalised, and results go through it again when they are read,
so an index built before this check still never serves such a link.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

MAX_URL_CHARS = 2048
_UNSAFE = re.compile(r"[\x00-\x20\x7f\\<>\"'`]")  # controls, spaces, quotes, backslash


class UrlError(ValueError):
    """Why a value is not a usable link (the message quotes a short prefix of the value)."""


def web_url(value: str | None) -> str | None:
    """``value`` stripped when it is an absolute http(s) URL with a host, else None."""
    try:
        return check_web_url(value)
    except UrlError:
        return None


def check_web_url(value: str | None) -> str | None:
    """``value`` stripped when it is an absolute http(s) URL; None when empty; else UrlError."""
    text = (value or "").strip()
    if not text:
        return None
    shown = repr(text[:60] + ("…" if len(text) > 60 else ""))
    if len(text) > MAX_URL_CHARS:
        raise UrlError(f"url {shown} is longer than {MAX_URL_CHARS} characters")
    if _UNSAFE.search(text):
        raise UrlError(f"url {shown} contains spaces, quotes or control characters")
    try:
        parts = urlsplit(text)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError as exc:
        raise UrlError(f"url {shown} is malformed ({exc})") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise UrlError(f"url {shown} is not an absolute http(s) URL")
    if not host or not parts.netloc or not ("." in host or ":" in host or host == "localhost"):
        raise UrlError(f"url {shown} has no host name")
    return text

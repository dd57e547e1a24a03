"""Settings: each declared once with its default, its environment variable and what it does."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


class SettingError(ValueError):
    """A setting's value cannot be used; the message names the variable."""


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: Any
    help: str


SETTINGS = (
    Setting("INDEX_DIR", "COURSE_SEARCH_INDEX", "var/index", "index directory the app serves"),
    Setting(
        "CORPUS_DIRS",
        "COURSE_SEARCH_CORPUS",
        "corpus",
        "corpus directories (separated by ':') that `serve` indexes when there is no index",
    ),
    Setting(
        "ALLOWED_ORIGINS",
        "COURSE_SEARCH_ALLOWED_ORIGINS",
        "*",
        "origins allowed to call the API from a browser (comma-separated, or *)",
    ),
    Setting(
        "RATE_LIMIT",
        "COURSE_SEARCH_RATE_LIMIT",
        "300/minute",
        "requests one client may make to the API (300/minute, 20/second;600/hour); off disables",
    ),
    Setting(
        "PAGE_RATE_LIMIT",
        "COURSE_SEARCH_PAGE_RATE_LIMIT",
        "same",
        "requests one client may make to the pages that search (/search, /doc, /embed); "
        "same: the API's limit",
    ),
    Setting(
        "RATE_LIMIT_STORAGE",
        "COURSE_SEARCH_RATE_LIMIT_STORAGE",
        "auto",
        "where rate-limit counters live: auto (a SQLite file in the index directory, shared by "
        "every worker), memory:// (per worker) or redis://host:6379 (shared across machines)",
    ),
    Setting(
        "TRUSTED_PROXIES",
        "COURSE_SEARCH_TRUSTED_PROXIES",
        "0",
        "reverse proxies in front of the app whose X-Forwarded-For/-Proto/-Host are believed",
    ),
    Setting(
        "PUBLIC_URL",
        "COURSE_SEARCH_PUBLIC_URL",
        "",
        "the site's public address (https://search.example.org), written into embed snippets",
    ),
    Setting(
        "TRUSTED_HOSTS",
        "COURSE_SEARCH_TRUSTED_HOSTS",
        "",
        "host names the app answers for besides localhost, 127.0.0.1 and the public URL's "
        "(comma-separated; .example.org allows subdomains); any other Host is a 400",
    ),
    Setting(
        "FRAME_ANCESTORS",
        "COURSE_SEARCH_FRAME_ANCESTORS",
        "'self'",
        "who may show /embed in a frame (CSP frame-ancestors sources); other pages: 'self' only",
    ),
    Setting("ENGINE", "COURSE_SEARCH_ENGINE", "whoosh", "search engine: whoosh or typesense"),
    Setting(
        "TYPESENSE_NODES",
        "COURSE_SEARCH_TYPESENSE_NODES",
        "",
        "every Typesense node, comma-separated URLs (http://127.0.0.1:8108,...)",
    ),
    Setting("TYPESENSE_API_KEY", "COURSE_SEARCH_TYPESENSE_API_KEY", "", "Typesense API key"),
)


def defaults(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Every setting from the environment, else its default."""
    environ = os.environ if environ is None else environ
    return {s.name: environ.get(s.env, s.default) for s in SETTINGS}

"""Settings: each declared once with its default, its environment variable and what it does."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


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
        "RATE_LIMIT_STORAGE",
        "COURSE_SEARCH_RATE_LIMIT_STORAGE",
        "memory://",
        "where rate-limit counters live: memory:// (per worker) or redis://host:6379 (shared)",
    ),
    Setting(
        "TRUSTED_PROXIES",
        "COURSE_SEARCH_TRUSTED_PROXIES",
        "0",
        "reverse proxies in front of the app whose X-Forwarded-For/-Proto/-Host are believed",
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

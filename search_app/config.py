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
)


def defaults(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Every setting from the environment, else its default."""
    environ = os.environ if environ is None else environ
    return {s.name: environ.get(s.env, s.default) for s in SETTINGS}

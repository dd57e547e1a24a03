"""Search engines behind one small interface (``base``): Whoosh, embedded, the default, and
Typesense, a cluster. Query understanding, facet semantics and ranking intent live above it.

The registry: each backend is one package here (its read side) and one under
``indexer/backends/`` (its write side), and is registered by one line in ``BACKENDS``. The
package here is what the app and the command line call (``Backend``): it opens the engine, checks
the settings, builds an index with its write side and says whether one exists; it may also have
``open_baseline(settings, k)``, a plain text ranking the relevance evaluation compares against
(docs/ENGINES.md).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, cast

from search_app.engines.base import Engine, EngineSession, Matched

if TYPE_CHECKING:
    from indexer.build import BuildOptions
    from indexer.models import BuildReport

BACKENDS = {
    "whoosh": "search_app.engines.whoosh",
    "typesense": "search_app.engines.typesense",
}

Baseline = Callable[[str], list[str]]  # query text -> the ids of the first k documents


class Backend(Protocol):
    """What a backend package provides (its module-level functions)."""

    def open_engine(self, settings: dict[str, Any]) -> Engine: ...

    def check_settings(self, settings: dict[str, Any]) -> None:
        """Raise ValueError naming the setting when the backend cannot work with them."""
        ...

    def build_index(self, settings: dict[str, Any], options: BuildOptions) -> BuildReport:
        """Build (or update) the index with the backend's write side."""
        ...

    def index_exists(self, settings: dict[str, Any]) -> bool: ...


def backend_name(settings: dict[str, Any]) -> str:
    """The backend the settings name (``ENGINE``, Whoosh by default)."""
    name = str(settings.get("ENGINE", "whoosh")).lower()
    if name not in BACKENDS:
        known = ", ".join(BACKENDS)
        raise ValueError(f"ENGINE: unknown engine {name!r} (known: {known})")
    return name


def backend(settings: dict[str, Any]) -> Backend:
    """The backend package the settings name."""
    return cast(Backend, importlib.import_module(BACKENDS[backend_name(settings)]))


def open_engine(settings: dict[str, Any]) -> Engine:
    """The engine the settings name (``ENGINE``), opened lazily."""
    return backend(settings).open_engine(settings)


def open_baseline(settings: dict[str, Any], k: int) -> Baseline:
    """The named backend's plain text ranking (no query understanding, no bonuses)."""
    found = getattr(backend(settings), "open_baseline", None)
    if found is None:
        raise ValueError(f"ENGINE: {backend_name(settings)} has no baseline ranking")
    return cast(Baseline, found(settings, k))


__all__ = [
    "BACKENDS",
    "Engine",
    "EngineSession",
    "Matched",
    "backend",
    "open_baseline",
    "open_engine",
]

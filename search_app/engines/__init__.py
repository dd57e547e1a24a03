"""Search engines behind one small interface: Whoosh (embedded, the default) and others that
answer the same requests. Query understanding, facet semantics and ranking intent live above it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from search_app.engines.base import Engine, EngineSession, Matched


def open_engine(settings: dict[str, Any]) -> Engine:
    """The engine the settings name (``ENGINE``), opened lazily."""
    name = str(settings.get("ENGINE", "whoosh")).lower()
    if name == "whoosh":
        from search_app.engines.whoosh.engine import WhooshEngine

        return WhooshEngine(Path(settings["INDEX_DIR"]))
    if name == "typesense":
        from indexer.typesense_schema import Cluster
        from search_app.engines.typesense.engine import TypesenseEngine

        return TypesenseEngine(Cluster.from_settings(settings))
    raise ValueError(f"ENGINE: unknown engine {name!r} (known: whoosh, typesense)")


__all__ = ["Engine", "EngineSession", "Matched", "open_engine"]

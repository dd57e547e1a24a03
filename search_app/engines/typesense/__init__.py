"""The Typesense backend, read side: the same requests answered by a Typesense cluster.

``engine`` follows the alias to the live collection; ``generation`` reads its metadata once per
revision; ``session`` answers one request; ``query`` translates an interpretation and a plan into
Typesense's parameters; ``rank`` adds the ranking intent's bonuses to the first candidates.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from search_app.engines.base import Engine


def open_engine(settings: dict[str, Any]) -> Engine:
    from indexer.typesense_schema import Cluster
    from search_app.engines.typesense.engine import TypesenseEngine

    return TypesenseEngine(Cluster.from_settings(settings))

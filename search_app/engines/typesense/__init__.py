"""The Typesense backend, read side: the same requests answered by a Typesense cluster.

``engine`` follows the alias to the live collection; ``generation`` reads its metadata once per
revision; ``session`` answers one request; ``query`` translates an interpretation and a plan into
Typesense's parameters; ``rank`` adds the ranking intent's bonuses to the first candidates.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from indexer.build import BuildOptions
    from indexer.models import BuildReport
    from search_app.engines.base import Engine


def open_engine(settings: dict[str, Any]) -> Engine:
    from indexer.backends.typesense.schema import Cluster
    from search_app.engines.typesense.engine import TypesenseEngine

    return TypesenseEngine(Cluster.from_settings(settings))


def check_settings(settings: dict[str, Any]) -> None:
    """Every node and the API key are given (a ValueError names the missing one)."""
    from indexer.backends.typesense.schema import Cluster

    Cluster.from_settings(settings)


def build_index(settings: dict[str, Any], options: BuildOptions) -> BuildReport:
    """Write the corpus into the cluster (``--index`` holds only the build lock)."""
    from indexer.backends.typesense.index import build_typesense
    from indexer.backends.typesense.schema import Cluster

    return build_typesense(options, Cluster.from_settings(settings))


def index_exists(settings: dict[str, Any]) -> bool:
    """The cluster's alias names a collection."""
    from indexer.backends.typesense.meta import alias_target
    from indexer.backends.typesense.schema import Cluster, close_client, make_client

    cluster = Cluster.from_settings(settings)
    client = make_client(cluster)
    try:
        return alias_target(client, cluster) is not None
    finally:
        close_client(client)

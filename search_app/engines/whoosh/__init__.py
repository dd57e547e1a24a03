"""The Whoosh backend, read side: everything that reads a Whoosh index for the search service.

``snapshot`` opens each generation once; ``arrays`` reads it into numpy columns and postings;
``scoring`` matches and scores a plan on them with Whoosh's BM25F; ``query`` builds the same
ranking as a Whoosh query (the reference, and what ``explain=1`` runs); ``engine`` answers the
interface of ``search_app.engines.base``; ``facets``, ``suggest`` and ``baseline`` do one job each.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from indexer.build import BuildOptions
    from indexer.models import BuildReport
    from search_app.engines import Baseline
    from search_app.engines.base import Engine


def open_engine(settings: dict[str, Any]) -> Engine:
    from search_app.engines.whoosh.engine import WhooshEngine

    return WhooshEngine(Path(settings["INDEX_DIR"]))


def check_settings(settings: dict[str, Any]) -> None:
    """Nothing to check: the index directory is created when it is built."""


def build_index(settings: dict[str, Any], options: BuildOptions) -> BuildReport:
    from indexer.build import build

    return build(options)


def index_exists(settings: dict[str, Any]) -> bool:
    from indexer import generations

    return generations.current(Path(settings["INDEX_DIR"])) is not None


def open_baseline(settings: dict[str, Any], k: int) -> Baseline:
    from search_app.engines.whoosh.baseline import plain_bm25

    return plain_bm25(Path(settings["INDEX_DIR"]), k)

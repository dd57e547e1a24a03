"""Plain BM25F on Whoosh, for the relevance evaluation's side-by-side: Whoosh's default parser
(all terms) over the text fields of the same index, with no query understanding."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.qparser import MultifieldParser

from indexer import generations


def plain_bm25(index_dir: Path, k: int) -> Callable[[str], list[str]]:
    """A ranking of the live generation: query text -> the ids of its first ``k`` documents."""
    live = generations.current(index_dir)
    if live is None:
        raise FileNotFoundError(f"no index in {index_dir}")
    ix = whoosh_index.open_dir(str(live.path))
    searcher = ix.searcher()
    parser = MultifieldParser(["title", "summary", "body"], ix.schema)

    def rank(q: str) -> list[str]:
        return [hit["id"] for hit in searcher.search(parser.parse(q), limit=k)]

    weakref.finalize(rank, searcher.close)  # the segment files stay open while it ranks
    return rank

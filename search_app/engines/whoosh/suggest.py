"""Autocomplete on Whoosh: the named careers and locations, then titles from the index."""

from __future__ import annotations

import numpy as np

from indexer.taxonomy import fold
from search_app.engines.common.suggest import named
from search_app.engines.common.terms import terms_of
from search_app.engines.whoosh.scoring import top
from search_app.engines.whoosh.snapshot import Snapshot
from search_app.results import Suggestion


def suggest(snap: Snapshot, prefix: str, limit: int = 8) -> list[Suggestion]:
    folded = fold(prefix)
    if not folded:
        return []
    careers = snap.columns.facet("careers").totals
    locations = snap.columns.facet("location").totals
    out = named(snap.taxonomy, careers, locations, prefix, limit)
    words = terms_of(prefix)
    if words and len(out) < limit:
        last = folded.split(" ")[-1]
        titles = {s.value.lower() for s in out}
        for docnum in _title_matches(snap, words[:-1], last, limit * 3):
            if len(out) >= limit:
                break
            stored = snap.searcher.stored_fields(docnum)
            if stored["title"].lower() not in titles:
                titles.add(stored["title"].lower())
                out.append(Suggestion("title", stored["title"], 1, stored["id"]))
    return out


def _title_matches(snap: Snapshot, words: list[str], last: str, limit: int) -> list[int]:
    """Documents whose title has every whole word and a word starting with ``last`` (one of
    its commonest completions), best first: the words' and the completion's BM25 in the title,
    so shorter titles come first among equals, then the document number."""
    scorer = snap.scorer
    size = snap.columns.size
    scores = np.zeros(size)
    hits = snap.columns.live.copy()
    last_part = (
        scorer.completions("title", last) if len(last) >= 2 else scorer.field_term("title", last)
    )
    for part in [*(scorer.field_term("title", w) for w in words), last_part]:
        has = np.zeros(size, np.bool_)
        has[part.docs] = True
        hits &= has
        scores[part.docs] += part.scores
    return [docnum for docnum, _ in top(np.flatnonzero(hits).astype(np.int32), scores, limit)]

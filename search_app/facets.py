"""Facet counts by set intersection over per-generation value columns.

Counts are disjunctive: a facet's counts apply every other filter but not its own, so choosing
``Houston, TX`` still shows how many results ``Dallas, TX`` would have.
"""

from __future__ import annotations

from collections.abc import Iterable

from search_app.engine import Snapshot
from search_app.query import SearchQuery
from search_app.results import FacetValue

# API facet name -> index field
FACETS = {
    "career": "careers",
    "location": "location",
    "state": "state",
    "format": "format",
    "kind": "kind",
}


def intersect(base: set[int], others: Iterable[set[int]]) -> set[int]:
    """``base`` narrowed by every set in ``others``, smallest first; always a new set."""
    result = set(base)
    for other in sorted(others, key=len):
        result &= other
        if not result:
            break
    return result


def facet_counts(
    snap: Snapshot, query: SearchQuery, matches: set[int], filters: dict[str, set[int]]
) -> dict[str, list[FacetValue]]:
    selected = query.filters()
    out: dict[str, list[FacetValue]] = {}
    for api_name, name in FACETS.items():
        base = intersect(matches, [s for k, s in filters.items() if k != name])
        column = snap.postings.get(name, {})
        values = []
        for value, docs in column.items():
            count = len(base & docs) if len(base) < len(docs) else len(docs & base)
            chosen = value in selected[name]
            if count or chosen:
                values.append(FacetValue(value, count, chosen))
        values += [FacetValue(v, 0, True) for v in selected[name] if v not in column]
        values.sort(key=lambda v: (-v.count, v.value))
        out[api_name] = values
    return out

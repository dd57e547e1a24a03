"""Facet counts over per-generation value columns: a bincount of the matching documents' values.

Counts are disjunctive: a facet's counts apply every other filter but not its own, so choosing
``Houston, TX`` still shows how many results ``Dallas, TX`` would have.
"""

from __future__ import annotations

from collections.abc import Iterable

from search_app.engines.whoosh.arrays import Columns, Mask
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


def intersect(base: Mask, others: Iterable[Mask]) -> Mask:
    """``base`` narrowed by every mask in ``others``; always a new array."""
    result = base.copy()
    for other in others:
        result &= other
    return result


def facet_counts(
    columns: Columns, query: SearchQuery, matches: Mask, filters: dict[str, Mask]
) -> dict[str, list[FacetValue]]:
    selected = query.filters()
    everything = intersect(matches, filters.values())
    out: dict[str, list[FacetValue]] = {}
    for api_name, name in FACETS.items():
        others = [m for k, m in filters.items() if k != name]
        base = intersect(matches, others) if name in filters else everything
        column = columns.facet(name)
        counts = column.value_counts(base)
        values = [FacetValue(v, n, v in selected[name]) for v, n in counts.items()]
        values += [FacetValue(v, 0, True) for v in selected[name] if v not in counts]
        values.sort(key=lambda v: (-v.count, v.value))
        out[api_name] = values
    return out

"""Facet counts on Whoosh: a bincount of the matching documents' values in per-generation
columns, each facet counted with every filter but its own (``engines.common.facets``).
"""

from __future__ import annotations

from collections.abc import Iterable

from search_app.engines.common.facets import FACETS, facet_values
from search_app.engines.whoosh.arrays import Columns, Mask
from search_app.query import SearchQuery
from search_app.results import FacetValue


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
        out[api_name] = facet_values(counts, selected[name])
    return out

"""Facets as the API names them, and how any engine's counts become the API's facet values.

Counts are disjunctive: a facet's counts apply every other filter but not its own, so choosing
``Houston, TX`` still shows how many results ``Dallas, TX`` would have.
"""

from __future__ import annotations

from collections.abc import Mapping

from search_app.results import FacetValue

# API facet name -> index field
FACETS = {
    "career": "careers",
    "location": "location",
    "state": "state",
    "format": "format",
    "kind": "kind",
}


def facet_values(counts: Mapping[str, int], selected: tuple[str, ...]) -> list[FacetValue]:
    """One facet's values, most documents first: every value counted, and every selected value
    (with its count, or 0 when nothing has it)."""
    values = [FacetValue(v, n, v in selected) for v, n in counts.items() if n or v in selected]
    values += [FacetValue(v, 0, True) for v in selected if v not in counts]
    values.sort(key=lambda v: (-v.count, v.value))
    return values

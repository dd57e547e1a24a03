"""A place a person names (``Newark, NJ``, ``newark``, ``07102``) -> the label the search service's
``near`` understands, or a QueryError naming the parameter.

The search API accepts any ``near`` and simply finds nothing near a place it does not know; the
recommendation and match endpoints instead say so, because a person chose the place on purpose.
"""

from __future__ import annotations

import re

from indexer.geo import zip_entries
from search_app.engines.types import PlaceFilter
from search_app.query import QueryError
from search_app.search import SearchService
from search_app.understand import interpret

_ZIP = re.compile(r"\d{5}(?:-\d{4})?")
PLACE_HELP = "give a US city ('Newark, NJ') or a five-digit ZIP code"


def resolve_place(service: SearchService, text: str, param: str = "near") -> PlaceFilter:
    """The place ``text`` names, with coordinates, read the way the search service reads ``near``
    (so passing ``label`` back as ``near`` finds the same place). A ZIP code becomes its city."""
    wanted = text.strip()
    if _ZIP.fullmatch(wanted):
        entries = zip_entries(wanted[:5])
        if not entries:
            raise QueryError(param, f"no US place has the ZIP code {wanted[:5]}: {PLACE_HELP}")
        wanted = f"{entries[0]['city']}, {entries[0]['state']}"
    with service.engine.session() as session:
        place = interpret(f"near {wanted}", session.taxonomy, session.places).place
    if place is not None and place.state_only:
        raise QueryError(param, f"a whole state is too wide to measure distances: {PLACE_HELP}")
    if place is None or place.lat is None or place.lon is None:
        raise QueryError(param, f"unknown place: {PLACE_HELP}")
    return place

"""Autocomplete's engine-neutral part: careers and locations that start with what is typed."""

from __future__ import annotations

import functools
from collections.abc import Mapping

import us

from indexer.taxonomy import Taxonomy, fold
from search_app.results import Suggestion


def _starts(text: str, prefix: str) -> bool:
    """True when ``prefix`` begins ``text`` or one of its words."""
    return text.startswith(prefix) or f" {prefix}" in f" {text}"


@functools.lru_cache(maxsize=4096)
def _state_name(location: str) -> str:
    code = location.rsplit(", ", 1)[-1]
    found = us.states.lookup(code) if len(code) == 2 else None
    return fold(str(found.name)) if found else ""


def named(
    taxonomy: Taxonomy,
    careers: Mapping[str, int],
    locations: Mapping[str, int],
    prefix: str,
    limit: int,
) -> list[Suggestion]:
    """Careers and locations starting with ``prefix``, given how many documents each has."""
    folded = fold(prefix)
    if not folded:
        return []
    out: list[Suggestion] = []
    for career in taxonomy.careers:
        if any(_starts(fold(t), folded) for t in career.terms):
            out.append(Suggestion("career", career.name, careers.get(career.name, 0)))
    by_state: list[Suggestion] = []
    for value, count in locations.items():
        if _starts(fold(value), folded):
            out.append(Suggestion("location", value, count))
        elif _starts(_state_name(value), folded):
            by_state.append(Suggestion("location", value, count))
    out.sort(key=lambda s: (s.type != "career", -s.count, s.value))
    by_state.sort(key=lambda s: (-s.count, s.value))
    return (out + by_state)[:limit]

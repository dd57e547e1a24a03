"""Autocomplete: careers, locations and titles that start with what has been typed so far."""

from __future__ import annotations

from collections.abc import Mapping

import us
from whoosh import query as wq

from indexer.taxonomy import Taxonomy, fold
from search_app.engine import Snapshot
from search_app.ranking import terms_of
from search_app.results import Suggestion


def _starts(text: str, prefix: str) -> bool:
    """True when ``prefix`` begins ``text`` or one of its words."""
    return text.startswith(prefix) or f" {prefix}" in f" {text}"


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
        parts: list[wq.Query] = [wq.Term("title", w) for w in words[:-1]]
        parts.append(wq.Prefix("title", last) if len(last) >= 2 else wq.Term("title", last))
        hits = snap.searcher.search(wq.And(parts), limit=limit * 3)
        titles = {s.value.lower() for s in out}
        for hit in hits:
            if len(out) >= limit:
                break
            if hit["title"].lower() not in titles:
                titles.add(hit["title"].lower())
                out.append(Suggestion("title", hit["title"], 1, hit["id"]))
    return out

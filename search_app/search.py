"""The one search function behind the page, the API, the widget and the CLI.

Flow: interpret the words -> filters (the person's facets, and what the words implied: a place,
online, cost, length) -> match sets -> relax step by step when nothing matches -> facet counts
-> rank (nearer first for a place) -> snippets, career facts.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from pathlib import Path

import us
from flask import Flask, current_app
from whoosh import query as wq
from whoosh import sorting

from indexer.geo import miles
from indexer.models import Document
from indexer.schema import from_stored
from search_app.engine import IndexHolder, Snapshot
from search_app.facets import FACETS, facet_counts, intersect
from search_app.query import SearchQuery
from search_app.ranking import Plan, build, terms_of
from search_app.results import CareerFacts, Chip, Hit, SearchResults
from search_app.snippets import make_snippet
from search_app.suggest import Suggestion, suggest
from search_app.understand import Interpretation, PlaceFilter, interpret

__all__ = ["FACETS", "SearchService", "Suggestion", "service_of", "terms_of"]

SORT_FIELDS = {"cost": ("cost_sort", False), "duration": ("duration_sort", False)}
GEO_RERANK_DEPTH = 300
LITTLE = 3  # fewer results than this and a spelling correction is tried


@dataclasses.dataclass
class Health:
    status: str
    documents: int
    generation: str
    created: str


@dataclasses.dataclass
class Attempt:
    interp: Interpretation
    plan: Plan
    matches: set[int]
    derived: dict[str, set[int]]
    hits: set[int]
    ranking_query: wq.Query
    components: dict[str, wq.Query]
    terms: set[str]


class SearchService:
    def __init__(self, index_dir: Path) -> None:
        self.holder = IndexHolder(index_dir)

    def health(self) -> Health:
        with self.holder.acquire() as snap:
            return Health("ok", snap.documents, snap.generation, snap.created)

    def get(self, doc_id: str) -> Document | None:
        with self.holder.acquire() as snap:
            stored = snap.searcher.document(id=doc_id)
            return from_stored(stored) if stored else None

    def suggest(self, prefix: str, limit: int = 8) -> list[Suggestion]:
        with self.holder.acquire() as snap:
            return suggest(snap, prefix, limit)

    def search(self, query: SearchQuery) -> SearchResults:
        started = time.perf_counter()
        with self.holder.acquire() as snap:
            results = self._search(snap, query)
        results.took_ms = round((time.perf_counter() - started) * 1000, 2)
        return results

    # -- the pipeline -------------------------------------------------------------------------

    def _search(self, snap: Snapshot, query: SearchQuery) -> SearchResults:
        explicit = _explicit_filters(snap, query)
        interp = self._interpret(snap, query, query.q)
        attempt = _attempt(
            snap, interp, Plan(prefixes=_typing(snap, query.raw_q, interp)), explicit
        )
        relaxed: list[str] = []
        suggestion = None
        chips: list[Chip] = []
        if len(attempt.hits) < LITTLE and query.q and "spelling" not in query.ignore:
            corrected = snap.speller.correct(query.q)
            if corrected:
                alternative = _attempt(
                    snap, self._interpret(snap, query, corrected), Plan(), explicit
                )
                if len(alternative.hits) > len(attempt.hits) and not attempt.hits:
                    attempt = alternative
                    relaxed.append(f"showing results for “{corrected}”")
                    chips.append(
                        Chip(
                            "spelling",
                            f"Showing results for “{corrected}”",
                            f"Search instead for “{query.q}”",
                        )
                    )
                elif alternative.hits:
                    suggestion = corrected
        if not attempt.hits:
            attempt = _relax(snap, attempt, explicit, relaxed)
        chips.extend(_chips(attempt.interp, query))
        filters = {**explicit, **attempt.derived}
        facets = facet_counts(snap, query, attempt.matches, filters)
        hits = self._page(snap, query, attempt)
        return SearchResults(
            query=query.q,
            total=len(attempt.hits),
            page=query.page,
            per_page=query.per_page,
            took_ms=0.0,
            interpreted=attempt.interp.to_json(),
            suggestion=suggestion,
            results=hits,
            facets=facets,
            generation=snap.generation,
            relaxed=relaxed,
            chips=chips,
            careers_panel=_panel(snap, attempt),
        )

    @staticmethod
    def _interpret(snap: Snapshot, query: SearchQuery, text: str) -> Interpretation:
        interp = interpret(text, snap.taxonomy, snap.places, query.ignore)
        if query.near:
            place = interpret(f"near {query.near}", snap.taxonomy, snap.places).place
            interp.place = place or PlaceFilter(label=query.near)
        if interp.place is not None and query.radius:
            interp.place.radius_miles = query.radius
        interp.max_cost = query.max_cost or interp.max_cost
        interp.max_weeks = query.max_weeks or interp.max_weeks
        return interp

    def _page(self, snap: Snapshot, query: SearchQuery, attempt: Attempt) -> list[Hit]:
        offset = (query.page - 1) * query.per_page
        if offset >= len(attempt.hits):
            return []
        place = attempt.interp.place
        geo = place is not None and place.lat is not None and query.sort == "relevance"
        limit = max(offset + query.per_page, GEO_RERANK_DEPTH if geo else 0)
        kwargs: dict[str, object] = {"filter": attempt.hits, "limit": limit}
        if query.sort in SORT_FIELDS:
            name, reverse = SORT_FIELDS[query.sort]
            kwargs["sortedby"] = sorting.FieldFacet(name, reverse=reverse)
        elif query.sort == "newest":
            kwargs["sortedby"] = sorting.FieldFacet("published_sort", reverse=True)
        results = snap.searcher.search(attempt.ranking_query, **kwargs)
        ranked = [(hit.docnum, float(hit.score or 0.0), hit) for hit in results[:limit]]
        distances = {docnum: _distance(snap, place, docnum) for docnum, _, _ in ranked}
        if geo and place is not None:
            ranked = [
                (d, s * _geo_factor(distances[d], place.radius_miles), h) for d, s, h in ranked
            ]
            ranked.sort(key=lambda r: -r[1])
        hits = []
        for docnum, score, hit in ranked[offset : offset + query.per_page]:
            doc = from_stored(hit.fields())
            explain = _explain(snap, attempt, docnum, score) if query.explain else None
            if explain is not None and geo and place is not None:
                explain["geo_factor"] = round(_geo_factor(distances[docnum], place.radius_miles), 3)
            hits.append(
                Hit(
                    id=doc.id,
                    kind=doc.kind,
                    title=doc.title,
                    url=doc.url or f"/doc/{doc.id}",
                    snippet=make_snippet([doc.summary, doc.body], attempt.terms),
                    careers=doc.careers,
                    provider=doc.provider,
                    location=doc.location,
                    format=doc.format,
                    cost_usd=doc.cost_usd,
                    duration_weeks=doc.duration_weeks,
                    score=round(score, 3),
                    distance_miles=distances[docnum],
                    explain=explain,
                )
            )
        return hits


def _typing(snap: Snapshot, raw_q: str, interp: Interpretation) -> frozenset[str]:
    """The last word when it is still being typed (no space after it) and no document has it
    whole: "phleb" should find phlebotomy as the widget searches while someone types."""
    words = terms_of(interp.text)
    if not words or not raw_q or raw_q[-1].isspace() or len(words[-1]) < 3:
        return frozenset()
    last = words[-1]
    reader = snap.searcher.reader()
    if any(reader.doc_frequency(f, last) for f in ("title", "career_terms", "summary", "body")):
        return frozenset()
    return frozenset({last})


# -- filters ------------------------------------------------------------------------------------


def _explicit_filters(snap: Snapshot, query: SearchQuery) -> dict[str, set[int]]:
    """For each facet the person filtered on, the documents having any of its selected values."""
    out: dict[str, set[int]] = {}
    for name, values in query.filters().items():
        if values:
            column = snap.postings.get(name, {})
            out[name] = set().union(*(column.get(v, set()) for v in values))
    return out


def _docs(snap: Snapshot, q: wq.Query) -> set[int]:
    return set(snap.searcher.docs_for_query(q))


def _articles_mentioning(snap: Snapshot, words: list[str]) -> set[int]:
    terms = terms_of(" ".join(words))
    if not terms:
        return set()
    mention = wq.And([wq.Or([wq.Term(f, t) for f in ("title", "summary", "body")]) for t in terms])
    return _docs(snap, mention) & snap.postings.get("kind", {}).get("article", set())


def _place_docs(snap: Snapshot, place: PlaceFilter) -> set[int]:
    """Programs in the place (within its radius when it has coordinates), and articles about it."""
    locations = snap.postings.get("location", {})
    if place.state_only:
        programs = set(snap.postings.get("state", {}).get(place.label, set()))
        state = us.states.lookup(place.label)
        words = [str(state.name)] if state else list(place.words)
        return programs | _articles_mentioning(snap, words)
    if place.lat is None or place.lon is None:
        programs = set(locations.get(place.label, set()))
    else:
        centre = (place.lat, place.lon)
        programs = set()
        for label, coords in snap.places.items():
            if coords is not None and miles(centre, coords) <= place.radius_miles:
                programs |= locations.get(label, set())
    return programs | _articles_mentioning(snap, [place.label.split(", ")[0]])


def _derived_filters(snap: Snapshot, interp: Interpretation) -> dict[str, set[int]]:
    out: dict[str, set[int]] = {}
    if interp.place is not None:
        out["place"] = _place_docs(snap, interp.place)
    if interp.online:
        online = snap.postings.get("format", {}).get("online", set())
        out["online"] = set(online) | _articles_mentioning(snap, ["online"])
    if interp.max_cost is not None:
        out["cost"] = _docs(snap, wq.NumericRange("cost_usd", 0, interp.max_cost))
    if interp.max_weeks is not None:
        out["length"] = _docs(snap, wq.NumericRange("duration_weeks", 0, interp.max_weeks))
    return out


def _attempt(
    snap: Snapshot, interp: Interpretation, plan: Plan, explicit: dict[str, set[int]]
) -> Attempt:
    ranking = build(interp, plan)
    matches = snap.live if isinstance(ranking.query, wq.Every) else _docs(snap, ranking.query)
    derived = _derived_filters(snap, interp)
    hits = intersect(matches, [*explicit.values(), *derived.values()])
    return Attempt(
        interp, plan, matches, derived, hits, ranking.query, ranking.components, ranking.terms
    )


def _relax(
    snap: Snapshot, attempt: Attempt, explicit: dict[str, set[int]], relaxed: list[str]
) -> Attempt:
    """Loosen one thing at a time, saying what, until something matches."""
    interp = dataclasses.replace(attempt.interp)
    plan = dataclasses.replace(attempt.plan)
    place = interp.place

    def steps() -> Iterator[str]:
        if len(terms_of(interp.text)) > 1:
            plan.any_term = True
            yield "matched any of the words, not all"
        if interp.text:
            plan.fuzzy = True
            yield "allowed near spellings of the words"
        if interp.max_cost is not None:
            limit, interp.max_cost = interp.max_cost, None
            yield f"ignored the cost limit (under ${limit:,})"
        if interp.max_weeks is not None:
            limit, interp.max_weeks = interp.max_weeks, None
            yield f"ignored the length limit (under {limit} weeks)"
        if place is not None and place.lat is not None and not place.state_only:
            for radius in (place.radius_miles * 2, place.radius_miles * 4):
                interp.place = dataclasses.replace(place, radius_miles=radius)
                yield f"widened the search to {radius} miles of {place.label}"
        if place is not None:
            interp.place = None
            yield f"searched everywhere, not only {place.label}"
        if interp.online:
            interp.online = False
            yield "included programs that are not online"
        if interp.careers and (interp.text or len(interp.careers) > 1):
            plan.careers_required = False
            yield "matched the words without requiring the career"

    for message in steps():
        candidate = _attempt(snap, interp, plan, explicit)
        if candidate.hits:
            relaxed.append(message)
            return candidate
    return attempt


# -- presentation -------------------------------------------------------------------------------


def _distance(snap: Snapshot, place: PlaceFilter | None, docnum: int) -> float | None:
    if place is None or place.lat is None or place.lon is None:
        return None
    coords = snap.places.get(snap.location_of.get(docnum, ""))
    return round(miles((place.lat, place.lon), coords), 1) if coords else None


def _geo_factor(distance: float | None, radius: int) -> float:
    """Nearer programs first among the relevant ones: up to twice the score at the centre."""
    if distance is None:
        return 1.0
    return 1.0 + max(0.0, 1.0 - distance / max(radius, 1))


def _explain(snap: Snapshot, attempt: Attempt, docnum: int, final: float) -> dict[str, float]:
    """Each scoring component's score for one document, for editors (``explain=1``)."""
    parts: dict[str, float] = {}
    for name, component in attempt.components.items():
        found = snap.searcher.search(component, filter={docnum}, limit=1)
        parts[name] = round(float(found[0].score), 3) if len(found) else 0.0
    parts["total"] = round(final, 3)
    return parts


def _chips(interp: Interpretation, query: SearchQuery) -> list[Chip]:
    chips = [Chip("career", f"Career: {c}", "search all careers") for c in interp.careers]
    place = interp.place
    if place is not None and not query.near:
        where = (
            f"in {place.label}"
            if place.state_only or place.lat is None
            else f"within {place.radius_miles} miles of {place.label}"
        )
        chips.append(Chip("place", f"Programs {where}", "search everywhere instead"))
    if interp.online:
        chips.append(Chip("online", "Online programs", "include in-person programs"))
    if interp.max_cost is not None and not query.max_cost:
        chips.append(Chip("cost", f"Under ${interp.max_cost:,}", "any cost"))
    if interp.max_weeks is not None and not query.max_weeks:
        chips.append(Chip("length", f"Under {interp.max_weeks} weeks", "any length"))
    return chips


def _panel(snap: Snapshot, attempt: Attempt) -> list[CareerFacts]:
    """Facts for the one or two careers a query names, and how many programs match each."""
    names = attempt.interp.careers[:2]
    if not names:
        return []
    programs = snap.postings.get("kind", {}).get("program", set())
    scope = intersect(programs, list(attempt.derived.values()))
    out = []
    for name in names:
        career = snap.taxonomy.get(name)
        if career is None:
            continue
        tagged = snap.postings.get("careers", {}).get(name, set())
        out.append(
            CareerFacts(
                name=career.name,
                slug=career.slug,
                summary=career.summary,
                median_pay_usd=career.median_pay_usd,
                median_pay_year=career.median_pay_year,
                growth_pct=career.growth_pct,
                growth_period=career.growth_period,
                training=career.training,
                entry_education=career.entry_education,
                source=career.facts_source,
                note=career.note,
                programs=len(scope & tagged),
            )
        )
    return out


def service_of(app: Flask | None = None) -> SearchService:
    """The app's SearchService (the current app's by default)."""
    found = (app or current_app).extensions["search"]
    assert isinstance(found, SearchService)
    return found

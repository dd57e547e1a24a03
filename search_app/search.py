"""The one search function behind the page, the API, the widget and the CLI.

Flow: interpret the words -> match (the person's facets, and what the words implied: a place,
online, cost, length) -> correct spelling when little is found -> relax step by step when nothing
is -> facet counts -> a ranked page -> chips and career facts. The engine (Whoosh by default)
answers the matching, counting and ranking; everything here is engine-neutral.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from flask import Flask, current_app

from indexer.models import Document
from search_app.answers import answer, intent_chip
from search_app.engines import Engine, EngineSession, Matched, open_engine
from search_app.engines.common.spelling import near_spellings
from search_app.engines.common.terms import terms_of
from search_app.engines.types import Interpretation, PlaceFilter, Plan
from search_app.query import SearchQuery
from search_app.results import CareerFacts, Chip, SearchResults, Suggestion
from search_app.understand import interpret

LITTLE = 3  # fewer results than this and a spelling correction is tried
OPTIONAL_WORK_S = 0.25  # spelling retries and relaxation steps stop once a query has used this
CACHE_SIZE = 1024  # result pages kept per process, keyed by (generation, query)


class ResultCache:
    """A bounded LRU of result pages. Keys carry the index generation, so a new generation
    never serves old results; entries of old generations simply age out."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[tuple[str, SearchQuery], SearchResults] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: tuple[str, SearchQuery]) -> SearchResults | None:
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return found

    def put(self, key: tuple[str, SearchQuery], value: SearchResults) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)


@dataclasses.dataclass
class Health:
    status: str
    documents: int
    generation: str
    created: str


class SearchService:
    def __init__(self, index_dir: Path | None = None, *, engine: Engine | None = None) -> None:
        if engine is None:
            if index_dir is None:
                raise ValueError("SearchService needs an index directory or an engine")
            engine = open_engine({"ENGINE": "whoosh", "INDEX_DIR": index_dir})
        self.engine = engine
        self.cache: ResultCache = ResultCache(CACHE_SIZE)

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> SearchService:
        return cls(engine=open_engine(settings))

    def close(self) -> None:
        self.engine.close()

    def health(self) -> Health:
        with self.engine.session() as session:
            return Health("ok", session.documents, session.generation, session.created)

    def get(self, doc_id: str) -> Document | None:
        with self.engine.session() as session:
            return session.get(doc_id)

    def suggest(self, prefix: str, limit: int = 8) -> list[Suggestion]:
        with self.engine.session() as session:
            return session.suggest(prefix, limit)

    def search(self, query: SearchQuery) -> SearchResults:
        """Results for ``query``, from the cache when this generation answered it before."""
        started = time.perf_counter()
        with self.engine.session() as session:
            key = (session.generation, query)
            cached = self.cache.get(key)
            if cached is None:
                cached = self._search(session, query)
                self.cache.put(key, cached)
        results = dataclasses.replace(
            cached, took_ms=round((time.perf_counter() - started) * 1000, 2)
        )
        return results

    def _search(self, session: EngineSession, query: SearchQuery) -> SearchResults:
        interp = _interpret(session, query, query.q)
        matched = session.match(interp, Plan(prefixes=session.typing(query.raw_q, interp)), query)
        # The budget for optional work starts after the search itself: a cold first search
        # (postings read from disk) must not cost the query its spelling correction.
        deadline = time.perf_counter() + OPTIONAL_WORK_S
        relaxed: list[str] = []
        suggestion = None
        chips: list[Chip] = []
        if (
            matched.total < LITTLE
            and query.q
            and "spelling" not in query.ignore
            and time.perf_counter() < deadline
        ):
            corrected = session.speller.correct(query.q)
            if corrected:
                alternative = session.match(_interpret(session, query, corrected), Plan(), query)
                if alternative.total > 0 and matched.total == 0:
                    matched = alternative
                    relaxed.append(f"showing results for “{corrected}”")
                    chips.append(
                        Chip(
                            "spelling",
                            f"Showing results for “{corrected}”",
                            f"Search instead for “{query.q}”",
                        )
                    )
                elif alternative.total > matched.total:
                    suggestion = corrected
        if matched.total == 0:
            matched = _relax(session, matched, query, relaxed, deadline)
        chips.extend(_chips(matched.interp, query))
        hits = session.page(matched, query)
        panel = _panel(session, matched)
        return SearchResults(
            query=query.q,
            total=matched.total,
            page=query.page,
            per_page=query.per_page,
            took_ms=0.0,
            interpreted=matched.interp.to_json(),
            suggestion=suggestion,
            results=hits,
            facets=session.facets(matched, query),
            generation=session.generation,
            relaxed=relaxed,
            chips=chips,
            careers_panel=panel,
            intent=answer(session, matched, query, hits, panel),
        )


def _interpret(session: EngineSession, query: SearchQuery, text: str) -> Interpretation:
    interp = interpret(text, session.taxonomy, session.places, query.ignore)
    if query.near:
        place = interpret(f"near {query.near}", session.taxonomy, session.places).place
        interp.place = place or PlaceFilter(label=query.near)
    if interp.place is not None and query.radius:
        interp.place.radius_miles = query.radius
    interp.max_cost = query.max_cost or interp.max_cost
    interp.max_weeks = query.max_weeks or interp.max_weeks
    return interp


def _relax(
    session: EngineSession,
    matched: Matched,
    query: SearchQuery,
    relaxed: list[str],
    deadline: float,
) -> Matched:
    """Loosen one thing at a time, saying what, until something matches. Filters the person
    chose themselves are never loosened."""
    interp = dataclasses.replace(matched.interp)
    plan = dataclasses.replace(matched.plan)
    place = interp.place

    def steps() -> Iterator[str]:
        if len(terms_of(interp.text)) > 1:
            plan.any_term = True
            yield "matched any of the words, not all"
        near = near_spellings(session.speller, interp.text, deadline) if interp.text else ()
        if near:  # a few words, a few known terms each: never a walk of the dictionary
            plan.fuzzy, plan.near = True, near
            yield "allowed near spellings of the words"
        # Limits read from the words may go; the ones chosen as parameters (max_cost=,
        # max_weeks=, near=: the page's filters, the widget's place) stay.
        if interp.max_cost is not None and not query.max_cost:
            limit, interp.max_cost = interp.max_cost, None
            yield f"ignored the cost limit (under ${limit:,})"
        if interp.max_weeks is not None and not query.max_weeks:
            limit, interp.max_weeks = interp.max_weeks, None
            yield f"ignored the length limit (under {limit} weeks)"
        chosen_place = bool(query.near)
        if (
            place is not None
            and place.lat is not None
            and not place.state_only
            and not chosen_place
        ):
            for radius in (place.radius_miles * 2, place.radius_miles * 4):
                interp.place = dataclasses.replace(place, radius_miles=radius)
                yield f"widened the search to {radius} miles of {place.label}"
        if place is not None and not chosen_place:
            interp.place = None
            yield f"searched everywhere, not only {place.label}"
        if interp.online:
            interp.online = False
            yield "included programs that are not online"
        if interp.careers and (interp.text or len(interp.careers) > 1):
            plan.careers_required = False
            yield "matched the words without requiring the career"

    for n, message in enumerate(steps()):
        if n and time.perf_counter() > deadline:
            break  # bounded work: the first step always runs, later ones only within budget
        candidate = session.match(interp, plan, query)
        if candidate.total:
            relaxed.append(message)
            return candidate
    return matched


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
    question = intent_chip(interp)
    if question is not None:
        chips.append(question)
    return chips


def _panel(session: EngineSession, matched: Matched) -> list[CareerFacts]:
    """Facts for the one or two careers a query names, and how many programs match each."""
    names = [n for n in matched.interp.careers[:2] if session.taxonomy.get(n) is not None]
    counts = session.program_counts(matched, names) if names else {}
    out = []
    for name in names:
        career = session.taxonomy.get(name)
        assert career is not None
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
                programs=counts.get(name, 0),
            )
        )
    return out


def service_of(app: Flask | None = None) -> SearchService:
    """The app's SearchService (the current app's by default)."""
    found = (app or current_app).extensions["search"]
    assert isinstance(found, SearchService)
    return found

"""The one search function behind the page, the API, the widget and the CLI."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import us
from flask import Flask, current_app
from whoosh import query as wq
from whoosh import sorting

from indexer.models import Document
from indexer.schema import FIELD_BOOSTS, analyzer, from_stored
from indexer.taxonomy import fold
from search_app.engine import IndexHolder, Snapshot
from search_app.query import SearchQuery
from search_app.results import FacetValue, Hit, SearchResults
from search_app.snippets import make_snippet

# API facet name -> index field
FACETS = {"career": "careers", "location": "location", "format": "format", "kind": "kind"}
SORT_FIELDS = {"cost": ("cost_sort", False), "duration": ("duration_sort", False)}
_ANALYZER = analyzer()


def terms_of(text: str) -> list[str]:
    """The analysed (lowercased, stemmed, stop-word-free) terms of a query, without repeats."""
    out: list[str] = []
    for token in _ANALYZER(text):
        if token.text not in out:
            out.append(token.text)
    return out[:32]


def _term_query(term: str) -> wq.Query:
    return wq.Or([wq.Term(name, term, boost=boost) for name, boost in FIELD_BOOSTS.items()])


@dataclass
class Suggestion:
    type: str  # career, location or title
    value: str
    count: int
    id: str | None = None


def _starts(text: str, prefix: str) -> bool:
    """True when ``prefix`` begins ``text`` or one of its words."""
    return text.startswith(prefix) or f" {prefix}" in f" {text}"


def _state_name(location: str) -> str:
    code = location.rsplit(", ", 1)[-1]
    found = us.states.lookup(code) if len(code) == 2 else None
    return fold(str(found.name)) if found else ""


@dataclass
class Health:
    status: str
    documents: int
    generation: str
    created: str


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
        """Careers, locations and titles that start with what has been typed so far."""
        folded = fold(prefix)
        if not folded:
            return []
        with self.holder.acquire() as snap:
            out: list[Suggestion] = []
            careers = snap.postings.get("careers", {})
            for career in snap.taxonomy.careers:
                if any(_starts(fold(t), folded) for t in career.terms):
                    out.append(Suggestion("career", career.name, len(careers.get(career.name, ()))))
            by_state: list[Suggestion] = []
            for value, docs in snap.postings.get("location", {}).items():
                if _starts(fold(value), folded):
                    out.append(Suggestion("location", value, len(docs)))
                elif _starts(_state_name(value), folded):
                    by_state.append(Suggestion("location", value, len(docs)))
            out.sort(key=lambda s: (s.type != "career", -s.count, s.value))
            by_state.sort(key=lambda s: (-s.count, s.value))
            out = (out + by_state)[:limit]
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

    def search(self, query: SearchQuery) -> SearchResults:
        started = time.perf_counter()
        with self.holder.acquire() as snap:
            results = self._search(snap, query)
        results.took_ms = round((time.perf_counter() - started) * 1000, 2)
        return results

    def _search(self, snap: Snapshot, query: SearchQuery) -> SearchResults:
        terms = terms_of(query.q)
        relaxed: list[str] = []
        filters = self._filter_sets(snap, query)
        if terms:
            text_query: wq.Query = wq.And([_term_query(t) for t in terms])
            matches = set(snap.searcher.docs_for_query(text_query))
            if len(terms) > 1 and not _intersect(matches, filters.values()):
                text_query = wq.Or([_term_query(t) for t in terms])
                matches = set(snap.searcher.docs_for_query(text_query))
                relaxed.append("any-term")
        else:
            text_query = wq.Every()
            matches = snap.live
        hits_set = _intersect(matches, filters.values())
        facets = self._facets(snap, query, matches, filters)
        offset = (query.page - 1) * query.per_page
        hits = self._page(snap, query, text_query, hits_set, offset, set(terms))
        careers = [c.name for c in snap.taxonomy.find_in_text(query.q)] if query.q else []
        return SearchResults(
            query=query.q,
            total=len(hits_set),
            page=query.page,
            per_page=query.per_page,
            took_ms=0.0,
            interpreted={"careers": careers, "location": None},
            suggestion=None,
            results=hits,
            facets=facets,
            generation=snap.generation,
            relaxed=relaxed,
        )

    @staticmethod
    def _filter_sets(snap: Snapshot, query: SearchQuery) -> dict[str, set[int]]:
        """For each filtered field, the documents having any of its selected values."""
        out: dict[str, set[int]] = {}
        for name, values in query.filters().items():
            if values:
                column = snap.postings.get(name, {})
                out[name] = set().union(*(column.get(v, set()) for v in values))
        return out

    @staticmethod
    def _facets(
        snap: Snapshot, query: SearchQuery, matches: set[int], filters: dict[str, set[int]]
    ) -> dict[str, list[FacetValue]]:
        """Disjunctive counts: a facet's counts apply every other filter but not its own."""
        selected = query.filters()
        out: dict[str, list[FacetValue]] = {}
        for api_name, name in FACETS.items():
            others = [s for k, s in filters.items() if k != name]
            base = _intersect(matches, others)
            values = []
            for value, docs in snap.postings.get(name, {}).items():
                count = len(base & docs) if len(base) > len(docs) else len(docs & base)
                chosen = value in selected[name]
                if count or chosen:
                    values.append(FacetValue(value, count, chosen))
            for value in selected[name]:
                if value not in snap.postings.get(name, {}):
                    values.append(FacetValue(value, 0, True))
            values.sort(key=lambda v: (-v.count, v.value))
            out[api_name] = values
        return out

    def _page(
        self,
        snap: Snapshot,
        query: SearchQuery,
        text_query: wq.Query,
        allowed: set[int],
        offset: int,
        terms: set[str],
    ) -> list[Hit]:
        if offset >= len(allowed):
            return []
        limit = offset + query.per_page
        kwargs: dict[str, Any] = {"filter": allowed, "limit": limit}
        if query.sort in SORT_FIELDS:
            field_name, reverse = SORT_FIELDS[query.sort]
            kwargs["sortedby"] = sorting.FieldFacet(field_name, reverse=reverse)
        elif query.sort == "newest":
            kwargs["sortedby"] = sorting.FieldFacet("published_sort", reverse=True)
        results = snap.searcher.search(text_query, **kwargs)
        hits: list[Hit] = []
        for hit in results[offset:limit]:
            doc = from_stored(hit.fields())
            hits.append(
                Hit(
                    id=doc.id,
                    kind=doc.kind,
                    title=doc.title,
                    url=doc.url or f"/doc/{doc.id}",
                    snippet=make_snippet([doc.summary, doc.body], terms),
                    careers=doc.careers,
                    provider=doc.provider,
                    location=doc.location,
                    format=doc.format,
                    cost_usd=doc.cost_usd,
                    duration_weeks=doc.duration_weeks,
                    score=round(float(hit.score or 0.0), 3),
                )
            )
        return hits


def _intersect(base: set[int], others: Any) -> set[int]:
    result = base
    for other in sorted(others, key=len):
        result = result & other
        if not result:
            break
    return result if result is not base else set(base)


def service_of(app: Flask | None = None) -> SearchService:
    """The app's SearchService (the current app's by default)."""
    found = (app or current_app).extensions["search"]
    assert isinstance(found, SearchService)
    return found

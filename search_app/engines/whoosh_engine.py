"""The embedded Whoosh engine: long-lived snapshots per generation, matches as sets of document
numbers, facet counts by intersection with per-generation value columns."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import us
from whoosh import query as wq
from whoosh import sorting

from indexer.geo import miles
from indexer.models import Document
from indexer.schema import FIELD_BOOSTS, from_stored
from indexer.taxonomy import Taxonomy
from search_app.engine import IndexHolder, Snapshot
from search_app.engines.base import Matched
from search_app.facets import facet_counts, intersect
from search_app.query import MAX_EXPLAIN, SearchQuery
from search_app.ranking import Plan, build, career_clause, geo_factor, terms_of
from search_app.results import FacetValue, Hit, Suggestion
from search_app.snippets import make_snippet
from search_app.spelling import Speller
from search_app.suggest import suggest
from search_app.understand import Interpretation, PlaceFilter

SORT_FIELDS = {
    "cost": ("cost_sort", False),
    "duration": ("duration_sort", False),
    "newest": ("published_sort", True),
}
GEO_RERANK_DEPTH = 300


@dataclass
class WhooshMatched:
    interp: Interpretation
    plan: Plan
    matches: set[int]  # the words alone
    explicit: dict[str, set[int]]  # the person's facet filters
    derived: dict[str, set[int]]  # what the words implied: place, online, cost, length
    hits: set[int]  # everything applied
    ranking_query: wq.Query
    components: dict[str, wq.Query] = field(default_factory=dict)
    terms: set[str] = field(default_factory=set)

    @property
    def total(self) -> int:
        return len(self.hits)


class WhooshEngine:
    def __init__(self, index_dir: Path) -> None:
        self.holder = IndexHolder(index_dir)

    @contextlib.contextmanager
    def session(self) -> Iterator[WhooshSession]:
        with self.holder.acquire() as snap:
            yield WhooshSession(snap)

    def close(self) -> None:
        self.holder.close()


class WhooshSession:
    generation: str
    created: str
    taxonomy: Taxonomy
    places: Mapping[str, tuple[float, float] | None]
    speller: Speller

    def __init__(self, snap: Snapshot) -> None:
        self.snap = snap
        self.generation = snap.generation
        self.created = snap.created
        self.taxonomy = snap.taxonomy
        self.places = snap.places
        self.speller = snap.speller

    @property
    def documents(self) -> int:
        return self.snap.documents

    def get(self, doc_id: str) -> Document | None:
        stored = self.snap.searcher.document(id=doc_id)
        return from_stored(stored) if stored else None

    def suggest(self, prefix: str, limit: int) -> list[Suggestion]:
        return suggest(self.snap, prefix, limit)

    def typing(self, raw_q: str, interp: Interpretation) -> frozenset[str]:
        words = terms_of(interp.text)
        if not words or not raw_q or raw_q[-1].isspace() or len(words[-1]) < 3:
            return frozenset()
        last = words[-1]
        reader = self.snap.searcher.reader()
        fields = ("title", "career_terms", "summary", "body")
        if any(reader.doc_frequency(f, last) for f in fields):
            return frozenset()
        return frozenset({last})

    # -- matching --------------------------------------------------------------------------------

    def match(self, interp: Interpretation, plan: Plan, query: SearchQuery) -> WhooshMatched:
        snap = self.snap
        ranking = build(interp, plan)
        matches = self._fast_matches(interp, plan)
        if matches is None:
            every = isinstance(ranking.query, wq.Every)
            matches = snap.live if every else self._docs(ranking.query)
        explicit = self._explicit(query)
        derived = self._derived(interp)
        hits = intersect(matches, [*explicit.values(), *derived.values()])
        return WhooshMatched(
            interp,
            plan,
            matches,
            explicit,
            derived,
            hits,
            ranking.query,
            ranking.components,
            ranking.terms,
        )

    def _fast_matches(self, interp: Interpretation, plan: Plan) -> set[int] | None:
        """The documents ``build(interp, plan)`` requires, by set algebra over cached term sets
        (the same semantics, without walking a matcher tree over every posting); None when the
        plan needs expansion (prefixes, fuzzy terms) and the query itself must be run."""
        if plan.fuzzy or plan.prefixes:
            return None
        required: list[set[int]] = []
        words = terms_of(interp.text)
        if words:
            per_word = [self._in_any_field(w) for w in words]
            required.append(
                set().union(*per_word) if plan.any_term else intersect(per_word[0], per_word[1:])
            )
        if interp.careers and plan.careers_required:
            clauses = [self._career_set(c, interp.career_words.get(c, c)) for c in interp.careers]
            required.append(set().union(*clauses))
        if not required:
            return self.snap.live
        return intersect(required[0], required[1:])

    def _in_any_field(self, term: str) -> set[int]:
        return self.snap.cached(
            ("any", term),
            lambda: set().union(*(self.snap.docs_with(f, term) for f in FIELD_BOOSTS)),
        )

    def _career_set(self, name: str, words: str) -> set[int]:
        """Documents tagged with the career, or with its typed words as a phrase in a field."""
        return self.snap.cached(
            ("career", name, words),
            lambda: self._docs(career_clause(name, words)) | self.snap.docs_with("careers", name),
        )

    def _docs(self, q: wq.Query) -> set[int]:
        return set(self.snap.searcher.docs_for_query(q))

    def _explicit(self, query: SearchQuery) -> dict[str, set[int]]:
        out: dict[str, set[int]] = {}
        for name, values in query.filters().items():
            if values:
                column = self.snap.postings.get(name, {})
                out[name] = set().union(*(column.get(v, set()) for v in values))
        return out

    def _articles_mentioning(self, words: list[str]) -> set[int]:
        terms = terms_of(" ".join(words))
        if not terms:
            return set()
        fields = ("title", "summary", "body")
        mention = wq.And([wq.Or([wq.Term(f, t) for f in fields]) for t in terms])
        return self._docs(mention) & self.snap.postings.get("kind", {}).get("article", set())

    def _place(self, place: PlaceFilter) -> set[int]:
        """Programs in the place (within its radius when it has coordinates), and articles
        that mention it."""
        postings = self.snap.postings
        locations = postings.get("location", {})
        if place.state_only:
            programs = set(postings.get("state", {}).get(place.label, set()))
            state = us.states.lookup(place.label)
            words = [str(state.name)] if state else list(place.words)
            return programs | self._articles_mentioning(words)
        if place.lat is None or place.lon is None:
            programs = set(locations.get(place.label, set()))
        else:
            centre = (place.lat, place.lon)
            programs = set()
            for label, coords in self.snap.places.items():
                if coords is not None and miles(centre, coords) <= place.radius_miles:
                    programs |= locations.get(label, set())
        return programs | self._articles_mentioning([place.label.split(", ")[0]])

    def _derived(self, interp: Interpretation) -> dict[str, set[int]]:
        out: dict[str, set[int]] = {}
        if interp.place is not None:
            out["place"] = self._place(interp.place)
        if interp.online:
            online = self.snap.postings.get("format", {}).get("online", set())
            out["online"] = set(online) | self._articles_mentioning(["online"])
        if interp.max_cost is not None:
            out["cost"] = self._docs(wq.NumericRange("cost_usd", 0, interp.max_cost))
        if interp.max_weeks is not None:
            out["length"] = self._docs(wq.NumericRange("duration_weeks", 0, interp.max_weeks))
        return out

    # -- facets, panel -----------------------------------------------------------------------

    def facets(self, matched: Matched, query: SearchQuery) -> dict[str, list[FacetValue]]:
        assert isinstance(matched, WhooshMatched)
        filters = {**matched.explicit, **matched.derived}
        return facet_counts(self.snap, query, matched.matches, filters)

    def program_counts(self, matched: Matched, careers: list[str]) -> dict[str, int]:
        assert isinstance(matched, WhooshMatched)
        programs = self.snap.postings.get("kind", {}).get("program", set())
        scope = intersect(programs, list(matched.derived.values()))
        tagged = self.snap.postings.get("careers", {})
        return {name: len(scope & tagged.get(name, set())) for name in careers}

    # -- a page of hits ----------------------------------------------------------------------

    def page(self, matched: Matched, query: SearchQuery) -> list[Hit]:
        assert isinstance(matched, WhooshMatched)
        snap = self.snap
        offset = (query.page - 1) * query.per_page
        if offset >= matched.total:
            return []
        place = matched.interp.place
        geo = place is not None and place.lat is not None and query.sort == "relevance"
        limit = max(offset + query.per_page, GEO_RERANK_DEPTH if geo else 0)
        kwargs: dict[str, object] = {"filter": matched.hits, "limit": limit}
        if query.sort in SORT_FIELDS:
            name, reverse = SORT_FIELDS[query.sort]
            kwargs["sortedby"] = sorting.FieldFacet(name, reverse=reverse)
        results = snap.searcher.search(matched.ranking_query, **kwargs)
        ranked = [(hit.docnum, float(hit.score or 0.0), hit) for hit in results[:limit]]
        distances = {docnum: self._distance(place, docnum) for docnum, _, _ in ranked}
        if geo and place is not None:
            ranked = [
                (d, s * geo_factor(distances[d], place.radius_miles), h) for d, s, h in ranked
            ]
            ranked.sort(key=lambda r: -r[1])
        hits = []
        for n, (docnum, score, hit) in enumerate(ranked[offset : offset + query.per_page]):
            doc = from_stored(hit.fields())
            # Explaining re-scores a hit once per component: the first page's worth only.
            wanted = query.explain and n < MAX_EXPLAIN
            explain = self._explain(matched, docnum, score) if wanted else None
            if explain is not None and geo and place is not None:
                explain["geo_factor"] = round(geo_factor(distances[docnum], place.radius_miles), 3)
            hits.append(
                Hit.from_document(
                    doc,
                    snippet=make_snippet([doc.summary, doc.body], matched.terms),
                    score=score,
                    distance_miles=distances[docnum],
                    explain=explain,
                )
            )
        return hits

    def _distance(self, place: PlaceFilter | None, docnum: int) -> float | None:
        if place is None or place.lat is None or place.lon is None:
            return None
        coords = self.snap.places.get(self.snap.location_of.get(docnum, ""))
        return round(miles((place.lat, place.lon), coords), 1) if coords else None

    def _explain(self, matched: WhooshMatched, docnum: int, final: float) -> dict[str, float]:
        """Each scoring component's score for one document, for editors (``explain=1``)."""
        parts: dict[str, float] = {}
        for name, component in matched.components.items():
            found = self.snap.searcher.search(component, filter={docnum}, limit=1)
            parts[name] = round(float(found[0].score), 3) if len(found) else 0.0
        parts["total"] = round(final, 3)
        return parts

"""The embedded Whoosh engine: long-lived snapshots per generation; matching, scoring and facet
counts as numpy operations over arrays read from the index (``arrays``,
``scoring``) with Whoosh's own formula; Whoosh itself explains scores (``explain=1``)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt
import us
from whoosh import query as wq

from indexer import geo
from indexer.fields import NO_VALUE, from_stored
from indexer.geo import miles
from indexer.models import Document
from indexer.taxonomy import Taxonomy
from search_app.engines.base import Matched
from search_app.engines.common.ranking import geo_factor
from search_app.engines.common.snippets import make_snippet
from search_app.engines.common.spelling import Speller
from search_app.engines.common.terms import terms_of
from search_app.engines.types import Interpretation, PlaceFilter, Plan
from search_app.engines.whoosh.arrays import Floats, Mask, numeric_column
from search_app.engines.whoosh.facets import facet_counts, intersect
from search_app.engines.whoosh.query import build
from search_app.engines.whoosh.scoring import top
from search_app.engines.whoosh.snapshot import IndexHolder, Snapshot
from search_app.engines.whoosh.suggest import suggest
from search_app.query import MAX_EXPLAIN, SearchQuery
from search_app.results import FacetValue, Hit, Suggestion, ValueRange

SORT_FIELDS = {
    "cost": ("cost_sort", False),
    "duration": ("duration_sort", False),
    "newest": ("published_sort", True),
}
GEO_RERANK_DEPTH = 300
Ranked = tuple[int, float]  # (document number, score)


@dataclass
class WhooshMatched:
    interp: Interpretation
    plan: Plan
    matches: Mask  # the words alone
    explicit: dict[str, Mask]  # the person's facet filters
    derived: dict[str, Mask]  # what the words implied: place, online, cost, length
    hits: Mask  # everything applied
    scores: Floats  # each document's score (meaningless outside ``hits``)
    components: dict[str, wq.Query] = field(default_factory=dict)
    terms: set[str] = field(default_factory=set)
    total: int = 0

    def __post_init__(self) -> None:
        self.total = int(np.count_nonzero(self.hits))


class WhooshEngine:
    def __init__(self, index_dir: Path) -> None:
        self.holder = IndexHolder(index_dir)
        geo.use_cache(index_dir)  # the builds' compact place tables ("near yonkers")

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
        ranking = build(interp, plan, snap.scorer.expand)
        matches, scores = snap.scorer.evaluate(interp, plan)
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
            scores,
            ranking.components,
            ranking.terms,
        )

    def _explicit(self, query: SearchQuery) -> dict[str, Mask]:
        columns = self.snap.columns
        return {
            name: columns.facet(name).mask(values, columns.size)
            for name, values in query.filters().items()
            if values
        }

    def _place(self, place: PlaceFilter) -> Mask:
        """Programs in the place (within its radius when it has coordinates), and articles
        that mention it; computed once per generation and place (relaxation asks again)."""
        key: tuple[object, ...] = (
            "place",
            place.label,
            place.state_only,
            place.lat,
            place.lon,
            place.radius_miles,
            place.any_article,
            *place.words,
        )
        return self.snap.scorer.cache.get(key, lambda: self._place_mask(place), lambda m: m.nbytes)

    def _place_mask(self, place: PlaceFilter) -> Mask:
        columns = self.snap.columns
        mask = self._place_programs(place)
        if place.any_article:
            return mask | columns.facet("kind").mask(["article"], columns.size)
        return mask

    def _place_programs(self, place: PlaceFilter) -> Mask:
        columns, scorer = self.snap.columns, self.snap.scorer
        if place.state_only:
            programs = columns.facet("state").mask([place.label], columns.size)
            state = us.states.lookup(place.label)
            words = [str(state.name)] if state else list(place.words)
            return programs | scorer.mentions(words)
        if place.lat is None or place.lon is None:
            labels = [place.label]
        else:
            centre = (place.lat, place.lon)
            labels = [
                label
                for label, coords in self.snap.places.items()
                if coords is not None and miles(centre, coords) <= place.radius_miles
            ]
        programs = columns.facet("location").mask(labels, columns.size)
        return programs | scorer.mentions([place.label.split(", ")[0]])

    def _at_most(self, name: str, limit: int) -> Mask:
        return self.snap.columns.live & (self._numeric(name) <= limit)

    def _numeric(self, name: str) -> npt.NDArray[np.int64]:
        columns = self.snap.columns
        found = columns.numeric.get(name)
        if found is None:
            reader = self.snap.searcher.reader()
            found = columns.numeric[name] = numeric_column(reader, name, columns.size, NO_VALUE)
        return found

    def _derived(self, interp: Interpretation) -> dict[str, Mask]:
        columns, scorer = self.snap.columns, self.snap.scorer
        out: dict[str, Mask] = {}
        if interp.place is not None:
            out["place"] = self._place(interp.place)
        if interp.online:
            online = columns.facet("format").mask(["online"], columns.size)
            out["online"] = online | scorer.mentions(["online"])
        if interp.max_cost is not None:
            out["cost"] = self._at_most("cost_sort", interp.max_cost)
        if interp.max_weeks is not None:
            out["length"] = self._at_most("duration_sort", interp.max_weeks)
        return out

    # -- facets, panel -----------------------------------------------------------------------

    def facets(self, matched: Matched, query: SearchQuery) -> dict[str, list[FacetValue]]:
        assert isinstance(matched, WhooshMatched)
        filters = {**matched.explicit, **matched.derived}
        return facet_counts(self.snap.columns, query, matched.matches, filters)

    def program_counts(self, matched: Matched, careers: list[str]) -> dict[str, int]:
        assert isinstance(matched, WhooshMatched)
        columns = self.snap.columns
        programs = columns.facet("kind").mask(["program"], columns.size)
        scope = intersect(programs, list(matched.derived.values()))
        counts = columns.facet("careers").value_counts(scope)
        return {name: counts.get(name, 0) for name in careers}

    def program_ranges(
        self, matched: Matched, careers: list[str]
    ) -> tuple[ValueRange | None, ValueRange | None]:
        assert isinstance(matched, WhooshMatched)
        columns = self.snap.columns
        programs = matched.hits & columns.facet("kind").mask(["program"], columns.size)
        if careers:
            programs &= columns.facet("careers").mask(careers, columns.size)
        out: list[ValueRange | None] = []
        for name in ("cost_sort", "duration_sort"):
            values = self._numeric(name)[programs]
            values = values[values != NO_VALUE]
            out.append(
                ValueRange(int(values.min()), int(values.max()), len(values))
                if len(values)
                else None
            )
        return out[0], out[1]

    # -- a page of hits ----------------------------------------------------------------------

    def page(self, matched: Matched, query: SearchQuery) -> list[Hit]:
        assert isinstance(matched, WhooshMatched)
        offset = (query.page - 1) * query.per_page
        if offset >= matched.total:
            return []
        place = matched.interp.place
        geo = place is not None and place.lat is not None and query.sort == "relevance"
        limit = max(offset + query.per_page, GEO_RERANK_DEPTH if geo else 0)
        ranked = self.ranked(matched, query, limit)
        distances = {docnum: self._distance(place, docnum) for docnum, _ in ranked}
        if geo and place is not None:
            ranked = [(d, s * geo_factor(distances[d], place.radius_miles)) for d, s in ranked]
            ranked.sort(key=lambda r: -r[1])
        hits = []
        for n, (docnum, score) in enumerate(ranked[offset : offset + query.per_page]):
            doc = from_stored(self.snap.searcher.stored_fields(docnum))
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

    def ranked(self, matched: WhooshMatched, query: SearchQuery, limit: int) -> list[Ranked]:
        """The best ``limit`` (document, score) pairs, by relevance or by the chosen sort."""
        candidates = np.flatnonzero(matched.hits).astype(np.int32)
        if query.sort in SORT_FIELDS:
            name, reverse = SORT_FIELDS[query.sort]
            keys = self._numeric(name)[candidates]
            order = np.lexsort((candidates, -keys if reverse else keys))[:limit]
            return [(int(candidates[i]), float(matched.scores[candidates[i]])) for i in order]
        return top(candidates, matched.scores, limit)

    def _distance(self, place: PlaceFilter | None, docnum: int) -> float | None:
        if place is None or place.lat is None or place.lon is None:
            return None
        code = int(self.snap.columns.location_code[docnum])
        if code < 0:
            return None
        coords = self.snap.places.get(self.snap.columns.facet("location").values[code])
        return round(miles((place.lat, place.lon), coords), 1) if coords else None

    def _explain(self, matched: WhooshMatched, docnum: int, final: float) -> dict[str, float]:
        """Each scoring component's score for one document, for editors (``explain=1``)."""
        parts: dict[str, float] = {}
        for name, component in matched.components.items():
            found = self.snap.searcher.search(component, filter={docnum}, limit=1)
            parts[name] = round(float(found[0].score), 3) if len(found) else 0.0
        parts["total"] = round(final, 3)
        return parts

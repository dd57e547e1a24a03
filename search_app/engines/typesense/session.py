"""One request's view of a Typesense collection: matching, facet counts, the career panel's
figures and a page of hits, each a search (or one multi-search) against that collection.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from indexer.backends.typesense.meta import generation_name
from indexer.backends.typesense.schema import FACET_FIELDS, doc_key, from_typesense
from indexer.geo import miles
from indexer.models import Document
from indexer.taxonomy import Taxonomy, fold
from search_app.engines.base import Matched
from search_app.engines.common.facets import FACETS, facet_values
from search_app.engines.common.snippets import make_snippet
from search_app.engines.common.spelling import Speller
from search_app.engines.common.suggest import named
from search_app.engines.common.terms import terms_of
from search_app.engines.types import Interpretation, Plan
from search_app.engines.typesense.generation import Generation, facet_counts
from search_app.engines.typesense.query import (
    MAX_FACET_VALUES,
    RERANK_DEPTH,
    career_clause,
    derived_clauses,
    explicit_clauses,
    join,
    one_of,
    query_words,
    snippet_html,
    sort_by,
    text_params,
)
from search_app.engines.typesense.rank import Candidate, rank
from search_app.query import SearchQuery
from search_app.results import FacetValue, Hit, Suggestion, ValueRange

if TYPE_CHECKING:
    from search_app.engines.typesense.engine import TypesenseEngine

CANDIDATE_FIELDS = "id,doc_id,kind,title,careers,location_geo"
SNIPPET_TOKENS = 12


@dataclass
class TypesenseMatched:
    interp: Interpretation
    plan: Plan
    total: int
    words: list[str]
    text: dict[str, Any]  # q and how it matches
    must: str | None  # the named careers
    explicit: dict[str, str]  # the person's facet filters
    derived: dict[str, str]  # what the words implied
    hits: list[dict[str, Any]]  # candidates (relevance) or the page (other sorts)
    facet_counts: dict[str, dict[str, int]] = field(default_factory=dict)


class TypesenseSession:
    generation: str
    created: str
    taxonomy: Taxonomy
    places: Mapping[str, tuple[float, float] | None]
    speller: Speller

    def __init__(self, engine: TypesenseEngine, generation: Generation) -> None:
        self.engine = engine
        self.gen = generation
        self.generation = generation_name(generation.collection, generation.revision)
        self.created = generation.created
        self.taxonomy = generation.taxonomy
        self.places = generation.places
        self.speller = generation.speller
        self.documents_ = generation.documents

    @property
    def documents(self) -> int:
        return self.documents_

    # -- requests --------------------------------------------------------------------------

    def _search(self, params: dict[str, Any]) -> dict[str, Any]:
        params = {k: v for k, v in params.items() if v != ""}
        found = self.engine.client.collections[self.gen.collection].documents.search(params)
        assert isinstance(found, dict)
        return found

    def _multi(self, searches: list[dict[str, Any]]) -> list[dict[str, Any]]:
        body = {
            "searches": [
                {"collection": self.gen.collection, **{k: v for k, v in s.items() if v != ""}}
                for s in searches
            ]
        }
        found = self.engine.client.multi_search.perform(body, {})
        results: list[dict[str, Any]] = list(found["results"])
        for result in results:
            if "error" in result:
                raise RuntimeError(f"Typesense search failed: {result['error']}")
        return results

    # -- simple reads ----------------------------------------------------------------------

    def get(self, doc_id: str) -> Document | None:
        documents = self.engine.client.collections[self.gen.collection].documents
        try:
            stored = documents[doc_key(doc_id)].retrieve()
        except Exception as exc:
            if type(exc).__name__ == "ObjectNotFound":
                return None
            raise
        return from_typesense(stored)

    def suggest(self, prefix: str, limit: int) -> list[Suggestion]:
        out = named(self.taxonomy, self.gen.careers, self.gen.locations, prefix, limit)
        folded = fold(prefix)
        if not folded or not terms_of(prefix) or len(out) >= limit:
            return out
        words = folded.split(" ")
        last = words[-1]
        q = [w for w in words[:-1] if terms_of(w)] + [last]
        found = self._search(
            {
                "q": " ".join(q),
                "query_by": "title",
                "prefix": "true" if len(last) >= 2 else "false",
                "num_typos": 0,
                "drop_tokens_threshold": 0,
                "per_page": limit * 3,
                "sort_by": "_text_match:desc,title_words:asc,seq:asc",
                "include_fields": "doc_id,title",
                "highlight_fields": "none",
            }
        )
        titles = {s.value.lower() for s in out}
        for hit in found.get("hits", []):
            if len(out) >= limit:
                break
            title = str(hit["document"].get("title", ""))
            if title.lower() not in titles:
                titles.add(title.lower())
                out.append(Suggestion("title", title, 1, hit["document"].get("doc_id")))
        return out

    def typing(self, raw_q: str, interp: Interpretation) -> frozenset[str]:
        words = [w for w in interp.text.split() if terms_of(w)]
        if not words or not raw_q or raw_q[-1].isspace() or len(words[-1]) < 3:
            return frozenset()
        last = words[-1]
        found = self._search(
            {
                "q": last,
                "query_by": "title,career_terms,summary,body",
                "prefix": "false",
                "num_typos": 0,
                "drop_tokens_threshold": 0,
                "per_page": 0,
            }
        )
        return frozenset() if int(found.get("found", 0)) else frozenset({last})

    # -- matching --------------------------------------------------------------------------

    def match(self, interp: Interpretation, plan: Plan, query: SearchQuery) -> TypesenseMatched:
        words = query_words(interp, plan, self.taxonomy)
        text = text_params(words, plan)
        must = career_clause(interp, self.taxonomy) if plan.careers_required else None
        explicit = explicit_clauses(query)
        derived = derived_clauses(interp)
        relevance = query.sort not in ("cost", "duration", "newest")
        found = self._search(
            {
                **text,
                "filter_by": join([must, *explicit.values(), *derived.values()]),
                "facet_by": ",".join(FACET_FIELDS),
                "max_facet_values": MAX_FACET_VALUES,
                "sort_by": sort_by(query, interp.place, words),
                "include_fields": CANDIDATE_FIELDS,
                "highlight_fields": "none",
                "per_page": RERANK_DEPTH if relevance else query.per_page,
                "page": 1 if relevance else query.page,
            }
        )
        return TypesenseMatched(
            interp=interp,
            plan=plan,
            total=int(found.get("found", 0)),
            words=words,
            text=text,
            must=must,
            explicit=explicit,
            derived=derived,
            hits=list(found.get("hits", [])),
            facet_counts=facet_counts(found),
        )

    # -- facets, panel ---------------------------------------------------------------------

    def facets(self, matched: Matched, query: SearchQuery) -> dict[str, list[FacetValue]]:
        """Disjunctive counts: a facet with a selection is counted again without its own
        filter (one more search each, in one multi-search request)."""
        assert isinstance(matched, TypesenseMatched)
        counts = dict(matched.facet_counts)
        selected = query.filters()
        again = [name for name, values in selected.items() if values]
        if again:
            searches = []
            for name in again:
                others = [c for k, c in matched.explicit.items() if k != name]
                searches.append(
                    {
                        **matched.text,
                        "filter_by": join([matched.must, *others, *matched.derived.values()]),
                        "facet_by": name,
                        "max_facet_values": MAX_FACET_VALUES,
                        "per_page": 0,
                    }
                )
            for name, result in zip(again, self._multi(searches), strict=True):
                counts[name] = facet_counts(result).get(name, {})
        out: dict[str, list[FacetValue]] = {}
        for api_name, name in FACETS.items():
            out[api_name] = facet_values(counts.get(name, {}), selected[name])
        return out

    def program_counts(self, matched: Matched, careers: list[str]) -> dict[str, int]:
        assert isinstance(matched, TypesenseMatched)
        if not careers:
            return {}
        scope = [one_of("kind", ["program"]), *matched.derived.values(), one_of("careers", careers)]
        found = self._search(
            {
                "q": "*",
                "query_by": "title",
                "filter_by": join(scope),
                "facet_by": "careers",
                "max_facet_values": MAX_FACET_VALUES,
                "per_page": 0,
            }
        )
        column = facet_counts(found).get("careers", {})
        return {name: column.get(name, 0) for name in careers}

    def program_ranges(
        self, matched: Matched, careers: list[str]
    ) -> tuple[ValueRange | None, ValueRange | None]:
        assert isinstance(matched, TypesenseMatched)
        scope = [
            matched.must,
            *matched.explicit.values(),
            *matched.derived.values(),
            one_of("kind", ["program"]),
            one_of("careers", careers) if careers else None,
        ]
        # The lowest and the highest of each value: the first hit sorted each way.
        fields = [("cost_usd", "cost_sort"), ("duration_weeks", "duration_sort")]
        searches = [
            {
                **matched.text,
                "filter_by": join([*scope, f"{name}:>=0"]),
                "sort_by": f"{key}:{order}",
                "include_fields": name,
                "highlight_fields": "none",
                "per_page": 1,
            }
            for name, key in fields
            for order in ("asc", "desc")
        ]
        found = self._multi(searches)
        out: list[ValueRange | None] = []
        for n, (name, _) in enumerate(fields):
            low, high = found[2 * n], found[2 * n + 1]
            count = int(low.get("found", 0))
            if count and low.get("hits") and high.get("hits"):
                lowest = int(low["hits"][0]["document"][name])
                highest = int(high["hits"][0]["document"][name])
                out.append(ValueRange(lowest, highest, count))
            else:
                out.append(None)
        return out[0], out[1]

    # -- a page of hits --------------------------------------------------------------------

    def page(self, matched: Matched, query: SearchQuery) -> list[Hit]:
        assert isinstance(matched, TypesenseMatched)
        offset = (query.page - 1) * query.per_page
        if offset >= matched.total:
            return []
        relevance = query.sort not in ("cost", "duration", "newest")
        hits = matched.hits
        if relevance:
            hits = self._candidates(matched, query, min(matched.total, offset + query.per_page))
            ranked = rank(matched.interp, [Candidate.of(h) for h in hits], query.sort)
            chosen = ranked[offset : offset + query.per_page]
        else:
            chosen = rank(matched.interp, [Candidate.of(h) for h in hits], query.sort)
        full = self._documents(matched, [c.key for c in chosen])
        out: list[Hit] = []
        for candidate in chosen:
            stored = full.get(candidate.key)
            if stored is None:  # removed since it matched (an incremental update)
                continue
            document, highlights = stored
            doc = from_typesense(document)
            out.append(
                Hit.from_document(
                    doc,
                    snippet=self._snippet(doc, highlights, matched),
                    score=candidate.score,
                    distance_miles=self._distance(matched, candidate),
                    explain=candidate.parts if query.explain else None,
                )
            )
        return out

    def _candidates(
        self, matched: TypesenseMatched, query: SearchQuery, need: int
    ) -> list[dict[str, Any]]:
        """The first ``need`` candidates by text relevance (beyond one Typesense page, more
        pages of it)."""
        hits = list(matched.hits)
        while len(hits) < need:
            found = self._search(
                {
                    **matched.text,
                    "filter_by": join(
                        [matched.must, *matched.explicit.values(), *matched.derived.values()]
                    ),
                    "sort_by": sort_by(query, matched.interp.place, matched.words),
                    "include_fields": CANDIDATE_FIELDS,
                    "highlight_fields": "none",
                    "per_page": RERANK_DEPTH,
                    "page": len(hits) // RERANK_DEPTH + 1,
                }
            )
            more = list(found.get("hits", []))
            if not more:
                break
            hits.extend(more)
        return hits

    def _documents(
        self, matched: TypesenseMatched, keys: list[str]
    ) -> dict[str, tuple[dict[str, Any], list[dict[str, Any]]]]:
        """The page's documents whole, with highlights for the same words."""
        if not keys:
            return {}
        start, end = self.engine.tags
        found = self._search(
            {
                **matched.text,
                "filter_by": f"id:=[{','.join(keys)}]",
                "per_page": len(keys),
                "highlight_fields": "summary,body",
                "highlight_affix_num_tokens": SNIPPET_TOKENS,
                "highlight_start_tag": start,
                "highlight_end_tag": end,
            }
        )
        out = {}
        for hit in found.get("hits", []):
            document = hit["document"]
            out[str(document["id"])] = (document, list(hit.get("highlights") or []))
        missing = [k for k in keys if k not in out]
        documents = self.engine.client.collections[self.gen.collection].documents
        for key in missing:  # matched on words Typesense dropped or fixed: fetch it plainly
            with contextlib.suppress(Exception):
                out[key] = (documents[key].retrieve(), [])
        return out

    def _snippet(
        self, doc: Document, highlights: list[dict[str, Any]], matched: TypesenseMatched
    ) -> str:
        start, end = self.engine.tags
        by_field = {str(h.get("field")): h for h in highlights if h.get("snippet")}
        for name, text in (("summary", doc.summary), ("body", doc.body)):
            found = by_field.get(name)
            if found and found.get("matched_tokens"):
                return snippet_html(str(found["snippet"]), text, start, end)
        # No words in q (careers and places only): mark the career's words ourselves.
        interp = matched.interp
        terms = set(terms_of(" ".join([interp.text, *interp.career_words.values()])))
        return make_snippet([doc.summary, doc.body], terms)

    def _distance(self, matched: TypesenseMatched, candidate: Candidate) -> float | None:
        place = matched.interp.place
        if place is None or place.lat is None or place.lon is None or candidate.geo is None:
            return None
        return round(miles((place.lat, place.lon), candidate.geo), 1)

"""Programs to recommend beside an article, and guides to read next.

``recommend(service, request)`` is a plain function returning dataclasses, so the API and, later,
a page view call the same thing. It asks the one search service (so any engine answers alike):
for each of the article's careers, the programs of that career ranked by fit (the career's name
as the query, so programs that are plainly about it come first; a program that serves several of
the article's careers first of all). With a place, the programs within the radius come nearest
first, then that career's online programs, labelled. A comparison article's careers take turns,
so the first few recommendations cover both. Answers are cached per index generation.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

from indexer.models import Document
from indexer.taxonomy import Taxonomy
from search_app import distances
from search_app.engines.types import DEFAULT_RADIUS_MILES
from search_app.params import Param, check_depth, check_needs, parse
from search_app.places import resolve_place
from search_app.query import (
    MAX_PER_PAGE,
    MAX_VALUE_CHARS,
    NEAR_EXAMPLE,
    NEAR_HELP,
    Args,
    QueryError,
    SearchQuery,
    near_param,
    page_params,
)
from search_app.results import Hit
from search_app.search import SearchService

MAX_DEPTH = 200  # page × per_page: how far "More recommendations" goes
PER_CAREER = 100  # programs fetched per career and place (two pages of the search service)
RELATED = 3
MAX_RADIUS_MILES = 200
CACHE_SIZE = 256


class DocNotFound(LookupError):
    """``doc`` names no document of the index in service: the API answers 404."""

    def __init__(self, ref: str) -> None:
        shown = ref if len(ref) <= 80 else ref[:80] + "…"
        super().__init__(f"doc: no document has the id or URL '{shown}'")


@dataclass(frozen=True)
class RecommendRequest:
    doc: str | None = None
    careers: tuple[str, ...] = ()  # for a page that is not indexed
    near: str | None = None
    radius: int = DEFAULT_RADIUS_MILES
    page: int = 1
    per_page: int = 6
    explain: bool = False


@dataclass
class Recommendation:
    """A program, the article career it is recommended for, and why."""

    program: Hit
    career: str
    online: bool
    reason: str  # "Phlebotomy Technician · 3.2 miles from Newark, NJ", "EKG Technician · online"
    why: dict[str, Any] | None = None  # explain=1: career match, distance, online, fit rank

    def to_json(self) -> dict[str, Any]:
        data = self.program.to_json()
        data.pop("snippet", None)  # the query was the career's name: nothing worth marking
        data.update(career=self.career, online=self.online, reason=self.reason)
        if self.why is not None:
            data["why"] = self.why
        return data


@dataclass
class Guide:
    """A related article: it shares ``shared`` careers with the document."""

    id: str
    title: str
    url: str
    careers: list[str]
    shared: list[str]

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Recommendations:
    doc: dict[str, str] | None  # id, title, kind of the document, when one was named
    careers: list[str]
    near: dict[str, Any] | None  # {"place": "Newark, NJ", "radius_miles": 25}
    total: int
    page: int
    per_page: int
    programs: list[Recommendation]
    related: list[Guide]
    generation: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def more(self) -> bool:
        return self.page * self.per_page < self.total

    def to_json(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "careers": self.careers,
            "near": self.near,
            "total": self.total,
            "page": self.page,
            "per_page": self.per_page,
            "more": self.more,
            "notes": self.notes,
            "programs": [r.to_json() for r in self.programs],
            "related": [g.to_json() for g in self.related],
        }


RECOMMEND_PARAMS = (
    Param(
        "doc",
        "The document: its id, its /doc/<id> address, or an article's canonical URL. "
        "Give `doc` or `careers`. Not in the index: 404.",
        chars=2 * MAX_VALUE_CHARS,
    ),
    Param(
        "careers",
        "For a page that is not indexed: career names, aliases or SOC codes (repeatable or "
        "comma-separated). An unknown career is a 400 naming `careers`.",
        kind="list",
        chars=4 * MAX_VALUE_CHARS,
        split=",",
    ),
    near_param(NEAR_HELP),
    Param(
        "radius",
        "Miles around `near` (needs `near`).",
        kind="int",
        default=DEFAULT_RADIUS_MILES,
        high=MAX_RADIUS_MILES,
    ),
    *page_params(6, MAX_DEPTH, "Programs"),
    Param(
        "explain",
        "1: each program carries `why` (career match, distance, online, fit rank).",
        kind="flag",
    ),
)


def parse_recommend_args(args: Args) -> RecommendRequest:
    """A RecommendRequest from request arguments; every bad value is a QueryError naming it."""
    values = parse(args, RECOMMEND_PARAMS)
    if values["doc"] and values["careers"]:
        raise QueryError("careers", "give doc or careers, not both")
    if not values["doc"] and not values["careers"]:
        raise QueryError("doc", "give doc (a document's id or URL) or careers")
    check_needs(args, "radius", values["near"], "near", NEAR_EXAMPLE)
    check_depth(values["page"], values["per_page"], MAX_DEPTH)
    return RecommendRequest(**values)


def canonical_careers(values: tuple[str, ...], taxonomy: Taxonomy) -> list[str]:
    """Career names, aliases, slugs or SOC codes -> canonical names; an unknown one is a 400."""
    out: list[str] = []
    for value in values:
        career = taxonomy.resolve(value)
        if career is None:
            shown = value if len(value) <= 60 else value[:60] + "…"
            raise QueryError("careers", f"unknown career '{shown}': use a name from the taxonomy")
        if career.name not in out:
            out.append(career.name)
    return out


class Recommender:
    """``recommend`` with a cache of whole answers, keyed by index generation and request."""

    def __init__(self, service: SearchService, size: int = CACHE_SIZE) -> None:
        self.service = service
        self.size = size
        self._cache: OrderedDict[tuple[str, RecommendRequest], Recommendations] = OrderedDict()
        self._lock = threading.Lock()

    def recommend(self, request: RecommendRequest) -> Recommendations:
        generation = self.service.health().generation
        key = (generation, request)
        with self._lock:
            found = self._cache.get(key)
            if found is not None:
                self._cache.move_to_end(key)
                return found
        answer = recommend(self.service, request)
        if answer.generation == generation:
            with self._lock:
                self._cache[key] = answer
                while len(self._cache) > self.size:
                    self._cache.popitem(last=False)
        return answer


def recommend(service: SearchService, request: RecommendRequest) -> Recommendations:
    """Programs for the careers of ``request.doc`` (or ``request.careers``), and related guides."""
    with service.engine.session() as session:
        taxonomy = session.taxonomy
        generation = session.generation
    doc_info: dict[str, str] | None = None
    exclude: set[str] = set()
    if request.doc is not None:
        doc = find_document(service, request.doc)
        doc_info = {"id": doc.id, "title": doc.title, "kind": doc.kind}
        exclude.add(doc.id)
        careers = [c for c in doc.careers if taxonomy.get(c) is not None] or list(doc.careers)
    else:
        careers = canonical_careers(request.careers, taxonomy)
    near = None
    place_label = None
    if request.near is not None:
        place = resolve_place(service, request.near)
        place_label = place.label
        near = {"place": place.label, "radius_miles": request.radius}
    notes: list[str] = []
    if not careers:
        notes.append("this document names no career, so there is nothing to recommend")
    ranked = _interleave(
        [_programs_for(service, c, careers, place_label, request, notes) for c in careers],
        exclude,
    )
    start = (request.page - 1) * request.per_page
    return Recommendations(
        doc=doc_info,
        careers=careers,
        near=near,
        total=len(ranked),
        page=request.page,
        per_page=request.per_page,
        programs=ranked[start : start + request.per_page],
        related=_related(service, careers, exclude),
        generation=generation,
        notes=notes,
    )


def find_document(service: SearchService, ref: str) -> Document:
    """The document ``ref`` names: its id, its ``/doc/<id>`` address (relative or absolute), or
    an article's canonical URL."""
    candidates = [ref]
    parts = urlsplit(ref)
    if "/doc/" in parts.path:
        candidates.insert(0, unquote(parts.path.split("/doc/", 1)[1]))
    for candidate in candidates:
        if candidate and len(candidate) <= 300:
            found = service.get(candidate)
            if found is not None:
                return found
    if parts.scheme in ("http", "https"):
        doc_id = _article_urls(service).get(ref.rstrip("/"))
        if doc_id is not None:
            found = service.get(doc_id)
            if found is not None:
                return found
    raise DocNotFound(ref)


def _article_urls(service: SearchService) -> dict[str, str]:
    """Canonical URL -> id of every article (pages of the search service; cached with them)."""
    out: dict[str, str] = {}
    for page in range(1, 1000 // MAX_PER_PAGE + 1):
        found = service.search(SearchQuery(kinds=("article",), page=page, per_page=MAX_PER_PAGE))
        for hit in found.results:
            out.setdefault(hit.url.rstrip("/"), hit.id)
        if page * MAX_PER_PAGE >= found.total:
            break
    return out


def _programs_for(
    service: SearchService,
    career: str,
    careers: list[str],
    place: str | None,
    request: RecommendRequest,
    notes: list[str],
) -> list[Recommendation]:
    """One career's programs in recommendation order."""
    base = SearchQuery(q=career, careers=(career,), kinds=("program",), per_page=MAX_PER_PAGE)
    local: list[Hit] = []
    if place is not None:
        local = _fetch(service, base.with_(near=place, radius=request.radius))
        local = [h for h in local if h.distance_miles is not None and h.format != "online"]
        if not local:
            notes.append(f"no {career} programs within {request.radius} miles of {place}")
        remote = _fetch(service, base.with_(formats=("online",)))
        hits = sorted(local, key=lambda h: h.distance_miles or 0.0) + remote
    else:
        hits = _fetch(service, base)
    # A program that serves more of the document's careers fits it better; otherwise fit order.
    order = {h.id: n for n, h in enumerate(hits)}
    if place is None:
        hits.sort(key=lambda h: (-len(set(h.careers) & set(careers)), order[h.id]))
    out = []
    for rank, hit in enumerate(hits, 1):
        online = hit.format == "online" or hit.location == "Online"
        where = "online" if online else distances.phrase(hit.distance_miles, place, hit.location)
        why = None
        if request.explain:
            why = {
                "career_match": sorted(set(hit.careers) & set(careers)),
                "recommended_for": career,
                "fit_rank": rank,
                "fit_score": hit.score,
                "distance_miles": hit.distance_miles,
                "radius_miles": request.radius if place is not None else None,
                "online": online,
            }
        reason = " · ".join(p for p in (career, where) if p)
        out.append(Recommendation(hit, career, online, reason, why))
    return out


def _fetch(service: SearchService, query: SearchQuery) -> list[Hit]:
    """Up to PER_CAREER hits of ``query``; none when the service had to relax it (a place with
    no programs near it must not turn into programs everywhere)."""
    hits: list[Hit] = []
    for page in range(1, PER_CAREER // MAX_PER_PAGE + 1):
        found = service.search(query.with_(page=page))
        if found.relaxed:
            return []
        hits.extend(found.results)
        if page * query.per_page >= found.total:
            break
    return hits


def _interleave(lists: list[list[Recommendation]], exclude: set[str]) -> list[Recommendation]:
    """Each career's next program in turn; a program already listed is not listed again."""
    seen = set(exclude)
    out: list[Recommendation] = []
    positions = [0] * len(lists)
    while any(p < len(items) for p, items in zip(positions, lists, strict=True)):
        for n, items in enumerate(lists):
            while positions[n] < len(items):
                candidate = items[positions[n]]
                positions[n] += 1
                if candidate.program.id not in seen:
                    seen.add(candidate.program.id)
                    out.append(candidate)
                    break
    return out


def _related(service: SearchService, careers: list[str], exclude: set[str]) -> list[Guide]:
    """Up to RELATED articles sharing a career, those sharing the most first."""
    if not careers:
        return []
    found = service.search(SearchQuery(careers=tuple(careers), kinds=("article",), per_page=20))
    hits = [h for h in found.results if h.id not in exclude and set(h.careers) & set(careers)]
    chosen: list[Hit] = []
    covered: set[str] = set()
    wanted = set(careers)
    while hits and len(chosen) < RELATED:
        # most shared careers first; among equals, one that covers a career not yet covered
        best = max(
            hits,
            key=lambda h: (len(wanted & set(h.careers)), bool(wanted & set(h.careers) - covered)),
        )
        hits.remove(best)
        chosen.append(best)
        covered |= wanted & set(best.careers)
    return [
        Guide(h.id, h.title, h.url, h.careers, [c for c in careers if c in h.careers])
        for h in chosen
    ]

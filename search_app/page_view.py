"""What the search page shows, composed from several searches of the one search function.

The API answers one query; a reader on the page needs more from it: the career their words named
applied as the career filter (other careers only in a labelled "Related careers" group),
programs and career guides apart, and on a page with no results the ways forward, each with how
many results it leads to. Everything here is engine-neutral: it only calls ``SearchService``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from search_app.query import SearchQuery
from search_app.results import FacetValue, Hit, SearchResults
from search_app.search import SearchService

GUIDES_ON_MIXED_PAGE = 3  # career guides shown beside the programs before "All N career guides"
RELATED_SHOWN = 3  # programs of related careers shown under the named career's results
POPULAR_CAREERS = 5


@dataclass
class WayForward:
    """A search that finds something, offered when the reader's own search found nothing."""

    label: str
    query: SearchQuery
    count: int


@dataclass
class PageView:
    query: SearchQuery  # as the reader asked; every link on the page is built from it
    effective: SearchQuery  # with the career the words named as the career filter
    results: SearchResults  # the whole search: totals, facets, chips, career panel
    named: tuple[str, ...] = ()  # careers the words named and that now filter the results
    programs: SearchResults | None = None
    guides: SearchResults | None = None
    related: list[Hit] = field(default_factory=list)
    ways: list[WayForward] = field(default_factory=list)
    popular: list[FacetValue] = field(default_factory=list)
    popular_place: str | None = None

    @property
    def kind_counts(self) -> dict[str, int]:
        return {v.value: v.count for v in self.results.facets.get("kind", [])}

    @property
    def guides_first(self) -> bool:
        """Guides lead when the best guide outranks the best program (a 'salary' question)."""
        if not self.guides or not self.guides.results:
            return False
        if not self.programs or not self.programs.results:
            return True
        return self.guides.results[0].score > self.programs.results[0].score


def named_careers(query: SearchQuery, results: SearchResults) -> tuple[str, ...]:
    """Careers the words named that act as the career filter (unless the reader chose careers
    themselves, or switched the career reading off)."""
    if query.careers or "career" in query.ignore:
        return ()
    careers = results.interpreted.get("careers") or []
    return tuple(str(c) for c in careers)


def _as_shown(
    service: SearchService, query: SearchQuery
) -> tuple[SearchQuery, SearchResults, tuple[str, ...]]:
    """The search the page shows for ``query``: with the named career as its filter when that
    finds something."""
    asked = service.search(query)
    named = named_careers(query, asked)
    if named:
        filtered = service.search(query.with_(careers=named))
        if filtered.total:
            return query.with_(careers=named), filtered, named
    return query, asked, ()


def build_view(service: SearchService, query: SearchQuery) -> PageView:
    effective, results, named = _as_shown(service, query)
    view = PageView(query=query, effective=effective, results=results, named=named)
    if results.total == 0:
        _ways_forward(service, view)
        return view
    if not query.kinds:
        counts = view.kind_counts
        if counts.get("program"):
            view.programs = service.search(effective.with_(kinds=("program",)))
        if counts.get("article"):
            view.guides = service.search(
                effective.with_(kinds=("article",), page=1, per_page=GUIDES_ON_MIXED_PAGE)
            )
    elif query.kinds == ("program",):
        view.programs = results
    elif query.kinds == ("article",):
        view.guides = results
    if named and query.page == 1:
        related = service.search(query.with_(page=1, per_page=20))
        view.related = [h for h in related.results if not set(h.careers) & set(named)][
            :RELATED_SHOWN
        ]
    return view


def _ways_forward(service: SearchService, view: PageView) -> None:
    """Searches near the reader's that do find something, each with its count."""
    query, results = view.query, view.results
    candidates: list[tuple[str, SearchQuery]] = []
    if results.suggestion:
        candidates.append((f"Search for “{results.suggestion}”", query.with_(q=results.suggestion)))
    for career in query.careers:
        rest = tuple(c for c in query.careers if c != career)
        candidates.append((f"Without the career “{career}”", query.with_(careers=rest)))
    for place in query.locations:
        rest = tuple(p for p in query.locations if p != place)
        candidates.append((f"Without the location “{place}”", query.with_(locations=rest)))
    if query.state:
        candidates.append((f"Without the state “{query.state}”", query.with_(state=None)))
    for fmt in query.formats:
        rest = tuple(f for f in query.formats if f != fmt)
        candidates.append((f"Without the format “{fmt}”", query.with_(formats=rest)))
    if query.kinds:
        candidates.append(("Programs and career guides", query.with_(kinds=())))
    if query.near:
        candidates.append((f"Not only near {query.near}", query.with_(near=None, radius=None)))
    if query.max_cost:
        candidates.append(("Any cost", query.with_(max_cost=None)))
    if query.max_weeks:
        candidates.append(("Any length", query.with_(max_weeks=None)))
    candidates.extend(_read_from_words(query, results))
    if query.q:
        words = (
            f"Without the words “{query.q}”"
            if query.filters() != SearchQuery().filters()
            else "Browse all programs and career guides"
        )
        candidates.append((words, query.with_(q="", raw_q="")))
    candidates.append(("All online programs", SearchQuery(formats=("online",), kinds=("program",))))
    seen: set[SearchQuery] = set()
    for label, candidate in candidates:
        first = candidate.with_(page=1)
        if first in seen:
            continue
        seen.add(first)
        total = _as_shown(service, first)[1].total
        if total:
            view.ways.append(WayForward(label, first, total))
    where = _place_of(query, results)
    near = service.search(_near(where) if where else SearchQuery(kinds=("program",)))
    view.popular = [v for v in near.facets.get("career", []) if v.count][:POPULAR_CAREERS]
    view.popular_place = where if near.total else None


def _read_from_words(query: SearchQuery, results: SearchResults) -> list[tuple[str, SearchQuery]]:
    """Ways forward from what the words were read as: the search without the words nothing was
    made of ("xyzzy welding houston" → "welding houston"), and each career they named, anywhere."""
    read = results.interpreted
    out: list[tuple[str, SearchQuery]] = []
    leftover = str(read.get("text") or "").split()
    unknown = {w.casefold() for w in leftover}
    kept = [w for w in query.q.split() if w.casefold() not in unknown]
    if leftover and kept and len(kept) < len(query.q.split()):
        rest = " ".join(kept)
        out.append((f"Without “{' '.join(leftover)}”", query.with_(q=rest, raw_q=rest)))
    for career in read.get("careers") or []:
        if isinstance(career, str) and career not in query.careers:
            out.append((f"{career}, anywhere", SearchQuery(careers=(career,))))
    return out


def _place_of(query: SearchQuery, results: SearchResults) -> str | None:
    if query.near:
        return query.near
    if query.locations and query.locations[0] != "Online":
        return query.locations[0]
    near = results.interpreted.get("near")
    if isinstance(near, dict) and near.get("place"):
        return str(near["place"])
    location = results.interpreted.get("location")
    return str(location) if location and location != "Online" else None


def _near(place: str) -> SearchQuery:
    return SearchQuery(near=place, kinds=("program",))


def popular_query(view: PageView, career: str) -> SearchQuery:
    """The search behind a "popular careers near you" link."""
    base = _near(view.popular_place) if view.popular_place else SearchQuery(kinds=("program",))
    return base.with_(careers=(career,))

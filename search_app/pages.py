"""Server-rendered pages: the search page (works with JavaScript off) and one document's page."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from urllib.parse import urlencode, urlsplit

from flask import Blueprint, abort, render_template, request

from indexer.models import Document
from indexer.urls import web_url
from search_app import distances, query_log
from search_app.article_view import (
    ArticleBody,
    article_recommendations,
    place_asked,
    split_body,
)
from search_app.engines.base import IndexMissing
from search_app.page_view import build_view, popular_query
from search_app.query import QueryError, SearchQuery, parse_args
from search_app.results import FacetValue, Hit, SearchResults
from search_app.search import service_of

bp = Blueprint("pages", __name__)

FACET_LABELS = {
    "career": "Career",
    "location": "Location",
    "state": "State",
    "format": "Format",
    "kind": "Type",
}
PARAM_OF = {"career": "careers", "location": "locations", "format": "formats", "kind": "kinds"}
SORT_LABELS = {
    "relevance": "Best match",
    "cost": "Lowest cost",
    "duration": "Shortest",
    "newest": "Newest",
}
CITIES_PER_STATE = 6
VALUES_SHOWN = 8  # facet values before "Show N more"
CITY_SEARCH_FROM = 10  # cities in the location facet before it gets a search box
SIMILAR_SHOWN = 4
SIMILAR_RADIUS_MILES = 100  # nearest first; wide enough that most programs have neighbours
FORMAT_LABELS = {"in-person": "In person", "online": "Online", "hybrid": "Hybrid"}


def search_url(query: SearchQuery, **changes: object) -> str:
    """The /search URL of ``query`` with ``changes``; the page number resets unless given."""
    changed = query.with_(**{"page": 1, **changes})
    params: list[tuple[str, str]] = []
    if changed.q:
        params.append(("q", changed.q))
    params += [("career", v) for v in changed.careers]
    params += [("location", v) for v in changed.locations]
    if changed.state:
        params.append(("state", changed.state))
    params += [("format", v) for v in changed.formats]
    params += [("kind", v) for v in changed.kinds]
    if changed.near:
        params.append(("near", changed.near))
        if changed.radius:
            params.append(("radius", str(changed.radius)))
    if changed.max_cost:
        params.append(("max_cost", str(changed.max_cost)))
    if changed.max_weeks:
        params.append(("max_weeks", str(changed.max_weeks)))
    params += [("ignore", v) for v in sorted(changed.ignore)]
    if changed.sort != "relevance":
        params.append(("sort", changed.sort))
    if changed.page != 1:
        params.append(("page", str(changed.page)))
    if changed.per_page != 10:
        params.append(("per_page", str(changed.per_page)))
    return "/search" + ("?" + urlencode(params) if params else "")


def toggle_url(query: SearchQuery, facet: str, value: str, named: tuple[str, ...] = ()) -> str:
    """The URL that selects or deselects one facet value. A career the words named is
    deselected by switching the career reading off, and stays selected beside another."""
    if facet == "career" and named:
        if value in named:
            return search_url(query, ignore=query.ignore | {"career"})
        return search_url(query, careers=(*named, value))
    if facet == "state":
        return search_url(query, state=None if query.state == value else value)
    attr = PARAM_OF[facet]
    current: tuple[str, ...] = getattr(query, attr)
    values = tuple(v for v in current if v != value) if value in current else (*current, value)
    return search_url(query, **{attr: values})


@dataclass
class StateGroup:
    """The location facet grouped by state, then city."""

    state: FacetValue
    cities: list[FacetValue] = field(default_factory=list)
    hidden: list[FacetValue] = field(default_factory=list)  # behind "Show N more"


def location_groups(results: SearchResults) -> list[StateGroup]:
    groups: dict[str, StateGroup] = {
        v.value: StateGroup(v) for v in results.facets.get("state", [])
    }
    online = [v for v in results.facets.get("location", []) if v.value == "Online"]
    for value in results.facets.get("location", []):
        state = value.value.rsplit(", ", 1)[-1] if ", " in value.value else None
        group = groups.get(state or "")
        if group is None:
            continue
        if len(group.cities) < CITIES_PER_STATE or value.selected:
            group.cities.append(value)
        else:
            group.hidden.append(value)
    ordered = sorted(groups.values(), key=lambda g: (not g.state.selected, -g.state.count))
    if online:
        ordered.insert(0, StateGroup(online[0]))
    return ordered


@bp.app_template_global()
def money(value: int | None) -> str:
    return "" if value is None else f"${value:,}"


@bp.app_template_global()
def weeks(value: int | None) -> str:
    if value is None:
        return ""
    return "1 week" if value == 1 else f"{value} weeks"


@bp.app_template_global()
def format_label(value: str | None) -> str:
    return FORMAT_LABELS.get(value or "", value or "")


def card_facts(hit: Hit) -> list[tuple[str, str, bool]]:
    """A program's facts in their fixed order: cost, length, format, place (with distance);
    each as (label, value, emphasised), unknown values left out."""
    facts: list[tuple[str, str, bool]] = []
    if hit.cost_usd is not None:
        facts.append(("Cost", money(hit.cost_usd), True))
    if hit.duration_weeks is not None:
        facts.append(("Length", weeks(hit.duration_weeks), True))
    if hit.format:
        facts.append(("Format", format_label(hit.format), False))
    if hit.location and hit.location != "Online":
        place = hit.location
        far = distances.short(hit.distance_miles)
        if far:
            place += f" · {far}"
        facts.append(("Place", place, False))
    return facts


def selected_filters(query: SearchQuery) -> list[tuple[str, str, str]]:
    """The reader's own filters as (label, value, URL that removes it)."""
    selected = [
        (FACET_LABELS[f], value, toggle_url(query, f, value))
        for f in PARAM_OF
        for value in getattr(query, PARAM_OF[f])
    ]
    if query.state:
        selected.append(("State", query.state, search_url(query, state=None)))
    if query.near:
        selected.append(("Near", query.near, search_url(query, near=None, radius=None)))
    if query.max_cost:
        selected.append(
            ("Cost", f"under {money(query.max_cost)}", search_url(query, max_cost=None))
        )
    if query.max_weeks:
        selected.append(
            ("Length", f"under {query.max_weeks} weeks", search_url(query, max_weeks=None))
        )
    return selected


def relax_notes(results: SearchResults) -> list[str]:
    """What relaxation did, without the spelling step a chip already says."""
    spelled = any(chip.kind == "spelling" for chip in results.chips)
    return [m for m in results.relaxed if not (spelled and m.startswith("showing results for"))]


@bp.get("/")
@bp.get("/search")
def search_page() -> tuple[str, int]:
    try:
        query = parse_args(request.args)
    except QueryError as error:
        return render_template("search.html", query=SearchQuery(), results=None, error=error), 400
    try:
        view = build_view(service_of(), query)
    except IndexMissing:
        return render_template("search.html", query=query, results=None, missing=True), 503
    results = view.results
    search_id = query_log.record_search("page", query, results)
    chips = [(chip, search_url(query, ignore=query.ignore | {chip.kind})) for chip in results.chips]
    return (
        render_template(
            "search.html",
            query=query,
            view=view,
            results=results,
            selected=selected_filters(query),
            chips=chips,
            relaxed=relax_notes(results),
            groups=location_groups(results),
            facet_order=["career", "format"],
            facet_labels=FACET_LABELS,
            sort_labels=SORT_LABELS,
            values_shown=VALUES_SHOWN,
            city_search_from=CITY_SEARCH_FROM,
            search_url=search_url,
            toggle_url=toggle_url,
            search_id=search_id,
            card_facts=card_facts,
            popular_query=popular_query,
            all_careers_url=search_url(query, ignore=query.ignore | {"career"}),
        ),
        200,
    )


def back_url() -> str | None:
    """The search the reader came from, when they came from one of our search pages."""
    referrer = request.referrer
    if not referrer:
        return None
    parts = urlsplit(referrer)
    if parts.netloc != request.host or parts.path not in ("/", "/search"):
        return None
    return "/search" + ("?" + parts.query if parts.query else "")


FACT_LINE_PREFIXES = (
    "Provider ", "Location ", "Address ", "Cost ", "Tuition ", "Length ", "Format ",
    "Credential ", "Hours ", "Schedule ",
)  # fmt: skip


def body_paragraphs(doc: Document) -> list[str]:
    """The body without what the page already shows: the title, the lede, and the facts a
    program page lists (shown once, in the facts table)."""
    shown = {doc.title.strip(), doc.summary.strip(), "Program facts", "Details"}
    if doc.provider and doc.location:
        shown.add(f"{doc.provider} · {doc.location}")
    out = []
    for para in (p.strip() for p in doc.body.split("\n")):
        if not para or para in shown or para in doc.summary:
            continue
        if doc.kind == "program" and para.startswith(FACT_LINE_PREFIXES) and len(para) < 200:
            continue
        out.append(para)
    return out


def similar_programs(doc: Document) -> tuple[list[Hit], SearchQuery | None]:
    """Programs for the same career nearest this one (or online ones, for an online program)."""
    if doc.kind != "program" or not doc.careers:
        return [], None
    base = SearchQuery(careers=(doc.careers[0],), kinds=("program",), per_page=SIMILAR_SHOWN + 1)
    if doc.location and doc.location != "Online" and doc.city:
        query = base.with_(near=doc.location, radius=SIMILAR_RADIUS_MILES)
    else:
        query = base.with_(formats=("online",))
    found = service_of().search(query)
    return [h for h in found.results if h.id != doc.id][:SIMILAR_SHOWN], query


@bp.get("/doc/<path:doc_id>")
def document_page(doc_id: str) -> str:
    if len(doc_id) > 300:
        abort(404)
    doc = service_of().get(doc_id)
    if doc is None:
        abort(404)
    similar, similar_query = similar_programs(doc)
    recommended = article_recommendations(doc, place_asked(request.args.get("near")))
    paragraphs = body_paragraphs(doc)
    return render_template(
        "doc.html",
        # an index built before urls were checked may still hold a javascript: or data: one
        doc=replace(doc, url=web_url(doc.url)),
        back=back_url(),
        # split where the recommendations go; a page without them keeps its text in one piece
        body=split_body(paragraphs) if recommended else ArticleBody(paragraphs, [], []),
        rec=recommended,
        search_url=search_url,
        similar=similar,
        similar_url=search_url(similar_query, per_page=10) if similar_query else None,
        card_facts=card_facts,
    )


@bp.app_errorhandler(404)
def not_found(_error: Exception) -> tuple[str, int]:
    return render_template("error.html", title="Not found", message="There is no page here."), 404


@bp.app_errorhandler(500)
def server_error(_error: Exception) -> tuple[str, int]:
    message = "Something went wrong on our side. Please try again."
    return render_template("error.html", title="Error", message=message), 500

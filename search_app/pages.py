"""Server-rendered pages: the search page (works with JavaScript off) and one document's page."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from flask import Blueprint, abort, render_template, request

from indexer.urls import web_url
from search_app import query_log
from search_app.engines.base import IndexMissing
from search_app.facets import FACETS
from search_app.query import QueryError, SearchQuery, parse_args
from search_app.results import FacetValue, SearchResults
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


def toggle_url(query: SearchQuery, facet: str, value: str) -> str:
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
    more: int = 0


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
            group.more += 1
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


@bp.get("/")
@bp.get("/search")
def search_page() -> tuple[str, int]:
    try:
        query = parse_args(request.args)
    except QueryError as error:
        return render_template("search.html", query=SearchQuery(), results=None, error=error), 400
    try:
        results = service_of().search(query)
    except IndexMissing:
        return render_template("search.html", query=query, results=None, missing=True), 503
    search_id = query_log.record_search("page", query, results)
    selected = [
        (FACET_LABELS[f], value, toggle_url(query, f, value))
        for f in PARAM_OF
        for value in getattr(query, PARAM_OF[f])
    ]
    if query.state:
        selected.append(("State", query.state, search_url(query, state=None)))
    if query.near:
        selected.append(("Near", query.near, search_url(query, near=None, radius=None)))
    chips = [(chip, search_url(query, ignore=query.ignore | {chip.kind})) for chip in results.chips]
    return (
        render_template(
            "search.html",
            query=query,
            results=results,
            selected=selected,
            chips=chips,
            groups=location_groups(results),
            facet_order=[f for f in FACETS if f not in ("location", "state")],
            facet_labels=FACET_LABELS,
            sort_labels=SORT_LABELS,
            search_url=search_url,
            toggle_url=toggle_url,
            search_id=search_id,
        ),
        200,
    )


@bp.get("/doc/<path:doc_id>")
def document_page(doc_id: str) -> str:
    if len(doc_id) > 300:
        abort(404)
    doc = service_of().get(doc_id)
    if doc is None:
        abort(404)
    # an index built before urls were checked may still hold a javascript: or data: one
    return render_template("doc.html", doc=replace(doc, url=web_url(doc.url)))


@bp.app_errorhandler(404)
def not_found(_error: Exception) -> tuple[str, int]:
    return render_template("error.html", title="Not found", message="There is no page here."), 404


@bp.app_errorhandler(500)
def server_error(_error: Exception) -> tuple[str, int]:
    message = "Something went wrong on our side. Please try again."
    return render_template("error.html", title="Error", message=message), 500

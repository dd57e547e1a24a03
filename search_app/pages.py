"""Server-rendered pages: the search page (works with JavaScript off) and one document's page."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, abort, render_template, request

from search_app.engine import IndexMissing
from search_app.query import QueryError, SearchQuery, parse_args
from search_app.search import FACETS, service_of

bp = Blueprint("pages", __name__)

FACET_LABELS = {"career": "Career", "location": "Location", "format": "Format", "kind": "Type"}
PARAM_OF = {"career": "careers", "location": "locations", "format": "formats", "kind": "kinds"}
SORT_LABELS = {
    "relevance": "Best match",
    "cost": "Lowest cost",
    "duration": "Shortest",
    "newest": "Newest",
}


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
    if changed.sort != "relevance":
        params.append(("sort", changed.sort))
    if changed.page != 1:
        params.append(("page", str(changed.page)))
    if changed.per_page != 10:
        params.append(("per_page", str(changed.per_page)))
    return "/search" + ("?" + urlencode(params) if params else "")


def toggle_url(query: SearchQuery, facet: str, value: str) -> str:
    attr = PARAM_OF[facet]
    current: tuple[str, ...] = getattr(query, attr)
    values = tuple(v for v in current if v != value) if value in current else (*current, value)
    return search_url(query, **{attr: values})


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
    selected = [
        (FACET_LABELS[f], value, toggle_url(query, f, value))
        for f in FACETS
        for value in getattr(query, PARAM_OF[f])
    ]
    if query.state:
        selected.append(("State", query.state, search_url(query, state=None)))
    return (
        render_template(
            "search.html",
            query=query,
            results=results,
            selected=selected,
            facet_labels=FACET_LABELS,
            sort_labels=SORT_LABELS,
            search_url=search_url,
            toggle_url=toggle_url,
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
    return render_template("doc.html", doc=doc)


@bp.app_errorhandler(404)
def not_found(_error: Exception) -> tuple[str, int]:
    return render_template("error.html", title="Not found", message="There is no page here."), 404


@bp.app_errorhandler(500)
def server_error(_error: Exception) -> tuple[str, int]:
    message = "Something went wrong on our side. Please try again."
    return render_template("error.html", title="Error", message=message), 500

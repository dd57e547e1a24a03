"""The "Match me to a program" page, /match: a GET form (works with JavaScript off; the URL holds
its state) and the ranked programs with a one-line reason each."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, render_template, request

from search_app.engines.base import IndexMissing
from search_app.engines.types import DEFAULT_RADIUS_MILES
from search_app.match import MatchRequest, match_programs, parse_match_args
from search_app.query import QueryError
from search_app.search import service_of

bp = Blueprint("match", __name__)

RADII = (10, 25, 50, 100)
LABELS = {
    "q": "What you would like to train for",
    "near": "Place",
    "radius": "Distance",
    "online": "Online",
    "max_cost": "Budget",
    "max_weeks": "Length",
    "page": "Page",
    "per_page": "Programs per page",
}


def match_url(wanted: MatchRequest, page: int) -> str:
    """The /match URL of ``wanted`` at ``page``."""
    params: list[tuple[str, str]] = []
    if wanted.q:
        params.append(("q", wanted.q))
    if wanted.near:
        params.append(("near", wanted.near))
    if wanted.radius != DEFAULT_RADIUS_MILES:
        params.append(("radius", str(wanted.radius)))
    if wanted.online:
        params.append(("online", "1"))
    if wanted.max_cost:
        params.append(("max_cost", str(wanted.max_cost)))
    if wanted.max_weeks:
        params.append(("max_weeks", str(wanted.max_weeks)))
    if wanted.per_page != 10:
        params.append(("per_page", str(wanted.per_page)))
    if page != 1:
        params.append(("page", str(page)))
    return "/match" + ("?" + urlencode(params) if params else "")


@bp.get("/match")
def match_page() -> tuple[str, int]:
    form = {k: request.args.get(k, "") for k in ("q", "near", "radius", "max_cost", "max_weeks")}
    form["online"] = request.args.get("online", "")
    context = {
        "form": form,
        "radii": RADII,
        "default_radius": DEFAULT_RADIUS_MILES,
        "labels": LABELS,
    }
    try:
        wanted = parse_match_args(request.args, require=False)
        if wanted.empty:
            return render_template("match.html", **context), 200
        found = match_programs(service_of(), wanted)
    except QueryError as error:
        return render_template("match.html", error=error, **context), 400
    except IndexMissing:
        return render_template("match.html", missing=True, **context), 503
    return (
        render_template("match.html", found=found, wanted=wanted, match_url=match_url, **context),
        200,
    )

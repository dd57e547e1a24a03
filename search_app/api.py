"""The versioned JSON API: /api/v1/search, /suggest, /recommend, /match, /health and
/openapi.json."""

from __future__ import annotations

from dataclasses import asdict

from flask import Blueprint, Response, current_app, jsonify, request

from search_app import openapi, query_log
from search_app.engines.base import IndexMissing
from search_app.match import match_programs, parse_match_args
from search_app.params import parse
from search_app.query import SOURCE_PARAM, SUGGEST_PARAMS, QueryError, parse_args
from search_app.recommend import DocNotFound, Recommender, parse_recommend_args
from search_app.search import service_of

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.errorhandler(QueryError)
def bad_parameter(error: QueryError) -> tuple[Response, int]:
    return jsonify(error=str(error), parameter=error.param), 400


@bp.errorhandler(IndexMissing)
def no_index(error: IndexMissing) -> tuple[Response, int]:
    return jsonify(error=str(error)), 503


@bp.errorhandler(DocNotFound)
def unknown_document(error: DocNotFound) -> tuple[Response, int]:
    return jsonify(error=str(error), parameter="doc"), 404


@bp.errorhandler(500)
def server_error(_error: Exception) -> tuple[Response, int]:
    """Never a traceback: the exception is in the log (gunicorn's error log), not the response."""
    return jsonify(error="internal error: the search failed, please try again"), 500


@bp.get("/openapi.json", endpoint="openapi")
def openapi_json() -> Response:
    return jsonify(openapi.document())


@bp.get("/search")
def search() -> Response:
    query = parse_args(request.args)
    surface = parse(request.args, (SOURCE_PARAM,))["src"]  # the widget says src=widget
    results = service_of().search(query)
    data = results.to_json()
    search_id = query_log.record_search(surface, query, results)
    if search_id is not None:
        data["search_id"] = search_id  # sent back with a click on a result
    response = jsonify(data)
    response.headers["X-Index-Generation"] = results.generation
    return response


@bp.get("/suggest")
def suggest() -> Response:
    prefix = parse(request.args, SUGGEST_PARAMS)["q"]
    found = service_of().suggest(prefix)
    return jsonify(query=prefix, suggestions=[asdict(s) for s in found])


@bp.get("/recommend")
def recommend() -> Response:
    """Programs for a document's careers (nearest first with ``near``) and related guides."""
    wanted = parse_recommend_args(request.args)
    found = current_app.extensions.setdefault("recommend", Recommender(service_of()))
    answer = found.recommend(wanted)
    response = jsonify(answer.to_json())
    response.headers["X-Index-Generation"] = answer.generation
    return response


@bp.get("/match")
def match() -> Response:
    """Programs for a person's interest, place or online, budget and length, each with a reason."""
    answer = match_programs(service_of(), parse_match_args(request.args))
    response = jsonify(answer.to_json())
    response.headers["X-Index-Generation"] = answer.generation
    return response


@bp.get("/health")
def health() -> Response:
    info = service_of().health()
    return jsonify(status=info.status, documents=info.documents, generation=info.generation)


def cors_and_caching(response: Response) -> Response:
    """Public, read-only API: CORS for the configured origins, and short shared caching. Run by
    the app for every response under /api/, so errors raised while routing (404, 405) and rate
    limits carry the same headers."""
    if not request.path.startswith("/api/"):
        return response
    origin = request.headers.get("Origin")
    allowed = allowed_origins(current_app.config["ALLOWED_ORIGINS"])
    response.vary.add("Origin")
    if origin and ("*" in allowed or origin in allowed):
        response.headers["Access-Control-Allow-Origin"] = "*" if "*" in allowed else origin
        response.headers["Access-Control-Expose-Headers"] = "X-Index-Generation"
    if request.method == "GET" and response.status_code == 200 and request.endpoint != "api.health":
        response.headers["Cache-Control"] = "public, max-age=60, stale-while-revalidate=300"
    else:
        response.headers["Cache-Control"] = "no-store"
    return response


def allowed_origins(setting: str | list[str]) -> set[str]:
    values = setting.split(",") if isinstance(setting, str) else setting
    return {v.strip().rstrip("/") for v in values if v.strip()}

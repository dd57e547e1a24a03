"""HTTP for the query log: the click beacon (``POST /api/v1/click``) and the read-only
``/insights`` page, which exists only when ``COURSE_SEARCH_INSIGHTS_TOKEN`` is set."""

from __future__ import annotations

import base64
import hmac
import re

from flask import Blueprint, Flask, Response, abort, current_app, jsonify, render_template, request

from search_app import query_log
from search_app.insights import SinceError, build_report, tables
from search_app.params import Param, parse
from search_app.query import MAX_RESULTS_DEPTH, QueryError
from search_app.search import service_of

bp = Blueprint("insights", __name__)
CLICK_PATH = "/api/v1/click"
MAX_DOC_ID = 300
_SEARCH_ID = re.compile(r"[0-9a-f]{16}")
CLICK_SURFACES = ("page", "widget")
CLICK_FIELDS = (  # the beacon's form fields (a POST body, so not in the OpenAPI document)
    Param(
        "search",
        "The `search_id` of the search the result came from.",
        chars=16,
        read=lambda v: v if _SEARCH_ID.fullmatch(v) else None,
        refused="not a search id",
        required=True,
        schema={"type": "string", "pattern": "^[0-9a-f]{16}$"},
    ),
    Param(
        "doc",
        "The id of the document followed (a document of the index).",
        chars=MAX_DOC_ID,
        clean=False,
        required=True,
    ),
    Param(
        "pos",
        "Its position: 1 is the first result of the first page.",
        kind="int",
        high=MAX_RESULTS_DEPTH,
        required=True,
    ),
    Param("src", "The surface clicked on.", default="page", choices=CLICK_SURFACES),
)
_LIMITER = "course_search_limiter"  # search_app.limits' Flask-Limiter


def init_app(app: Flask) -> None:
    """The query log, the beacon and the page; the beacon and the page share the API's
    per-client rate limit setting (each counted on its own)."""
    query_log.init_app(app)
    app.register_blueprint(bp)
    limiter = app.extensions.get(_LIMITER)
    rate = app.config.get("RATE_LIMIT")
    if limiter is not None and str(rate or "").strip().lower() not in ("", "off", "none", "0"):
        limiter.limit(str(rate))(bp)


@bp.errorhandler(QueryError)
def bad_parameter(error: QueryError) -> tuple[Response, int]:
    return jsonify(error=str(error), parameter=error.param), 400


@bp.post(CLICK_PATH)
def click() -> Response:
    """A result was followed: ``search`` (the id its search carried), ``doc`` (a document of
    the index), ``pos`` (1 = the first result of the first page) and ``src`` (page, widget).
    Sent with ``navigator.sendBeacon``; answers 204 and stores no address or user agent."""
    if query_log.log_of() is None:
        abort(404)
    fields = parse(request.form, CLICK_FIELDS)
    if service_of().get(fields["doc"]) is None:
        raise QueryError("doc", "not a document of the index")
    query_log.record_click(fields["search"], fields["doc"], fields["pos"], fields["src"])
    return Response(status=204)


@bp.after_request
def headers(response: Response) -> Response:
    """Never cached (CORS for the beacon comes with every /api/ response, from ``api``); the
    page is for editors only and kept out of search engines."""
    response.headers["Cache-Control"] = "no-store"
    if request.path != CLICK_PATH:
        response.headers["X-Robots-Tag"] = "noindex"
    return response


def token_ok(given: str, token: str) -> bool:
    """Constant-time comparison of the presented token with the configured one."""
    return hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8"))


def _presented() -> str:
    """The token from ``Authorization: Bearer T`` or HTTP Basic (any user name, T as password)."""
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer":
        return value.strip()
    if scheme.lower() == "basic":
        try:
            decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
        except ValueError:
            return ""
        return decoded.partition(":")[2]
    return ""


@bp.get("/insights")
def insights_page() -> tuple[str, int] | Response:
    token = str(current_app.config.get("INSIGHTS_TOKEN") or "")
    if not token:
        abort(404)  # no token, no page
    if not token_ok(_presented(), token):
        response = Response("An insights token is needed.\n", 401, mimetype="text/plain")
        response.headers["WWW-Authenticate"] = 'Basic realm="course-search insights"'
        return response
    since = request.args.get("since", "7d")
    log = query_log.log_of()
    if log is not None:
        log.flush(timeout=2)
    try:
        report = build_report(query_log.db_path(current_app.config), since[:16])
    except SinceError as error:
        return render_template("insights.html", report=None, error=str(error), since=""), 400
    return (
        render_template(
            "insights.html", report=report, tables=tables(report), error=None, since=since
        ),
        200,
    )

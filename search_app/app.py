"""The Flask app factory: nothing is created at import time."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, current_app, jsonify, request
from werkzeug.exceptions import HTTPException

from search_app import api, insights_web, limits, pages, widget
from search_app.config import defaults
from search_app.search import SearchService

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors {ancestors}"
)
EMBED_PATH = "/embed"


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(defaults())
    if config:
        app.config.from_mapping(config)
    app.debug = bool((config or {}).get("DEBUG"))  # never from FLASK_DEBUG in the environment
    app.config["FRAME_ANCESTORS"] = frame_ancestors(app.config["FRAME_ANCESTORS"])
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions["search"] = SearchService.from_settings(app.config)
    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(widget.bp)
    limits.init_limits(app)
    insights_web.init_app(app)  # the query log, its click beacon and /insights (issue 16)
    app.register_error_handler(404, _not_found)  # after pages.bp: JSON under /api/
    app.register_error_handler(HTTPException, _http_error)
    app.after_request(_security_headers)
    return app


def frame_ancestors(value: str) -> str:
    """CSP frame-ancestors sources for /embed: ``'self'``, ``*`` or origins, space-separated."""
    text = " ".join(str(value).split())
    if not text or any(c in text for c in ';,"\\') or not text.isascii():
        raise limits.SettingError(
            f"COURSE_SEARCH_FRAME_ANCESTORS={value!r}: give CSP sources separated by spaces, "
            "such as 'self' https://partner.example"
        )
    return text


def _is_api() -> bool:
    return request.path.startswith(api.bp.url_prefix or "/api/")


def _not_found(error: HTTPException) -> Response | tuple[str, int]:
    if _is_api():
        return _api_error(error)
    return pages.not_found(error)


def _http_error(error: HTTPException) -> Response | HTTPException:
    """Errors under /api/ are JSON like the rest of the API; elsewhere Werkzeug's own page."""
    return _api_error(error) if _is_api() else error


def _api_error(error: HTTPException) -> Response:
    response = jsonify(error=f"{error.name}: {error.description}")
    response.status_code = error.code or 500
    allow = dict(error.get_headers()).get("Allow")
    if allow:
        response.headers["Allow"] = allow
    return response


def _security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    if response.mimetype == "text/html":
        ancestors = "'self'"
        if request.path == EMBED_PATH:
            ancestors = current_app.config["FRAME_ANCESTORS"]
        headers.setdefault("Content-Security-Policy", CSP.format(ancestors=ancestors))
        if ancestors == "'self'":
            headers.setdefault("X-Frame-Options", "SAMEORIGIN")  # for browsers without CSP 2
    return response

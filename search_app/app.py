"""The Flask app factory: nothing is created at import time."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, current_app, jsonify, request
from werkzeug.exceptions import HTTPException, SecurityError

from search_app import api, hosts, insights_web, limits, pages, widget
from search_app.config import SettingError, defaults
from search_app.match_page import bp as match_bp
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
    app.config["PUBLIC_URL"] = hosts.public_url(app.config.get("PUBLIC_URL"))
    app.config["TRUSTED_HOSTS"] = hosts.trusted_hosts(
        app.config.get("TRUSTED_HOSTS"), app.config["PUBLIC_URL"], app.config.get("BIND_HOST")
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions["search"] = SearchService.from_settings(app.config)
    app.register_blueprint(match_bp)  # /match (issue 15)
    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(widget.bp)
    limits.init_limits(app)
    insights_web.init_app(app)  # the query log, its click beacon and /insights (issue 16)
    app.register_error_handler(404, _not_found)  # after pages.bp: JSON under /api/
    app.register_error_handler(SecurityError, _untrusted_host)
    app.register_error_handler(HTTPException, _http_error)
    app.after_request(api.cors_and_caching)  # every /api/ response, routing errors too
    app.after_request(_security_headers)
    return app


def frame_ancestors(value: str) -> str:
    """CSP frame-ancestors sources for /embed: ``'self'``, ``*`` or origins, space-separated."""
    text = " ".join(str(value).split())
    if not text or any(c in text for c in ';,"\\') or not text.isascii():
        raise SettingError(
            f"COURSE_SEARCH_FRAME_ANCESTORS={value!r}: give CSP sources separated by spaces, "
            "such as 'self' https://partner.example"
        )
    return text


def _is_api() -> bool:
    return request.path.startswith("/api/")


def _not_found(error: HTTPException) -> Response | tuple[str, int]:
    if _is_api():
        return _api_error(error)
    return pages.not_found(error)


def _http_error(error: HTTPException) -> Response | HTTPException:
    """Errors under /api/ are JSON like the rest of the API; elsewhere Werkzeug's own page."""
    return _api_error(error) if _is_api() else error


def _untrusted_host(error: SecurityError) -> Response:
    """A Host header not in TRUSTED_HOSTS: a 400 that does not repeat it (no page template: the
    URL adapter that templates build links with could not be made for that host)."""
    message = "Bad Request: this server does not answer for that host name"
    if _is_api():
        response = jsonify(error=message)
    else:
        response = Response(message + "\n", mimetype="text/plain")
    response.status_code = 400
    return response


def _api_error(error: HTTPException) -> Response:
    description = error.description
    if error.code == 404:
        description = "no such endpoint; the API is described at /api/v1/openapi.json"
    response = jsonify(error=f"{error.name}: {description}")
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

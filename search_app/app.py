"""The Flask app factory: nothing is created at import time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, Response

from search_app import api, pages
from search_app.config import defaults
from search_app.search import SearchService


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(defaults())
    if config:
        app.config.from_mapping(config)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions["search"] = SearchService(Path(app.config["INDEX_DIR"]))
    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    app.after_request(_security_headers)
    return app


def _security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    if response.mimetype == "text/html":
        headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'",
        )
    return response

"""The API's OpenAPI 3 description, served at ``GET /api/v1/openapi.json``.

Each operation's parameters come from its declaration (:mod:`search_app.params`: the tables the
parser reads), the response schemas from :mod:`search_app.openapi_schemas`, so the document
cannot drift from what the API checks. Rules OpenAPI cannot say are in the parameters' words:
``page × per_page`` is bounded; ``radius`` needs ``near`` (search, recommend); recommend takes
``doc`` or ``careers``; match needs at least one of its parameters; a ``doc`` that is not in the
index is a 404, a career or place we cannot find a 400.
A test runs schemathesis against this document and the real app: every response must match it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from search_app.match import MATCH_PARAMS
from search_app.openapi_schemas import SCHEMAS
from search_app.params import Param, openapi_parameters
from search_app.query import SEARCH_PARAMS, SOURCE_PARAM, SUGGEST_PARAMS
from search_app.recommend import RECOMMEND_PARAMS

JSON = "application/json"


@dataclass(frozen=True)
class Operation:
    """One GET of /api/v1: its parameters' declaration and what it answers."""

    path: str
    id: str
    summary: str
    params: tuple[Param, ...]
    schema: str  # the 200 response's schema (in SCHEMAS); "" is any object
    answers: str  # the 200 response's description
    errors: tuple[str, ...] = ("400", "429", "503")
    generation: bool = True  # the 200 carries X-Index-Generation


OPERATIONS = (
    Operation(
        "/api/v1/search",
        "search",
        "Ranked results, facet counts and snippets.",
        (*SEARCH_PARAMS, SOURCE_PARAM),
        "SearchResults",
        "Results.",
    ),
    Operation(
        "/api/v1/suggest",
        "suggest",
        "Careers, locations and titles for what has been typed so far.",
        SUGGEST_PARAMS,
        "Suggestions",
        "Suggestions, careers first.",
        generation=False,
    ),
    Operation(
        "/api/v1/recommend",
        "recommend",
        "Programs for a document's careers (a comparison's careers in turn), nearest first "
        "with `near`, online ones labelled; up to 3 related guides.",
        RECOMMEND_PARAMS,
        "Recommendations",
        "Recommendations.",
        errors=("404", "400", "429", "503"),
    ),
    Operation(
        "/api/v1/match",
        "match",
        "Programs for an interest, a place or online, a budget and a length, each with a "
        "one-line reason from its own facts.",
        MATCH_PARAMS,
        "Matches",
        "Ranked programs.",
    ),
    Operation(
        "/api/v1/health",
        "health",
        "The generation in service and its document count (not limited).",
        (),
        "Health",
        "Serving.",
        errors=("503",),
        generation=False,
    ),
    Operation(
        "/api/v1/openapi.json",
        "openapi",
        "This document.",
        (),
        "",
        "OpenAPI 3.0.",
        errors=(),
        generation=False,
    ),
)


def _error(description: str, **extra: Any) -> dict[str, Any]:
    content = {JSON: {"schema": {"$ref": "#/components/schemas/Error"}}}
    return {"description": description, "content": content, **extra}


_SECONDS = {"type": "integer", "minimum": 0}
ERRORS = {
    "400": _error("A bad parameter, named in `parameter`."),
    "404": _error("No document has that id or URL (`parameter` is `doc`)."),
    "429": _error(
        "Too many requests from this client.",
        headers={
            "Retry-After": {
                "description": "Seconds until the client may try again.",
                "schema": _SECONDS,
            }
        },
    ),
    "503": _error("No index has been built yet."),
}
_GENERATION = {
    "X-Index-Generation": {
        "description": "The index generation that answered.",
        "schema": {"type": "string"},
    }
}


def _operation(op: Operation) -> dict[str, Any]:
    schema = {"$ref": f"#/components/schemas/{op.schema}"} if op.schema else {"type": "object"}
    ok: dict[str, Any] = {"description": op.answers}
    if op.generation:
        ok["headers"] = _GENERATION
    ok["content"] = {JSON: {"schema": schema}}
    operation: dict[str, Any] = {"operationId": op.id, "summary": op.summary}
    if op.params:
        operation["parameters"] = openapi_parameters(op.params)
    operation["responses"] = {"200": ok, **{code: ERRORS[code] for code in op.errors}}
    return operation


def document() -> dict[str, Any]:
    """The OpenAPI 3.0 document of /api/v1."""
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "course-search API",
            "version": "1",
            "description": (
                "Search career articles and vocational training programs. Public and read-only: "
                "GET only, no authentication, CORS for the configured origins. Each client may "
                "make a limited number of requests (429 with Retry-After beyond it)."
            ),
        },
        "paths": {op.path: {"get": _operation(op)} for op in OPERATIONS},
        "components": {"schemas": SCHEMAS},
    }

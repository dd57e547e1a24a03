"""The OpenAPI description of /api/v1/recommend and /api/v1/match (merged into
:func:`search_app.openapi.document`). Limits come from the modules that check them.

Rules OpenAPI cannot say, stated in words: recommend takes ``doc`` or ``careers`` (one of them);
a ``doc`` that is not in the index is a 404, a career or place we cannot find a 400; match needs at
least one of its parameters; ``page × per_page`` is bounded.
"""

from __future__ import annotations

from typing import Any

from search_app import match, recommend
from search_app.query import MAX_PER_PAGE, MAX_Q_CHARS, MAX_VALUE_CHARS, MAX_VALUES

JSON = "application/json"
_TEXT = {"type": "string", "maxLength": MAX_VALUE_CHARS}


def _param(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {**schema, "nullable": True}


def _page_params(default: int, depth: int) -> list[dict[str, Any]]:
    return [
        _param(
            "page",
            {"type": "integer", "minimum": 1, "maximum": depth, "default": 1},
            f"Page, from 1 ('More'). page × per_page may be at most {depth}.",
        ),
        _param(
            "per_page",
            {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": default},
            "Programs per page.",
        ),
    ]


def _radius(maximum: int, note: str) -> dict[str, Any]:
    return _param(
        "radius",
        {"type": "integer", "minimum": 1, "maximum": maximum, "default": 25},
        f"Miles around `near` ({note}).",
    )


_NEAR = _param(
    "near",
    _TEXT,
    "A place: a US city ('Newark, NJ') or a five-digit ZIP code. Never guessed from the "
    "client's address. A place that cannot be found is a 400 naming `near`.",
)

RECOMMEND_PARAMETERS = [
    _param(
        "doc",
        {"type": "string", "maxLength": 2 * MAX_VALUE_CHARS},
        "The document: its id, its /doc/<id> address, or an article's canonical URL. "
        "Give `doc` or `careers`. Not in the index: 404.",
    ),
    {
        **_param(
            "careers",
            {"type": "array", "items": _TEXT, "maxItems": MAX_VALUES},
            "For a page that is not indexed: career names, aliases or SOC codes (repeatable or "
            "comma-separated). An unknown career is a 400 naming `careers`.",
        ),
        "style": "form",
        "explode": True,
    },
    _NEAR,
    _radius(recommend.MAX_RADIUS_MILES, "needs `near`"),
    *_page_params(6, recommend.MAX_DEPTH),
    _param(
        "explain",
        {"type": "string", "enum": ["0", "1", "true", "false"]},
        "1: each program carries `why` (career match, distance, online, fit rank).",
    ),
]

MATCH_PARAMETERS = [
    _param(
        "q",
        {"type": "string", "maxLength": MAX_Q_CHARS},
        "The career or interest, in the person's words; read like a search query.",
    ),
    _NEAR,
    _radius(match.MAX_RADIUS_MILES, "ignored without `near`"),
    _param(
        "online",
        {"type": "string", "enum": ["0", "1", "true", "false"]},
        "1: online programs only (`near` is then not used).",
    ),
    _param(
        "max_cost",
        {"type": "integer", "minimum": 1, "maximum": match.MAX_COST},
        "Budget: programs costing at most this many US dollars.",
    ),
    _param(
        "max_weeks",
        {"type": "integer", "minimum": 1, "maximum": match.MAX_WEEKS},
        "Programs at most this many weeks long.",
    ),
    *_page_params(10, match.MAX_DEPTH),
]

_PROGRAM = {
    "type": "object",
    "required": [
        "id",
        "title",
        "url",
        "careers",
        "location",
        "format",
        "cost_usd",
        "duration_weeks",
    ],
    "properties": {
        "id": {"type": "string"},
        "kind": {"type": "string"},
        "title": {"type": "string"},
        "url": {"type": "string", "description": "Canonical URL, or /doc/<id>."},
        "careers": {"type": "array", "items": {"type": "string"}},
        "provider": _nullable({"type": "string"}),
        "location": _nullable({"type": "string"}),
        "format": _nullable({"type": "string"}),
        "cost_usd": _nullable({"type": "integer", "minimum": 0}),
        "duration_weeks": _nullable({"type": "integer", "minimum": 0}),
        "score": {"type": "number"},
        "distance_miles": _nullable({"type": "number", "minimum": 0}),
    },
}

SCHEMAS: dict[str, Any] = {
    "Recommendation": {
        "allOf": [
            {"$ref": "#/components/schemas/Program"},
            {
                "type": "object",
                "required": ["career", "online", "reason"],
                "properties": {
                    "career": {"type": "string", "description": "The career it is for."},
                    "online": {"type": "boolean"},
                    "reason": {"type": "string"},
                    "why": {"type": "object", "description": "explain=1: why it is listed."},
                },
            },
        ]
    },
    "Program": _PROGRAM,
    "Guide": {
        "type": "object",
        "required": ["id", "title", "url", "careers", "shared"],
        "properties": {
            "id": {"type": "string"},
            "title": {"type": "string"},
            "url": {"type": "string"},
            "careers": {"type": "array", "items": {"type": "string"}},
            "shared": {"type": "array", "items": {"type": "string"}},
        },
    },
    "Recommendations": {
        "type": "object",
        "required": [
            "doc",
            "careers",
            "near",
            "total",
            "page",
            "per_page",
            "more",
            "programs",
            "related",
        ],
        "properties": {
            "doc": _nullable({"type": "object"}),
            "careers": {"type": "array", "items": {"type": "string"}},
            "near": _nullable({"type": "object"}),
            "total": {"type": "integer", "minimum": 0},
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1},
            "more": {"type": "boolean"},
            "notes": {"type": "array", "items": {"type": "string"}},
            "programs": {
                "type": "array",
                "maxItems": MAX_PER_PAGE,
                "items": {"$ref": "#/components/schemas/Recommendation"},
            },
            "related": {
                "type": "array",
                "maxItems": recommend.RELATED,
                "items": {"$ref": "#/components/schemas/Guide"},
            },
        },
    },
    "Matches": {
        "type": "object",
        "required": ["query", "careers", "place", "total", "page", "per_page", "results"],
        "properties": {
            "query": {"type": "object"},
            "careers": {"type": "array", "items": {"type": "string"}},
            "place": _nullable({"type": "string"}),
            "max_cost_usd": _nullable({"type": "integer"}),
            "max_weeks": _nullable({"type": "integer"}),
            "total": {"type": "integer", "minimum": 0},
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1},
            "notes": {"type": "array", "items": {"type": "string"}},
            "results": {
                "type": "array",
                "maxItems": MAX_PER_PAGE,
                "items": {
                    "allOf": [
                        {"$ref": "#/components/schemas/Program"},
                        {
                            "type": "object",
                            "required": ["reason", "reasons"],
                            "properties": {
                                "reason": {"type": "string"},
                                "reasons": {"type": "array", "items": {"type": "string"}},
                            },
                        },
                    ]
                },
            },
        },
    },
}


def paths(errors: dict[str, Any]) -> dict[str, Any]:
    """The two paths; ``errors`` are the shared error responses by status (400, 429, 503)."""
    generation = {
        "X-Index-Generation": {
            "description": "The index generation that answered.",
            "schema": {"type": "string"},
        }
    }

    def ok(schema: str, description: str) -> dict[str, Any]:
        return {
            "description": description,
            "headers": generation,
            "content": {JSON: {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
        }

    not_found = {
        "description": "No document has that id or URL (`parameter` is `doc`).",
        "content": {JSON: {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    return {
        "/api/v1/recommend": {
            "get": {
                "operationId": "recommend",
                "summary": "Programs for a document's careers (a comparison's careers in turn), "
                "nearest first with `near`, online ones labelled; up to 3 related guides.",
                "parameters": RECOMMEND_PARAMETERS,
                "responses": {
                    "200": ok("Recommendations", "Recommendations."),
                    "404": not_found,
                    **errors,
                },
            }
        },
        "/api/v1/match": {
            "get": {
                "operationId": "match",
                "summary": "Programs for an interest, a place or online, a budget and a length, "
                "each with a one-line reason from its own facts.",
                "parameters": MATCH_PARAMETERS,
                "responses": {"200": ok("Matches", "Ranked programs."), **errors},
            }
        },
    }

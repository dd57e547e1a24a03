"""The API's OpenAPI 3 description, served at ``GET /api/v1/openapi.json``.

Limits come from :mod:`search_app.query`, so the document cannot drift from what the API checks.
One rule cannot be said in OpenAPI and is stated in words: ``page × per_page`` is at most 1,000.
A test runs schemathesis against this document and the real app: every response must match it.
"""

from __future__ import annotations

from typing import Any

import us

from search_app import openapi_recommend
from search_app.intents import INTENTS
from search_app.query import (
    FORMATS,
    IGNORABLE,
    KINDS,
    MAX_PER_PAGE,
    MAX_Q_CHARS,
    MAX_RADIUS_MILES,
    MAX_RESULTS_DEPTH,
    MAX_VALUE_CHARS,
    MAX_VALUES,
    SORTS,
)

MAX_COST_FILTER = 1_000_000
MAX_WEEKS_FILTER = 520

JSON = "application/json"


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {**schema, "nullable": True}


def _nullable_ref(name: str) -> dict[str, Any]:
    return {"nullable": True, "allOf": [{"$ref": f"#/components/schemas/{name}"}]}


def _param(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


def _repeatable(name: str, items: dict[str, Any], description: str) -> dict[str, Any]:
    schema = {"type": "array", "items": items, "maxItems": MAX_VALUES}
    param = _param(name, schema, f"{description} Repeatable (at most {MAX_VALUES}); OR-ed.")
    return {**param, "style": "form", "explode": True}


def _error(description: str, *, headers: dict[str, Any] | None = None) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": description,
        "content": {JSON: {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    if headers:
        response["headers"] = headers
    return response


_TEXT = {"type": "string", "maxLength": MAX_VALUE_CHARS}


def _state_values() -> list[str]:
    places = {*us.states.STATES_AND_TERRITORIES, us.states.DC}
    return sorted(str(p.abbr) for p in places) + sorted(str(p.name) for p in places)


_SEARCH_PARAMETERS = [
    _param(
        "q",
        {"type": "string", "maxLength": MAX_Q_CHARS},
        f"What the person typed: plain words (never query syntax), at most {MAX_Q_CHARS} "
        "characters once control characters and repeated spaces are removed. Careers, places "
        "('in houston', 'near newark'), 'online', a cost ('under $1000') and a length "
        "('under 8 weeks') in it become filters.",
    ),
    _repeatable("career", _TEXT, "Canonical career name, as in the career facet."),
    _repeatable("location", _TEXT, "Location facet value: 'Houston, TX' or 'Online'."),
    _param(
        "state",
        {"type": "string", "enum": _state_values()},
        "A US state's (or territory's) two-letter code or name; any letter case.",
    ),
    _repeatable("format", {"type": "string", "enum": list(FORMATS)}, "Program format."),
    _repeatable("kind", {"type": "string", "enum": list(KINDS)}, "Document kind."),
    _param("sort", {"type": "string", "enum": list(SORTS), "default": "relevance"}, "Order."),
    _param(
        "page",
        {"type": "integer", "minimum": 1, "maximum": MAX_RESULTS_DEPTH, "default": 1},
        f"Page, from 1. page × per_page may be at most {MAX_RESULTS_DEPTH:,}.",
    ),
    _param(
        "per_page",
        {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 10},
        "Results per page.",
    ),
    _param("near", _TEXT, "A place ('Newark, NJ'): programs near it rank first."),
    _param(
        "radius",
        {"type": "integer", "minimum": 1, "maximum": MAX_RADIUS_MILES},
        "Miles around `near` (needs `near`).",
    ),
    _param(
        "max_cost",
        {"type": "integer", "minimum": 1, "maximum": MAX_COST_FILTER},
        "Programs costing at most this many US dollars.",
    ),
    _param(
        "max_weeks",
        {"type": "integer", "minimum": 1, "maximum": MAX_WEEKS_FILTER},
        "Programs at most this many weeks long.",
    ),
    _repeatable(
        "ignore",
        {"type": "string", "enum": list(IGNORABLE)},
        "Parts of the interpretation of `q` to undo (each removable chip names one).",
    ),
    _param(
        "explain",
        {"type": "string", "enum": ["0", "1", "true", "false"]},
        "1: each result carries its score components.",
    ),
    _param(
        "src",
        {"type": "string", "enum": ["api", "widget"]},
        "Which surface asks, for the query log: the widget sends `widget`; default `api`.",
    ),
]

_SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {"type": "string", "description": "What went wrong, for a person."},
            "parameter": {"type": "string", "description": "The parameter at fault (400)."},
            "retry_after": {"type": "integer", "minimum": 0, "description": "Seconds (429)."},
        },
    },
    "Hit": {
        "type": "object",
        "required": [
            "id",
            "kind",
            "title",
            "url",
            "snippet",
            "careers",
            "provider",
            "location",
            "format",
            "cost_usd",
            "duration_weeks",
            "score",
        ],
        "properties": {
            "id": {"type": "string"},
            "kind": {"type": "string", "enum": list(KINDS)},
            "title": {"type": "string"},
            "url": {"type": "string", "description": "Canonical URL, or /doc/<id>."},
            "snippet": {
                "type": "string",
                "description": "HTML-escaped text with <mark> around matches and nothing else.",
            },
            "careers": {"type": "array", "items": {"type": "string"}},
            "provider": _nullable({"type": "string"}),
            "location": _nullable({"type": "string"}),
            "format": _nullable({"type": "string", "enum": list(FORMATS)}),
            "cost_usd": _nullable({"type": "integer", "minimum": 0}),
            "duration_weeks": _nullable({"type": "integer", "minimum": 0}),
            "score": {"type": "number"},
            "distance_miles": _nullable({"type": "number", "minimum": 0}),
            "explain": {"type": "object", "additionalProperties": {"type": "number"}},
        },
    },
    "FacetValue": {
        "type": "object",
        "required": ["value", "count", "selected"],
        "properties": {
            "value": {"type": "string"},
            "count": {"type": "integer", "minimum": 0},
            "selected": {"type": "boolean"},
        },
    },
    "Chip": {
        "type": "object",
        "required": ["kind", "label", "undo_label"],
        "properties": {
            "kind": {"type": "string"},
            "label": {"type": "string"},
            "undo_label": {"type": "string"},
        },
    },
    "CareerFacts": {
        "type": "object",
        "required": ["name", "slug"],
        "properties": {
            "name": {"type": "string"},
            "slug": {"type": "string"},
            "summary": {"type": "string"},
            "median_pay_usd": _nullable({"type": "integer"}),
            "median_pay_year": _nullable({"type": "integer"}),
            "growth_pct": _nullable({"type": "integer"}),
            "growth_period": _nullable({"type": "string"}),
            "training": _nullable({"type": "string"}),
            "entry_education": _nullable({"type": "string"}),
            "source": _nullable({"type": "string"}),
            "note": _nullable({"type": "string"}),
            "programs": {"type": "integer", "minimum": 0},
        },
    },
    "ValueRange": {
        "type": "object",
        "required": ["low", "high", "count"],
        "properties": {
            "low": {"type": "integer"},
            "high": {"type": "integer"},
            "count": {"type": "integer", "minimum": 0},
        },
    },
    "IntentAnswer": {
        "type": "object",
        "description": "The facts that answer a question (pay, cost, length, renewal…).",
        "required": ["intent"],
        "properties": {
            "intent": {"type": "string", "enum": list(INTENTS)},
            "pay": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["career", "median_pay_usd"],
                    "properties": {
                        "career": {"type": "string"},
                        "median_pay_usd": {"type": "integer"},
                        "year": _nullable({"type": "integer"}),
                        "source": _nullable({"type": "string"}),
                    },
                },
            },
            "cost": _nullable_ref("ValueRange"),
            "weeks": _nullable_ref("ValueRange"),
            "typical_weeks": _nullable_ref("ValueRange"),
            "typical_training": _nullable({"type": "string"}),
            "renewal_found": _nullable({"type": "boolean"}),
            "note": _nullable({"type": "string"}),
        },
    },
    "Interpretation": {
        "type": "object",
        "description": "What the words of q were read as.",
        "required": ["careers", "location"],
        "properties": {
            "careers": {"type": "array", "items": {"type": "string"}},
            "location": _nullable({"type": "string"}),
            "state": _nullable({"type": "string"}),
            "near": _nullable(
                {
                    "type": "object",
                    "required": ["place", "radius_miles"],
                    "properties": {
                        "place": {"type": "string"},
                        "radius_miles": {"type": "integer", "minimum": 0},
                    },
                }
            ),
            "format": _nullable({"type": "string"}),
            "max_cost_usd": _nullable({"type": "integer"}),
            "max_weeks": _nullable({"type": "integer"}),
            "comparison": {"type": "boolean"},
            "intent": _nullable(
                {
                    "type": "string",
                    "enum": list(INTENTS),
                    "description": "What a question asks for.",
                }
            ),
            "text": {"type": "string"},
        },
    },
    "SearchResults": {
        "type": "object",
        "required": [
            "query",
            "total",
            "page",
            "per_page",
            "took_ms",
            "interpreted",
            "suggestion",
            "results",
            "facets",
        ],
        "properties": {
            "query": {"type": "string"},
            "total": {"type": "integer", "minimum": 0},
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
            "took_ms": {"type": "number", "minimum": 0},
            "interpreted": {"$ref": "#/components/schemas/Interpretation"},
            "suggestion": _nullable({"type": "string", "description": "Did you mean."}),
            "relaxed": {"type": "array", "items": {"type": "string"}},
            "search_id": {
                "type": "string",
                "pattern": "^[0-9a-f]{16}$",
                "description": "This search in the query log (absent when the log is off): send "
                "it back with a click on a result, POST /api/v1/click (see the README).",
            },
            "chips": {"type": "array", "items": {"$ref": "#/components/schemas/Chip"}},
            "careers_panel": {
                "type": "array",
                "items": {"$ref": "#/components/schemas/CareerFacts"},
            },
            "intent": _nullable_ref("IntentAnswer"),
            "results": {
                "type": "array",
                "maxItems": MAX_PER_PAGE,
                "items": {"$ref": "#/components/schemas/Hit"},
            },
            "facets": {
                "type": "object",
                "required": ["career", "location", "format", "kind"],
                "additionalProperties": {
                    "type": "array",
                    "items": {"$ref": "#/components/schemas/FacetValue"},
                },
            },
        },
    },
    "Suggestions": {
        "type": "object",
        "required": ["query", "suggestions"],
        "properties": {
            "query": {"type": "string"},
            "suggestions": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["type", "value", "count", "id"],
                    "properties": {
                        "type": {"type": "string", "enum": ["career", "location", "title"]},
                        "value": {"type": "string"},
                        "count": {"type": "integer", "minimum": 0},
                        "id": _nullable({"type": "string"}),
                    },
                },
            },
        },
    },
    "Health": {
        "type": "object",
        "required": ["status", "documents", "generation"],
        "properties": {
            "status": {"type": "string", "enum": ["ok"]},
            "documents": {"type": "integer", "minimum": 0},
            "generation": {"type": "string"},
        },
    },
}

_RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds until the client may try again.",
        "schema": {"type": "integer", "minimum": 0},
    }
}
_LIMITED = _error("Too many requests from this client.", headers=_RETRY_AFTER)
_NO_INDEX = _error("No index has been built yet.")
_BAD = _error("A bad parameter, named in `parameter`.")


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
        "paths": {
            "/api/v1/search": {
                "get": {
                    "operationId": "search",
                    "summary": "Ranked results, facet counts and snippets.",
                    "parameters": _SEARCH_PARAMETERS,
                    "responses": {
                        "200": {
                            "description": "Results.",
                            "headers": {
                                "X-Index-Generation": {
                                    "description": "The index generation that answered.",
                                    "schema": {"type": "string"},
                                }
                            },
                            "content": {
                                JSON: {"schema": {"$ref": "#/components/schemas/SearchResults"}}
                            },
                        },
                        "400": _BAD,
                        "429": _LIMITED,
                        "503": _NO_INDEX,
                    },
                }
            },
            "/api/v1/suggest": {
                "get": {
                    "operationId": "suggest",
                    "summary": "Careers, locations and titles for what has been typed so far.",
                    "parameters": [
                        _param(
                            "q",
                            {"type": "string", "maxLength": MAX_Q_CHARS},
                            "The prefix typed so far.",
                        )
                    ],
                    "responses": {
                        "200": {
                            "description": "Suggestions, careers first.",
                            "content": {
                                JSON: {"schema": {"$ref": "#/components/schemas/Suggestions"}}
                            },
                        },
                        "400": _BAD,
                        "429": _LIMITED,
                        "503": _NO_INDEX,
                    },
                }
            },
            **openapi_recommend.paths({"400": _BAD, "429": _LIMITED, "503": _NO_INDEX}),
            "/api/v1/health": {
                "get": {
                    "operationId": "health",
                    "summary": "The generation in service and its document count (not limited).",
                    "responses": {
                        "200": {
                            "description": "Serving.",
                            "content": {JSON: {"schema": {"$ref": "#/components/schemas/Health"}}},
                        },
                        "503": _NO_INDEX,
                    },
                }
            },
            "/api/v1/openapi.json": {
                "get": {
                    "operationId": "openapi",
                    "summary": "This document.",
                    "responses": {
                        "200": {
                            "description": "OpenAPI 3.0.",
                            "content": {JSON: {"schema": {"type": "object"}}},
                        }
                    },
                }
            },
        },
        "components": {"schemas": {**_SCHEMAS, **openapi_recommend.SCHEMAS}},
    }

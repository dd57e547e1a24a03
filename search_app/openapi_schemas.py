"""The response schemas of the OpenAPI document (:mod:`search_app.openapi`). Limits come from
the modules that keep them, so the document cannot drift from what the API answers."""

from __future__ import annotations

from typing import Any

from search_app.query import FORMATS, KINDS, MAX_PER_PAGE
from search_app.questions import INTENTS
from search_app.recommend import RELATED


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {**schema, "nullable": True}


def _nullable_ref(name: str) -> dict[str, Any]:
    return {"nullable": True, "allOf": [{"$ref": f"#/components/schemas/{name}"}]}


SCHEMAS: dict[str, Any] = {
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

SCHEMAS.update(
    {
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
                    "maxItems": RELATED,
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
)

"""The response schemas of the OpenAPI document (:mod:`search_app.openapi`), written with a few
shorthands. Limits come from the modules that keep them, so the document cannot drift from what
the API answers; schemathesis checks every response against them."""

from __future__ import annotations

from typing import Any

from search_app.intents import INTENTS
from search_app.query import FORMATS, KINDS, MAX_PER_PAGE
from search_app.recommend import RELATED

Schema = dict[str, Any]
STR: Schema = {"type": "string"}
INT: Schema = {"type": "integer"}
COUNT: Schema = {"type": "integer", "minimum": 0}
PAGE: Schema = {"type": "integer", "minimum": 1}
NUM: Schema = {"type": "number"}
BOOL: Schema = {"type": "boolean"}
OBJ: Schema = {"type": "object"}
STRS: Schema = {"type": "array", "items": STR}


def obj(required: str, **properties: Schema) -> Schema:
    """An object with ``properties``; ``required`` names the required ones, space-separated."""
    return {"type": "object", "required": required.split(), "properties": properties}


def said(schema: Schema, description: str) -> Schema:
    return {**schema, "description": description}


def null(schema: Schema) -> Schema:
    return {**schema, "nullable": True}


def ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def null_ref(name: str) -> Schema:
    return {"nullable": True, "allOf": [ref(name)]}


def enum(values: tuple[str, ...] | list[str]) -> Schema:
    return {"type": "string", "enum": list(values)}


def array(items: Schema, **limits: int) -> Schema:
    return {"type": "array", "items": items, **limits}


def program(*extra: str, **more: Schema) -> Schema:
    """A program as every answer lists it: the fields of a Program, then ``more``."""
    return {"allOf": [ref("Program"), obj(" ".join(extra), **more)]}


_PAY = obj(
    "career median_pay_usd", career=STR, median_pay_usd=INT, year=null(INT), source=null(STR)
)
_NEAR = obj("place radius_miles", place=STR, radius_miles=COUNT)
_FACETS = {
    "type": "object",
    "required": ["career", "location", "format", "kind"],
    "additionalProperties": array(ref("FacetValue")),
}
_SEARCH_ID = "This search in the query log (absent when the log is off): send it back with a "
_SEARCH_ID += "click on a result, POST /api/v1/click (see the README)."
_SUGGESTION = obj(
    "type value count id",
    type=enum(["career", "location", "title"]),
    value=STR,
    count=COUNT,
    id=null(STR),
)

SCHEMAS: dict[str, Schema] = {
    "Error": obj(
        "error",
        error=said(STR, "What went wrong, for a person."),
        parameter=said(STR, "The parameter at fault (400)."),
        retry_after=said(COUNT, "Seconds (429)."),
    ),
    "Hit": obj(
        "id kind title url snippet careers provider location format cost_usd duration_weeks score",
        id=STR,
        kind=enum(KINDS),
        title=STR,
        url=said(STR, "Canonical URL, or /doc/<id>."),
        snippet=said(STR, "HTML-escaped text with <mark> around matches and nothing else."),
        careers=STRS,
        provider=null(STR),
        location=null(STR),
        format=null(enum(FORMATS)),
        cost_usd=null(COUNT),
        duration_weeks=null(COUNT),
        score=NUM,
        distance_miles=null({"type": "number", "minimum": 0}),
        explain={"type": "object", "additionalProperties": NUM},
    ),
    "FacetValue": obj("value count selected", value=STR, count=COUNT, selected=BOOL),
    "Chip": obj("kind label undo_label", kind=STR, label=STR, undo_label=STR),
    "CareerFacts": obj(
        "name slug",
        name=STR,
        slug=STR,
        summary=STR,
        median_pay_usd=null(INT),
        median_pay_year=null(INT),
        growth_pct=null(INT),
        growth_period=null(STR),
        training=null(STR),
        entry_education=null(STR),
        source=null(STR),
        note=null(STR),
        programs=COUNT,
    ),
    "ValueRange": obj("low high count", low=INT, high=INT, count=COUNT),
    "IntentAnswer": said(
        obj(
            "intent",
            intent=enum(INTENTS),
            pay=array(_PAY),
            cost=null_ref("ValueRange"),
            weeks=null_ref("ValueRange"),
            typical_weeks=null_ref("ValueRange"),
            typical_training=null(STR),
            renewal_found=null(BOOL),
            note=null(STR),
        ),
        "The facts that answer a question (pay, cost, length, renewal…).",
    ),
    "Interpretation": said(
        obj(
            "careers location",
            careers=STRS,
            location=null(STR),
            state=null(STR),
            near=null(_NEAR),
            format=null(STR),
            max_cost_usd=null(INT),
            max_weeks=null(INT),
            comparison=BOOL,
            intent=null(said(enum(INTENTS), "What a question asks for.")),
            text=STR,
        ),
        "What the words of q were read as.",
    ),
    "SearchResults": obj(
        "query total page per_page took_ms interpreted suggestion results facets",
        query=STR,
        total=COUNT,
        page=PAGE,
        per_page={**PAGE, "maximum": MAX_PER_PAGE},
        took_ms={"type": "number", "minimum": 0},
        interpreted=ref("Interpretation"),
        suggestion=null(said(STR, "Did you mean.")),
        relaxed=STRS,
        search_id=said({"type": "string", "pattern": "^[0-9a-f]{16}$"}, _SEARCH_ID),
        chips=array(ref("Chip")),
        careers_panel=array(ref("CareerFacts")),
        intent=null_ref("IntentAnswer"),
        results=array(ref("Hit"), maxItems=MAX_PER_PAGE),
        facets=_FACETS,
    ),
    "Suggestions": obj("query suggestions", query=STR, suggestions=array(_SUGGESTION)),
    "Health": obj(
        "status documents generation", status=enum(["ok"]), documents=COUNT, generation=STR
    ),
    "Program": obj(
        "id title url careers location format cost_usd duration_weeks",
        id=STR,
        kind=STR,
        title=STR,
        url=said(STR, "Canonical URL, or /doc/<id>."),
        careers=STRS,
        provider=null(STR),
        location=null(STR),
        format=null(STR),
        cost_usd=null(COUNT),
        duration_weeks=null(COUNT),
        score=NUM,
        distance_miles=null({"type": "number", "minimum": 0}),
    ),
    "Recommendation": program(
        "career",
        "online",
        "reason",
        career=said(STR, "The career it is for."),
        online=BOOL,
        reason=STR,
        why=said(OBJ, "explain=1: why it is listed."),
    ),
    "Guide": obj(
        "id title url careers shared", id=STR, title=STR, url=STR, careers=STRS, shared=STRS
    ),
    "Recommendations": obj(
        "doc careers near total page per_page more programs related",
        doc=null(OBJ),
        careers=STRS,
        near=null(OBJ),
        total=COUNT,
        page=PAGE,
        per_page=PAGE,
        more=BOOL,
        notes=STRS,
        programs=array(ref("Recommendation"), maxItems=MAX_PER_PAGE),
        related=array(ref("Guide"), maxItems=RELATED),
    ),
    "Matches": obj(
        "query careers place total page per_page results",
        query=OBJ,
        careers=STRS,
        place=null(STR),
        max_cost_usd=null(INT),
        max_weeks=null(INT),
        total=COUNT,
        page=PAGE,
        per_page=PAGE,
        notes=STRS,
        results=array(
            program("reason", "reasons", reason=STR, reasons=STRS), maxItems=MAX_PER_PAGE
        ),
    ),
}
